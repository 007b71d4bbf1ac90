"""Where a position in a block's (corrected) text falls in the verbatim source,
so that a split cuts the source where the editor cut the text."""

from __future__ import annotations

import difflib
import unicodedata


def _fold(char: str) -> str:
    # The parser swaps punctuation width and straightens/curls quotes.
    folded = unicodedata.normalize("NFKC", char)
    return {"“": '"', "”": '"', "‘": "'", "’": "'"}.get(folded, folded)


def source_offset(source: str, start: int, end: int, machine: str, pos: int) -> int:
    """The source offset in [start, end] matching character `pos` of `machine`.

    The parser's cleaning only drops spaces and markup and swaps punctuation
    width, so the non-space characters of the cleaned text are found, in order,
    in the span; unmatched ones (rare) fall back to counting characters.
    """
    span = source[start:end]
    i = 0  # in span
    for k, char in enumerate(machine):
        if k == pos:
            break
        if char.isspace():
            continue
        target = _fold(char)
        j = i
        while j < len(span) and (span[j].isspace() or _fold(span[j]) != target):
            j += 1
        if j < len(span):
            i = j + 1
        else:  # not found: step over one non-space character
            while i < len(span) and span[i].isspace():
                i += 1
            i = min(i + 1, len(span))
    # A cut lands before the spaces that precede the next character.
    return start + i


def machine_position(text: str, machine: str, pos: int) -> int:
    """Where position `pos` of the corrected text falls in the machine text."""
    if text == machine:
        return pos
    matcher = difflib.SequenceMatcher(None, text, machine, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i1 <= pos < i2 or (pos == i2 and tag == "equal"):
            if tag == "equal":
                return j1 + (pos - i1)
            return j1 if pos == i1 else j2
    return len(machine)


def text_join(first: str, second: str) -> str:
    """Two pieces of text as one: a space only between two Latin words."""
    if first and second and first[-1].isascii() and second[0].isascii():
        if first[-1].isalnum() and second[0].isalnum():
            return f"{first} {second}"
    return first + second
