"""Every filter of every list, ordering and full-text search."""

import pytest

from articles.models import Article
from tests.api.conftest import ids

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["news", "photo", "notice"]),
        ({"date": "2022-06-28"}, ["news", "photo"]),
        ({"date_after": "2022-07-01"}, ["notice"]),
        ({"date_before": "2022-12-31"}, ["news", "photo"]),
        ({"date_after": "2022-06-28", "date_before": "2022-06-28"}, ["news", "photo"]),
        ({"year": 2023}, ["notice"]),
        ({"issue_number": 4961}, ["news", "photo"]),
        ({"page": 2}, ["photo"]),
        ({"edition": "城市版"}, ["photo"]),
        ({"rubric": "学习贯彻省党代会精神"}, ["news"]),
        ({"kind": "photo"}, ["photo"]),
        ({"kind": ["photo", "notice"]}, ["photo", "notice"]),
        ({"status": "confirmed"}, ["photo"]),
        ({"status": "machine"}, ["news", "notice"]),
        ({"checked": "true"}, ["photo"]),
        ({"checked": "false"}, ["news", "notice"]),
        ({"has_corrections": "true"}, ["news"]),
        ({"has_corrections": "false"}, ["photo", "notice"]),
        ({"publication": "pinghu"}, ["news", "photo", "notice"]),
        ({"publication": "other"}, []),
        ({"q": "文明城市"}, ["news"]),
        ({"q": "闭馆 图书馆"}, ["notice"]),  # every term must match
        ({"q": "闭馆 文明"}, []),
        ({"q": "学习贯彻"}, ["news"]),  # the rubric is searched too
    ],
)
def test_article_filters(api, archive, params, expected):
    wanted = [getattr(archive, name).pk for name in expected]

    assert ids(api.get("/api/articles/", params)) == wanted


def test_article_filters_by_issue_page_person_and_organisation(api, archive):
    assert ids(api.get("/api/articles/", {"issue": archive.issue_b.pk})) == [
        archive.notice.pk
    ]
    assert ids(api.get("/api/articles/", {"page_id": archive.page_a2.pk})) == [
        archive.photo.pk
    ]
    assert ids(api.get("/api/articles/", {"person": archive.reporter.pk})) == [
        archive.news.pk
    ]
    assert ids(
        api.get("/api/articles/", {"organisation": archive.organisation.pk})
    ) == [archive.notice.pk]
    assert ids(api.get("/api/articles/", {"organisation": 999999})) == []


def test_search_highlights_a_snippet(api, archive):
    rows = api.get("/api/articles/", {"q": "仲旭东"}).json()["results"]

    assert len(rows) == 1
    assert "<em>仲旭东</em>" in rows[0]["snippet"]
    assert rows[0]["snippet"].startswith("本报讯")


def test_search_escapes_html_in_snippets(api, archive):
    Article.objects.filter(pk=archive.notice.pk).update(body="<b>平湖</b> 闭馆")

    rows = api.get("/api/articles/", {"q": "闭馆"}).json()["results"]

    assert rows[0]["snippet"] == "&lt;b&gt;平湖&lt;/b&gt; <em>闭馆</em>"


def test_article_ordering(api, archive):
    newest_first = ids(api.get("/api/articles/", {"ordering": "-date"}))
    assert newest_first == [archive.notice.pk, archive.photo.pk, archive.news.pk]
    assert ids(api.get("/api/articles/", {"ordering": "-id"})) == sorted(
        newest_first, reverse=True
    )
    bad = api.get("/api/articles/", {"ordering": "body"})
    assert ids(bad) == [archive.news.pk, archive.photo.pk, archive.notice.pk]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["issue_a", "issue_b"]),
        ({"date": "2023-01-05"}, ["issue_b"]),
        ({"date_after": "2022-06-29"}, ["issue_b"]),
        ({"date_before": "2022-06-29"}, ["issue_a"]),
        ({"year": 2022}, ["issue_a"]),
        ({"number": 5100}, ["issue_b"]),
        ({"publication": "pinghu"}, ["issue_a", "issue_b"]),
        ({"ordering": "-date"}, ["issue_b", "issue_a"]),
    ],
)
def test_issue_filters(api, archive, params, expected):
    wanted = [getattr(archive, name).pk for name in expected]

    assert ids(api.get("/api/issues/", params)) == wanted


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["page_a1", "page_a2", "page_b1"]),
        ({"date": "2022-06-28"}, ["page_a1", "page_a2"]),
        ({"date_after": "2022-06-29", "date_before": "2023-12-31"}, ["page_b1"]),
        ({"year": 2023}, ["page_b1"]),
        ({"issue_number": 4961}, ["page_a1", "page_a2"]),
        ({"number": 2}, ["page_a2"]),
        ({"edition": "平湖版"}, ["page_a1", "page_b1"]),
        ({"publication": "pinghu", "number": 1}, ["page_a1", "page_b1"]),
        ({"ordering": "-date"}, ["page_b1", "page_a2", "page_a1"]),
    ],
)
def test_page_filters(api, archive, params, expected):
    wanted = [getattr(archive, name).pk for name in expected]

    assert ids(api.get("/api/pages/", params)) == wanted


def test_page_filter_by_issue(api, archive):
    assert ids(api.get("/api/pages/", {"issue": archive.issue_b.pk})) == [
        archive.page_b1.pk
    ]


def test_block_filters(api, archive):
    news_blocks = list(
        archive.news.blocks.order_by("position").values_list("pk", flat=True)
    )

    assert ids(api.get("/api/blocks/", {"article": archive.news.pk})) == news_blocks
    corrected = ids(api.get("/api/blocks/", {"corrected": "true"}))
    assert corrected == [news_blocks[1]]
    masthead = ids(api.get("/api/blocks/", {"kind": "masthead"}))
    assert ids(api.get("/api/blocks/", {"unassigned": "true"})) == masthead
    assert len(masthead) == 1
    assert ids(api.get("/api/blocks/", {"origin": "editor"})) == []
    assert len(ids(api.get("/api/blocks/", {"page_id": archive.page_a1.pk}))) == 3


def test_people_and_organisation_filters(api, archive):
    assert ids(api.get("/api/people/", {"name": "华婷婷"})) == [archive.reporter.pk]
    assert ids(api.get("/api/people/", {"name": "华婷"})) == []
    assert ids(api.get("/api/organisations/", {"q": "图书馆"})) == [
        archive.organisation.pk
    ]


def test_q_goes_through_the_search_engine_unless_it_is_haystacks_simple_one(
    settings,
):
    from search.services import engine_configured

    assert engine_configured()  # the site's database search backend (#4)
    settings.HAYSTACK_CONNECTIONS = {
        "default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}
    }
    assert not engine_configured()  # does not tokenise Chinese
