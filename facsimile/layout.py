"""What every reader makes of its input: a page of text lines with boxes."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from typing import Literal

from .geometry import Box, median

SourceKind = Literal["pdf", "image", "alto", "hocr", "ocr-json", "text"]


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text as the source gives it.

    `chars` has one entry per character of `text`: its box when the source
    says (PDF glyphs, ALTO/hOCR words spread over their letters), None for
    whitespace the source added between words.
    """

    text: str
    box: Box
    confidence: float | None = None  # 0..1, as the OCR engine said; None: not OCR
    chars: tuple[Box | None, ...] | None = None
    vertical: bool = False  # set top to bottom, one character under the other
    block: str | None = None  # the source's own block id (ALTO TextBlock, hOCR carea)

    def __post_init__(self) -> None:
        if self.chars is not None and len(self.chars) != len(self.text):
            raise ValueError("one box per character of the line")

    def char_boxes(self) -> tuple[Box | None, ...]:
        """Each character's box: the source's, or the line's share of it."""
        if self.chars is not None:
            return self.chars
        return estimate_char_boxes(self.text, self.box, vertical=self.vertical)


@dataclass(frozen=True, slots=True)
class PageLayout:
    """A page: its size (in `unit`), its lines in the source's order."""

    width: float
    height: float
    lines: tuple[Line, ...]
    kind: SourceKind
    unit: str = "px"  # "px" for images, "pt" for PDF, ALTO's MeasurementUnit
    image: str | None = None  # the page image's file name, when the source names it
    notes: tuple[str, ...] = field(default=())
    # False when the source did not give the page size and it is the lines'
    # extent: the page image, when there is one, gives it.
    size_known: bool = True

    def scaled_to(self, width: float, height: float) -> PageLayout:
        """The same page measured on an image of width × height pixels."""
        sx, sy = width / self.width, height / self.height
        lines = tuple(
            replace(
                line,
                box=line.box.scaled(sx, sy),
                chars=None
                if line.chars is None
                else tuple(None if b is None else b.scaled(sx, sy) for b in line.chars),
            )
            for line in self.lines
        )
        return replace(self, width=width, height=height, lines=lines, unit="px")

    def line_height(self) -> float:
        """The body line height: the median of the horizontal lines' heights."""
        heights = [ln.box.height for ln in self.lines if not ln.vertical]
        return median(heights, default=median(ln.box.width for ln in self.lines))


def char_weight(char: str) -> float:
    """Advance of a character in ems: CJK and full-width 1, the rest about half."""
    if char.isspace():
        return 0.35
    if unicodedata.east_asian_width(char) in "WF":
        return 1.0
    return 0.55


def estimate_char_boxes(
    text: str, box: Box, *, vertical: bool = False
) -> tuple[Box | None, ...]:
    """Spread the line's box over its characters by their usual advance.

    Chinese type is set on a square grid, so in a CJK line this is within a
    fraction of a character of the truth; whitespace gets no box.
    """
    weights = [char_weight(c) for c in text]
    total = sum(weights) or 1.0
    span = box.height if vertical else box.width
    out: list[Box | None] = []
    pos = box.y0 if vertical else box.x0
    for char, weight in zip(text, weights, strict=True):
        step = span * weight / total
        if char.isspace():
            out.append(None)
        elif vertical:
            out.append(Box(box.x0, pos, box.x1, pos + step))
        else:
            out.append(Box(pos, box.y0, pos + step, box.y1))
        pos += step
    return tuple(out)
