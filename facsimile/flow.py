"""Reading order inside a region that no straight channel crosses.

XY-cut cannot undo an L-shaped layout: a headline that reaches a little
into the next column, a story wrapped around a photo. There the lines are
first gathered into column blocks (a line continues the block above it when
they overlap horizontally by more than half, the gap is under a line and
the type is the same size), and the blocks are put in order by Breuel's
two rules (Breuel 2003, "High performance document layout analysis"):

1. a comes before b when their x-ranges overlap and a is above b;
2. a comes before b when a is wholly left of b and no block c lies between
   them vertically while overlapping both horizontally (a headline over
   both columns separates them: the left one below it comes after the
   right one above it).

The order is a topological sort of those relations, taking among the
blocks that are free the one nearest the top, then the left.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from .geometry import Box, overlap, union
from .layout import Line

JOIN_GAP = 0.9  # line heights between two lines of one block
SAME_SIZE = 1.3
DISPLAY = 1.5  # type this many body line heights tall is a headline


def column_blocks(group: list[int], pool: Sequence[Line], lh: float) -> list[list[int]]:
    """The lines gathered into column blocks, each top to bottom.

    Pieces of one printed line (OCR's scraps, a line cut at a wide space)
    are first put together left to right, so they stay one row of a block.
    """
    rows = _row_units(group, pool, lh)
    boxes = [union(pool[i].box for i in row) for row in rows]
    vertical = [any(pool[i].vertical for i in row) for row in rows]
    blocks: list[list[int]] = []
    for r in sorted(range(len(rows)), key=lambda r: (boxes[r].y0, boxes[r].x0)):
        box = boxes[r]
        best, best_overlap = None, 0.0
        for k, block in enumerate(blocks):
            last = boxes[block[-1]]
            if vertical[r] or vertical[block[-1]]:
                continue
            shared = overlap(last.x0, last.x1, box.x0, box.x1)
            gap = box.y0 - last.y1
            low, high = sorted((last.height, box.height))
            if (
                shared > 0.5 * min(last.width, box.width)
                and -0.5 * low <= gap <= JOIN_GAP * lh
                and high <= SAME_SIZE * max(low, 1e-6)
                and shared > best_overlap
            ):
                best, best_overlap = k, shared
        if best is None:
            blocks.append([r])
        else:
            blocks[best].append(r)
    return [[i for r in block for i in rows[r]] for block in blocks]


def _row_units(group: list[int], pool: Sequence[Line], lh: float) -> list[list[int]]:
    units: list[list[int]] = []
    for index in sorted(group, key=lambda i: (pool[i].box.x0, pool[i].box.y0)):
        box = pool[index].box
        for unit in units:
            last = pool[unit[-1]].box
            if (
                not pool[index].vertical
                and not pool[unit[-1]].vertical
                and overlap(last.y0, last.y1, box.y0, box.y1)
                > 0.5 * min(last.height, box.height)
                and -0.5 * lh <= box.x0 - last.x1 <= 0.3 * lh
            ):
                unit.append(index)
                break
        else:
            units.append([index])
    return units


def order_blocks(
    boxes: Sequence[Box], display: Sequence[bool] | None = None
) -> list[int]:
    """Indexes of the boxes in reading order (Breuel's rules, see above).

    `display[i]` marks a headline (display type): it is read before the
    body block at its left that starts level with it (the lead column that
    a headline over the other columns belongs to).
    """
    n = len(boxes)
    display = display or [False] * n
    after: list[set[int]] = [set() for _ in range(n)]
    for a in range(n):
        for b in range(a + 1, n):
            if _heads(a, b, boxes, display):
                after[a].add(b)
            elif _heads(b, a, boxes, display):
                after[b].add(a)
            else:
                if _before(a, b, boxes):
                    after[a].add(b)
                if _before(b, a, boxes):
                    after[b].add(a)
    incoming = [0] * n
    for a in range(n):
        for b in after[a]:
            incoming[b] += 1
    free = [(boxes[i].y0, boxes[i].x0, i) for i in range(n) if incoming[i] == 0]
    heapq.heapify(free)
    order: list[int] = []
    done = [False] * n
    while len(order) < n:
        if not free:
            # A cycle (overlapping boxes): break it at the topmost block left.
            rest = min(
                (i for i in range(n) if not done[i]),
                key=lambda i: (boxes[i].y0, boxes[i].x0),
            )
            free = [(boxes[rest].y0, boxes[rest].x0, rest)]
        _, _, a = heapq.heappop(free)
        if done[a]:
            continue
        done[a] = True
        order.append(a)
        for b in after[a]:
            incoming[b] -= 1
            if incoming[b] == 0 and not done[b]:
                heapq.heappush(free, (boxes[b].y0, boxes[b].x0, b))
    return order


def _heads(a: int, b: int, boxes: Sequence[Box], display: Sequence[bool]) -> bool:
    A, B = boxes[a], boxes[b]
    return (
        display[a]
        and not display[b]
        and B.x0 < A.x0
        and B.cx < A.x0
        and A.y0 - min(A.height, A.width) <= B.y0 <= A.y0 + 2 * A.height
        and overlap(A.y0, A.y1, B.y0, B.y1) > 0
    )


def _before(a: int, b: int, boxes: Sequence[Box]) -> bool:
    A, B = boxes[a], boxes[b]
    if overlap(A.x0, A.x1, B.x0, B.x1) > 0:
        return A.cy < B.cy and A.y1 <= B.y0 + 0.5 * min(A.height, B.height)
    if A.x1 > B.x0:
        return False
    top, bottom = min(A.y1, B.y1), max(A.y0, B.y0)
    for c, C in enumerate(boxes):
        if c in (a, b):
            continue
        if (
            C.y0 >= top
            and C.y1 <= bottom
            and overlap(C.x0, C.x1, A.x0, A.x1) > 0
            and overlap(C.x0, C.x1, B.x0, B.x1) > 0
        ):
            return False
    return True


def flow(group: list[int], pool: Sequence[Line], lh: float) -> list[list[int]]:
    """The region's column blocks in reading order."""
    blocks = column_blocks(group, pool, lh)
    if len(blocks) == 1:
        return blocks
    boxes = [union(pool[i].box for i in block) for block in blocks]
    display = [
        all(pool[i].vertical or pool[i].box.height > DISPLAY * lh for i in block)
        for block in blocks
    ]
    return [blocks[k] for k in order_blocks(boxes, display)]
