"""Split a source into non-empty lines with their character spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import CJK_RE

_HEADING_MARK = re.compile(r"#{1,6}(?=\s|$)")


@dataclass(frozen=True, slots=True)
class Line:
    start: int  # span of the stripped line in the source, markup included
    end: int
    content: str  # the text without markdown heading marks
    level: int  # markdown heading level, 0 when unmarked


def split_lines(source: str) -> list[Line]:
    """Every non-empty line; a run of one-character lines (a vertical title) as one."""
    lines: list[Line] = []
    offset = 0
    for raw in source.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            start = offset + raw.index(stripped[0])
            lines.append(_make_line(source, start, start + len(stripped)))
        offset += len(raw)
    return _merge_vertical_runs(source, lines)


def _make_line(source: str, start: int, end: int) -> Line:
    text = source[start:end]
    level = 0
    mark = _HEADING_MARK.match(text)
    if mark:
        level = len(mark.group())
        text = text[mark.end() :].strip()
    return Line(start=start, end=end, content=text, level=level)


def _merge_vertical_runs(source: str, lines: list[Line]) -> list[Line]:
    # A title set vertically comes out one character per line; three or more
    # such lines in a row are one title.
    merged: list[Line] = []
    run: list[Line] = []

    def flush() -> None:
        if len(run) >= 3:
            merged.append(
                Line(
                    start=run[0].start,
                    end=run[-1].end,
                    content="".join(line.content for line in run),
                    level=max(line.level for line in run),
                )
            )
        else:
            merged.extend(run)
        run.clear()

    for line in lines:
        if len(line.content) == 1 and CJK_RE.match(line.content):
            run.append(line)
            continue
        flush()
        merged.append(line)
    flush()
    return merged
