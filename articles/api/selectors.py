"""The API's reads of the archive: the query shape of each resource, with
the N+1 each select/prefetch prevents named beside it. Views call these and
run no ORM of their own (the article rows themselves are
articles.selectors.article_rows, shared with the export)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from django.db.models import BooleanField, Case, F, Prefetch, QuerySet, Value, When
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from articles.models import Article, Issue, Page, PageChange, PageCredit, TextBlock
from articles.selectors import (
    article_listing_sql,
    article_rows_from,
    article_rows_sql,
)
from newsroom.prepared import prepared_cursor


def issues_for_api(*, detail: bool) -> QuerySet[Issue]:
    """Issues as the API lists them, or (detail) as their export JSON."""
    if detail:
        # for_export() prefetches pages, credits, furniture, articles and
        # bylines: the export's fixed number of queries, whatever the size.
        return Issue.objects.for_export()
    # publication: its name is listed (one query, not one per issue).
    # pages__source: Last-Modified (without the OCR text).
    return Issue.objects.select_related("publication").prefetch_related(
        Prefetch(
            "pages",
            queryset=Page.objects.select_related("source")
            .defer("source__text")
            .only("id", "issue_id", "source__ingested_at"),
        )
    )


def pages_for_api(*, detail: bool) -> QuerySet[Page]:
    """Pages with their issue's date; details with credits and articles."""
    # issue: the date of each page; source: file name and Last-Modified, one
    # join instead of two queries per page. The OCR text (~20 KB) is not read:
    # the representations name the file only.
    pages = (
        Page.objects.select_related("issue", "source")
        .defer("source__text")
        .annotate(issue_date=F("issue__date"))
    )
    if not detail:
        return pages
    # credits (with their people) and articles: one query each instead of
    # one per page.
    return pages.prefetch_related(
        Prefetch("credits", queryset=PageCredit.objects.order_by("position")),
        Prefetch(
            "articles",
            queryset=Article.objects.order_by("sequence").only(
                "id", "page_id", "sequence", "kind", "status", "rubric", "headline"
            ),
        ),
    )


def page_with_source(*, pk) -> Page | None:
    """The page with its OCR source (text included), or None."""
    return Page.objects.select_related("source").filter(pk=pk).first()


def page_version(*, page_id: int) -> int:
    """The page's current version (what a write must expect)."""
    return Page.objects.values_list("version", flat=True).get(pk=page_id)


def page_blocks(*, page: Page, ids: list[int]) -> dict[int, TextBlock]:
    """The page's blocks among these ids, by id."""
    return {b.pk: b for b in TextBlock.objects.filter(page=page, pk__in=ids)}


def page_article(*, page: Page, pk: int) -> Article | None:
    """The article of the page with this id, or None."""
    return Article.objects.filter(page=page, pk=pk).first()


def articles_for_api(*, detail: bool) -> QuerySet[Article]:
    """Articles: keys only for lists, with page and issue for writes."""
    if not detail:
        # No joins: filters and the ordering join the page and issue as they
        # need; the view reads the listed rows by id (article_rows).
        return Article.objects.all()
    # Details are read as rows (article_rows); writes take models. page and
    # its issue (the version writes compare): one join, not two queries.
    return Article.objects.select_related("page__issue")


def text_blocks_for_api(*, detail: bool) -> QuerySet[TextBlock]:
    """Text blocks with `corrected` (the text differs from the machine's)."""
    # page__source: Last-Modified, one join instead of a query per block.
    blocks = TextBlock.objects.select_related("page__source").defer(
        "page__source__text"
    )
    if not detail:
        blocks = blocks.defer("machine_text")
    return blocks.annotate(
        corrected=Case(
            When(text=F("machine_text"), then=Value(False)),
            default=Value(True),
            output_field=BooleanField(),
        )
    )


def page_changes_for_api() -> QuerySet[PageChange]:
    """The editors' history."""
    # user: the editor's name, one join instead of a query per change.
    return PageChange.objects.select_related("user")


def issues_all() -> QuerySet[Issue]:
    """Every issue (the export's filters narrow them)."""
    return Issue.objects.all()


# The default article listing (?ordering=date): ArticleViewSet.ordering_map.
ARTICLE_DATE_ORDERING = ("page__issue__date", "page__number", "sequence", "id")
_DATE_KEY = ARTICLE_DATE_ORDERING[0]


class ArticleDateKeys:
    """The rows (articles.selectors.article_rows', plus the cursor's key
    `page__issue__date`) of every article in the default listing's order, as
    DRF's CursorPagination asks a queryset for them (order_by the ordering or
    its reverse, filter past the cursor's date, slice): one SQL statement for
    a page, keys, columns and bylines, without the ORM compiling a query of
    three tables per request (most of an uncached list page's cost). Only
    for the unfiltered listing: ArticleViewSet uses the ORM for anything
    else.

    With `stored`, the statement reads each article's stored list JSON
    (articles.selectors.article_listing_sql) in place of its columns, and
    `stored(values, revision=…)` makes the rows of that: rows that answer
    `page__issue__date` for the cursor."""

    def __init__(
        self,
        *,
        revision: bool = False,
        stored: Callable[..., list] | None = None,
        reverse: bool = False,
        date_op: str = "",
        date=None,
    ):
        # revision: each row's `revision` too (article_rows).
        self.revision, self.stored, self.reverse = revision, stored, reverse
        self.date_op, self.date = date_op, date

    def _but(self, **changes) -> ArticleDateKeys:
        return ArticleDateKeys(**{**vars(self), **changes})

    def order_by(self, *ordering: str) -> ArticleDateKeys:
        if tuple(ordering) == ARTICLE_DATE_ORDERING:
            return self._but(reverse=False)
        if tuple(ordering) == tuple(f"-{o}" for o in ARTICLE_DATE_ORDERING):
            return self._but(reverse=True)
        raise ValueError(f"not the default article ordering: {ordering}")

    def filter(self, **kwargs) -> ArticleDateKeys:
        ((lookup, value),) = kwargs.items()
        op = {f"{_DATE_KEY}__gt": ">", f"{_DATE_KEY}__lt": "<"}[lookup]
        date = value if isinstance(value, dt.date) else _cursor_date(value)
        return self._but(date_op=op, date=date)

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        # LIMIT and OFFSET as literals (ints from DRF's pagination): with
        # parameters there, PostgreSQL never takes the prepared statement's
        # generic plan (it assumes they select a tenth of the rows) and plans
        # every execution. A harvester's pages are one statement per offset.
        select = _article_page_sql(
            self.reverse, self.date_op, self.revision, self.stored is not None
        )
        limit, offset = int(window.stop - window.start), int(window.start)
        sql = f"{select} LIMIT {limit} OFFSET {offset}"
        with prepared_cursor() as cursor:
            cursor.execute(sql, [self.date] if self.date_op else [])
            values = cursor.fetchall()
        if self.stored is not None:
            return self.stored(values, revision=self.revision)
        rows = article_rows_from(values, revision=self.revision)
        for row in rows:
            # The cursor's position: DRF writes str() of it, the ISO date.
            row[_DATE_KEY] = row["date"]
        return rows


def _cursor_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise NotFound(CursorPagination.invalid_cursor_message) from None


@functools.cache
def _article_page_sql(reverse: bool, date_op: str, revision: bool, stored: bool) -> str:
    order = " DESC" if reverse else ""
    where = f" WHERE i.date {date_op} %s" if date_op else ""
    if stored:
        select = article_listing_sql(revision=revision)
    else:
        select = article_rows_sql(body=False, detail=False, revision=revision)
    return (
        f"{select}{where} "
        f"ORDER BY i.date{order}, p.number{order}, a.sequence{order}, a.id{order}"
    )
