"""Reads of the workbench: a page with its articles, blocks and latest
changes in a fixed number of queries, and the blocks an editor picked."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch

from articles.models import Article, Page, PageChange, TextBlock
from articles.selectors import correction_counts
from people.models import Mention


def page_blocks(*, page: Page, ids: Iterable[str]) -> list[TextBlock]:
    """The blocks of `page` among `ids` (digits from a form), in the order
    given; ids of other pages and non-numbers are left out."""
    wanted = [int(pk) for pk in ids if str(pk).isdigit()]
    found = {b.pk: b for b in TextBlock.objects.filter(pk__in=wanted, page=page)}
    return [found[pk] for pk in wanted if pk in found]


def text_diff(before: str, after: str) -> list[tuple[str, str]]:
    """A character diff as (op, text) pieces, op one of "=", "-", "+"."""
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(("=", before[i1:i2]))
            continue
        if i2 > i1:
            pieces.append(("-", before[i1:i2]))
        if j2 > j1:
            pieces.append(("+", after[j1:j2]))
    return pieces


@dataclass
class Workbench:
    """What the page workbench shows, fetched in a fixed number of queries."""

    page: Page
    articles: list[Article]  # each with .block_list in reading order
    unassigned: list[TextBlock]  # blocks of no article, in source order
    changes: list[PageChange]  # newest first, with .diffs for corrections
    corrections: dict[int, dict[str, int]]


TIMELINE_LENGTH = 50


def page_workbench(*, page_id: int) -> Workbench:
    """The page, its articles and blocks, and its latest changes."""
    page = Page.objects.select_related("issue__publication", "source").get(pk=page_id)
    articles = list(
        Article.objects.filter(page=page)
        .for_page()
        .prefetch_related(
            # The names the extractor found (#6), for editors to confirm or
            # reject beside the text: one query for the whole page.
            Prefetch(
                "mentions",
                queryset=Mention.objects.order_by("field", "start"),
                to_attr="mention_list",
            )
        )
    )
    blocks = list(page.blocks.order_by("sequence"))
    by_article: dict[int, list[TextBlock]] = {}
    unassigned = []
    for block in blocks:
        if block.article_id is None:
            unassigned.append(block)
        else:
            by_article.setdefault(block.article_id, []).append(block)
    for article in articles:
        article.block_list = sorted(
            by_article.get(article.pk, []),
            key=lambda b: (b.position is None, b.position or 0, b.sequence),
        )
    changes = list(page.changes.for_timeline()[:TIMELINE_LENGTH])
    for change in changes:
        change.diffs = [
            text_diff(row.before["text"], row.after["text"])
            for row in change.text_rows
            if row.before and row.after and "text" in row.before
        ]
    return Workbench(
        page=page,
        articles=articles,
        unassigned=unassigned,
        changes=changes,
        corrections=correction_counts(article_ids=[a.pk for a in articles]),
    )
