"""Where an article that no longer exists went: permalinks never just 404.

An article disappears when an editor deletes it (its blocks stay on the
page), merges it into another (its blocks move, then it is deleted), or when a
re-segmentation or a replaced source makes the page's machine articles again.
Every one of those is a change in the page's history, so the history says
where the text went: the article now holding its blocks, or, when its blocks
were made again, the new article covering most of its text (through the
alignment of the two sources for a replace). Read only when someone follows
an old link: nothing is stored for it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from articles.alignment import SourceAlignment, successor_choose
from articles.models import Article, Page, PageChangeRow, PageSource, TextBlock

Model = PageChangeRow.Model
# Successors of successors are followed this far (each step is a change).
MAX_HOPS = 8


@dataclass(frozen=True, slots=True)
class Whereabouts:
    """An article id that no longer exists: its text's article, or its page."""

    article_id: int | None  # an existing article holding (most of) its text
    page: Page | None  # the page it was on


def article_whereabouts(*, article_id: int) -> Whereabouts | None:
    """Where the text of a deleted article is now; None if the history never
    knew the id (no such article ever was edited away)."""
    page = None
    current = article_id
    for _ in range(MAX_HOPS):
        row = (
            PageChangeRow.objects.filter(
                model=Model.ARTICLE, object_id=current, after__isnull=True
            )
            .select_related("change__page__issue")
            .order_by("-change_id")
            .first()
        )
        if row is None:
            break
        page = page or row.change.page
        successor = _successor(row)
        if successor is None:
            break
        if Article.objects.filter(pk=successor).exists():
            return Whereabouts(successor, page)
        current = successor
    if page is None:
        return None
    return Whereabouts(None, page)


def _successor(row: PageChangeRow) -> int | None:
    """The article that took the deleted article's blocks in `row`'s change,
    or now holds them."""
    change = row.change
    article_id = row.object_id
    block_rows = list(
        change.rows.filter(model=Model.TEXT_BLOCK).only("object_id", "before", "after")
    )
    own = [
        r for r in block_rows if r.before and r.before.get("article_id") == article_id
    ]
    still_there = [r.object_id for r in own if r.after is not None]
    if not own:
        # Emptied before it was deleted (its blocks moved to another article
        # first: a merge): the blocks it ever held on its page.
        still_there = list(
            PageChangeRow.objects.filter(
                change__page_id=change.page_id,
                model=Model.TEXT_BLOCK,
                before__article_id=article_id,
            ).values_list("object_id", flat=True)
        )
    if still_there:
        # Unassigned or moved: wherever those blocks are now.
        holders = Counter(
            TextBlock.objects.filter(
                pk__in=still_there, article__isnull=False
            ).values_list("article_id", flat=True)
        )
        if holders:
            return holders.most_common(1)[0][0]
    deleted = [r.before for r in own if r.after is None]
    created = [r.after for r in block_rows if r.before is None and r.after]
    if not deleted or not created:
        return None
    spans = [(b["start"], b["end"]) for b in deleted]
    page_row = change.rows.filter(model=Model.PAGE).first()
    if page_row and page_row.before and "source_id" in page_row.before:
        sources = dict(
            PageSource.objects.filter(
                pk__in=[page_row.before["source_id"], page_row.after["source_id"]]
            ).values_list("pk", "text")
        )
        alignment = SourceAlignment(
            sources[page_row.before["source_id"]], sources[page_row.after["source_id"]]
        )
        spans = [(m.start, m.end) for m in (alignment.span(s, e) for s, e in spans)]
    candidates: dict[int, list[tuple[int, int]]] = {}
    for block in created:
        if block.get("article_id"):
            candidates.setdefault(block["article_id"], []).append(
                (block["start"], block["end"])
            )
    return successor_choose(spans, candidates)
