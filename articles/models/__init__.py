"""The archive's models: publications, issues and pages with their verbatim
OCR source (`archive`); the text blocks that partition each source, the
articles made of them, bylines and credits (`content`); each article's list
JSON kept ready (`listing`); ingest runs (`runs`); the history of editorial
changes and the archive's change counter (`history`)."""

from articles.models.archive import (
    BYLINE_ROLES,
    CREDIT_ROLES,
    Issue,
    IssueQuerySet,
    Origin,
    Page,
    PageSource,
    Publication,
    _standing_mentions,
)
from articles.models.content import (
    Article,
    ArticleQuerySet,
    Byline,
    PageCredit,
    TextBlock,
    TextBlockQuerySet,
)
from articles.models.history import (
    ArchiveRevision,
    PageChange,
    PageChangeQuerySet,
    PageChangeRow,
)
from articles.models.listing import ArticleListing
from articles.models.runs import IngestRun, IngestRunFile

__all__ = [
    "BYLINE_ROLES",
    "CREDIT_ROLES",
    "ArchiveRevision",
    "Article",
    "ArticleListing",
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
