"""A page's lines as text in reading order, with the box of every character.

This text is the verbatim source of a page that came as a PDF, a scan or
OCR XML: the segmenter partitions it as it partitions an OCR text file, and
any span of it (a block, a search hit) maps back to its place on the image.
Lines are separated by a newline, paragraphs and blocks by a blank line.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .geometry import Box, median, union
from .layout import Line, PageLayout
from .order import reading_order
from .vertical import merge_vertical_runs

# Inside a block, a new paragraph (a blank line) begins after a white band
# taller than this many line heights, or where the type size jumps.
PARAGRAPH_GAP = 0.6
SIZE_JUMP = 1.3

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class LineSpan:
    start: int  # the line's characters are text[start:end]
    end: int
    line: int  # index in layout.lines


@dataclass(frozen=True)
class SourceText:
    text: str
    layout: PageLayout
    spans: tuple[LineSpan, ...]  # in text order
    _starts: list[int] = field(init=False, repr=False, compare=False)
    _chars: dict[int, tuple[Box | None, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [s.start for s in self.spans])
        object.__setattr__(self, "_chars", {})

    def _line_chars(self, k: int) -> tuple[Box | None, ...]:
        if k not in self._chars:
            self._chars[k] = self.layout.lines[self.spans[k].line].char_boxes()
        return self._chars[k]

    def char_box(self, offset: int) -> Box | None:
        """The box of the character at this offset; None for a separator."""
        k = bisect.bisect_right(self._starts, offset) - 1
        if k < 0 or offset >= self.spans[k].end:
            return None
        return self._line_chars(k)[offset - self.spans[k].start]

    def boxes(self, start: int, end: int) -> list[Box]:
        """One box per line touched by text[start:end]: its characters' union."""
        out: list[Box] = []
        k = max(0, bisect.bisect_right(self._starts, start) - 1)
        while k < len(self.spans) and self.spans[k].start < end:
            span = self.spans[k]
            lo, hi = max(start, span.start), min(end, span.end)
            if lo < hi:
                chars = self._line_chars(k)[lo - span.start : hi - span.start]
                box = union(b for b in chars if b is not None)
                if box is not None:
                    out.append(box)
            k += 1
        return out

    def region(self, start: int, end: int) -> Box | None:
        """The box around text[start:end] on the page (None for whitespace)."""
        return union(self.boxes(start, end))

    def to_dict(self) -> dict:
        """JSON-ready geometry; the text itself is stored apart, verbatim."""
        layout = self.layout
        lines = []
        for span in self.spans:
            line = layout.lines[span.line]
            item: dict = {
                "start": span.start,
                "end": span.end,
                "box": line.box.as_list(),
            }
            if line.confidence is not None:
                item["conf"] = round(line.confidence, 4)
            if line.vertical:
                item["vertical"] = True
            if line.chars is not None:
                item["chars"] = [None if b is None else b.as_list() for b in line.chars]
            lines.append(item)
        return {
            "version": FORMAT_VERSION,
            "kind": layout.kind,
            "unit": layout.unit,
            "width": layout.width,
            "height": layout.height,
            "image": layout.image,
            "lines": lines,
        }

    @classmethod
    def from_dict(cls, text: str, data: dict) -> SourceText:
        lines, spans = [], []
        for k, item in enumerate(data["lines"]):
            chars = item.get("chars")
            lines.append(
                Line(
                    text=text[item["start"] : item["end"]],
                    box=Box(*item["box"]),
                    confidence=item.get("conf"),
                    chars=None
                    if chars is None
                    else tuple(None if b is None else Box(*b) for b in chars),
                    vertical=item.get("vertical", False),
                )
            )
            spans.append(LineSpan(item["start"], item["end"], k))
        layout = PageLayout(
            width=data["width"],
            height=data["height"],
            lines=tuple(lines),
            kind=data["kind"],
            unit=data["unit"],
            image=data.get("image"),
        )
        return cls(text=text, layout=layout, spans=tuple(spans))


def compose(
    layout: PageLayout, blocks: Sequence[Sequence[int]] | None = None
) -> SourceText:
    """The page's text in reading order (XY-cut unless `blocks` are given)."""
    if blocks is None:
        layout = replace(layout, lines=merge_vertical_runs(layout.lines))
        lines, blocks = reading_order(layout.lines, line_height=layout.line_height())
        layout = replace(layout, lines=tuple(lines))
    parts: list[str] = []
    spans: list[LineSpan] = []
    offset = 0
    lh = layout.line_height()
    for block in blocks:
        previous: Line | None = None
        for index in block:
            line = layout.lines[index]
            text = _one_line(line.text)
            if not text.strip():
                continue
            if parts:
                sep = (
                    "\n\n"
                    if previous is None or _new_paragraph(previous, line, lh)
                    else "\n"
                )
                parts.append(sep)
                offset += len(sep)
            spans.append(LineSpan(offset, offset + len(text), index))
            parts.append(text)
            offset += len(text)
            previous = line
    return SourceText(text="".join(parts), layout=layout, spans=tuple(spans))


def _one_line(text: str) -> str:
    # A line never holds a line break (it would split it for the segmenter);
    # each becomes a space, so offsets and character boxes stay aligned.
    return "".join(
        " " if c in "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029" else c for c in text
    )


def _new_paragraph(above: Line, below: Line, lh: float) -> bool:
    if above.vertical or below.vertical:
        return True
    gap = below.box.y0 - above.box.y1
    if gap > PARAGRAPH_GAP * max(lh, min(above.box.height, below.box.height)):
        return True
    big, small = sorted((above.box.height, below.box.height), reverse=True)
    return small > 0 and big / small > SIZE_JUMP


def type_sizes(geometry: dict) -> tuple[tuple[int, int, float], ...]:
    """(start, end, size) of each line of a page's text, from its geometry
    (`SourceText.to_dict()`): the size of its glyphs in body line heights
    (the median over the page). The segmenter reads display type as a sign
    of a title."""
    lines = geometry.get("lines") or []
    # The glyphs' size is the box's narrow side, whichever way the line runs
    # (an OCR engine may give a vertical caption as a tall "horizontal" line).
    glyphs = [min(x1 - x0, y1 - y0) for x0, y0, x1, y1 in (ln["box"] for ln in lines)]
    body = median(glyphs, default=0.0)
    if body <= 0:
        return ()
    return tuple(
        (ln["start"], ln["end"], round(size / body, 2))
        for ln, size in zip(lines, glyphs, strict=True)
    )
