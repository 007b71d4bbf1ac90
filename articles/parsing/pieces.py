"""The working state of the segmenter: pieces of the page and articles in the making."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import pagemodel as pm
from .draft import BlockKind
from .lines import Line, source_offset
from .normalise import clean_body

PAGE_LEVEL = {
    BlockKind.MASTHEAD,
    BlockKind.CREDIT,
    BlockKind.WEATHER,
    BlockKind.AD,
    BlockKind.NOTICE,
    BlockKind.SLOGAN,
}


@dataclass(slots=True)
class Piece:
    start: int
    end: int
    content: str
    level: int
    kind: BlockKind
    rule: str = ""  # the content folded for the rules (traditional → simplified)
    title_like: bool = False
    wrapped: int = 1
    vertical: bool = False
    size: float = 0.0  # type size in body line heights; 0 when unknown
    box: int = 0  # the source's text box (boxes are separated by blank lines)
    text: str = ""
    article: int | None = None
    joins_previous: bool = False
    confidence: float = 1.0
    role: pm.Role | None = None
    names: tuple[str, ...] = ()  # a line of bare author names
    affiliation: bool = False  # `（作者为…）`
    _plain: str | None = None

    @property
    def plain(self) -> str:
        """The content without stray spaces, for looking at its first and last words."""
        if self._plain is None:
            self._plain = clean_body(self.content)
        return self._plain


@dataclass(slots=True)
class ArticleParts:
    heading: list[int] = field(default_factory=list)
    bylines: list[int] = field(default_factory=list)
    body: list[int] = field(default_factory=list)
    rubric: str | None = None
    kicker: str | None = None
    headline: str | None = None
    subtitle: str | None = None
    confidence: float = 1.0


def split_dateline(source: str, line: Line, rule: str, cut: int) -> list[Piece]:
    """`# 本报讯 昨天上午,…` → a dateline piece and a body piece.

    The cut is found in the line's content, which is not its source span: a
    paragraph rejoined from a hard wrap has lost its line breaks, so the cut
    is carried over to the source character by character (`source_offset`).
    """
    head = line.content[:cut].rstrip()
    rest = line.content[len(head) :].strip()
    dateline = Piece(
        start=line.start,
        end=line.end,
        content=head,
        rule=rule[:cut],
        level=line.level,
        kind=BlockKind.DATELINE,
        size=line.size,
        box=line.box,
    )
    if not rest:
        return [dateline]
    dateline.end = source_offset(source, line, len(head))
    tail = source[dateline.end : line.end]
    body = Piece(
        start=line.end - len(tail.lstrip()),
        end=line.end,
        content=rest,
        rule=rule[cut:].strip(),
        level=0,
        kind=BlockKind.BODY,
        wrapped=line.wrapped,
        size=line.size,
        box=line.box,
    )
    return [dateline, body]
