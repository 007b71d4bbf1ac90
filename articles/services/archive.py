"""The archive's change counter (ArchiveRevision): the API keys its cache
and Last-Modified on it. Every service that writes the archive calls
archive_changed() (ingest, editing, people, admin saves, commands): the
service layer, not a request middleware, so a write made by a command or a
shell is seen at once too."""

import contextlib
import threading
from collections.abc import Iterator

from django.db import connection, transaction
from django.utils import timezone

from articles.models import ArchiveRevision

_batch = threading.local()


def archive_changed() -> None:
    """Record that the archive changed, in the caller's transaction (or,
    inside archive_changes_batched, once after the batch).

    Readers key cached API responses on the revision (newsroom.api); the
    bump commits (or rolls back) with the change itself, so no reader sees
    the new revision before the new data, nor new data under a revision
    that the bump has not yet passed. The revision's row stays locked until
    the commit: call this at the end of a service, after its writes.
    """
    if getattr(_batch, "depth", 0):
        # Noted on commit: a file's savepoint rolled back forgets it.
        transaction.on_commit(_batch_change_committed)
        return
    archive_revision_bump()


def _batch_change_committed() -> None:
    _batch.changed = True


@contextlib.contextmanager
def archive_changes_batched() -> Iterator[None]:
    """Count the changes made inside as one, bumped when the block ends.

    For bulk writes (the ingest's batches of pages): a bump inside the
    batch's transaction would hold the revision's row locked for the whole
    batch, so that every other writer (an editor, a second ingest) waited
    for it. Enter it outside the transaction: the bump then comes after the
    commit, so no reader sees the new revision before the new data (a
    reader that caches the new data under the old revision is corrected by
    the bump). Nested blocks bump once, when the outermost ends; a block
    that fails bumps if a change in it committed; a change whose savepoint
    rolled back (a refused file) is not counted.
    """
    depth = getattr(_batch, "depth", 0)
    if depth == 0:
        _batch.changed = False
    _batch.depth = depth + 1
    try:
        yield
    finally:
        _batch.depth = depth
        if depth == 0 and (_batch.changed or _batch_change_pending()):
            _batch.changed = False
            archive_revision_bump()


def _batch_change_pending() -> bool:
    """A change noted in the batch waits for an outer transaction's commit
    (a test's, a dry run's): the bump joins that transaction."""
    return any(
        func is _batch_change_committed
        for _ids, func, _robust in connection.run_on_commit
    )


def archive_revision_bump() -> None:
    """Count one change of the archive, now.

    One statement, the row created by the first change ever (or after a
    test database's flush): an upsert, which SQLite and PostgreSQL both
    speak, costs a single round trip inside every writing transaction.
    """
    table = connection.ops.quote_name(ArchiveRevision._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, revision, changed_at) VALUES (1, 1, %s) "
            "ON CONFLICT (id) DO UPDATE SET "
            f"revision = {table}.revision + 1, changed_at = excluded.changed_at",
            [now],
        )


def archive_statistics_refresh() -> None:
    """Refresh the database's planner statistics after a bulk load.

    Lists in date order (the API's articles, pages and issues) walk the
    issue-date index only when the planner knows the issues are few beside
    the articles; without statistics SQLite sorts the whole archive for every
    page of results. PostgreSQL's autovacuum would get there eventually;
    SQLite never does on its own. `analysis_limit` keeps SQLite's pass to a
    sample, so it stays quick on a large archive.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE")
