"""Reading order from geometry: a recursive XY-cut over the line boxes.

A page is cut along the white channels that cross it from edge to edge:
first down the gutters between columns (a column is read to its foot
before the next one begins), and where no gutter runs through, across the
white bands between rows (a headline spanning several columns, a story
under another). A region that no channel crosses is ordered by
`facsimile.flow` (column blocks and Breuel's rules). Bands narrower than half
a body line are not channels: they are the leading between two lines of one
column.

OCR is not tidy, so a gutter is still a gutter when

- a scrap (a comma or a character the detector put beyond it) lies in it:
  the scraps are set aside while gutters are sought, or
- one or two body-size lines run across it while the columns on both sides
  are full: those lines (two columns' lines read as one) are cut there.
  A headline (display type) across it is never cut: it spans its columns.
"""

from __future__ import annotations

from collections.abc import Sequence

from .beside import names_beside_titles
from .flow import flow
from .geometry import overlap
from .gutters import BODY_MAX, split_line
from .layout import Line

# In body line heights. OCR boxes are padded and those of neighbouring
# columns can touch or overlap a little: boxes are narrowed by SHRINK on
# each side before gutters are sought (never by more than a quarter).
MIN_GUTTER = 0.1
SHRINK = 0.25
MIN_ROW_GAP = 0.5
SCRAP = 1.5  # a box no wider than this may lie in a gutter
# A gutter crossed by lines: at most this share of the fullest column's
# lines cross it, and columns at least half that full are within REACH.
CROSSING = 0.4
REACH = 3.0


def reading_order(
    lines: Sequence[Line], *, line_height: float
) -> tuple[list[Line], list[list[int]]]:
    """The lines (those across a gutter cut in two) and the blocks in reading order.

    Each block is a list of indexes into the returned lines, in reading order.
    """
    pool = list(lines)
    lh = max(line_height, 1e-6)
    blocks: list[list[int]] = []
    # An explicit stack rather than recursion: a page of a thousand lines in
    # one column would otherwise go a thousand frames deep.
    stack: list[list[int]] = [list(range(len(pool)))] if pool else []
    while stack:
        group = stack.pop()
        parts = _split(group, pool, lh)
        if parts is None:
            blocks.extend(flow(group, pool, lh))
        else:
            stack.extend(reversed(parts))
    return pool, names_beside_titles(blocks, pool)


def _split(group: list[int], pool: list[Line], lh: float) -> list[list[int]] | None:
    if len(group) < 2:
        return None
    spans = [_narrowed(pool[i], lh) for i in group]
    # Gutters are sought between whole lines; scraps go to the side they lie on.
    solid = [s for i, s in zip(group, spans, strict=True) if not _is_scrap(pool[i], lh)]
    cuts = channels(solid if len(solid) >= 2 else spans, MIN_GUTTER * lh)
    if not cuts:
        cuts = crossed_gutters(group, pool, lh)
        if cuts:
            group = _cut_crossers(group, pool, cuts, lh)
            spans = [_narrowed(pool[i], lh) for i in group]
    if cuts:
        return _titles_first(_bucket(group, spans, cuts), pool)
    spans = [(pool[i].box.y0, pool[i].box.y1) for i in group]
    cuts = channels(spans, MIN_ROW_GAP * lh)
    return _bucket(group, spans, cuts) if cuts else None


def _titles_first(parts: list[list[int]], pool: list[Line]) -> list[list[int]]:
    # A column holding nothing but a vertical title (and its vertical byline)
    # heads the column of text just left of it: Chinese papers set such a
    # title beside the text it opens, on either side.
    for k in range(1, len(parts)):
        if all(pool[i].vertical for i in parts[k]):
            parts[k - 1], parts[k] = parts[k], parts[k - 1]
    return parts


def _narrowed(line: Line, lh: float) -> tuple[float, float]:
    box = line.box
    inset = min(SHRINK * lh, box.width / 4)
    return box.x0 + inset, box.x1 - inset


def channels(spans: Sequence[tuple[float, float]], min_gap: float) -> list[float]:
    """Where the projection of the spans on their axis has a gap ≥ min_gap."""
    ordered = sorted(spans)
    cuts: list[float] = []
    reach = ordered[0][1]
    for start, end in ordered[1:]:
        if start - reach >= min_gap:
            cuts.append((reach + start) / 2)
        reach = max(reach, end)
    return cuts


def _is_scrap(line: Line, lh: float) -> bool:
    return not line.vertical and line.box.width <= SCRAP * lh


def _is_body(line: Line, lh: float) -> bool:
    return not line.vertical and line.box.height <= BODY_MAX * lh


def crossed_gutters(group: list[int], pool: list[Line], lh: float) -> list[float]:
    """Gutters that a few body-size lines run across (see the module doc)."""
    if len(group) < 6:
        return []
    step = lh / 4
    left = min(pool[i].box.x0 for i in group)
    size = int((max(pool[i].box.x1 for i in group) - left) / step) + 2
    counts = [0] * size
    hard = [False] * size
    for i in group:
        a, b = _narrowed(pool[i], lh)
        lo, hi = int((a - left) / step) + 1, int((b - left) / step)
        body = _is_body(pool[i], lh)
        for k in range(max(lo, 0), min(hi, size - 1) + 1):
            if body:
                counts[k] += 1
            else:
                hard[k] = True
    peak = max(counts)
    if peak < 4:
        return []
    low, full, reach = max(1, int(CROSSING * peak)), peak / 2, int(REACH * lh / step)
    cuts, start = [], None
    for k in range(size + 1):
        quiet = k < size and counts[k] <= low and not hard[k]
        if quiet and start is None:
            start = k
        elif not quiet and start is not None:
            if (
                (k - start) * step >= 0.3 * lh
                and max(counts[max(0, start - reach) : start], default=0) >= full
                and max(counts[k : k + reach], default=0) >= full
            ):
                best = min(
                    range(start, k), key=lambda j: (counts[j], abs(j - (start + k) / 2))
                )
                cuts.append(left + best * step)
            start = None
    return cuts


def _cut_crossers(
    group: list[int], pool: list[Line], cuts: list[float], lh: float
) -> list[int]:
    out: list[int] = []
    for i in group:
        a, b = _narrowed(pool[i], lh)
        inside = [c for c in cuts if a < c < b]
        if not inside:
            out.append(i)
            continue
        pieces = split_line(pool[i], inside)
        pool[i] = pieces[0]
        out.append(i)
        for piece in pieces[1:]:
            pool.append(piece)
            out.append(len(pool) - 1)
    return out


def _bucket(
    group: list[int], spans: list[tuple[float, float]], cuts: list[float]
) -> list[list[int]]:
    parts: list[list[int]] = [[] for _ in range(len(cuts) + 1)]
    for index, (start, end) in zip(group, spans, strict=True):
        slot = sum(1 for cut in cuts if (start + end) / 2 > cut)
        parts[slot].append(index)
    return [part for part in parts if part]


def read_block(group: list[int], pool: Sequence[Line]) -> list[int]:
    """Lines of one block: rows top to bottom, each row left to right.

    Two lines share a row when they overlap by more than half the lower one's
    height (OCR boxes of one printed line are never perfectly level).
    """
    boxes = {i: pool[i].box for i in group}
    ordered = sorted(group, key=lambda i: (boxes[i].cy, boxes[i].x0))
    rows: list[list[int]] = []
    for index in ordered:
        box = boxes[index]
        if rows:
            last = boxes[rows[-1][0]]
            shared = overlap(last.y0, last.y1, box.y0, box.y1)
            if shared > 0.5 * min(last.height, box.height):
                rows[-1].append(index)
                continue
        rows.append([index])
    return [i for row in rows for i in sorted(row, key=lambda i: boxes[i].x0)]
