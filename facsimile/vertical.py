"""Titles set vertically: one glyph under the other, one "line" per glyph.

PDF layout analysis (and OCR line detection) makes each glyph of a vertical
headline or byline a line of its own; ordered by geometry, those one-glyph
lines would be scattered among the body lines beside them. A run of three or
more one-character lines of the same size, stacked (overlapping horizontally
by more than half) with gaps under one character, is one vertical line.
"""

from __future__ import annotations

from .geometry import overlap, union
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
    runs: list[list[int]] = []
    for i in glyphs:
        box = lines[i].box
        for run in runs:
            last = lines[run[-1]].box
            size = max(last.height, box.height) / max(
                min(last.height, box.height), 1e-6
            )
            if (
                overlap(last.x0, last.x1, box.x0, box.x1)
                > 0.5 * min(last.width, box.width)
                and 0
                <= box.y0 - last.y1 + 1e-6
                <= MAX_GAP * max(last.height, box.height)
                and size <= SAME_SIZE
            ):
                run.append(i)
                break
        else:
            runs.append([i])
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
