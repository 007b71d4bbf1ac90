"""Cursor pagination (stable under inserts) and constant query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.pagination import Cursor, CursorPagination

from newsroom.api.pagination import ArchiveCursorPagination
from tests.api.conftest import add_article, ids
from tests.factories import (
    BylineFactory,
    IssueFactory,
    OrganisationFactory,
    PageCreditFactory,
    PageFactory,
    PersonFactory,
    full_issue,
)

pytestmark = pytest.mark.django_db


def articles_on(date: dt.date, count: int) -> list[int]:
    page = PageFactory(issue=IssueFactory(date=date))
    made = [add_article(page, sequence=n) for n in range(count)]
    for article in made:
        BylineFactory(article=article)
    return [a.pk for a in made]


def walk(api, url, params) -> list[int]:
    seen, response = [], api.get(url, params)
    while True:
        seen += ids(response)
        following = response.json()["next"]
        if not following:
            return seen
        response = api.get(following)


def test_cursor_walks_every_article_once_in_date_order(api):
    later = articles_on(dt.date(2021, 5, 2), 3)
    earlier = articles_on(dt.date(2021, 5, 1), 4)

    assert walk(api, "/api/articles/", {"page_size": 2}) == earlier + later


def test_cursor_is_stable_under_inserts(api, changed):
    first_day = articles_on(dt.date(2021, 5, 1), 3)
    second_day = articles_on(dt.date(2021, 5, 3), 3)
    response = api.get("/api/articles/", {"page_size": 3})
    assert ids(response) == first_day

    # Articles ingested meanwhile, before and after the cursor's position.
    articles_on(dt.date(2021, 4, 30), 2)
    inserted_after = articles_on(dt.date(2021, 5, 2), 2)
    changed()
    rest = walk(api, response.json()["next"], {})

    assert rest == inserted_after + second_day


def test_cursor_backwards_and_page_size_limit(api):
    made = articles_on(dt.date(2021, 5, 1), 5)
    second = api.get("/api/articles/", {"page_size": 2, "ordering": "id"})
    second = api.get(second.json()["next"])
    assert ids(second) == made[2:4]
    assert ids(api.get(second.json()["previous"])) == made[:2]

    assert len(ids(api.get("/api/articles/", {"page_size": 10_000}))) == 5
    bad = api.get("/api/articles/", {"cursor": "not-a-cursor"})
    assert bad.status_code == 404
    assert bad.json()["code"] == "not_found"
    assert bad.json()["detail"]  # DRF's message, in the site's language


def add_everything() -> None:
    issue = full_issue()
    page = issue.pages.first()
    PageCreditFactory(page=page)
    article = add_article(page, sequence=7, rubric="栏目")
    BylineFactory(article=article, person=PersonFactory())
    OrganisationFactory()


LISTS = [
    "/api/publications/",
    "/api/issues/",
    "/api/pages/",
    "/api/articles/",
    "/api/articles/?q=正文",
    "/api/articles/?kind=news&has_corrections=false&year=2020&person=1",
    "/api/blocks/",
    "/api/people/",
    "/api/organisations/",
]
DETAILS = ["issues", "pages", "articles", "blocks", "people"]


def count_queries(api, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("url", LISTS)
def test_list_query_count_is_constant(api, url, django_assert_num_queries, changed):
    add_everything()
    # A process's first search loads the search's document table (two more
    # queries, once): measure after it.
    api.get(url)
    changed()
    one = count_queries(api, url)
    add_everything()
    add_everything()
    changed()  # a new revision: the cache must not answer

    with django_assert_num_queries(one):
        response = api.get(url)
    assert len(response.json()["results"]) >= 3 or "q=" in url or "kind" in url
    # Publications, people and organisations: count + rows; the archive's
    # lists: the revision, the rows, one prefetch at most.
    assert one <= 4


@pytest.mark.parametrize("resource", DETAILS)
def test_detail_query_count_does_not_grow(api, resource, changed):
    add_everything()
    small = api.get(f"/api/{resource}/").json()["results"][0]["url"]
    one = count_queries(api, small)
    add_everything()
    add_everything()
    changed()

    assert count_queries(api, small) == one


def test_cached_read_costs_one_query(api, django_assert_num_queries):
    add_everything()
    api.get("/api/articles/")

    with django_assert_num_queries(1):  # the archive's revision
        response = api.get("/api/articles/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "http://testserver/api/articles/",
        "http://testserver/api/articles/?cursor=cD0yMDIxLTA1LTAx",
        "http://testserver/api/articles/?page_size=2&cursor=old",
        "https://example.org/archive/api/articles/?ordering=-date&cursor=x&a=1&a=2",
        "http://testserver/api/articles/?q=%E5%B9%B3%E6%B9%96+x&z=&cursor=",
        "http://testserver/api/people/?cursorx=1&b+c=d%26e#top",
    ],
)
@pytest.mark.parametrize(
    "cursor",
    [
        Cursor(offset=0, reverse=False, position=None),
        Cursor(offset=50, reverse=True, position="2021-05-01"),
        Cursor(offset=3, reverse=False, position="2021-05-01 10:00:00+00:00"),
        Cursor(offset=0, reverse=False, position="平湖 &=+/"),
    ],
)
def test_links_are_those_drf_makes(url, cursor):
    # ArchiveCursorPagination parses the request's URL once for both links:
    # the links must be replace_query_param's, byte for byte.
    paginator = ArchiveCursorPagination()
    # Another request's URL first: the parts kept are never another URL's.
    for base_url in ("http://testserver/api/issues/?z=1", url, url):
        paginator.base_url = base_url
        assert paginator.encode_cursor(cursor) == CursorPagination.encode_cursor(
            paginator, cursor
        )
