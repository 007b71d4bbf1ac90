"""Titles set vertically: one glyph under the other, one "line" per glyph.

PDF layout analysis (and OCR line detection) makes each glyph of a vertical
headline or byline a line of its own; ordered by geometry, those one-glyph
lines would be scattered among the body lines beside them. A run of three or
more one-character lines of the same size, stacked (overlapping horizontally
by more than half) with gaps under one character, is one vertical line.
"""

from __future__ import annotations

import math

from .geometry import Box, overlap, union
from .layout import Line, char_weight

MIN_RUN = 3
MAX_GAP = 1.0  # in character heights
SAME_SIZE = 1.25


def _glyph(line: Line) -> bool:
    return len(line.text.strip()) == 1 and char_weight(line.text.strip()) == 1.0


def merge_vertical_runs(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """The lines with each vertical run of single glyphs made one vertical line."""
    glyphs = sorted(
        (i for i, ln in enumerate(lines) if _glyph(ln)),
        key=lambda i: (lines[i].box.x0, lines[i].box.y0),
    )
    runs = _stack(lines, glyphs)
    merged: dict[int, Line] = {}
    absorbed: set[int] = set()
    for run in runs:
        if len(run) < MIN_RUN:
            continue
        members = [lines[i] for i in run]
        text = "".join(m.text.strip() for m in members)
        merged[run[0]] = Line(
            text=text,
            box=union(m.box for m in members),
            confidence=_mean([m.confidence for m in members]),
            chars=tuple(m.box for m in members),
            vertical=True,
            block=members[0].block,
        )
        absorbed.update(run[1:])
    if not merged:
        return lines
    return tuple(
        merged.get(i, line) for i, line in enumerate(lines) if i not in absorbed
    )


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _continues(last: Box, box: Box) -> bool:
    """Is `box` the next glyph under `last` in a vertical run?"""
    size = max(last.height, box.height) / max(min(last.height, box.height), 1e-6)
    return (
        overlap(last.x0, last.x1, box.x0, box.x1) > 0.5 * min(last.width, box.width)
        and 0 <= box.y0 - last.y1 + 1e-6 <= MAX_GAP * max(last.height, box.height)
        and size <= SAME_SIZE
    )


def _stack(lines: tuple[Line, ...], glyphs: list[int]) -> list[list[int]]:
    """The glyphs in runs: each joins the first run (in the order runs were
    begun) whose last glyph it continues, else begins a run.

    The runs' last glyphs are kept in a grid of cells one glyph high, so a
    glyph looks only at the runs ending just above it, not at every run: the
    work is linear in the glyphs."""
    if not glyphs:
        return []
    heights = sorted(lines[i].box.height for i in glyphs)
    cell = max(heights[len(heights) // 2], 1e-6)
    grid: dict[tuple[int, int], set[int]] = {}
    keys: list[list[tuple[int, int]]] = []  # each run's cells
    runs: list[list[int]] = []
    for i in glyphs:
        box = lines[i].box
        # A run's last glyph is at most SAME_SIZE times taller than this one,
        # so the gap above it is at most MAX_GAP * SAME_SIZE of its height.
        reach = MAX_GAP * SAME_SIZE * box.height
        near = {
            r
            for key in _cells(box.x0, box.x1, box.y0 - reach, box.y0 + 1e-6, cell)
            for r in grid.get(key, ())
        }
        fits = [r for r in near if _continues(lines[runs[r][-1]].box, box)]
        if fits:
            r = min(fits)
            runs[r].append(i)
            for key in keys[r]:
                grid[key].discard(r)
        else:
            r = len(runs)
            runs.append([i])
            keys.append([])
        keys[r] = list(_cells(box.x0, box.x1, box.y1, box.y1, cell))
        for key in keys[r]:
            grid.setdefault(key, set()).add(r)
    return runs


def _cells(x0: float, x1: float, y0: float, y1: float, cell: float):
    for cx in range(math.floor(x0 / cell), math.floor(x1 / cell) + 1):
        for cy in range(math.floor(y0 / cell), math.floor(y1 / cell) + 1):
            yield cx, cy
