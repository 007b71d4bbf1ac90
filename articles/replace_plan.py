"""What becomes of a page's blocks when its source is replaced (pure).

The editors' work is kept: every block of an article an editor touched or
confirmed (and every block an editor retyped or corrected) is carried onto the
new source through the alignment of the two sources, with its id, its
correction carried over to the new machine text. The parser's proposal for the
new source fills the rest, as re-segmentation does; text no block covers gets
a block of its own, so the blocks still partition the source. A kept block
whose text is no longer in the new source stays as it was, on an empty span
where its text was, and is reported: never dropped.

Re-segmentation is the same plan with the same source on both sides.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from articles.alignment import SourceAlignment, correction_rebase, successor_choose
from articles.parsing import Block, PageDraft


class BlockFate(enum.StrEnum):
    UNCHANGED = "unchanged"  # same source text (it may have moved)
    REMAPPED = "remapped"  # the source under it changed; text carried over
    CONFLICT = "conflict"  # the source changed where the editor corrected it
    UNMAPPABLE = "unmappable"  # not in the new source: kept as it was


@dataclass(frozen=True, slots=True)
class OldBlock:
    id: int
    start: int
    end: int
    machine_text: str
    text: str
    article_id: int | None


@dataclass(frozen=True, slots=True)
class KeptBlock:
    id: int
    start: int
    end: int
    machine_text: str
    text: str
    fate: BlockFate


@dataclass(slots=True)
class ReplacePlan:
    kept: list[KeptBlock]
    chosen: dict[int, Block]  # draft block index → block, for new rows
    gaps: list[tuple[int, int]]  # uncovered text: one "unknown" block each
    new_articles: list[int]  # numbers of the draft articles to create
    # Blocks dropped with their articles, and where their text went: old
    # article id → number of the draft article that covers most of it.
    successors: dict[int, int | None] = field(default_factory=dict)
    # Kept article id → fates of its blocks (for the report and warnings).
    article_fates: dict[int, list[BlockFate]] = field(default_factory=dict)

    def article_fate(self, article_id: int) -> BlockFate:
        """The worst fate of the article's blocks."""
        order = list(BlockFate)
        fates = self.article_fates.get(article_id) or [BlockFate.UNCHANGED]
        return max(fates, key=order.index)


def replace_plan(
    *,
    old_source: str,
    draft: PageDraft,
    old_blocks: Sequence[OldBlock],
    kept_blocks: Collection[int],
    dropped_articles: Collection[int],
    clean: Callable[[str], str],
) -> ReplacePlan:
    """Plan the page's blocks on `draft.source`.

    `kept_blocks` are the ids of the old blocks to carry over;
    `dropped_articles` the ids of the old articles that go (successors are
    found for them). `clean(span)` makes a machine text of a span of the new
    source where no draft block has exactly that span.
    """
    alignment = SourceAlignment(old_source, draft.source)
    by_span = {(b.start, b.end): b.text for b in draft.blocks}
    kept: list[KeptBlock] = []
    fates: dict[int, list[BlockFate]] = {}
    mapped_spans: dict[int, tuple[int, int]] = {}
    for block in old_blocks:
        mapped = alignment.span(block.start, block.end)
        mapped_spans[block.id] = (mapped.start, mapped.end)
        if block.id in kept_blocks:
            new = _carried(block, mapped, old_source, draft.source, by_span, clean)
            kept.append(new)
            if block.article_id is not None:
                fates.setdefault(block.article_id, []).append(new.fate)
    chosen, gaps = draft_fill(draft, kept)
    new_articles = [
        number
        for number, article in enumerate(draft.articles)
        if any(i in chosen for i in article.blocks)
    ]
    candidates = {
        number: [
            (draft.blocks[i].start, draft.blocks[i].end)
            for i in draft.articles[number].blocks
            if i in chosen
        ]
        for number in new_articles
    }
    successors = {
        article_id: successor_choose(
            [
                mapped_spans[b.id]
                for b in old_blocks
                if b.article_id == article_id and b.id not in kept_blocks
            ],
            candidates,
        )
        for article_id in dropped_articles
    }
    return ReplacePlan(kept, chosen, gaps, new_articles, successors, fates)


def _carried(block: OldBlock, mapped, old_source, new_source, by_span, clean):
    """A kept block on the new source: moved, its texts carried over, or kept
    as it was on an empty span when its text is gone."""
    if not mapped.mappable:
        return KeptBlock(
            block.id,
            mapped.start,
            mapped.start,
            block.machine_text,
            block.text,
            BlockFate.UNMAPPABLE,
        )
    span = new_source[mapped.start : mapped.end]
    if _same_text(span, old_source[block.start : block.end]):
        return KeptBlock(
            block.id,
            mapped.start,
            mapped.end,
            block.machine_text,
            block.text,
            BlockFate.UNCHANGED,
        )
    machine = by_span.get((mapped.start, mapped.end))
    if machine is None:
        machine = clean(span)
    text, clean_merge = correction_rebase(
        old_machine=block.machine_text, old_text=block.text, new_machine=machine
    )
    fate = BlockFate.REMAPPED if clean_merge else BlockFate.CONFLICT
    return KeptBlock(block.id, mapped.start, mapped.end, machine, text, fate)


def draft_fill(
    draft: PageDraft, kept: Sequence
) -> tuple[dict[int, Block], list[tuple[int, int]]]:
    """The draft blocks overlapping no kept block ({index: block}; `kept` has
    .start and .end), and the stretches of text nothing covers then (each
    becomes an "unknown" block). Re-segmentation fills the page the same way."""
    source = draft.source
    taken = sorted((b.start, b.end) for b in kept if b.end > b.start)
    ends = [e for _, e in taken]
    chosen = {
        i: b
        for i, b in enumerate(draft.blocks)
        if not _overlaps(taken, ends, b.start, b.end)
    }
    spans = sorted([*taken, *((b.start, b.end) for b in chosen.values())])
    gaps, cursor = [], 0
    for start, end in [*spans, (len(source), len(source))]:
        if source[cursor:start].strip():
            gaps.append((cursor, start))
        cursor = max(cursor, end)
    return chosen, gaps


def _same_text(a: str, b: str) -> bool:
    # Line breaks and spaces moved by a new OCR run change nothing to read.
    return a == b or "".join(a.split()) == "".join(b.split())


def _overlaps(taken: list[tuple[int, int]], ends: list[int], start: int, end: int):
    # `taken` is sorted and disjoint, so its `ends` are sorted too: the first
    # span ending after `start` is the one to look at.
    i = bisect.bisect_right(ends, start)
    return i < len(taken) and taken[i][0] < end
