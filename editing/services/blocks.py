"""The editors' operations on text blocks: split, merge, move, retype, correct.

Each runs in page_change (editing.services.change): permission, page lock,
one recorded PageChange, bodies recomposed. The verbatim source is never
touched: blocks keep pointing at spans of it, and splits and merges keep those
spans a partition of the source.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import models

from articles.models import Article, PageChange, TextBlock
from articles.parsing import FURNITURE_KINDS, ArticleKind, BlockKind
from editing.services.change import PageEdit, page_change, rows_save, rows_shift
from editing.services.text import machine_position, source_offset, text_join
from newsroom.hygiene import text_cleaned

Operation = PageChange.Operation


def text_block_split(
    *, user, block: TextBlock, position: int, expected_version: int
) -> PageChange:
    """Split a block in two at character `position` of its (corrected) text.

    The source span is cut where that character comes from, so the blocks
    still partition the source; the new block follows in source and reading
    order, in the same article with the same kind.
    """
    with page_change(
        user=user,
        page_id=block.page_id,
        expected_version=expected_version,
        operation=Operation.SPLIT,
    ) as change:
        change.blocks([block])
        # One instance per row: the recorder reads the after state from them.
        blocks = {b.pk: b for b in TextBlock.objects.filter(page=change.page)}
        block = blocks[block.pk]
        position = int(position)
        if not 0 < position < len(block.text):
            raise ValidationError(
                f"Cannot split at {position}: choose a position between 1 and "
                f"{len(block.text) - 1} (the block has {len(block.text)} "
                "characters).",
                code="split_out_of_range",
            )
        head, tail = block.text[:position], block.text[position:]
        if not head.strip() or not tail.strip():
            raise ValidationError(
                "Both parts of a split must contain text.", code="split_empty"
            )
        machine_pos = machine_position(block.text, block.machine_text, position)
        cut = source_offset(
            change.page.source.text,
            block.start,
            block.end,
            block.machine_text,
            machine_pos,
        )
        cut = min(max(cut, block.start), block.end)
        change.track(block)
        _make_room_after(change, block, blocks.values())
        new = TextBlock(
            page=change.page,
            sequence=block.sequence + 1,
            start=cut,
            end=block.end,
            kind=block.kind,
            machine_text=block.machine_text[machine_pos:].lstrip(),
            text=tail.lstrip(),
            article_id=block.article_id,
            position=None if block.position is None else block.position + 1,
            joins_previous=not head.rstrip().endswith(("。", "！", "？", "!", "?")),
            origin=TextBlock._meta.get_field("origin").default,
            confidence=block.confidence,
        )
        block.end = cut
        block.text = head.rstrip()
        block.machine_text = block.machine_text[:machine_pos].rstrip()
        block.full_clean(exclude=["page", "article"], validate_constraints=False)
        block.save(update_fields=["end", "text", "machine_text"])
        new.full_clean(exclude=["page", "article"], validate_constraints=False)
        new.save()
        change.created(new)
        change.articles_edited(block.article)
        change.summary = (
            f"Split block {block.pk} at {position}: «{head[-10:]}|{tail[:10]}»"
        )
    return change.result


def _make_room_after(change: PageEdit, block: TextBlock, blocks) -> None:
    """Move every later block of the page one down in source order, and the
    blocks after `block` in its article one down in reading order."""
    following = []  # after the block in its article: their position moves
    if block.article_id is not None:
        following = [
            b
            for b in blocks
            if b.article_id == block.article_id
            and b.pk != block.pk
            and b.position is not None
            and b.position > block.position
        ]
    # Few rows change position: tracked whole. Every later block of the page
    # moves one down in the source: recorded as a renumbering only.
    change.track(*following)
    later = [b for b in blocks if b.sequence > block.sequence]
    change.recorder.shifted(later, "sequence", 1)
    rows_shift(TextBlock, [b.pk for b in later], "sequence", 1)
    rows_shift(TextBlock, [b.pk for b in following], "position", 1)
    for other in later:
        other.sequence += 1  # tracked ones need it for their after state
    for other in following:
        other.position += 1


def text_blocks_merge(
    *, user, blocks: Sequence[TextBlock], expected_version: int
) -> PageChange:
    """Merge blocks that follow each other in the source into the first one.

    They must be neighbours in the source (so the merged span is still one
    piece of the partition) and in the same article (or all unassigned). The
    text is joined in reading order; the other blocks are deleted, their text
    lives on in the merged block.
    """
    if len({b.pk for b in blocks}) < 2:
        raise ValidationError("Choose at least two blocks to merge.", code="merge")
    with page_change(
        user=user,
        page_id=blocks[0].page_id,
        expected_version=expected_version,
        operation=Operation.MERGE,
    ) as change:
        chosen = change.blocks(blocks)
        if len({b.article_id for b in chosen}) > 1:
            raise ValidationError(
                "Blocks of different articles cannot be merged: move them into "
                "one article first.",
                code="merge_articles",
            )
        _refuse_gaps(change, chosen)
        in_reading = sorted(
            chosen,
            key=lambda b: (b.position if b.position is not None else b.sequence, b.pk),
        )
        if chosen[0].article_id is None:
            in_reading = sorted(chosen, key=lambda b: (b.start, b.sequence))
        keep, rest = in_reading[0], in_reading[1:]
        change.track(*chosen)
        lo = min(chosen, key=lambda b: (b.start, b.sequence)).sequence
        keep.text, keep.machine_text, keep.kind = _merged_text(keep, rest)
        change.deleted(*rest)
        TextBlock.objects.filter(pk__in=[b.pk for b in rest]).delete()
        keep.start = min(b.start for b in chosen)
        keep.end = max(b.end for b in chosen)
        keep.sequence = lo
        keep.confidence = min(b.confidence for b in chosen)
        keep.full_clean(exclude=["page", "article"], validate_constraints=False)
        keep.save()
        change.articles_edited(Article.objects.filter(pk=keep.article_id).first())
        change.summary = f"Merged blocks {', '.join(str(b.pk) for b in in_reading)}"
    return change.result


def _refuse_gaps(change: PageEdit, chosen: list[TextBlock]) -> None:
    # Neighbours by source offsets, not sequence: re-segmentation numbers new
    # blocks after the kept ones.
    first_start = min(b.start for b in chosen)
    last_end = max(b.end for b in chosen)
    between = (
        TextBlock.objects.filter(
            page=change.page, start__lt=last_end, end__gt=first_start
        )
        .exclude(pk__in=[b.pk for b in chosen])
        .count()
    )
    if between:
        raise ValidationError(
            "Only blocks that follow each other in the source can be merged "
            f"({between} other block(s) lie between them); move blocks to put "
            "them in order instead.",
            code="merge_not_adjacent",
        )


def _merged_text(keep: TextBlock, rest: list[TextBlock]) -> tuple[str, str, str]:
    """(text, machine text, kind) of `keep` followed by `rest`."""
    text, machine, kind = keep.text, keep.machine_text, keep.kind
    for other in rest:
        if keep.kind == BlockKind.DATELINE and kind == BlockKind.DATELINE:
            # 本报讯 + its first sentence: one body paragraph, as compose_body
            # would join them.
            text, machine = f"{text} {other.text}", f"{machine} {other.machine_text}"
            kind = other.kind
        else:
            text = text_join(text, other.text)
            machine = text_join(machine, other.machine_text)
    return text, machine, kind


def text_blocks_move(
    *,
    user,
    blocks: Sequence[TextBlock],
    article: Article | None = None,
    new_article: bool = False,
    expected_version: int,
) -> PageChange:
    """Move blocks (in the given order) to the end of `article`, to a new
    article, or out of any article (neither given)."""
    if not blocks:
        raise ValidationError("Choose at least one block.", code="no_blocks")
    with page_change(
        user=user,
        page_id=blocks[0].page_id,
        expected_version=expected_version,
        operation=Operation.MOVE,
    ) as change:
        chosen = change.blocks(blocks)
        sources = {
            a.pk: a
            for a in Article.objects.filter(
                pk__in={b.article_id for b in chosen if b.article_id}
            )
        }
        if new_article:
            target = _article_new(change)
        elif article is not None:
            target = sources.get(article.pk) or change.article(article)
        else:
            target = None
        first = None if target is None else _next_position(target, chosen)
        change.track(*chosen)
        for offset, block in enumerate(chosen):
            block.article = target
            block.position = None if target is None else first + offset
        rows_save(TextBlock, chosen, ["article", "position"])
        change.articles_edited(*sources.values(), target)
        where = (
            "a new article"
            if new_article
            else (f"article {target.pk}" if target else "the page (no article)")
        )
        change.summary = (
            f"Moved block(s) {', '.join(str(b.pk) for b in chosen)} to {where}"
        )
    return change.result


def _article_new(change: PageEdit) -> Article:
    last = change.page.articles.aggregate(m=models.Max("sequence"))["m"]
    target = Article(
        page=change.page,
        sequence=0 if last is None else last + 1,
        kind=ArticleKind.NEWS,
        status=Article.Status.EDITED,
    )
    target.full_clean(exclude=["page"], validate_constraints=False)
    target.save()
    change.created(target)
    return target


def _next_position(target: Article, chosen: list[TextBlock]) -> int:
    """The first reading position after `target`'s other blocks; furniture
    is refused."""
    furniture = [b for b in chosen if b.kind in FURNITURE_KINDS]
    if furniture:
        raise ValidationError(
            f"Block {furniture[0].pk} is {furniture[0].kind} (furniture): change "
            "its kind before moving it into an article.",
            code="furniture",
        )
    last = (
        TextBlock.objects.filter(article=target)
        .exclude(pk__in=[b.pk for b in chosen])
        .aggregate(m=models.Max("position"))["m"]
    )
    return 0 if last is None else last + 1


def text_block_retype(
    *, user, block: TextBlock, kind: str, expected_version: int
) -> PageChange:
    """Change a block's kind; furniture leaves its article."""
    with page_change(
        user=user,
        page_id=block.page_id,
        expected_version=expected_version,
        operation=Operation.RETYPE,
    ) as change:
        if kind not in BlockKind.__members__.values():
            raise ValidationError(f"Unknown block kind {kind!r}.", code="kind")
        block = change.blocks([block])[0]
        if block.kind == kind:
            raise ValidationError(f"Block {block.pk} is already {kind}.", code="kind")
        change.track(block)
        article = block.article
        block.kind = kind
        block.origin = "editor"
        if kind in FURNITURE_KINDS:
            block.article = None
            block.position = None
        block.full_clean(exclude=["page", "article"], validate_constraints=False)
        block.save()
        change.articles_edited(article)
        change.summary = f"Block {block.pk} is now {kind}"
    return change.result


def text_block_correct(
    *, user, block: TextBlock, text: str, expected_version: int
) -> PageChange:
    """Correct a block's reading text; the source and machine text stay."""
    with page_change(
        user=user,
        page_id=block.page_id,
        expected_version=expected_version,
        operation=Operation.CORRECT,
    ) as change:
        # Control, bidi and zero-width characters out (newsroom.hygiene).
        text = text_cleaned(text or "").strip()
        if not text:
            raise ValidationError(
                "A correction cannot be empty: move the block out of the article "
                "or change its kind instead.",
                code="empty_text",
            )
        block = change.blocks([block])[0]
        change.track(block)
        block.text = text
        block.origin = "editor"
        block.full_clean(exclude=["page", "article"], validate_constraints=False)
        block.save(update_fields=["text", "origin"])
        change.articles_edited(block.article)
        change.summary = f"Corrected block {block.pk}"
    return change.result
