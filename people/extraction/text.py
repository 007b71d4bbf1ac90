"""The text the rules read: one field, with its characters mapped back.

PDF text and OCR break a name across lines (`三门移动公` / `司`), space out
justified type (`习 近 平`) and leave stray spaces; traditional pages print
the vocabulary in another script. The rules read a normalised copy, and
every character of it knows its offset in the field, so a find maps back to
the printed span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path

T2S_TABLE = Path(__file__).resolve().parents[1] / "data" / "t2s.txt"

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
# What may stand on both sides of a dropped space: Han characters, CJK and
# full-width punctuation, the middle dot of transliterated names.
_JOINABLE = f"{HAN}\u3000-\u303f\uff00-\uffef“”‘’·•—…"
_GAP = re.compile(f"(?<=[{_JOINABLE}])\\s+(?=[{_JOINABLE}])")
# Where a chunk may end: rules never reach across a sentence.
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
CHUNK_LIMIT = 300  # characters; a longer run without punctuation is cut
MERGE = 150  # characters: sentences are taken together up to this size


@lru_cache(maxsize=1)
def t2s_table() -> dict[int, int]:
    """Traditional to simplified, one character for one (str.translate)."""
    table = {}
    for line in T2S_TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        for pair in line.split():
            if len(pair) == 2:
                table[ord(pair[0])] = ord(pair[1])
    return table


@dataclass(frozen=True, slots=True)
class Normalised:
    """`text` is what the rules read; `offsets[i]` is where its i-th
    character stands in `source`."""

    source: str
    text: str
    offsets: Sequence[int]  # a range where nothing was dropped

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the source printing text[start:end]."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def printed(self, start: int, end: int) -> str:
        """text[start:end] as printed (original script, no spaces)."""
        return "".join(self.source[i] for i in self.offsets[start:end])


def normalise(source: str) -> Normalised:
    """Drop whitespace between Han characters and map traditional characters
    to simplified ones. Linear in the length of the text."""
    gaps = [(m.start(), m.end()) for m in _GAP.finditer(source)]
    if not gaps:
        return Normalised(source, source.translate(t2s_table()), range(len(source)))
    pieces: list[str] = []
    ranges: list[range] = []
    pos = 0
    for start, end in gaps:
        pieces.append(source[pos:start])
        ranges.append(range(pos, start))
        pos = end
    pieces.append(source[pos:])
    ranges.append(range(pos, len(source)))
    text = "".join(pieces).translate(t2s_table())
    return Normalised(source, text, list(chain.from_iterable(ranges)))


def chunks(text: str, limit: int = CHUNK_LIMIT, merge: int = MERGE):
    """(start, end) of runs of whole sentences of a text, up to `merge`
    characters (short sentences go together: fewer calls), none longer
    than `limit` (a run without punctuation is cut)."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if end - start < merge:
            continue
        while end - start > limit:
            yield start, start + limit
            start += limit
        yield start, end
        start = end
    while len(text) - start > limit:
        yield start, start + limit
        start += limit
    if start < len(text):
        yield start, len(text)
