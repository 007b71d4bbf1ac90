"""Undo: put every row a change touched back as it was, as a change itself."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from articles.models import Article, PageChange, PageChangeRow
from editing.services.change import SEQUENCE_PARKING, PageEdit, page_change
from editing.services.history import MODELS, snapshot
from editing.services.locking import (
    CONFIRM_PERMISSION,
    EDITOR_PERMISSIONS,
    RESEGMENT_PERMISSION,
    ConflictError,
)

Operation = PageChange.Operation
# Deleting what a change created: blocks and bylines before articles;
# restoring goes the other way (blocks and bylines point at articles).
_ORDER = [
    PageChangeRow.Model.BYLINE,
    PageChangeRow.Model.TEXT_BLOCK,
    PageChangeRow.Model.ARTICLE,
]


def _pure_shift(row: PageChangeRow) -> tuple[str, int] | None:
    """(field, delta) when the row's only change was renumbering."""
    if not row.before or not row.after or len(row.after) != 1:
        return None
    (field,) = row.after
    before, after = row.before.get(field), row.after[field]
    if field in ("sequence", "position") and None not in (before, after):
        return field, after - before
    return None


def change_undo(*, user, change: PageChange, expected_version: int) -> PageChange:
    """Undo one change: put every row it touched back as it was before.

    Refused when a later change touched the same rows since (undo that one
    first), so an undo never destroys anyone's later work. The undo is itself
    a change (undoing it redoes the original).
    """
    needed = {
        Operation.CONFIRM: (CONFIRM_PERMISSION,),
        Operation.RESEGMENT: (RESEGMENT_PERMISSION,),
    }.get(change.operation, EDITOR_PERMISSIONS)
    with page_change(
        user=user,
        page_id=change.page_id,
        expected_version=expected_version,
        operation=Operation.UNDO,
        permissions=needed,
    ) as edit:
        change = PageChange.objects.select_for_update().get(pk=change.pk)
        if PageChange.objects.filter(undo_of=change).exists():
            raise ValidationError("This change has already been undone.", code="undone")
        rows = list(change.rows.all())
        current = _rows_current(change, rows)
        for name in _ORDER:
            gone = [
                current[(name, r.object_id)]
                for r in rows
                if r.model == name and r.before is None
            ]
            edit.deleted(*gone)
            MODELS[name].objects.filter(pk__in=[o.pk for o in gone]).delete()
        for name in reversed(_ORDER):
            _rows_restore(edit, name, [r for r in rows if r.model == name], current)
        known = {
            obj.pk: obj
            for (model, _), obj in edit.recorder.objects.items()
            if model is Article and obj is not None
        }
        affected = Article.objects.filter(pk__in=_articles_affected(rows))
        edit.bodies_sync(*(known.get(a.pk, a) for a in affected))
        edit.summary = f"Undid “{change.summary}”"
        edit.undo_of = change
    return edit.result


def _rows_current(change: PageChange, rows: list[PageChangeRow]) -> dict:
    """The rows as they are now, locked ({(model name, pk): row}); refused
    when a later change touched one of them."""
    current: dict[tuple[str, int], models.Model] = {}
    for name, model in MODELS.items():
        ids = [r.object_id for r in rows if r.model == name]
        for obj in model.objects.select_for_update().filter(pk__in=ids):
            current[(name, obj.pk)] = obj
    for row in rows:
        obj = current.get((row.model, row.object_id))
        state = snapshot(obj) if obj is not None else None
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
    return current


def _rows_restore(
    edit: PageEdit, name: str, rows: list[PageChangeRow], current: dict
) -> None:
    """Put the rows of one model back to their before state."""
    model = MODELS[name]
    restored, updated, fields = [], [], set()
    shifts: dict[tuple[str, int], list[int]] = {}
    for row in rows:
        if row.before is None:
            continue
        shift = _pure_shift(row)
        if shift is not None:
            # Renumbered rows go back with one UPDATE per shift.
            obj = current[(name, row.object_id)]
            field, delta = shift
            edit.recorder.shifted([obj], field, -delta)
            setattr(obj, field, row.before[field])
            shifts.setdefault(shift, []).append(obj.pk)
            continue
        if row.after is None:
            obj = model(**row.before)
            restored.append(obj)
        else:
            obj = current[(name, row.object_id)]
            edit.track(obj)
            for key, value in row.before.items():
                setattr(obj, key, value)
                fields.add(key)
            updated.append(obj)
    # Park every row being renumbered first, so that no intermediate
    # state repeats a (page, sequence) pair.
    renumbered = [pk for (f, _), ids in shifts.items() if f == "sequence" for pk in ids]
    if "sequence" in fields:
        renumbered += [o.pk for o in updated]
    if renumbered:
        model.objects.filter(pk__in=renumbered).update(
            sequence=models.F("sequence") + SEQUENCE_PARKING
        )
    for (field, delta), ids in shifts.items():
        parked = SEQUENCE_PARKING if field == "sequence" else 0
        model.objects.filter(pk__in=ids).update(
            **{field: models.F(field) - parked - delta}
        )
    if updated:
        model.objects.bulk_update(updated, list(fields))
    if restored:
        model.objects.bulk_create(restored)
        edit.created(*restored)


def _articles_affected(rows: list[PageChangeRow]) -> set[int]:
    """Every article a row belonged to, before or after; renumbering alone
    does not change what readers see."""
    affected = set()
    for row in rows:
        if _pure_shift(row):
            continue
        if row.model == PageChangeRow.Model.ARTICLE:
            affected.add(row.object_id)
        for state in (row.before, row.after):
            if state and state.get("article_id"):
                affected.add(state["article_id"])
    return affected
