"""Writes to the archive, one module per concern.

`ingest` persists parsed OCR pages; `archive` counts the archive's changes.
The editors' operations on a page (split, merge, undo, …) are the editing
app's (editing.services). The public names are re-exported here so callers
import from `articles.services`.
"""

from articles.services.archive import (
    archive_changed,
    archive_changes_batched,
    archive_revision_bump,
    archive_statistics_refresh,
)
from articles.services.compose import article_body_sync
from articles.services.ingest import (
    IngestOutcome,
    PageIngestResult,
    page_ingest,
    source_ingest,
)
from articles.services.publications import (
    publication_find,
    publication_get_or_create,
    publication_known,
    publication_profiles,
    publication_seed,
)
from articles.services.sources import PreparedSource, source_prepare, source_read

__all__ = [
    "IngestOutcome",
    "PageIngestResult",
    "archive_changed",
    "archive_changes_batched",
    "archive_revision_bump",
    "archive_statistics_refresh",
    "PreparedSource",
    "article_body_sync",
    "page_ingest",
    "publication_find",
    "publication_get_or_create",
    "publication_known",
    "publication_profiles",
    "publication_seed",
    "source_ingest",
    "source_prepare",
    "source_read",
]
