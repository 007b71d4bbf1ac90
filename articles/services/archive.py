"""The archive's change counter (ArchiveRevision): the API keys its cache
and Last-Modified on it. Every service that writes the archive calls
archive_changed() (ingest, editing, people, admin saves, commands): the
service layer, not a request middleware, so a write made by a command or a
shell is seen at once too."""

from django.db import connection
from django.utils import timezone

from articles.models import ArchiveRevision


def archive_changed() -> None:
    """Record that the archive changed, in the caller's transaction.

    Readers key cached API responses on the revision (newsroom.api); the
    bump commits (or rolls back) with the change itself, so no reader sees
    the new revision before the new data, nor new data under a revision
    that the bump has not yet passed. The revision's row stays locked until
    the commit: call this at the end of a service, after its writes.
    """
    archive_revision_bump()


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
