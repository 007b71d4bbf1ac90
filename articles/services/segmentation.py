"""The editors' operations on a page's segmentation, with history and undo.

Every operation is keyword-only, takes the `user` doing it and the page
version the editor's view was based on (`expected_version`), and:

- checks the user's permission (PermissionDenied);
- locks the page row, refuses a stale version with ConflictError (a
  ValidationError), and bumps Page.version;
- changes the rows in one transaction and records the change as ONE
  PageChange whose rows hold the before/after state of every row touched;
- keeps Article.body in sync (article_body_sync) for the articles affected.

Operations (stable names, also used by the REST API):

    text_block_split(*, user, block, position, expected_version) -> PageChange
    text_blocks_merge(*, user, blocks, expected_version) -> PageChange
    text_blocks_move(*, user, blocks, article=None, new_article=False,
                     expected_version) -> PageChange
    article_blocks_reorder(*, user, article, block_ids, expected_version)
    text_block_retype(*, user, block, kind, expected_version)
    text_block_correct(*, user, block, text, expected_version)
    article_update(*, user, article, fields: dict, bylines=None,
                   expected_version)      # bylines: [{"role", "name"}, ...]
    article_delete(*, user, article, expected_version)
    article_confirm(*, user, article, expected_version)
    page_resegment(*, user, page, expected_version)
    change_undo(*, user, change, expected_version)

Permissions: "Editor" (articles.change_textblock / change_article) may do the
corrections and undo them; "Reviewer" may also confirm articles
(articles.confirm_article) and re-run segmentation (articles.resegment_page).

The verbatim source is never touched: blocks keep pointing at spans of it, and
splits and merges keep those spans a partition of the source.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from articles.models import (
    BYLINE_ROLES,
    Article,
    Byline,
    Page,
    PageChange,
    PageChangeRow,
    PageCredit,
    TextBlock,
)
from articles.parsing import FURNITURE_KINDS, ArticleKind, BlockKind, parse_page
from articles.services.ingest import (
    article_body_sync,
    article_from_draft,
    publication_profiles,
)
from people.services import mentions_refresh, person_resolve_names
from search import indexing as search_indexing

Operation = PageChange.Operation
EDITOR_PERMISSIONS = ("articles.change_textblock", "articles.change_article")
CONFIRM_PERMISSION = "articles.confirm_article"
RESEGMENT_PERMISSION = "articles.resegment_page"
ARTICLE_FIELDS = ("rubric", "kicker", "headline", "subtitle", "kind")
# Added to sequences while rows are renumbered: (page, sequence) is unique and
# PostgreSQL checks it row by row during an UPDATE.
_SEQUENCE_PARKING = 1_000_000

_MODEL_NAMES = {
    Article: PageChangeRow.Model.ARTICLE,
    TextBlock: PageChangeRow.Model.TEXT_BLOCK,
    Byline: PageChangeRow.Model.BYLINE,
    Page: PageChangeRow.Model.PAGE,
    PageCredit: PageChangeRow.Model.PAGE_CREDIT,
}
_MODELS = {name: model for model, name in _MODEL_NAMES.items()}


class ConflictError(ValidationError):
    """The editor's view of the page is stale: someone saved in between."""


# --- permissions, locking, recording ------------------------------------------


def _require(user, *perms: str) -> None:
    if user is None or not user.is_active or not user.has_perms(perms):
        raise PermissionDenied(
            "You do not have permission to do this "
            f"({', '.join(p.split('.')[1] for p in perms)})."
        )


def _page_lock(page_id: int, expected_version: int | None) -> Page:
    page = Page.objects.select_for_update().get(pk=page_id)
    if expected_version is None or int(expected_version) != page.version:
        last = page.changes.select_related("user").first()
        who = (
            f" by {last.user or 'ingest'} at {last.created_at:%H:%M:%S}" if last else ""
        )
        raise ConflictError(
            f"This page was changed{who} after you opened it (your version "
            f"{expected_version}, now {page.version}). Nothing was saved: reload "
            "the page and redo your change.",
            code="conflict",
        )
    return page


@functools.cache
def _attnames(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields)


def _snapshot(obj: models.Model) -> dict[str, Any]:
    # Rows are loaded whole, so their values sit in __dict__ (a split records
    # every renumbered block of the page: this runs hundreds of times).
    values = obj.__dict__
    return {name: values[name] for name in _attnames(type(obj))}


def _article_of(model_name: str, state: dict[str, Any] | None) -> int | None:
    if not state:
        return None
    if model_name == PageChangeRow.Model.ARTICLE:
        return state.get("id")
    return state.get("article_id")


class _Recorder:
    """Collects the before state of rows as an operation touches them and
    writes one PageChange with their before/after at the end."""

    def __init__(self) -> None:
        self.before: dict[tuple[type, int], dict[str, Any] | None] = {}
        self.objects: dict[tuple[type, int], models.Model | None] = {}
        # Rows only renumbered: (model, pk) -> (field, before, after, article)
        self.shifts: dict[tuple[type, int], tuple[str, int, int, int | None]] = {}

    def shifted(self, objs: Iterable[models.Model], field: str, delta: int) -> None:
        """Record a renumbering without snapshotting whole rows (a split
        renumbers every later block of the page)."""
        for obj in objs:
            value = getattr(obj, field)
            self.shifts[(type(obj), obj.pk)] = (
                field,
                value,
                value + delta,
                getattr(obj, "article_id", None),
            )

    def track(self, *objs: models.Model) -> None:
        """Call before changing a row (or deleting it)."""
        for obj in objs:
            key = (type(obj), obj.pk)
            if key not in self.before:
                self.before[key] = _snapshot(obj)
                self.objects[key] = obj

    def created(self, *objs: models.Model) -> None:
        for obj in objs:
            self.before[(type(obj), obj.pk)] = None
            self.objects[(type(obj), obj.pk)] = obj

    def deleted(self, *objs: models.Model, pk: int | None = None) -> None:
        for obj in objs:
            key = (type(obj), pk or obj.pk)
            if key not in self.before:
                self.before[key] = _snapshot(obj)
            self.objects[key] = None

    def save(
        self, *, page: Page, user, operation: str, summary: str, undo_of=None
    ) -> PageChange:
        rows = []
        for (model, pk), before in self.before.items():
            obj = self.objects[(model, pk)]
            after = _snapshot(obj) if obj is not None else None
            if before is not None and after is not None:
                changed = [k for k in after if after[k] != before[k]]
                if not changed:
                    continue
                before = {k: before[k] for k in changed}
                after_state = {k: after[k] for k in changed}
                full_after = after
            else:
                after_state = after
                full_after = after or before
            name = _MODEL_NAMES[model]
            article_id = _article_of(name, full_after) or _article_of(
                name, self.before[(model, pk)]
            )
            rows.append(
                PageChangeRow(
                    model=name,
                    object_id=pk,
                    article_id=article_id,
                    before=before,
                    after=after_state,
                )
            )
        for (model, pk), (field, before, after, article_id) in self.shifts.items():
            if (model, pk) not in self.before:  # else tracked whole above
                rows.append(
                    PageChangeRow(
                        model=_MODEL_NAMES[model],
                        object_id=pk,
                        article_id=article_id,
                        before={field: before},
                        after={field: after},
                    )
                )
        if not rows:
            raise ValidationError("Nothing to change.", code="no_change")
        page.version += 1
        page.save(update_fields=["version"])
        change = PageChange(
            page=page,
            user=user,
            operation=operation,
            summary=summary,
            page_version=page.version,
            undo_of=undo_of,
        )
        change.full_clean(exclude=["page", "user", "undo_of"])
        change.save()
        for row in rows:
            row.change = change
        PageChangeRow.objects.bulk_create(rows)
        # Readers search the corrected text: reindex every article the change
        # touched once it commits (and drop deleted ones from the index).
        search_indexing.articles_changed(
            article_ids={row.article_id for row in rows if row.article_id}
            | {
                row.object_id
                for row in rows
                if row.model == PageChangeRow.Model.ARTICLE
            }
        )
        return change


def _save_rows(model: type[models.Model], objs: Sequence, fields: Iterable[str]):
    """bulk_update `objs`, parking their sequences first if those change."""
    objs = list(objs)
    fields = list(fields)
    if not objs:
        return
    if "sequence" in fields:
        model.objects.filter(pk__in=[o.pk for o in objs]).update(
            sequence=models.F("sequence") + _SEQUENCE_PARKING
        )
    model.objects.bulk_update(objs, fields)


def _shift(model: type[models.Model], ids: Sequence[int], field: str, delta: int):
    """Add `delta` to `field` of rows `ids` in one or two UPDATEs (a page's
    renumbering must not cost a statement per row)."""
    if not ids or not delta:
        return
    rows = model.objects.filter(pk__in=list(ids))
    if field == "sequence":
        rows.update(sequence=models.F("sequence") + _SEQUENCE_PARKING)
        rows.update(sequence=models.F("sequence") - _SEQUENCE_PARKING + delta)
    else:
        rows.update(**{field: models.F(field) + delta})


def _sync_bodies(recorder: _Recorder, articles: Iterable[Article | None]) -> None:
    """Recompose the bodies of `articles`, recording them as touched."""
    seen = set()
    for article in articles:
        if article is not None and article.pk not in seen:
            seen.add(article.pk)
            recorder.track(article)
            article_body_sync(article=article)


def _mark_edited(recorder: _Recorder, *articles: Article | None) -> None:
    for article in articles:
        if article is not None and article.status == Article.Status.MACHINE:
            recorder.track(article)
            article.status = Article.Status.EDITED
            article.save(update_fields=["status"])


def _blocks_of_page(page: Page, blocks: Iterable[TextBlock]) -> list[TextBlock]:
    """Fresh, locked copies of `blocks`, refusing blocks of another page."""
    ids = [b.pk for b in blocks]
    if not ids:
        raise ValidationError("Choose at least one block.", code="no_blocks")
    found = {
        b.pk: b
        for b in TextBlock.objects.select_for_update().filter(pk__in=ids, page=page)
    }
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            f"Block(s) {', '.join(map(str, missing))} are not on this page.",
            code="other_page",
        )
    return [found[pk] for pk in dict.fromkeys(ids)]


def _article_of_page(page: Page, article: Article) -> Article:
    found = Article.objects.filter(pk=article.pk, page=page).first()
    if found is None:
        raise ValidationError(
            f"Article {article.pk} is on another page; blocks can only move to an "
            "article of their own page.",
            code="other_page",
        )
    return found


# --- text: mapping a position in a block's text to its source span ------------


def _fold(char: str) -> str:
    # The parser swaps punctuation width and straightens/curls quotes.
    folded = unicodedata.normalize("NFKC", char)
    return {"“": '"', "”": '"', "‘": "'", "’": "'"}.get(folded, folded)


def _source_offset(source: str, start: int, end: int, machine: str, pos: int) -> int:
    """The source offset in [start, end] matching character `pos` of `machine`.

    The parser's cleaning only drops spaces and markup and swaps punctuation
    width, so the non-space characters of the cleaned text are found, in order,
    in the span; unmatched ones (rare) fall back to counting characters.
    """
    span = source[start:end]
    i = 0  # in span
    for k, char in enumerate(machine):
        if k == pos:
            break
        if char.isspace():
            continue
        target = _fold(char)
        j = i
        while j < len(span) and (span[j].isspace() or _fold(span[j]) != target):
            j += 1
        if j < len(span):
            i = j + 1
        else:  # not found: step over one non-space character
            while i < len(span) and span[i].isspace():
                i += 1
            i = min(i + 1, len(span))
    # A cut lands before the spaces that precede the next character.
    return start + i


def _machine_position(text: str, machine: str, pos: int) -> int:
    """Where position `pos` of the corrected text falls in the machine text."""
    if text == machine:
        return pos
    matcher = difflib.SequenceMatcher(None, text, machine, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i1 <= pos < i2 or (pos == i2 and tag == "equal"):
            if tag == "equal":
                return j1 + (pos - i1)
            return j1 if pos == i1 else j2
    return len(machine)


def _join(first: str, second: str) -> str:
    if first and second and first[-1].isascii() and second[0].isascii():
        if first[-1].isalnum() and second[0].isalnum():
            return f"{first} {second}"
    return first + second


# --- operations ---------------------------------------------------------------


@transaction.atomic
def text_block_split(
    *, user, block: TextBlock, position: int, expected_version: int
) -> PageChange:
    """Split a block in two at character `position` of its (corrected) text.

    The source span is cut where that character comes from, so the blocks
    still partition the source; the new block follows in source and reading
    order, in the same article with the same kind.
    """
    _require(user, *EDITOR_PERMISSIONS)
    page = _page_lock(block.page_id, expected_version)
    _blocks_of_page(page, [block])
    # One instance per row: the recorder reads the after state from them.
    blocks = {b.pk: b for b in TextBlock.objects.filter(page=page)}
    block = blocks[block.pk]
    position = int(position)
    if not 0 < position < len(block.text):
        raise ValidationError(
            f"Cannot split at {position}: choose a position between 1 and "
            f"{len(block.text) - 1} (the block has {len(block.text)} characters).",
            code="split_out_of_range",
        )
    head, tail = block.text[:position], block.text[position:]
    if not head.strip() or not tail.strip():
        raise ValidationError(
            "Both parts of a split must contain text.", code="split_empty"
        )
    machine_pos = _machine_position(block.text, block.machine_text, position)
    source = page.source.text
    cut = _source_offset(
        source, block.start, block.end, block.machine_text, machine_pos
    )
    cut = min(max(cut, block.start), block.end)

    recorder = _Recorder()
    recorder.track(block)
    following = []  # after the block in its article: their position moves
    if block.article_id is not None:
        following = [
            b
            for b in blocks.values()
            if b.article_id == block.article_id
            and b.pk != block.pk
            and b.position is not None
            and b.position > block.position
        ]
    # Few rows change position: tracked whole. Every later block of the page
    # moves one down in the source: recorded as a renumbering only.
    recorder.track(*following)
    later = [b for b in blocks.values() if b.sequence > block.sequence]
    recorder.shifted(later, "sequence", 1)
    _shift(TextBlock, [b.pk for b in later], "sequence", 1)
    _shift(TextBlock, [b.pk for b in following], "position", 1)
    for other in later:
        other.sequence += 1  # tracked ones need it for their after state
    for other in following:
        other.position += 1

    new = TextBlock(
        page=page,
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
    recorder.created(new)
    article = block.article
    _mark_edited(recorder, article)
    _sync_bodies(recorder, [article])
    return recorder.save(
        page=page,
        user=user,
        operation=Operation.SPLIT,
        summary=f"Split block {block.pk} at {position}: «{head[-10:]}|{tail[:10]}»",
    )


@transaction.atomic
def text_blocks_merge(
    *, user, blocks: Sequence[TextBlock], expected_version: int
) -> PageChange:
    """Merge blocks that follow each other in the source into the first one.

    They must be neighbours in the source (so the merged span is still one
    piece of the partition) and in the same article (or all unassigned). The
    text is joined in reading order; the other blocks are deleted, their text
    lives on in the merged block.
    """
    _require(user, *EDITOR_PERMISSIONS)
    if len({b.pk for b in blocks}) < 2:
        raise ValidationError("Choose at least two blocks to merge.", code="merge")
    page = _page_lock(blocks[0].page_id, expected_version)
    chosen = _blocks_of_page(page, blocks)
    if len({b.article_id for b in chosen}) > 1:
        raise ValidationError(
            "Blocks of different articles cannot be merged: move them into one "
            "article first.",
            code="merge_articles",
        )
    by_sequence = sorted(chosen, key=lambda b: (b.start, b.sequence))
    lo = by_sequence[0].sequence
    # Neighbours by source offsets, not sequence: re-segmentation numbers new
    # blocks after the kept ones.
    first_start = min(b.start for b in chosen)
    last_end = max(b.end for b in chosen)
    between = (
        TextBlock.objects.filter(page=page, start__lt=last_end, end__gt=first_start)
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
    in_reading = sorted(
        chosen,
        key=lambda b: (b.position if b.position is not None else b.sequence, b.pk),
    )
    if chosen[0].article_id is None:
        in_reading = by_sequence
    keep, rest = in_reading[0], in_reading[1:]
    recorder = _Recorder()
    recorder.track(*chosen)
    text, machine = keep.text, keep.machine_text
    kind = keep.kind
    for other in rest:
        if keep.kind == BlockKind.DATELINE and kind == BlockKind.DATELINE:
            # 本报讯 + its first sentence: one body paragraph, as compose_body
            # would join them.
            text, machine = f"{text} {other.text}", f"{machine} {other.machine_text}"
            kind = other.kind
        else:
            text = _join(text, other.text)
            machine = _join(machine, other.machine_text)
    for other in rest:
        recorder.deleted(other)
    TextBlock.objects.filter(pk__in=[b.pk for b in rest]).delete()
    keep.start = first_start
    keep.end = last_end
    keep.sequence = lo
    keep.text = text
    keep.machine_text = machine
    keep.kind = kind
    keep.confidence = min(b.confidence for b in chosen)
    keep.full_clean(exclude=["page", "article"], validate_constraints=False)
    keep.save()
    article = Article.objects.filter(pk=keep.article_id).first()
    _mark_edited(recorder, article)
    _sync_bodies(recorder, [article])
    return recorder.save(
        page=page,
        user=user,
        operation=Operation.MERGE,
        summary=f"Merged blocks {', '.join(str(b.pk) for b in in_reading)}",
    )


@transaction.atomic
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
    _require(user, *EDITOR_PERMISSIONS)
    if not blocks:
        raise ValidationError("Choose at least one block.", code="no_blocks")
    page = _page_lock(blocks[0].page_id, expected_version)
    chosen = _blocks_of_page(page, blocks)
    recorder = _Recorder()
    sources = {
        a.pk: a
        for a in Article.objects.filter(
            pk__in={b.article_id for b in chosen if b.article_id}
        )
    }
    if new_article:
        last = page.articles.aggregate(m=models.Max("sequence"))["m"]
        target = Article(
            page=page,
            sequence=0 if last is None else last + 1,
            kind=ArticleKind.NEWS,
            status=Article.Status.EDITED,
        )
        target.full_clean(exclude=["page"], validate_constraints=False)
        target.save()
        recorder.created(target)
    elif article is not None:
        target = sources.get(article.pk) or _article_of_page(page, article)
    else:
        target = None
    if target is not None:
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
        first = 0 if last is None else last + 1
    recorder.track(*chosen)
    for offset, block in enumerate(chosen):
        block.article = target
        block.position = None if target is None else first + offset
    _save_rows(TextBlock, chosen, ["article", "position"])
    _mark_edited(recorder, *sources.values(), target)
    _sync_bodies(recorder, [*sources.values(), target])
    where = (
        "a new article"
        if new_article
        else (f"article {target.pk}" if target else "the page (no article)")
    )
    return recorder.save(
        page=page,
        user=user,
        operation=Operation.MOVE,
        summary=f"Moved block(s) {', '.join(str(b.pk) for b in chosen)} to {where}",
    )


@transaction.atomic
def article_blocks_reorder(
    *, user, article: Article, block_ids: Sequence[int], expected_version: int
) -> PageChange:
    """Put an article's blocks in the order of `block_ids` (all of them)."""
    _require(user, *EDITOR_PERMISSIONS)
    page = _page_lock(article.page_id, expected_version)
    article = _article_of_page(page, article)
    block_ids = [int(pk) for pk in block_ids]
    blocks = {b.pk: b for b in TextBlock.objects.filter(article=article)}
    if sorted(block_ids) != sorted(blocks):
        raise ValidationError(
            "The new order must list every block of the article exactly once.",
            code="reorder",
        )
    recorder = _Recorder()
    ordered = [blocks[pk] for pk in block_ids]
    recorder.track(*ordered)
    for position, block in enumerate(ordered):
        block.position = position
    _save_rows(TextBlock, ordered, ["position"])
    _mark_edited(recorder, article)
    _sync_bodies(recorder, [article])
    return recorder.save(
        page=page,
        user=user,
        operation=Operation.REORDER,
        summary=f"Reordered the blocks of article {article.pk}",
    )


@transaction.atomic
def text_block_retype(
    *, user, block: TextBlock, kind: str, expected_version: int
) -> PageChange:
    """Change a block's kind; furniture leaves its article."""
    _require(user, *EDITOR_PERMISSIONS)
    if kind not in BlockKind.__members__.values():
        raise ValidationError(f"Unknown block kind {kind!r}.", code="kind")
    page = _page_lock(block.page_id, expected_version)
    block = _blocks_of_page(page, [block])[0]
    if block.kind == kind:
        raise ValidationError(f"Block {block.pk} is already {kind}.", code="kind")
    recorder = _Recorder()
    recorder.track(block)
    article = block.article
    block.kind = kind
    block.origin = "editor"
    if kind in FURNITURE_KINDS:
        block.article = None
        block.position = None
    block.full_clean(exclude=["page", "article"], validate_constraints=False)
    block.save()
    _mark_edited(recorder, article)
    _sync_bodies(recorder, [article])
    return recorder.save(
        page=page,
        user=user,
        operation=Operation.RETYPE,
        summary=f"Block {block.pk} is now {kind}",
    )


@transaction.atomic
def text_block_correct(
    *, user, block: TextBlock, text: str, expected_version: int
) -> PageChange:
    """Correct a block's reading text; the source and machine text stay."""
    _require(user, *EDITOR_PERMISSIONS)
    text = (text or "").strip()
    if not text:
        raise ValidationError(
            "A correction cannot be empty: move the block out of the article or "
            "change its kind instead.",
            code="empty_text",
        )
    page = _page_lock(block.page_id, expected_version)
    block = _blocks_of_page(page, [block])[0]
    recorder = _Recorder()
    recorder.track(block)
    block.text = text
    block.origin = "editor"
    block.full_clean(exclude=["page", "article"], validate_constraints=False)
    block.save(update_fields=["text", "origin"])
    article = block.article
    _mark_edited(recorder, article)
    _sync_bodies(recorder, [article])
    return recorder.save(
        page=page,
        user=user,
        operation=Operation.CORRECT,
        summary=f"Corrected block {block.pk}",
    )


@transaction.atomic
def article_update(
    *,
    user,
    article: Article,
    fields: dict[str, Any],
    bylines: Sequence[dict[str, str]] | None = None,
    expected_version: int,
) -> PageChange:
    """Edit an article's rubric, kicker, headline, subtitle and kind, and
    (when `bylines` is given) replace its bylines with [{"role", "name"}]."""
    _require(user, *EDITOR_PERMISSIONS)
    unknown = set(fields) - set(ARTICLE_FIELDS)
    if unknown:
        raise ValidationError(
            f"Unknown article field(s): {', '.join(sorted(unknown))}.", code="field"
        )
    page = _page_lock(article.page_id, expected_version)
    article = _article_of_page(page, article)
    recorder = _Recorder()
    recorder.track(article)
    for name, value in fields.items():
        value = (value or "").strip()
        if name == "kind":
            setattr(article, name, value)
        else:
            setattr(article, name, value or None)
    article.status = Article.Status.EDITED
    article.full_clean(exclude=["page"], validate_constraints=False)
    article.save()
    if bylines is not None:
        wanted = [
            {"role": (b.get("role") or "").strip(), "name": (b.get("name") or "")}
            for b in bylines
        ]
        wanted = [
            {"role": b["role"], "name": "".join(b["name"].split())}
            for b in wanted
            if b["role"] or b["name"]
        ]
        for b in wanted:
            if b["role"] not in BYLINE_ROLES:
                raise ValidationError(
                    f"Unknown byline role {b['role']!r}.", code="byline_role"
                )
        current = list(article.bylines.order_by("position"))
        if [(b.role, b.name) for b in current] != [
            (b["role"], b["name"]) for b in wanted
        ]:
            people = person_resolve_names(names=[b["name"] for b in wanted])
            for old in current:
                recorder.deleted(old)
            Byline.objects.filter(pk__in=[b.pk for b in current]).delete()
            new = [
                Byline(
                    article=article,
                    role=b["role"],
                    name=b["name"],
                    person=people.get(b["name"]),
                    position=position,
                )
                for position, b in enumerate(wanted)
            ]
            for byline in new:
                byline.full_clean(exclude=["article", "person"])
                byline.save()
            recorder.created(*new)
    return recorder.save(
        page=page,
        user=user,
        operation=Operation.ARTICLE_UPDATE,
        summary=f"Edited article {article.pk} ({article})",
    )


@transaction.atomic
def article_delete(*, user, article: Article, expected_version: int) -> PageChange:
    """Delete an article; its blocks stay on the page, unassigned."""
    _require(user, *EDITOR_PERMISSIONS)
    page = _page_lock(article.page_id, expected_version)
    article = _article_of_page(page, article)
    recorder = _Recorder()
    blocks = list(article.blocks.all())
    recorder.track(*blocks)
    for block in blocks:
        block.article = None
        block.position = None
    _save_rows(TextBlock, blocks, ["article", "position"])
    bylines = list(article.bylines.all())
    recorder.deleted(*bylines)
    recorder.deleted(article)
    pk = article.pk
    article.delete()
    article.pk = pk
    return recorder.save(
        page=page,
        user=user,
        operation=Operation.ARTICLE_DELETE,
        summary=f"Deleted article {pk} ({article}); its blocks stay on the page",
    )


@transaction.atomic
def article_confirm(*, user, article: Article, expected_version: int) -> PageChange:
    """Mark an article as checked by a reviewer."""
    _require(user, CONFIRM_PERMISSION)
    page = _page_lock(article.page_id, expected_version)
    article = _article_of_page(page, article)
    if article.status == Article.Status.CONFIRMED:
        raise ValidationError("This article is already confirmed.", code="confirmed")
    recorder = _Recorder()
    recorder.track(article)
    article.status = Article.Status.CONFIRMED
    article.save(update_fields=["status"])
    return recorder.save(
        page=page,
        user=user,
        operation=Operation.CONFIRM,
        summary=f"Confirmed article {article.pk} ({article})",
    )


@transaction.atomic
def page_resegment(*, user, page: Page, expected_version: int) -> PageChange:
    """Re-run the automatic segmentation over the part of the page that no
    editor has touched.

    Articles an editor edited or confirmed keep their rows and blocks exactly
    as they are; the parser's proposal is applied to the rest of the source:
    machine articles and the unassigned blocks are replaced, draft blocks that
    overlap a kept block are dropped, and any source text left uncovered gets an
    "unknown" block, so the blocks still partition the source.
    """
    _require(user, RESEGMENT_PERMISSION)
    page = _page_lock(page.pk, expected_version)
    source = page.source.text
    draft = parse_page(
        source, profiles=publication_profiles(), source_name=page.source.file_name
    )
    kept_articles = list(page.articles.exclude(status=Article.Status.MACHINE))
    kept_ids = {a.pk for a in kept_articles}
    blocks = list(page.blocks.all())
    kept = [b for b in blocks if b.article_id in kept_ids]
    dropped = [b for b in blocks if b.article_id not in kept_ids]
    old_articles = list(page.articles.filter(status=Article.Status.MACHINE))
    old_bylines = list(Byline.objects.filter(article__in=old_articles))

    recorder = _Recorder()
    recorder.deleted(*dropped, *old_bylines, *old_articles)
    TextBlock.objects.filter(pk__in=[b.pk for b in dropped]).delete()
    Byline.objects.filter(pk__in=[b.pk for b in old_bylines]).delete()
    Article.objects.filter(pk__in=[a.pk for a in old_articles]).delete()

    taken = sorted((b.start, b.end) for b in kept)

    def overlaps(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in taken)

    chosen = {i: b for i, b in enumerate(draft.blocks) if not overlaps(b.start, b.end)}
    spans = sorted([*taken, *((b.start, b.end) for b in chosen.values())])
    gaps, cursor = [], 0
    for s, e in [*spans, (len(source), len(source))]:
        if source[cursor:s].strip():
            gaps.append((cursor, s))
        cursor = max(cursor, e)

    sequence_base = max([b.sequence for b in kept], default=-1) + 1
    next_article = max([a.sequence for a in kept_articles], default=-1) + 1
    new_articles: dict[int, Article] = {}
    people = person_resolve_names(
        names=[c.name for a in draft.articles for c in a.bylines if c.name]
    )
    new_bylines = []
    for number, a in enumerate(draft.articles):
        if not any(i in chosen for i in a.blocks):
            continue
        article = article_from_draft(page=page, sequence=next_article, draft=a)
        next_article += 1
        article.full_clean(exclude=["page"], validate_constraints=False)
        article.save()
        new_articles[number] = article
        new_bylines += [
            Byline(
                article=article,
                role=c.role,
                name=c.name or "",
                person=people.get(c.name) if c.name else None,
                position=position,
            )
            for position, c in enumerate(a.bylines)
        ]
    Byline.objects.bulk_create(new_bylines)
    placement = {
        i: (number, position)
        for number, a in enumerate(draft.articles)
        for position, i in enumerate(a.blocks)
    }
    new_blocks = []
    for i, b in chosen.items():
        number, position = placement.get(i, (b.article, None))
        new_blocks.append(
            TextBlock(
                page=page,
                sequence=0,
                start=b.start,
                end=b.end,
                kind=b.kind,
                machine_text=b.text,
                text=b.text,
                article=new_articles.get(number) if number is not None else None,
                position=position if number in new_articles else None,
                joins_previous=b.joins_previous,
                confidence=b.confidence,
            )
        )
    for s, e in gaps:
        text = " ".join(source[s:e].split())
        new_blocks.append(
            TextBlock(
                page=page,
                sequence=0,
                start=s,
                end=e,
                kind=BlockKind.UNKNOWN,
                machine_text=text,
                text=text,
                confidence=0.0,
            )
        )
    # New blocks take sequences after the kept ones, in source order; kept
    # rows are not renumbered, so they stay exactly as the editor left them.
    new_blocks.sort(key=lambda b: b.start)
    for offset, block in enumerate(new_blocks):
        block.sequence = sequence_base + offset
    new_blocks = TextBlock.objects.bulk_create(new_blocks)
    if new_blocks and new_blocks[0].pk is None:
        by_sequence = dict(
            TextBlock.objects.filter(page=page).values_list("sequence", "pk")
        )
        for block in new_blocks:
            block.pk = by_sequence[block.sequence]
    if new_bylines and new_bylines[0].pk is None:
        new_bylines = list(Byline.objects.filter(article__in=new_articles.values()))
    for article in new_articles.values():
        article_body_sync(article=article)
    recorder.created(*new_articles.values(), *new_bylines, *new_blocks)
    return recorder.save(
        page=page,
        user=user,
        operation=Operation.RESEGMENT,
        summary=(
            f"Re-segmented: kept {len(kept_articles)} edited article(s), "
            f"{len(new_articles)} new machine article(s)"
        ),
    )


def _pure_shift(row: PageChangeRow) -> tuple[str, int] | None:
    """(field, delta) when the row's only change was renumbering."""
    if not row.before or not row.after or len(row.after) != 1:
        return None
    (field,) = row.after
    before, after = row.before.get(field), row.after[field]
    if field in ("sequence", "position") and None not in (before, after):
        return field, after - before
    return None


@transaction.atomic
def change_undo(
    *,
    user,
    change: PageChange,
    expected_version: int,
    operation: str = Operation.UNDO,
) -> PageChange:
    """Reverse one change: put every row it touched back as it was before.

    Refused when a later change touched the same rows since (undo that one
    first), so an undo never destroys anyone's later work. The reversal is
    itself a change (`operation` UNDO, or REDO when it reverses an undo:
    articles.services.undo_redo steps through the history with it).
    """
    root = change
    while root.undo_of_id is not None:  # the original change of an undo chain
        root = PageChange.objects.get(pk=root.undo_of_id)
    needed = {
        Operation.CONFIRM: (CONFIRM_PERMISSION,),
        Operation.RESEGMENT: (RESEGMENT_PERMISSION,),
        Operation.REPLACE: (RESEGMENT_PERMISSION,),
    }.get(root.operation, EDITOR_PERMISSIONS)
    _require(user, *needed)
    page = _page_lock(change.page_id, expected_version)
    change = PageChange.objects.select_for_update().get(pk=change.pk)
    if PageChange.objects.filter(undo_of=change).exists():
        raise ValidationError("This change has already been undone.", code="undone")
    rows = list(change.rows.all())
    current: dict[tuple[str, int], models.Model] = {}
    for name, model in _MODELS.items():
        ids = [r.object_id for r in rows if r.model == name]
        for obj in model.objects.select_for_update().filter(pk__in=ids):
            current[(name, obj.pk)] = obj
    for row in rows:
        obj = current.get((row.model, row.object_id))
        state = _snapshot(obj) if obj is not None else None
        if row.after is None:
            stale = state is not None
        else:
            stale = state is None or any(state[k] != v for k, v in row.after.items())
        if stale:
            raise ConflictError(
                f"Cannot undo “{change.summary}”: a later change touched the same "
                f"{row.model} ({row.object_id}). Undo the later change first.",
                code="undo_conflict",
            )
    recorder = _Recorder()
    recreated: list[Article] = []
    # Delete what the change created: blocks and bylines before articles.
    order = [
        PageChangeRow.Model.BYLINE,
        PageChangeRow.Model.PAGE_CREDIT,
        PageChangeRow.Model.TEXT_BLOCK,
        PageChangeRow.Model.ARTICLE,
        PageChangeRow.Model.PAGE,
    ]
    for name in order:
        gone = [
            current[(name, r.object_id)]
            for r in rows
            if r.model == name and r.before is None
        ]
        recorder.deleted(*gone)
        _MODELS[name].objects.filter(pk__in=[o.pk for o in gone]).delete()
    # Restore: articles first (blocks and bylines point at them).
    for name in reversed(order):
        model = _MODELS[name]
        restored, updated, fields = [], [], set()
        shifts: dict[tuple[str, int], list[int]] = {}
        for row in rows:
            if row.model != name or row.before is None:
                continue
            shift = _pure_shift(row)
            if shift is not None:
                # Renumbered rows go back with one UPDATE per shift.
                obj = current[(name, row.object_id)]
                field, delta = shift
                recorder.shifted([obj], field, -delta)
                setattr(obj, field, row.before[field])
                shifts.setdefault(shift, []).append(obj.pk)
                continue
            if row.after is None:
                obj = model(**row.before)
                restored.append(obj)
            else:
                obj = current[(name, row.object_id)]
                recorder.track(obj)
                for key, value in row.before.items():
                    setattr(obj, key, value)
                    fields.add(key)
                updated.append(obj)
        # Park every row being renumbered first, so that no intermediate
        # state repeats a (page, sequence) pair.
        renumbered = [
            pk for (f, _), ids in shifts.items() if f == "sequence" for pk in ids
        ]
        if "sequence" in fields:
            renumbered += [o.pk for o in updated]
        if renumbered:
            model.objects.filter(pk__in=renumbered).update(
                sequence=models.F("sequence") + _SEQUENCE_PARKING
            )
        for (field, delta), ids in shifts.items():
            parked = _SEQUENCE_PARKING if field == "sequence" else 0
            model.objects.filter(pk__in=ids).update(
                **{field: models.F(field) - parked - delta}
            )
        if updated:
            model.objects.bulk_update(updated, list(fields))
        if restored:
            model.objects.bulk_create(restored)
            recorder.created(*restored)
            if model is Article:
                recreated = restored
    # Every article a row belonged to, before or after; renumbering alone
    # does not change what readers see.
    affected = set()
    for row in rows:
        if _pure_shift(row):
            continue
        if row.model == PageChangeRow.Model.ARTICLE:
            affected.add(row.object_id)
        for state in (row.before, row.after):
            if state and state.get("article_id"):
                affected.add(state["article_id"])
    known = {
        obj.pk: obj
        for (model, _), obj in recorder.objects.items()
        if model is Article and obj is not None
    }
    articles = [known.get(a.pk, a) for a in Article.objects.filter(pk__in=affected)]
    _sync_bodies(recorder, articles)
    if root.operation == Operation.REPLACE:
        # A replace found the names of the texts it changed: so does its undo.
        mentions_refresh(articles=articles, date=page.issue.date)
    elif recreated:
        # Their names went with them (a re-segmentation deleted them): find
        # them again.
        mentions_refresh(articles=recreated, date=page.issue.date)
    return recorder.save(
        page=page,
        user=user,
        operation=operation,
        summary=(
            _("Redid “{summary}”")
            if operation == Operation.REDO
            else _("Undid “{summary}”")
        ).format(summary=root.summary),
        undo_of=change,
    )
