"""Where a personal name begins and ends, by evidence on both sides.

A name is a surname and one or two characters. Which length is chosen by
what follows: a speech or action verb, an adverb phrase before one
(高兴地说), a title (同志, 教授), punctuation or a list mark. A third
character is kept only where the dictionary uses it in given names at
least as readily as 都, so 王明也说 stays 王明 while 陈方都说 is 陈方都.
"""

from __future__ import annotations

import re

from .lexicon import Lexicon
from .text import HAN

_IS_HAN = re.compile(f"[{HAN}]")
STRONG, WEAK, NONE = 2, 1, 0


def right_evidence(text: str, pos: int, lex: Lexicon, tags=None) -> int:
    """STRONG: a verb, adverb phrase or title follows; WEAK: punctuation, a
    list mark or the end; NONE: running text."""
    if pos >= len(text) or not _IS_HAN.match(text[pos]):
        return WEAK
    if text[pos] in "、和与及等":
        return WEAK
    if lex.follower_re.match(text, pos):
        return STRONG
    if tags is not None:
        # An adverb, then a verb: 也说, 当场表示.
        for n in (2, 1):
            if tags(text[pos : pos + n]) in ("d", "ad") and lex.follower_re.match(
                text, pos + n
            ):
                return STRONG
    return NONE


def surname_at(text: str, pos: int, lex: Lexicon) -> int:
    """Length of the surname at `pos` (compound first), 0 if none."""
    if text[pos : pos + 2] in lex.surnames:
        return 2
    if pos < len(text) and text[pos] in lex.surnames:
        return 1
    return 0


def _word_len(text: str, pos: int, tags) -> int:
    """Length of the longest common word starting at `pos` (2-4), else 1."""
    if tags is None or not hasattr(tags, "frequency"):
        return 1
    for n in (4, 3, 2):
        word = text[pos : pos + n]
        if len(word) == n and tags(word) is not None:
            return n
    return 1


def parse_name(text: str, pos: int, lex: Lexicon, tags=None) -> tuple[int, int] | None:
    """The span of a personal name starting at `pos`, or None."""
    length = surname_at(text, pos, lex)
    if not length:
        return None
    given = pos + length
    if given >= len(text):
        return None
    first = text[given]
    if not _IS_HAN.match(first) or first in lex.name_stop_chars:
        return None
    two, three = given + 1, given + 2
    if three > len(text) or not _IS_HAN.match(text[two]):
        return pos, two
    third = text[two]
    at_two = right_evidence(text, two, lex, tags)
    at_three = right_evidence(text, three, lex, tags)
    # The third character starts a word with what follows (高兴, 坦言).
    glued = _word_len(text, two, tags) >= 2
    name_char = _name_char(third, tags)
    if at_three == STRONG and (at_two != STRONG or (name_char and not glued)):
        return pos, three
    if at_two >= WEAK:
        return pos, two
    if at_three == WEAK and (third not in lex.name_stop_chars or name_char):
        return pos, three
    if third in lex.name_stop_chars or (glued and at_two == STRONG):
        return pos, two
    if any(text.startswith(w, two) for w in lex.name_followers):
        return pos, two
    return pos, three


def _name_char(char: str, tags) -> bool:
    if tags is None or not hasattr(tags, "given_name_char"):
        return False
    return tags.given_name_char(char)


def ends_token(text, pos, lex):
    """Does a listed name end here (at punctuation, 、, or a following word)?"""
    if pos >= len(text) or not _IS_HAN.match(text[pos]):
        return True
    if text[pos] in lex.name_stop_chars:
        return True
    return any(text.startswith(w, pos) for w in lex.name_followers)


def name_before(text, end, lex):
    """The name just before `end` (某某院士): three characters, else two.

    Read backwards, a name has no following word to end it, so any three Han
    characters opening with a surname will do (the title ends them).
    """
    for length in (3, 2):
        start = end - length
        if start < 0 or not all(_IS_HAN.match(c) for c in text[start:end]):
            continue
        if text[start : start + 2] in lex.surnames and length == 3:
            return start, end  # compound surname + one character
        if text[start] in lex.surnames and not (
            set(text[start + 1 : end]) & lex.name_stop_chars
        ):
            return start, end
    return None


def plausible_name(name: str, tags) -> bool:
    """Not a common word that happens to start with a surname (干部, 信息)."""
    if tags is None:
        return True
    for word in (name, name[:2]):
        tag = tags(word)
        if tag is not None and not tag.startswith(("nr", "ns")):
            return False
    return True


def _transliterated(word: str, lex: Lexicon) -> bool:
    return (
        len(word) >= 2
        and sum(c in lex.transliteration for c in word) * 3 >= len(word) * 2
    )


_DOTTED = re.compile(f"[{HAN}]{{1,9}}(?:[·•][{HAN}]{{1,9}})+")


def foreign_names(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Transliterated names with the middle dot (约翰·史密斯): the
    transliterated characters on both sides of the dots, so a post in
    front (总干事) and a verb after (认为) stay out."""
    out: list[tuple[int, int]] = []
    if "·" not in text and "•" not in text:
        return out
    for match in _DOTTED.finditer(text):
        start, end = match.span()
        while start < end and text[start] not in lex.transliteration:
            start += 1
        head = text[start:end].split("·")[0]
        cut = len(head)
        while cut > 0 and text[start + cut - 1] in lex.transliteration:
            cut -= 1
        start += cut
        # The tail: up to five Han characters, to a verb or punctuation.
        pos = match.start() + match.group().rfind("·") + 1
        stop = min(end, pos + 5)
        while pos < stop and not (lex.follower_re.match(text, pos)):
            pos += 1
        name = text[start:pos]
        if len(name.split("·")[0]) >= 2 and len(name) >= 4 and name[-1] != "·":
            out.append((start, pos))
    return out


def single_foreign_name(
    text: str, start: int, lex: Lexicon, *, after_post: bool = False
) -> tuple[int, int] | None:
    """A transliterated name of 2-4 characters between a title and a verb
    (教授某某认为), with no surname to anchor it."""
    if start >= len(text) or text[start] not in lex.transliteration:
        return None
    for length in (4, 3, 2):
        end = start + length
        word = text[start:end]
        if len(word) < length or not all(c in lex.transliteration for c in word):
            continue
        evidence = right_evidence(text, end, lex)
        if evidence == STRONG or (after_post and evidence == WEAK):
            return start, end
    return None
