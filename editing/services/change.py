"""One edit of a page, written once: the context manager every operation runs in.

    with page_change(user=user, page_id=block.page_id, expected_version=v,
                     operation=Operation.RETYPE) as change:
        block = change.blocks([block])[0]
        change.track(block)
        ...                      # change and save the rows
        change.articles_edited(block.article)
        change.summary = f"Block {block.pk} is now {kind}"
    return change.result

It checks the permission, locks the page and refuses a stale version, runs
the body in one transaction, then recomposes the bodies of the articles
touched, records everything as one PageChange (bumping Page.version) and bumps
the archive revision once the transaction commits, so cached API responses
never outlive an editorial write.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence

from django.db import models, transaction

from articles.models import Article, PageChange, TextBlock
from articles.services.archive import archive_changed
from articles.services.compose import article_body_sync
from editing.services.history import Recorder
from editing.services.locking import (
    EDITOR_PERMISSIONS,
    page_article,
    page_blocks_locked,
    page_lock,
    permissions_require,
)

Operation = PageChange.Operation
# Added to sequences while rows are renumbered: (page, sequence) is unique and
# PostgreSQL checks it row by row during an UPDATE.
SEQUENCE_PARKING = 1_000_000


class PageEdit:
    """An edit in progress: the locked page, the rows it touched, and what the
    change will say (`summary`, `undo_of`). `result` is the PageChange once
    the `with` block is done."""

    def __init__(self, *, page, user, operation: str) -> None:
        self.page = page
        self.user = user
        self.operation = operation
        self.recorder = Recorder()
        self.summary = ""
        self.undo_of: PageChange | None = None
        self.result: PageChange | None = None
        self._bodies: dict[int, Article] = {}

    # Recording rows (see history.Recorder).
    def track(self, *objs: models.Model) -> None:
        self.recorder.track(*objs)

    def created(self, *objs: models.Model) -> None:
        self.recorder.created(*objs)

    def deleted(self, *objs: models.Model) -> None:
        self.recorder.deleted(*objs)

    # Rows of this page, locked or refused.
    def blocks(self, blocks: Iterable[TextBlock]) -> list[TextBlock]:
        return page_blocks_locked(self.page, blocks)

    def article(self, article: Article) -> Article:
        return page_article(self.page, article)

    def articles_edited(self, *articles: Article | None) -> None:
        """Articles whose blocks changed: a machine article becomes "edited",
        and its body is recomposed when the edit ends."""
        for article in articles:
            if article is not None and article.status == Article.Status.MACHINE:
                self.recorder.track(article)
                article.status = Article.Status.EDITED
                article.save(update_fields=["status"])
        self.bodies_sync(*articles)

    def bodies_sync(self, *articles: Article | None) -> None:
        """Recompose the bodies of `articles` when the edit ends."""
        for article in articles:
            if article is not None:
                self._bodies.setdefault(article.pk, article)

    def _finish(self) -> PageChange:
        for article in self._bodies.values():
            self.recorder.track(article)
            article_body_sync(article=article)
        self.result = self.recorder.save(
            page=self.page,
            user=self.user,
            operation=self.operation,
            summary=self.summary,
            undo_of=self.undo_of,
        )
        archive_changed()
        return self.result


@contextlib.contextmanager
def page_change(
    *,
    user,
    page_id: int,
    expected_version: int | None,
    operation: str,
    permissions: Sequence[str] = EDITOR_PERMISSIONS,
) -> Iterator[PageEdit]:
    """Run one editorial change of a page (see the module docstring)."""
    permissions_require(user, *permissions)
    with transaction.atomic():
        page = page_lock(page_id, expected_version)
        change = PageEdit(page=page, user=user, operation=operation)
        yield change
        change._finish()


def rows_save(model: type[models.Model], objs: Sequence, fields: Iterable[str]):
    """bulk_update `objs`, parking their sequences first if those change."""
    objs = list(objs)
    fields = list(fields)
    if not objs:
        return
    if "sequence" in fields:
        model.objects.filter(pk__in=[o.pk for o in objs]).update(
            sequence=models.F("sequence") + SEQUENCE_PARKING
        )
    model.objects.bulk_update(objs, fields)


def rows_shift(model: type[models.Model], ids: Sequence[int], field: str, delta: int):
    """Add `delta` to `field` of rows `ids` in one or two UPDATEs (a page's
    renumbering must not cost a statement per row)."""
    if not ids or not delta:
        return
    rows = model.objects.filter(pk__in=list(ids))
    if field == "sequence":
        rows.update(sequence=models.F("sequence") + SEQUENCE_PARKING)
        rows.update(sequence=models.F("sequence") - SEQUENCE_PARKING + delta)
    else:
        rows.update(**{field: models.F(field) + delta})
