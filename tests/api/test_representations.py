"""The API's fast read path gives what DRF's fields give.

Article reads serialise plain rows (articles.selectors.article_rows) with
hand-written code; the serializers' declared fields, which are also the
OpenAPI schema, still serialise model instances. These tests load the
articles as models the way the views did before the fast path (select and
prefetch everything the fields read) and compare, field for field.
"""

import datetime as dt
import decimal
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch
from django.test.utils import CaptureQueriesContext
from django.urls import set_script_prefix
from django.utils.translation import gettext_lazy
from rest_framework import renderers as drf_renderers
from rest_framework.request import Request
from rest_framework.reverse import reverse as drf_reverse
from rest_framework.test import APIRequestFactory

from articles.api.serializers import ArticleDetailSerializer, ArticleListSerializer
from articles.models import Article, Byline, TextBlock, _standing_mentions
from articles.parsing import Role
from articles.selectors import archive_revision, article_rows
from newsroom.api import renderers
from newsroom.api.conditional import cache_key
from newsroom.api.fields import detail_url
from people.models import Mention, MentionStatus
from tests.api.conftest import add_article
from tests.factories import (
    BylineFactory,
    MentionFactory,
    OrganisationFactory,
    PageFactory,
    PersonFactory,
    TextBlockFactory,
)

pytestmark = pytest.mark.django_db


def reference_articles(*, detail: bool):
    """Articles as models with everything the declared fields read."""
    corrected = TextBlock.objects.filter(article=OuterRef("pk")).exclude(
        text=F("machine_text")
    )
    qs = (
        Article.objects.select_related("page__issue__publication")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.order_by("position"))
        )
        .annotate(has_corrections=Exists(corrected))
        .order_by("pk")
    )
    if detail:
        qs = qs.prefetch_related(
            Prefetch(
                "mentions", queryset=_standing_mentions(), to_attr="standing_mentions"
            ),
            Prefetch(
                "blocks", queryset=TextBlock.objects.order_by("position", "sequence")
            ),
        )
    return qs


def drf_representation(serializer_class, instance, request) -> dict:
    """What the serializer's declared fields make of a model instance."""
    data = serializer_class(context={"request": request}).to_representation(instance)
    # Rendered and read back: the comparison is of what a client receives.
    return json.loads(json.dumps(data))


def same(ours: dict, expected: dict) -> bool:
    """Equal, keys in the same order too (the bytes, hence the ETag)."""
    return json.dumps(ours, ensure_ascii=False) == json.dumps(
        expected, ensure_ascii=False
    )


@pytest.fixture
def request_():
    return Request(APIRequestFactory().get("/api/articles/"))


@pytest.fixture
def varied(archive):
    """More shapes of article beside the archive's: no bylines, a byline
    naming nobody, two bylines, a person named twice (the title once), a
    rejected mention, an organisation, a block outside the reading order."""
    page = PageFactory(issue=archive.issue_b, number=2, edition="", version=3)
    bare = add_article(page, sequence=0, rubric=None, kicker=None, subtitle=None)
    credited = add_article(
        page, sequence=1, kicker="引题", subtitle="副题", confidence=0.5
    )
    BylineFactory(article=credited, role=Role.REPORTER, position=0)
    BylineFactory(
        article=credited, role=Role.CORRESPONDENT, person=None, name="", position=1
    )
    BylineFactory(article=credited, role=Role.PHOTOGRAPHER, position=2)
    named = PersonFactory(name="仲旭东")
    MentionFactory(article=credited, person=named, title="", start=0, end=3)
    MentionFactory(article=credited, person=named, title="市委书记", start=9, end=12)
    MentionFactory(article=credited, status=MentionStatus.REJECTED, start=20, end=23)
    MentionFactory(
        article=credited, person=PersonFactory(name="沈志凤"), start=40, end=43
    )
    MentionFactory(
        article=credited,
        kind=Mention.Kind.ORGANISATION,
        person=None,
        organisation=OrganisationFactory(name="平湖市图书馆"),
        title="",
        start=30,
        end=36,
    )
    TextBlockFactory(
        page=page, article=credited, position=None, machine_text="错字", text="对字"
    )
    return [bare, credited]


def test_list_rows_give_what_the_fields_give(archive, varied, request_):
    instances = list(reference_articles(detail=False))
    rows = article_rows(ids=[a.pk for a in instances])
    serializer = ArticleListSerializer(context={"request": request_})

    assert len(rows) == len(instances) == 5
    for instance, row in zip(instances, rows, strict=True):
        assert same(
            serializer.to_representation(row),
            drf_representation(ArticleListSerializer, instance, request_),
        )


def test_detail_rows_give_what_the_fields_give(archive, varied, request_):
    instances = list(reference_articles(detail=True))
    rows = article_rows(ids=[a.pk for a in instances], detail=True)
    serializer = ArticleDetailSerializer(context={"request": request_})

    for instance, row in zip(instances, rows, strict=True):
        expected = drf_representation(ArticleDetailSerializer, instance, request_)
        assert same(serializer.to_representation(row), expected)
    # The shapes the fixture is for are there (else the test proves little).
    credited = serializer.to_representation(rows[-1])
    assert credited["people"] == [
        {"name": "仲旭东", "title": "市委书记"},
        {"name": "沈志凤", "title": "副主任"},
    ]
    # Article.version is gone (issue #11: never written); the page's counts.
    assert "version" not in credited and credited["page_version"] == 3
    assert credited["organisations"] == [{"name": "平湖市图书馆"}]
    assert [b["role"] for b in credited["bylines"]] == [
        "reporter",
        "correspondent",
        "photographer",
    ]
    assert credited["bylines"][1] == {
        "role": "correspondent",
        "name": None,
        "person": None,
    }
    assert credited["has_corrections"] is True
    assert None in [b["position"] for b in credited["blocks"]]


def test_the_api_sends_the_fields_representation(api, archive, varied):
    request = Request(APIRequestFactory().get("/api/articles/"))
    listed = api.get("/api/articles/?ordering=id").json()["results"]
    expected = [
        drf_representation(ArticleListSerializer, a, request)
        for a in reference_articles(detail=False)
    ]
    assert listed == expected
    for article in reference_articles(detail=True):
        assert api.get(f"/api/articles/{article.pk}/").json() == drf_representation(
            ArticleDetailSerializer, article, request
        )


def test_rows_keep_the_order_of_the_ids_and_skip_missing_ones(archive):
    wanted = [archive.notice.pk, 10**9, archive.news.pk]

    assert [r["id"] for r in article_rows(ids=wanted)] == [
        archive.notice.pk,
        archive.news.pk,
    ]
    assert article_rows(ids=[]) == []


def test_rows_cost_the_same_queries_for_one_article_or_many(archive, varied):
    every = list(Article.objects.values_list("pk", flat=True))
    for detail, queries in ((False, 1), (True, 1)):
        for ids in (every[:1], every):
            with CaptureQueriesContext(connection) as captured:
                article_rows(ids=ids, detail=detail)
            assert len(captured) == queries


@pytest.mark.parametrize("pk", ["99999999999999999999", "9223372036854775808"])
def test_ids_beyond_the_database_range_are_not_found(api, pk):
    response = api.get(f"/api/articles/{pk}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("query", ["", "?format=json", "?page_size=3&format=json"])
@pytest.mark.parametrize("script_prefix", ["/", "/newsroom/"])
def test_urls_are_what_drf_reverse_makes(query, script_prefix):
    request = Request(APIRequestFactory().get("/api/articles/" + query))
    set_script_prefix(script_prefix)
    try:
        for view in ("article-api-detail", "person-api-detail", "page-api-detail"):
            for pk in (1, 42):
                assert detail_url(view, pk, request) == drf_reverse(
                    view, args=[pk], request=request
                )
    finally:
        set_script_prefix("/")


PAYLOAD = {
    "text": '中文 \u2028 \u2029 "q" \\ / \x00\x1f 😀',
    "numbers": [0, -1, 2**63 - 1, 0.8, 1.0, -0.0, 1e16, 123456789.123],
    "nested": {"empty": [], "none": None, "flags": [True, False]},
    "tuple": (1, "两"),
    "lazy": gettext_lazy("Not found."),
    "decimal": decimal.Decimal("1.50"),
    "datetime": dt.datetime(2022, 6, 28, 8, 30, 15, 123456, tzinfo=dt.UTC),
    "date": dt.date(2022, 6, 28),
}


@pytest.mark.parametrize(
    "payload",
    [
        PAYLOAD,
        {**PAYLOAD, "huge": 2**70},  # beyond orjson: DRF renders it
        {1: "int keys"},  # likewise
        [],
    ],
)
@pytest.mark.parametrize(
    "media_type", ["application/json", "application/json; indent=2"]
)
def test_the_renderer_writes_what_drfs_writes(payload, media_type):
    ours = renderers.JSONRenderer().render(payload, media_type, {})
    drfs = drf_renderers.JSONRenderer().render(payload, media_type, {})

    assert ours == drfs


def test_without_the_cache_every_read_queries_and_nothing_is_stored(
    api, archive, settings, django_assert_num_queries
):
    settings.NEWSROOM_API_CACHE_SECONDS = 0
    url = f"/api/articles/{archive.news.pk}/"
    first = api.get(url)

    # The article with its bylines, blocks and mentions, and the revision
    # (Last-Modified), in one statement.
    with django_assert_num_queries(1):
        second = api.get(url)
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert "X-Cache" not in first and "X-Cache" not in second
    revision, _ = archive_revision()
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert cache.get(cache_key(revision, "http://testserver" + url)) is None


def test_ingest_refreshes_the_planner_statistics(run_command, sample_paths):
    result = run_command("ingest", *sample_paths, verbosity=0)

    assert result.error is None, result.stderr
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl FROM sqlite_stat1")
        else:
            cursor.execute("SELECT tablename FROM pg_stats")
        tables = {row[0] for row in cursor.fetchall()}
    assert {"articles_issue", "articles_article"} <= tables
