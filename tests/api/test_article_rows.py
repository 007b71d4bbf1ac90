"""An article's bylines, blocks and mentions come aggregated in its row
(articles.selectors.article_rows, one statement): in the order the ORM's
ordered prefetches give, whatever order the rows were written in (SQLite's
json_group_array() follows no ORDER BY)."""

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from articles.api.serializers import ArticleDetailSerializer, ArticleListSerializer
from articles.parsing import Role
from articles.selectors import article_rows
from people.models import Mention
from tests.api.conftest import add_article
from tests.api.test_representations import (
    drf_representation,
    reference_articles,
    same,
)
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    MentionFactory,
    OrganisationFactory,
    PageFactory,
    PersonFactory,
    TextBlockFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_():
    return Request(APIRequestFactory().get("/api/articles/"))


@pytest.fixture
def shuffled(archive):
    """An article whose bylines, blocks and mentions were written out of
    their order."""
    page = PageFactory(issue=archive.issue_b, number=3)
    article = add_article(page, sequence=0)
    for position, role in ((2, Role.PHOTOGRAPHER), (0, Role.REPORTER)):
        BylineFactory(article=article, role=role, position=position)
    BylineFactory(
        article=article, role=Role.CORRESPONDENT, position=1, person=None, name=""
    )
    # Positions 0 (add_article's block), then 5, none, 1, none: blocks out
    # of the reading order come last on PostgreSQL, first on SQLite, as the
    # ORM's order_by("position", "sequence") puts them.
    for position, sequence in ((5, 1), (None, 9), (1, 7), (None, 3)):
        TextBlockFactory(
            page=page, article=article, position=position, sequence=sequence
        )
    people = [PersonFactory(name=name) for name in ("甲某某", "乙某某", "丙某某")]
    # By field ("body" before "headline"), start, id.
    for field, start, person in (
        ("body", 40, people[0]),
        ("headline", 2, people[1]),
        ("body", 3, people[2]),
        ("body", 3, people[0]),
    ):
        MentionFactory(
            article=article, field=field, start=start, end=start + 3, person=person
        )
    MentionFactory(
        article=article,
        kind=Mention.Kind.ORGANISATION,
        person=None,
        organisation=OrganisationFactory(name="某某局"),
        start=1,
        end=4,
    )
    return article


def test_aggregated_lists_are_in_the_orms_order(shuffled, request_):
    (instance,) = reference_articles(detail=True).filter(pk=shuffled.pk)
    (row,) = article_rows(ids=[shuffled.pk], detail=True)
    serializer = ArticleDetailSerializer(context={"request": request_})

    ours = serializer.to_representation(row)
    assert same(ours, drf_representation(ArticleDetailSerializer, instance, request_))
    assert [b["role"] for b in ours["bylines"]] == [
        "reporter",
        "correspondent",
        "photographer",
    ]
    assert len(ours["blocks"]) == 5
    assert [p["name"] for p in ours["people"]] == ["丙某某", "甲某某", "乙某某"]
    assert ours["organisations"] == [{"name": "某某局"}]


def test_the_default_listing_gives_the_orms_bylines(api, shuffled, request_):
    listed = {a["id"]: a for a in api.get("/api/articles/").json()["results"]}
    instance = reference_articles(detail=False).get(pk=shuffled.pk)

    assert listed[shuffled.pk] == drf_representation(
        ArticleListSerializer, instance, request_
    )


def test_an_article_without_bylines_blocks_or_mentions(archive, request_):
    page = PageFactory(issue=archive.issue_b, number=4)
    bare = ArticleFactory(page=page, sequence=0)
    (row,) = article_rows(ids=[bare.pk], detail=True)

    assert row["bylines"] == [] and row["blocks"] == []
    assert row["named"] == {"people": [], "organisations": []}


def test_an_empty_listing_reads_the_revision_on_its_own(
    api, settings, changed, django_assert_num_queries
):
    settings.NEWSROOM_API_CACHE_SECONDS = 0
    changed()
    # No row to carry the revision: the page's statement, then the revision.
    with django_assert_num_queries(2):
        response = api.get("/api/articles/")

    assert response.status_code == 200 and response.json()["results"] == []
    assert response["Last-Modified"]


def test_a_read_with_the_cache_keeps_the_revision_read_first(
    api, archive, settings, changed, django_assert_num_queries
):
    # The cache key is made of the revision read before the data; the one
    # the data's statement reads does not replace it.
    settings.NEWSROOM_API_CACHE_SECONDS = 300
    changed()
    url = f"/api/articles/{archive.news.pk}/"
    with django_assert_num_queries(2):
        first = api.get(url)
    with django_assert_num_queries(1):
        second = api.get(url)

    assert first["X-Cache"] == "miss" and second["X-Cache"] == "hit"
    assert second.content == first.content
