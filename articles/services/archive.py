"""The archive's change counter (ArchiveRevision): the API keys its cache
and Last-Modified on it. Ingests bump it through archive_changed(); every
successful write request through articles.middleware."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles.models import ArchiveRevision


def archive_changed() -> None:
    """Record that the archive changed, once the current transaction commits.

    Readers key cached API responses on the revision (articles.api); bumping
    it after the commit means no reader can cache the old data under the new
    revision.
    """
    transaction.on_commit(archive_revision_bump)


def archive_revision_bump() -> None:
    """Count one change of the archive, now (callers outside a transaction)."""
    now = timezone.now()
    updated = ArchiveRevision.objects.filter(pk=1).update(
        revision=F("revision") + 1, changed_at=now
    )
    if not updated:
        # First change ever (or a flushed test database).
        ArchiveRevision.objects.get_or_create(
            pk=1, defaults={"revision": 1, "changed_at": now}
        )
