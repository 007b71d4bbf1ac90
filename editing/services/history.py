"""What an edit changed: snapshots of rows before and after, written as one
PageChange with a PageChangeRow per row touched (the history undo reads)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from articles.models import (
    Article,
    Byline,
    Page,
    PageChange,
    PageChangeRow,
    PageCredit,
    TextBlock,
)
from articles.services.listings import listings_refresh
from search import indexing as search_indexing

MODEL_NAMES = {
    Article: PageChangeRow.Model.ARTICLE,
    TextBlock: PageChangeRow.Model.TEXT_BLOCK,
    Byline: PageChangeRow.Model.BYLINE,
    # A replaced source (ingest --replace): the page's source and credits.
    Page: PageChangeRow.Model.PAGE,
    PageCredit: PageChangeRow.Model.PAGE_CREDIT,
}
MODELS = {name: model for model, name in MODEL_NAMES.items()}


@functools.cache
def _attnames(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Every column of a row, as stored."""
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


class Recorder:
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
                self.before[key] = snapshot(obj)
                self.objects[key] = obj

    def created(self, *objs: models.Model) -> None:
        for obj in objs:
            self.before[(type(obj), obj.pk)] = None
            self.objects[(type(obj), obj.pk)] = obj

    def deleted(self, *objs: models.Model) -> None:
        for obj in objs:
            key = (type(obj), obj.pk)
            if key not in self.before:
                self.before[key] = snapshot(obj)
            self.objects[key] = None

    def rows(self) -> list[PageChangeRow]:
        """One unsaved row per record that changed, with only what changed."""
        rows = [
            row
            for (model, pk), before in self.before.items()
            if (row := self._row(model, pk, before)) is not None
        ]
        for (model, pk), (field, before, after, article_id) in self.shifts.items():
            if (model, pk) not in self.before:  # else tracked whole above
                rows.append(
                    PageChangeRow(
                        model=MODEL_NAMES[model],
                        object_id=pk,
                        article_id=article_id,
                        before={field: before},
                        after={field: after},
                    )
                )
        return rows

    def _row(self, model, pk, before) -> PageChangeRow | None:
        obj = self.objects[(model, pk)]
        after = snapshot(obj) if obj is not None else None
        if before is not None and after is not None:
            changed = [k for k in after if after[k] != before[k]]
            if not changed:
                return None
            before = {k: before[k] for k in changed}
            after_state = {k: after[k] for k in changed}
            full_after = after
        else:
            after_state = after
            full_after = after or before
        name = MODEL_NAMES[model]
        article_id = _article_of(name, full_after) or _article_of(
            name, self.before[(model, pk)]
        )
        return PageChangeRow(
            model=name,
            object_id=pk,
            article_id=article_id,
            before=before,
            after=after_state,
        )

    def save(
        self, *, page: Page, user, operation: str, summary: str, undo_of=None
    ) -> PageChange:
        """Write the change and its rows, bump the page's version, make its
        articles' entries in the API's listing again and queue the touched
        articles for reindexing."""
        rows = self.rows()
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
        # The version is in every listed article of the page.
        listings_refresh(page_ids=[page.pk])
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
