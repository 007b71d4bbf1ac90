"""Frozen dataclasses the parser produces: a page draft, free of Django.

Offsets (`start`, `end`) are indexes into the decoded source text (a Python
str), so `source[block.start:block.end]` is always the block's verbatim text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    RUBRIC = "rubric"
    KICKER = "kicker"
    HEADLINE = "headline"
    SUBTITLE = "subtitle"
    BYLINE = "byline"
    DATELINE = "dateline"
    BODY = "body"
    SUBHEAD = "subhead"
    CAPTION = "caption"
    CREDIT = "credit"
    # Furniture: kept on the page, never part of an article.
    MASTHEAD = "masthead"
    WEATHER = "weather"
    AD = "ad"
    NOTICE = "notice"
    SLOGAN = "slogan"
    UNKNOWN = "unknown"


FURNITURE_KINDS = frozenset(
    {
        BlockKind.MASTHEAD,
        BlockKind.WEATHER,
        BlockKind.AD,
        BlockKind.NOTICE,
        BlockKind.SLOGAN,
    }
)
# Kinds whose text makes up an article's reading body, in reading order.
BODY_KINDS = frozenset(
    {BlockKind.DATELINE, BlockKind.BODY, BlockKind.SUBHEAD, BlockKind.CAPTION}
)


class ArticleKind(StrEnum):
    NEWS = "news"
    PHOTO = "photo"
    COMMENTARY = "commentary"
    NOTICE = "notice"


class Role(StrEnum):
    AUTHOR = "author"  # a name printed alone, with no role (commentary, theory)
    REPORTER = "reporter"
    CORRESPONDENT = "correspondent"
    PHOTOGRAPHER = "photographer"
    EDITOR = "editor"
    LAYOUT = "layout"
    PROOFREADER = "proofreader"


@dataclass(frozen=True, slots=True)
class Block:
    start: int
    end: int
    kind: BlockKind
    text: str  # cleaned reading text
    article: int | None = None  # index into PageDraft.articles
    joins_previous: bool = False  # continues the previous block's paragraph
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Credit:
    role: Role
    name: str | None


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    kind: ArticleKind
    blocks: tuple[int, ...]  # indexes into PageDraft.blocks, in reading order
    rubric: str | None = None
    kicker: str | None = None
    headline: str | None = None
    subtitle: str | None = None
    bylines: tuple[Credit, ...] = ()
    body: str = ""
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class IssueMeta:
    publication: str | None = None  # profile slug
    publication_name: str | None = None
    edition: str | None = None
    date: dt.date | None = None
    weekday: int | None = None  # ISO weekday as printed (1 = Monday)
    lunar_date: str | None = None  # as printed, e.g. 农历甲辰年正月初八
    number: int | None = None  # serial number 总第N期
    page: int | None = None
    # The masthead text the page prints (what a refusal quotes), whether or
    # not it matched a known publication.
    masthead: str | None = None
    section: str | None = None  # the page's section name in its running head


@dataclass(frozen=True, slots=True)
class PageDraft:
    source: str
    meta: IssueMeta
    blocks: tuple[Block, ...]
    articles: tuple[ArticleDraft, ...]
    credits: tuple[Credit, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
