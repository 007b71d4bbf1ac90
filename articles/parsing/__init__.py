"""Pure OCR page parsing: text in, frozen dataclasses out. No Django imports."""

from .decoding import MAX_SOURCE_BYTES, SourceError, decode_source
from .draft import (
    BODY_KINDS,
    FURNITURE_KINDS,
    ArticleDraft,
    ArticleKind,
    Block,
    BlockKind,
    Credit,
    IssueMeta,
    PageDraft,
    Role,
)
from .profile import PublicationProfile, load_profiles
from .reading import compose_body
from .segment import parse_page

__all__ = [
    "BODY_KINDS",
    "FURNITURE_KINDS",
    "MAX_SOURCE_BYTES",
    "ArticleDraft",
    "ArticleKind",
    "Block",
    "BlockKind",
    "Credit",
    "IssueMeta",
    "PageDraft",
    "PublicationProfile",
    "Role",
    "SourceError",
    "compose_body",
    "decode_source",
    "load_profiles",
    "parse_page",
]
