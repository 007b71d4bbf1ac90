"""Lines that run across a column gutter, cut at the gutter.

OCR detectors (and, with narrow gutters, PDF layout analysis) sometimes make
one "line" of two lines side by side in neighbouring columns. XY-cut then
finds no gutter to cut along, and the two columns come out interleaved line
by line. A body-size line is cut where

- its own glyphs (from a PDF, ALTO or hOCR) leave a gap of a line height or
  more, or
- the scan shows a white channel through it that also runs through the
  lines above and below it (two line heights each way): a gutter, not the
  space after a comma, which the neighbouring lines fill.

Headlines (taller than body type) are never cut: the wide spaces between
their phrases are part of one line, and a spanning headline is what tells
XY-cut that the columns under it belong together.
"""

from __future__ import annotations

from dataclasses import replace

from .geometry import Box, union
from .layout import Line, PageLayout

BODY_MAX = 1.3  # a line taller than this many body line heights is display type
GLYPH_GAP = 1.0  # in line heights
INK_GAP = 0.5  # narrowest white channel, in line heights
WINDOW = 2.0  # line heights above and below that must be white too
INK = 140  # grey level under which a pixel is ink
MIN_INK = 0.04  # share of inked pixels in a strip of set type (body text is ~15%)
SHORT_PIECE = 4  # characters: a piece no longer is a word set apart, not a column


def split_at_gutters(layout: PageLayout, gray=None) -> PageLayout:
    """The layout with lines that cross a gutter cut there.

    `gray` is the page image as a 2-D uint8 array at the layout's scale,
    or None (then only the glyph gaps count).
    """
    lh = layout.line_height()
    lines: list[Line] = []
    for line in layout.lines:
        lines.extend(_split(line, lh, gray))
    if len(lines) == len(layout.lines):
        return layout
    return replace(layout, lines=tuple(lines))


def _split(line: Line, lh: float, gray) -> list[Line]:
    if line.chars is None and gray is not None:
        line = replace(line, box=tighten(gray, line.box))
    if line.vertical or len(line.text) < 2 or line.box.height > BODY_MAX * lh:
        return [line]
    if line.chars is not None:
        cuts = glyph_gaps(line, lh)
    elif gray is not None:
        cuts = ink_gutters(gray, line.box)
    else:
        cuts = []
    if not cuts:
        return [line]
    pieces = split_line(line, cuts)
    if all(len("".join(p.text.split())) <= SHORT_PIECE for p in pieces):
        # Short words set wide apart (letter-spaced names, `甲 乙 丙丁`, two
        # phrases of a kicker) are one line of one column, not two columns.
        return [line]
    return pieces


def tighten(gray, box: Box) -> Box:
    """The box narrowed to the ink in it: OCR detectors pad their boxes."""
    rows, cols = gray.shape[:2]
    x0, x1 = max(0, int(box.x0)), min(cols, int(box.x1) + 1)
    y0, y1 = max(0, int(box.y0)), min(rows, int(box.y1) + 1)
    if x1 <= x0 or y1 <= y0:
        return box
    inked = (gray[y0:y1, x0:x1] < INK).any(axis=0).nonzero()[0]
    if inked.size == 0:
        return box
    return Box(x0 + float(inked[0]), box.y0, x0 + float(inked[-1]) + 1, box.y1)


def glyph_gaps(line: Line, lh: float) -> list[float]:
    """Middles of the gaps between consecutive glyphs wider than GLYPH_GAP."""
    boxes = [b for b in line.char_boxes() if b is not None]
    height = min(lh, line.box.height) or lh
    return [
        (a.x1 + b.x0) / 2
        for a, b in zip(boxes, boxes[1:], strict=False)
        if b.x0 - a.x1 >= GLYPH_GAP * height
    ]


def ink_gutters(gray, box: Box) -> list[float]:
    """x positions of white channels through the box and the lines next to it.

    The channel must be white in the line itself and, above it or below it
    (a line under a headline has only type below), for WINDOW line heights,
    with type on both sides of it there.
    """
    rows, cols = gray.shape[:2]
    h = box.height
    x0, x1 = max(0, int(box.x0)), min(cols, int(box.x1) + 1)
    top, bottom = max(0, int(box.y0)), min(rows, int(box.y1) + 1)
    if x1 - x0 < 3 * h or bottom <= top:
        return []
    own = gray[top:bottom, x0:x1] < INK
    inked = own.any(axis=0).nonzero()[0]
    if inked.size == 0:
        return []
    own_white = own.sum(axis=0) == 0
    reach = int(WINDOW * h)
    neighbours = [
        gray[max(0, top - reach) : top, x0:x1] < INK,
        gray[bottom : min(rows, bottom + reach), x0:x1] < INK,
    ]
    cuts: set[float] = set()
    for around in neighbours:
        if around.shape[0] < h:
            continue
        white = own_white & (around.sum(axis=0) <= max(1, 0.01 * around.shape[0]))
        for start, end in _runs(white, int(inked[0]), int(inked[-1]) + 1):
            if end - start >= INK_GAP * h and _text_on_both_sides(
                around, start, end, h
            ):
                cuts.add(x0 + (start + end) / 2)
    return _distinct(sorted(cuts), h)


def _runs(flags, lo: int, hi: int):
    start = None
    for x in range(lo, hi):
        if flags[x] and start is None:
            start = x
        elif not flags[x] and start is not None:
            yield start, x
            start = None


def _distinct(cuts: list[float], h: float) -> list[float]:
    out: list[float] = []
    for cut in cuts:
        if not out or cut - out[-1] > h:
            out.append(cut)
    return out


def _text_on_both_sides(around, start: int, end: int, h: float) -> bool:
    # A gutter runs between columns of text: the lines above or below have
    # type on both sides of it. White beside a short line in open space
    # (a masthead, an advertisement) is no gutter.
    reach = int(2 * h)
    left = around[:, max(0, start - reach) : start]
    right = around[:, end : end + reach]
    if left.size == 0 or right.size == 0:
        return False
    return left.mean() > MIN_INK and right.mean() > MIN_INK


def split_line(line: Line, cuts: list[float]) -> list[Line]:
    """The line in pieces at the x positions `cuts`, each char by its centre."""
    chars = line.char_boxes()
    pieces: list[list[int]] = [[] for _ in range(len(cuts) + 1)]
    for i, box in enumerate(chars):
        if box is None:
            # whitespace goes with the piece of the character before it
            slot = _slot_of_previous(pieces)
        else:
            slot = sum(1 for cut in cuts if box.cx > cut)
        pieces[slot].append(i)
    out: list[Line] = []
    for members in pieces:
        while members and line.text[members[-1]].isspace():
            members.pop()
        while members and line.text[members[0]].isspace():
            members.pop(0)
        if not members:
            continue
        text = "".join(line.text[i] for i in members)
        boxes = tuple(chars[i] for i in members)
        box = union(b for b in boxes if b is not None)
        out.append(
            replace(
                line,
                text=text,
                box=Box(box.x0, line.box.y0, box.x1, line.box.y1),
                chars=boxes if line.chars is not None else None,
            )
        )
    return out or [line]


def _slot_of_previous(pieces: list[list[int]]) -> int:
    for slot in range(len(pieces) - 1, -1, -1):
        if pieces[slot]:
            return slot
    return 0
