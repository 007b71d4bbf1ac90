"""Aligning a page's old OCR source with a new one (``ingest --replace``).

Pure functions, no Django: the replace service asks where each span of the old
source went in the new one, how much of it survived, and how to carry an
editor's correction of a block over to the block's new machine text.

Whitespace is left out of the comparison: a new OCR run often wraps lines
differently, and a moved line break must not count as a change. The diff runs
in two levels so its cost stays close to linear in the page's size: sentences
first (a page has a few hundred, mostly unique), then characters only inside
the sentences that differ, and only while that stretch is small; a larger
stretch that changed as a whole is mapped proportionally, as if rewritten.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

# Sentence ends of Chinese and Latin text: the units of the first, coarse diff.
_SENTENCE_END = re.compile(r"[。！？；!?;…]+[”’\"')）」』]*")
# Above this many character pairs a changed stretch is mapped proportionally
# (SequenceMatcher is quadratic in the worst case; 3,000 × 3,000 stays < 1 s).
CHARACTER_DIFF_LIMIT = 9_000_000
# A block is "mapped" when at least this share of its characters survived.
MAPPABLE_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class MappedSpan:
    """Where a span of the old source lies in the new one."""

    start: int
    end: int
    kept: int  # non-space characters of the old span found unchanged in the new
    size: int  # non-space characters of the old span

    @property
    def share(self) -> float:
        return self.kept / self.size if self.size else 1.0

    @property
    def mappable(self) -> bool:
        """Enough of the span survived for its block to live on in the new source."""
        return self.size > 0 and self.end > self.start and self.share >= MAPPABLE_SHARE

    @property
    def unchanged(self) -> bool:
        return self.kept == self.size


def _compact(text: str) -> tuple[str, list[int]]:
    """The non-space characters of `text` and the offset of each in `text`."""
    offsets = [i for i, char in enumerate(text) if not char.isspace()]
    return "".join(text[i] for i in offsets), offsets


def _sentences(compact: str) -> list[str]:
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(compact):
        pieces.append(compact[start : match.end()])
        start = match.end()
    if start < len(compact):
        pieces.append(compact[start:])
    return pieces


def _matching_blocks(a: str, b: str) -> list[tuple[int, int, int]]:
    """(i, j, size) runs where a[i:i+size] == b[j:j+size], in order, disjoint."""
    a_units, b_units = _sentences(a), _sentences(b)
    a_starts = _starts(a_units)
    b_starts = _starts(b_units)
    coarse = SequenceMatcher(None, a_units, b_units, autojunk=False)
    runs: list[tuple[int, int, int]] = []
    for tag, i1, i2, j1, j2 in coarse.get_opcodes():
        a1, a2 = a_starts[i1], a_starts[i2]
        b1, b2 = b_starts[j1], b_starts[j2]
        if tag == "equal":
            runs.append((a1, b1, a2 - a1))
        elif tag == "replace" and (a2 - a1) * (b2 - b1) <= CHARACTER_DIFF_LIMIT:
            fine = SequenceMatcher(None, a[a1:a2], b[b1:b2], autojunk=False)
            runs += [(a1 + i, b1 + j, n) for i, j, n in fine.get_matching_blocks() if n]
    return _merged(runs)


def _starts(units: Sequence[str]) -> list[int]:
    starts = [0]
    for unit in units:
        starts.append(starts[-1] + len(unit))
    return starts


def _merged(runs: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    for i, j, n in runs:
        if out and out[-1][0] + out[-1][2] == i and out[-1][1] + out[-1][2] == j:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + n)
        else:
            out.append((i, j, n))
    return out


class SourceAlignment:
    """The alignment of an old source with a new one.

    `span(start, end)` maps a span of the old source to the new one. The map is
    monotone, so spans that do not overlap in the old source do not overlap in
    the new one, and neighbours stay neighbours.
    """

    def __init__(self, old: str, new: str):
        self.old, self.new = old, new
        self._a, self._a_offsets = _compact(old)
        self._b, self._b_offsets = _compact(new)
        self.runs = _matching_blocks(self._a, self._b)
        self._run_starts = [i for i, _, _ in self.runs]

    @property
    def kept_share(self) -> float:
        """Share of the old source's characters found unchanged in the new one."""
        return sum(n for _, _, n in self.runs) / len(self._a) if self._a else 1.0

    def _boundary(self, k: int) -> int:
        """The new compact index matching boundary `k` of the old compact text."""
        r = bisect.bisect_right(self._run_starts, k) - 1
        if r >= 0:
            i, j, n = self.runs[r]
            if k <= i + n:
                return j + (k - i)
            prev_a, prev_b = i + n, j + n
        else:
            prev_a = prev_b = 0
        if r + 1 < len(self.runs):
            next_a, next_b = self.runs[r + 1][0], self.runs[r + 1][1]
        else:
            next_a, next_b = len(self._a), len(self._b)
        # Inside a changed stretch: proportionally (floor keeps it monotone).
        return prev_b + (k - prev_a) * (next_b - prev_b) // max(next_a - prev_a, 1)

    def _kept_between(self, x: int, y: int) -> int:
        kept = 0
        r = max(bisect.bisect_right(self._run_starts, x) - 1, 0)
        while r < len(self.runs) and self.runs[r][0] < y:
            i, _, n = self.runs[r]
            kept += max(0, min(i + n, y) - max(i, x))
            r += 1
        return kept

    def span(self, start: int, end: int) -> MappedSpan:
        """Where old source span [start, end) lies in the new source."""
        x = bisect.bisect_left(self._a_offsets, start)
        y = bisect.bisect_left(self._a_offsets, end)
        bx, by = self._boundary(x), self._boundary(y)
        offsets = self._b_offsets
        new_start = offsets[bx] if bx < len(offsets) else len(self.new)
        new_end = offsets[by - 1] + 1 if by > bx else new_start
        return MappedSpan(new_start, new_end, self._kept_between(x, y), y - x)


# --- carrying an editor's correction over to a new machine text --------------


def _edits(base: str, other: str) -> list[tuple[int, int, str]]:
    """(i1, i2, replacement) edits turning `base` into `other`."""
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [
        (i1, i2, other[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _clash(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    # Overlapping ranges, or two insertions (or an edge) at the same point.
    return a[0] < b[1] and b[0] < a[1] or a[0] == b[0] or a[1] == b[1]


def correction_rebase(
    *, old_machine: str, old_text: str, new_machine: str
) -> tuple[str, bool]:
    """The editor's text for a block whose machine text changed.

    The editor's edits (old machine → old text) are applied to the new machine
    text where the new source left them alone. Returns (text, clean); when both
    changed the same place, the editor's text is kept whole and clean is False
    (the caller warns: someone should look at it).
    """
    if old_text == old_machine:
        return new_machine, True
    if new_machine == old_machine:
        return old_text, True
    theirs = _edits(old_machine, old_text)
    source = _edits(old_machine, new_machine)
    if any(_clash(t, s) for t in theirs for s in source):
        return old_text, False
    merged = sorted([*theirs, *source])
    out, cursor = [], 0
    for i1, i2, replacement in merged:
        out.append(old_machine[cursor:i1])
        out.append(replacement)
        cursor = i2
    out.append(old_machine[cursor:])
    return "".join(out), True


def successor_choose(
    spans: Iterable[tuple[int, int]], candidates: dict[int, list[tuple[int, int]]]
) -> int | None:
    """The candidate (e.g. a new article) whose spans overlap `spans` most."""
    spans = list(spans)
    best, best_overlap = None, 0
    for key, theirs in candidates.items():
        overlap = sum(
            max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in spans for s2, e2 in theirs
        )
        if overlap > best_overlap:
            best, best_overlap = key, overlap
    return best
