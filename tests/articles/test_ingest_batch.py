"""The ingest's batch fill (articles.services.filling): new pages filed one by
one, their content written for all of them at once."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Byline, Page, PageCredit, TextBlock
from articles.services.filling import pages_fill
from people.models import Mention, Person
from tests.articles.test_ingest import ingest_draft
from tests.factories import page_draft

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_publications")]


def _filed(count: int, *, start: int = 0) -> list:
    """`count` new pages filed without their content (their PageFills)."""
    fills: list = []
    for n in range(start, start + count):
        draft = page_draft(
            date=dt.date(2021, 3, 1) + dt.timedelta(days=n),
            number=n + 1,
            publication="test-gazette",
        )
        ingest_draft(draft, file_name=f"p{n}.txt", fills=fills)
    return fills


def _queries_filling(fills) -> int:
    with CaptureQueriesContext(connection) as queries:
        pages_fill(fills)
    return len(queries)


def test_a_batch_fills_in_no_more_queries_than_one_page():
    one = _queries_filling(_filed(1))
    several = _queries_filling(_filed(5, start=1))

    # No more (the second finds the people the first created).
    assert several <= one
    assert Article.objects.count() == 6
    assert TextBlock.objects.filter(article__isnull=False).count() >= 6


def test_a_batch_fill_writes_what_one_page_at_a_time_writes():
    pages_fill(_filed(3))
    by_batch = _content()
    Article.objects.all().delete()  # also bylines, mentions
    TextBlock.objects.all().delete()
    PageCredit.objects.all().delete()
    for fill in _filed(3, start=10):
        pages_fill([fill])

    assert _content() == by_batch
    # One person per name across the pages.
    assert Person.objects.filter(name="张三").count() == 1


def _content():
    return {
        "articles": sorted(Article.objects.values_list("sequence", "headline")),
        "blocks": sorted(TextBlock.objects.values_list("sequence", "kind", "text")),
        "bylines": sorted(Byline.objects.values_list("role", "name", "person__name")),
        "credits": sorted(
            PageCredit.objects.values_list("role", "name", "person__name")
        ),
        "mentions": sorted(Mention.objects.values_list("kind", "text", "field")),
    }


def test_page_ingest_without_fills_writes_its_content():
    result = ingest_draft(page_draft(publication="test-gazette"))

    assert result.page.articles.count() == 1
    assert Byline.objects.filter(article__page=result.page).exists()


def test_page_ingest_with_fills_leaves_the_content_to_the_caller():
    fills: list = []
    result = ingest_draft(page_draft(publication="test-gazette"), fills=fills)

    assert [f.page for f in fills] == [result.page]
    assert not result.page.articles.exists()


def test_a_batch_whose_fill_fails_is_redone_page_by_page(
    run_command, sample_paths, monkeypatch
):
    from articles.management.commands import ingest as command

    def failing(fills):
        raise DatabaseError("lost in bulk")

    monkeypatch.setattr(command, "pages_fill", failing)
    result = run_command(
        "ingest", *sample_paths, "--workers", "0", "--publication", "test-gazette"
    )

    assert result.error is None, result.stderr
    assert "2 created" in result.stdout
    assert Page.objects.count() == 2
    assert all(page.articles.exists() for page in Page.objects.all())
