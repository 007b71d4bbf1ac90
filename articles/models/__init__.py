"""The archive's models: publications, issues, pages with their verbatim OCR
source, the text blocks that partition each source and the articles made of
them (`archive`); ingest runs (`runs`); the history of editorial changes and
the archive's change counter (`history`)."""

from articles.models.archive import (
    BYLINE_ROLES,
    CREDIT_ROLES,
    Article,
    ArticleQuerySet,
    Byline,
    Issue,
    IssueQuerySet,
    Origin,
    Page,
    PageCredit,
    PageSource,
    Publication,
    TextBlock,
    TextBlockQuerySet,
    _standing_mentions,
)
from articles.models.history import (
    ArchiveRevision,
    PageChange,
    PageChangeQuerySet,
    PageChangeRow,
)
from articles.models.runs import IngestRun, IngestRunFile

__all__ = [
    "BYLINE_ROLES",
    "CREDIT_ROLES",
    "ArchiveRevision",
    "Article",
    "ArticleQuerySet",
    "Byline",
    "IngestRun",
    "IngestRunFile",
    "Issue",
    "IssueQuerySet",
    "Origin",
    "Page",
    "PageChange",
    "PageChangeQuerySet",
    "PageChangeRow",
    "PageCredit",
    "PageSource",
    "Publication",
    "TextBlock",
    "TextBlockQuerySet",
    "_standing_mentions",
]
