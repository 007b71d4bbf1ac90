"""Split a source into non-empty lines with their character spans.

Three layouts are undone here, before any line is classified:

- a title set vertically comes out one character per line (`春/风/十/里`);
- PDF text and narrow columns come out *hard-wrapped*: every line of a
  paragraph is cut at the column's width. Lines of one paragraph are rejoined
  into one line (a span over several source lines) so that a short piece of
  running text is never mistaken for a title;
- a blank line separates the text boxes of the extraction: a wrap is only
  rejoined inside one box.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .normalise import CJK_RE, ends_sentence, visible_length

_HEADING_MARK = re.compile(r"#{1,6}(?=\s|$)")
_QUOTE_MARK = re.compile(r"(?:>\s*)+")  # a markdown blockquote
_BOLD_LINE = re.compile(r"\*\*(.+?)\*\*")  # a line set in bold (a title)


@dataclass(frozen=True, slots=True)
class Line:
    start: int  # span of the stripped line in the source, markup included
    end: int
    content: str  # the text without markdown heading marks
    level: int  # markdown heading level, 0 when unmarked
    box: int = 0  # text boxes are separated by blank lines
    wrapped: int = 1  # how many source lines were rejoined into this one
    last_width: int = 0  # visible length of the last source line in it
    vertical: bool = False  # a title set vertically, one character a line
    size: float = 0.0  # type size in body line heights; 0 when unknown


def split_lines(source: str, sizes: Sequence[Span] | None = None) -> list[Line]:
    """Every non-empty line; a vertical title as one line; hard wraps rejoined.

    `sizes`: (start, end, type size) of the source's lines when its geometry
    is known (a PDF, a scan); that geometry has already set vertical titles
    as lines of their own.
    """
    lines: list[Line] = []
    offset = 0
    box = 0
    for raw in source.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            start = offset + raw.index(stripped[0])
            lines.append(_make_line(source, start, start + len(stripped), box))
        elif lines and lines[-1].box == box:
            box += 1
        offset += len(raw)
    if sizes:
        return rejoin_wrapped(_sized(lines, sizes))
    return rejoin_wrapped(_merge_vertical_runs(lines))


Span = tuple[int, int, float]


def source_offset(source: str, line: Line, index: int) -> int:
    """Where `line.content[:index]` ends in the source.

    A line's content is its source span with characters taken out (heading
    and quote marks, the breaks and indents of a rejoined wrap or a vertical
    title), none added or changed: its characters are found in order.
    """
    pos = line.start
    for ch in line.content[:index]:
        pos = source.index(ch, pos, line.end) + 1
    return pos


def _sized(lines: list[Line], sizes: Sequence[Span]) -> list[Line]:
    """Each line with the largest type size of the spans it overlaps (both
    are in source order: one pass)."""
    spans = sorted(sizes)
    out: list[Line] = []
    k = 0
    for line in lines:
        while k < len(spans) and spans[k][1] <= line.start:
            k += 1
        size, m = 0.0, k
        while m < len(spans) and spans[m][0] < line.end:
            size = max(size, spans[m][2])
            m += 1
        out.append(replace(line, size=size))
    return out


def _make_line(source: str, start: int, end: int, box: int) -> Line:
    text = source[start:end]
    level = 0
    mark = _HEADING_MARK.match(text)
    if mark:
        level = len(mark.group())
        text = text[mark.end() :].strip()
    elif quote := _QUOTE_MARK.match(text):
        text = text[quote.end() :].strip() or text
    if bold := _BOLD_LINE.fullmatch(text):
        text = bold.group(1).strip() or text
    return Line(
        start=start,
        end=end,
        content=text,
        level=level,
        box=box,
        last_width=visible_length(text),
    )


def _is_single_char(line: Line) -> bool:
    return len(line.content) == 1 and bool(CJK_RE.match(line.content))


def _merge_vertical_runs(lines: list[Line]) -> list[Line]:
    """Three or more one-character lines in a row are one vertical title.

    A box of several such lines (an author's name set vertically) is a title
    of its own even when a run of one-character boxes touches it.
    """
    merged: list[Line] = []
    run: list[Line] = []
    last_box_size = 0  # lines of the run in its last box

    def flush() -> None:
        if len(run) >= 3:
            merged.append(
                Line(
                    start=run[0].start,
                    end=run[-1].end,
                    content="".join(line.content for line in run),
                    level=max(line.level for line in run),
                    box=run[0].box,
                    last_width=1,
                    vertical=True,
                )
            )
        else:
            merged.extend(run)
        run.clear()

    for k, line in enumerate(lines):
        if not _is_single_char(line):
            flush()
            merged.append(line)
            continue
        if run and run[-1].box != line.box:
            if last_box_size > 1 or _box_run_length(lines, k) > 1:
                flush()
            last_box_size = 0
        if not run:
            last_box_size = 0
        run.append(line)
        last_box_size += 1
    flush()
    return merged


def _box_run_length(lines: list[Line], k: int) -> int:
    count = 0
    while (
        k + count < len(lines)
        and lines[k + count].box == lines[k].box
        and _is_single_char(lines[k + count])
    ):
        count += 1
    return count


# --- hard wraps --------------------------------------------------------------

# A width is a column's when this many lines of the page have it.
_MIN_COLUMN_LINES = 5
_COLUMN_SHARE = 0.03
_MIN_WIDTH = 6
_MAX_WIDTH = 40


def column_widths(lines: list[Line]) -> frozenset[int]:
    """Line widths (in characters) common enough to be a column's measure."""
    lengths = Counter(visible_length(line.content) for line in lines if not line.level)
    total = sum(lengths.values())
    needed = max(_MIN_COLUMN_LINES, _COLUMN_SHARE * total)
    widths = set()
    for width in range(_MIN_WIDTH, _MAX_WIDTH + 1):
        if lengths[width] + lengths[width - 1] >= needed and lengths[width] >= 2:
            widths.add(width)
    return frozenset(widths)


def _is_full(length: int, widths: frozenset[int]) -> bool:
    # A full line (or a paragraph's first line, indented by two characters).
    return any(w - 3 <= length <= w + 1 for w in widths)


def rejoin_wrapped(lines: list[Line]) -> list[Line]:
    """Rejoin the lines of a hard-wrapped paragraph inside one text box, and
    an author line (`（作者为…）`) over the lines up to its closing bracket."""
    widths = column_widths(lines)
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if previous is not None and (
            (widths and _continues(previous, line, widths))
            or _closes_bracket(previous, line)
        ):
            out[-1] = Line(
                start=previous.start,
                end=line.end,
                content=previous.content + line.content,
                level=previous.level,
                box=previous.box,
                wrapped=previous.wrapped + 1,
                last_width=line.last_width,
                size=max(previous.size, line.size),
            )
        else:
            out.append(line)
    return out


_NOT_CONTINUATION = re.compile(
    r"^(?:[-—–─﹣－]{1,2}|[■□▲△●◆◇★]|[(（]\s*作\s*者|本报讯|(?:记|通讯员|摄影))"
)


# An author line or a dashed subtitle printed over two lines.
_OPEN_AUTHOR_LINE = re.compile(r"^[(（]\s*作\s*者[^)）]*$")
_OPEN_SUBTITLE = re.compile(r"^[-—–─]{1,2}[^”》」]*[“《「][^”》」]*$")
_MAX_AUTHOR_LINE = 60


def _closes_bracket(previous: Line, line: Line) -> bool:
    return (
        not previous.level
        and not line.level
        and bool(
            _OPEN_AUTHOR_LINE.match(previous.content)
            or _OPEN_SUBTITLE.match(previous.content)
        )
        and visible_length(previous.content + line.content) <= _MAX_AUTHOR_LINE
    )


# Type this many body line heights tall is display type (a title's; a
# kicker is set at about 2, subheads at 1.5).
DISPLAY_SIZE = 1.9


def _continues(previous: Line, line: Line, widths: frozenset[int]) -> bool:
    if previous.box != line.box or previous.level or line.level:
        return False
    if (previous.size >= DISPLAY_SIZE) != (line.size >= DISPLAY_SIZE):
        return False  # a title and the text under it
    if not _is_full(previous.last_width, widths) or ends_sentence(previous.content):
        return False
    return not _NOT_CONTINUATION.match(line.content)
