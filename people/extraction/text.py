"""The text the rules read: one field, with its characters mapped back.

PDF text and OCR break a name across lines (`三门移动公` / `司`), space out
justified type (`习 近 平`) and leave stray spaces; traditional pages print
the vocabulary in another script. The rules read a normalised copy, and
every character of it knows its offset in the field, so a find maps back to
the printed span.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from pathlib import Path

T2S_TABLE = Path(__file__).resolve().parents[1] / "data" / "t2s.toml"

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
    with open(T2S_TABLE, "rb") as fh:
        pairs = tomllib.load(fh)["pairs"].split()
    table = {}
    for pair in pairs:
        if len(pair) == 2:
            table[ord(pair[0])] = ord(pair[1])
    return table


class Normalised:
    """`text` is what the rules read; `offsets[i]` is where its i-th
    character stands in `source` (worked out only when a find needs it:
    most paragraphs name nobody)."""

    __slots__ = ("source", "text", "_offsets")

    def __init__(self, source: str, text: str):
        self.source = source
        self.text = text
        self._offsets: Sequence[int] | None = None

    @property
    def offsets(self) -> Sequence[int]:
        if self._offsets is None:
            self._offsets = _offsets(self.source, len(self.text))
        return self._offsets

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the source printing text[start:end]."""
        offsets = self.offsets
        return offsets[start], offsets[end - 1] + 1

    def printed(self, start: int, end: int) -> str:
        """text[start:end] as printed (original script, no spaces)."""
        source = self.source
        return "".join(source[i] for i in self.offsets[start:end])


def _offsets(source: str, length: int) -> Sequence[int]:
    if length == len(source):
        return range(length)  # nothing dropped
    ranges: list[range] = []
    pos = 0
    for gap in _GAP.finditer(source):
        ranges.append(range(pos, gap.start()))
        pos = gap.end()
    ranges.append(range(pos, len(source)))
    return list(chain.from_iterable(ranges))


def normalise(source: str) -> Normalised:
    """Drop whitespace between Han characters and map traditional characters
    to simplified ones. Linear in the length of the text."""
    text = _GAP.sub("", source)
    if _traditional().search(text):  # one scan in C; most pages have none
        text = text.translate(t2s_table())
    return Normalised(source, text)


@lru_cache(maxsize=1)
def _traditional() -> re.Pattern[str]:
    """Any character t2s_table() maps to another."""
    changed = sorted(chr(a) for a, b in t2s_table().items() if a != b)
    return re.compile("[" + "".join(re.escape(c) for c in changed) + "]")


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
