"""A new page's content, written for many pages at once.

The ingest files each page (its issue, page and source rows) in the page's
own savepoint, then fills every page of a batch together: one statement per
table for all of them (articles, blocks, people, bylines, credits, mentions,
office facts, search queue), instead of some twenty round trips per page.
The rows come from the parser and the extractor; what could fail is checked
before anything is written (field validation), so the fill does not fail on
one page's data, and if it fails at all the caller redoes the batch page by
page (see the ingest command).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

import facsimile
from articles.models import Article, Byline, Page, PageCredit, TextBlock
from articles.parsing import PageDraft
from articles.services.archive import archive_changed
from articles.services.compose import article_from_draft
from articles.services.listings import listings_refresh
from newsroom.bulk import rows_clean, rows_insert
from people.extraction import ArticleMentions
from people.services import (
    article_mentions_extract,
    mentions_record,
    person_resolve_names,
)
from search import indexing as search_indexing


@dataclass(frozen=True, slots=True)
class PageFill:
    """A page just created (with its source), and what to fill it with."""

    page: Page
    draft: PageDraft
    geometry: dict | None = None
    mentions: Sequence[ArticleMentions] | None = None


def pages_fill(fills: Sequence[PageFill]) -> list[Article]:
    """The content of new pages: blocks (with their regions on a facsimile),
    articles, bylines and credits, the names they mention, then the search
    queue, their entries in the API's listing and the archive's revision. A
    fixed number of queries whatever the number of pages. Returns the
    articles, page by page."""
    if not fills:
        return []
    per_page = _articles_create(fills)
    articles = [a for page_articles in per_page for a in page_articles]
    rows_insert(
        TextBlock,
        [
            row
            for fill, page_articles in zip(fills, per_page, strict=True)
            for row in _block_rows(fill, page_articles)
        ],
    )
    _credits_create(fills, per_page)
    extracted: list[ArticleMentions] = []
    for fill, page_articles in zip(fills, per_page, strict=True):
        if fill.mentions is None:  # not found by a worker: found here
            extracted += [article_mentions_extract(article=a) for a in page_articles]
        else:
            extracted += fill.mentions
    # People and organisations the articles name (#6), each on its page's date.
    mentions_record(
        articles=articles,
        date=fills[0].page.issue.date,
        dates={
            a.pk: fill.page.issue.date
            for fill, page_articles in zip(fills, per_page, strict=True)
            for a in page_articles
        },
        extracted=extracted,
    )
    search_indexing.articles_changed(article_ids=[a.pk for a in articles])
    listings_refresh(article_ids=[a.pk for a in articles])
    archive_changed()
    return articles


def _articles_create(fills: Sequence[PageFill]) -> list[list[Article]]:
    """Every page's articles, inserted in one statement, with their keys."""
    per_page = [
        [
            article_from_draft(page=fill.page, sequence=number, draft=a)
            for number, a in enumerate(fill.draft.articles)
        ]
        for fill in fills
    ]
    articles = [a for page_articles in per_page for a in page_articles]
    for article in articles:
        # Field validation only (choices, lengths): the rows are fresh.
        article.full_clean(
            exclude=["page"], validate_unique=False, validate_constraints=False
        )
    # rows_insert, not bulk_create: COPY on PostgreSQL (bulk_create's
    # arrays are quoted in Python, element by element).
    names = [f.attname for f in Article._meta.concrete_fields if not f.primary_key]
    pks = rows_insert(
        Article,
        [{name: getattr(a, name) for name in names} for a in articles],
        returning=True,
    )
    for article, pk in zip(articles, pks, strict=True):
        article.pk = pk
        article._state.adding, article._state.db = False, connection.alias
    return per_page


def _block_rows(fill: PageFill, articles: list[Article]) -> list[dict]:
    """A page's text blocks, pointing at their articles."""
    draft, page = fill.draft, fill.page
    regions = None
    if fill.geometry is not None:
        located = facsimile.SourceText.from_dict(page.source.text, fill.geometry)
        regions = [_region(located, b.start, b.end) for b in draft.blocks]
    # An article lists its blocks in reading order; that order is `position`.
    placement: dict[int, tuple[int, int]] = {}
    for number, a in enumerate(draft.articles):
        for position, index in enumerate(a.blocks):
            placement[index] = (number, position)
    rows = []
    for sequence, b in enumerate(draft.blocks):
        number, position = placement.get(sequence, (b.article, None))
        rows.append(
            {
                "page_id": page.pk,
                "sequence": sequence,
                "start": b.start,
                "end": b.end,
                "kind": b.kind.value,
                "machine_text": b.text,
                "text": b.text,
                "article_id": articles[number].pk if number is not None else None,
                "position": position,
                "joins_previous": b.joins_previous,
                "confidence": b.confidence,
                "region": regions[sequence] if regions else None,
            }
        )
    return rows


def _region(located, start: int, end: int) -> list[float] | None:
    box = located.region(start, end)
    return None if box is None else box.as_list(1)


def _credits_create(fills: Sequence[PageFill], per_page: list[list[Article]]):
    """Bylines and page credits, linked to the people they name."""
    bylines = [
        {"article_id": article.pk, "role": c.role, "name": c.name or "", "position": p}
        for fill, page_articles in zip(fills, per_page, strict=True)
        for article, a in zip(page_articles, fill.draft.articles, strict=True)
        for p, c in enumerate(a.bylines)
    ]
    credits = [
        {"page_id": fill.page.pk, "role": c.role, "name": c.name or "", "position": p}
        for fill in fills
        for p, c in enumerate(fill.draft.credits)
    ]
    rows_clean(Byline, bylines)
    rows_clean(PageCredit, credits)
    people = person_resolve_names(names=[r["name"] for r in bylines + credits])
    for row in bylines + credits:
        person = people.get(row["name"]) if row["name"] else None
        row["person_id"] = person.pk if person else None
    rows_insert(Byline, bylines)
    rows_insert(PageCredit, credits)
