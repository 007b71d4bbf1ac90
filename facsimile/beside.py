"""A name set vertically beside a vertical headline is read right after it.

Chinese papers set the author of a story with a vertical headline as a short
vertical line of body-size (or a little larger) type beside the headline,
within its height. The XY-cut can leave that name in a column of text, where
it would be read after whatever line precedes it there (a subhead, say) and
taken for that line's byline. Read it right after its headline instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from .layout import Line

NAME_MAX = 5  # characters in a vertical name (a surname and given name, spaced)
SMALLER = 0.7  # the name's type is at most this share of the headline's
NEAR = 2.0  # the gap between them, in the headline's character widths


def _is_name(line: Line) -> bool:
    return line.vertical and len("".join(line.text.split())) <= NAME_MAX


def _beside(name: Line, title: Line) -> bool:
    if not title.vertical or title is name:
        return False
    if name.box.width > SMALLER * title.box.width:
        return False
    if name.box.y0 < title.box.y0 or name.box.y1 > title.box.y1:
        return False
    gap = max(title.box.x0 - name.box.x1, name.box.x0 - title.box.x1)
    return gap <= NEAR * title.box.width


def names_beside_titles(
    blocks: list[list[int]], lines: Sequence[Line]
) -> list[list[int]]:
    """The blocks with each vertical name moved to follow its vertical headline."""
    titles = [i for i, ln in enumerate(lines) if ln.vertical and not _is_name(ln)]
    moves: dict[int, int] = {}  # name → title
    for i, ln in enumerate(lines):
        if _is_name(ln):
            title = next((t for t in titles if _beside(ln, lines[t])), None)
            if title is not None:
                moves[i] = title
    if not moves:
        return blocks
    after: dict[int, list[int]] = {}
    for name, title in moves.items():
        after.setdefault(title, []).append(name)
    out: list[list[int]] = []
    for block in blocks:
        kept = [i for i in block if i not in moves]
        if kept:
            out.append(kept)
        for i in kept:
            if i in after:
                out.append(sorted(after[i], key=lambda n: -lines[n].box.x0))
    return out
