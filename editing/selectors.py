"""Reads of the workbench: a page with its articles, blocks and latest
changes in a fixed number of queries, and the blocks an editor picked."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q

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
    # Every article of the page as (id, sequence, headline), for the "move
    # to" list; `articles` is one window (`part`) of them.
    targets: list[tuple[int, int, str | None]] = field(default_factory=list)
    part: int = 1
    parts: int = 1


TIMELINE_LENGTH = 50


def page_workbench(*, page_id: int, part: int = 1) -> Workbench:
    """The page, one window of its articles (NEWSROOM_RENDER_ARTICLES, the
    `part`-th) with their blocks, the blocks of no article, and its latest
    changes: a page of any size renders in bounded time."""
    page = Page.objects.select_related("issue__publication", "source").get(pk=page_id)
    targets = list(
        Article.objects.filter(page=page)
        .order_by("sequence")
        .values_list("pk", "sequence", "headline")
    )
    size = settings.NEWSROOM_RENDER_ARTICLES
    parts = max(1, -(-len(targets) // size))
    part = min(max(1, part), parts)
    window = [pk for pk, _, _ in targets[(part - 1) * size : part * size]]
    articles = list(
        Article.objects.filter(pk__in=window)
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
    blocks = list(
        page.blocks.filter(Q(article_id__in=window) | Q(article__isnull=True)).order_by(
            "sequence"
        )
    )
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
        targets=targets,
        part=part,
        parts=parts,
    )
