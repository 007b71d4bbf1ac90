"""Writes to the archive, one module per concern.

`ingest` persists parsed OCR pages; `segmentation` holds the editors'
operations on a page (split, merge, move, correct, undo, …). The public names
are re-exported here so callers import from `articles.services`.
"""

from articles.services.archive import (
    archive_changed,
    archive_revision_bump,
    archive_statistics_refresh,
)
from articles.services.ingest import (
    IngestOutcome,
    PageIngestResult,
    PreparedSource,
    article_body_sync,
    page_ingest,
    publication_profiles,
    source_ingest,
    source_prepare,
    source_read,
)
from articles.services.segmentation import (
    ConflictError,
    article_blocks_reorder,
    article_confirm,
    article_delete,
    article_update,
    change_undo,
    page_resegment,
    text_block_correct,
    text_block_retype,
    text_block_split,
    text_blocks_merge,
    text_blocks_move,
)
from articles.services.undo_redo import (
    change_step_redo,
    change_step_undo,
    page_history,
    page_redo,
    page_undo,
)

__all__ = [
    "ConflictError",
    "IngestOutcome",
    "PageIngestResult",
    "archive_changed",
    "archive_revision_bump",
    "archive_statistics_refresh",
    "PreparedSource",
    "article_blocks_reorder",
    "article_body_sync",
    "article_confirm",
    "article_delete",
    "article_update",
    "change_step_redo",
    "change_step_undo",
    "change_undo",
    "page_history",
    "page_ingest",
    "page_redo",
    "page_resegment",
    "publication_profiles",
    "source_ingest",
    "source_prepare",
    "source_read",
    "page_undo",
    "text_block_correct",
    "text_block_retype",
    "text_block_split",
    "text_blocks_merge",
    "text_blocks_move",
]
