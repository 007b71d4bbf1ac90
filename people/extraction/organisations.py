"""Organisation candidates in one sentence: a suffix (…局, …大学, …协会)
and its name run back to a boundary, or a name jieba's dictionary knows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon
from .text import HAN

_IS_HAN = re.compile(f"[{HAN}]")
# What may sit inside an organisation's name besides Han characters: the
# full-width parentheses of 某某设备（浙江）有限公司, digits, the quotes of a
# think tank's name.
_ORG_EXTRA = frozenset("（）()0123456789")
_LENGTHS = (5, 4, 3, 2)  # of the words in the false_* sets, longest first
# Tags of words that make a body generic rather than named (一般大学,
# 重点大学, 中小银行): adjectives, distinguishing words, adverbs, verbs.
_GENERIC_TAGS = frozenset({"a", "b", "d", "v", "m", "q", "r", "f", "ad", "an"})


@dataclass(slots=True)
class Org:
    start: int
    end: int
    name: str
    suffix: str
    accepted: bool  # stands as an organisation without an office after it
    place: bool  # a place name (某某镇), an organisation only before an office


def org_candidates(text: str, lex: Lexicon, tags) -> list[Org]:
    """Every organisation a suffix ends, with its name run back to a boundary."""
    found = []
    pos = 0
    while match := lex.suffix_re.search(text, pos):
        s, e = match.span()
        # A false word reaching past the suffix (部署 for 部, 委员 for 委,
        # but not 办公 for 办公室).
        false = next(
            (
                text[s : s + n]
                for n in _LENGTHS
                if n > e - s and text[s : s + n] in lex.false_suffixes
            ),
            None,
        )
        if false:
            pos = s + len(false)  # 部署 is no 部 nor 署
            continue
        pos = e
        if any(
            text[e - n : e] in lex.false_endings for n in _LENGTHS if e >= n > e - s
        ):
            continue
        # A one-character suffix inside a common word with the character
        # before is none (签署, 格局): the dictionary says so without a list.
        if (
            e - s == 1
            and s > 0
            and tags is not None
            and tags(text[s - 1 : e]) is not None
            and text[s - 1 : e] not in lex.org_suffixes
        ):
            continue
        org = _candidate(text, s, e, match.group(), lex, tags, found)
        if org is not None:
            found.append(org)
    if tags is not None and hasattr(tags, "organisation"):
        found += _dictionary_names(text, found, tags)
    return found


def _candidate(text, s, e, suffix, lex, tags, earlier=()) -> Org | None:
    start = run_back(text, s, lex, tags, ends={o.end for o in earlier})
    if start is None:
        return None
    # An earlier organisation and a verb after it end the run back:
    # 某某中心入选 … 某某中心 is two names, not one.
    for org in earlier:
        if start <= org.end < s - 1 and _verb_at(text, org.end, tags):
            start = org.end + 1
    start = strip_leading(text, start, s, lex, tags)
    start = balance(text, start, e)
    body = text[start:s]
    standalone = suffix in lex.standalone_suffixes
    if not standalone and (not body or not _IS_HAN.match(body[0])):
        return None
    if body and len(body) < 2 and body not in lex.org_prefixes:
        return None
    name = text[start:e]
    # Known to the dictionary, unless two bodies joined (党委政府).
    known = (
        tags is not None
        and hasattr(tags, "organisation")
        and (tags.organisation(name) or tags.tag(name) == "j")
        and tags.frequency(name) >= 20
        and body not in lex.org_suffixes
    )
    accepted = (
        standalone
        or known
        or name.startswith(lex.org_prefixes)
        or has_place(name, lex)
        or (len(body) >= 2 and _named(body, tags))
        or (len(body) == 2 and suffix in lex.bureau_suffixes and _bureau(body, tags))
        or (
            (suffix in lex.strong_suffixes or (len(body) >= 4 and len(suffix) == 1))
            and not _generic(body, tags)
        )
    )
    if not accepted and standalone and body:
        # 某某界立法会: the body is doubtful, the standalone suffix is not.
        return Org(s, e, text[s:e], suffix, True, False)
    return Org(start, e, name, suffix, accepted, False)


def _words_of(body: str, tags) -> list[str]:
    """jieba's words of a body, a run of single characters unknown to the
    dictionary joined as one word (an unlisted name: 瑞丰)."""
    out: list[str] = []
    run = ""
    for w in tags.cut(body):
        if len(w) == 1 and tags(w) is None:
            run += w
            continue
        if run:
            out.append(run)
            run = ""
        out.append(w)
    if run:
        out.append(run)
    return out


# Tags that make a word a proper name for an organisation's body: places,
# organisations, other proper nouns (jieba's nr and j are too loose here).
_BODY_PROPER = frozenset({"ns", "nt", "nz"})


def _proper(word: str, tags) -> bool:
    tag = tags.tag(word)
    return tag in _BODY_PROPER or (len(word) >= 2 and tag is None)


def _nounish(word: str, tags) -> bool:
    """Can the word end an organisation's body (a noun, not 不掉, 一般)?"""
    tag = tags.tag(word)
    return tag is None or tag[0] in "njl" or tag == "vn"


def _named(body: str, tags) -> bool:
    """A proper name in the body (湘江物流, 东阳移动) and no verb or adverb
    at its end (流动党员不掉)."""
    if tags is None or not hasattr(tags, "cut"):
        return False
    words = _words_of(body, tags)
    return any(_proper(w, tags) for w in words) and _nounish(words[-1], tags)


def _verb_at(text: str, pos: int, tags) -> bool:
    """Is the longest common word at `pos` a verb, preposition or
    conjunction (入选 after a name), not the start of a name?"""
    if tags is None:
        return False
    for n in (3, 2, 1):
        word = text[pos : pos + n]
        tag = tags(word) if n == 1 else tags.tag(word)
        if tag is not None:
            return tag in ("v", "p", "c")
    return False


def _bureau(body: str, tags) -> bool:
    """Two characters naming a government department's field before 署, 局,
    办… (运输署, 教育局): a noun, or a word the dictionary does not know."""
    if tags is None or not hasattr(tags, "cut"):
        return False
    tag = tags(body)
    return (tag is None and all(tags(c) != "r" for c in body)) or (
        tag is not None and (tag[0] == "n" or tag == "vn") and not tags.proper(body)
    )


def _generic(body: str, tags) -> bool:
    """A body of common words only, the last an adjective or the like:
    重点大学, 一般大学, 中小银行, 顾问公司 name no particular body."""
    if tags is None or not hasattr(tags, "cut"):
        return False
    words = _words_of(body, tags)
    if any(_proper(w, tags) for w in words):
        return False
    if not _nounish(words[-1], tags):
        return True
    return len(words) < 2 or len(body) < 4


# Last characters of the organisations the dictionary names whole and the
# rules take from it: parties, assemblies, organisations, banks…
_KNOWN_ENDINGS = "党会织行院校所局署部委厅社团盟司处馆台"


def _dictionary_names(text, found, tags) -> list[Org]:
    """Organisations jieba's dictionary knows whole (a party, a bank),
    where no suffix candidate covers them and no longer dictionary word
    holds them (人民共和国 inside a country's name). Looked up only where
    a known ending stands."""
    index = _known_index(tags)
    out: list[Org] = []
    for match in _ENDINGS_RE.finditer(text):
        end = match.end()
        # The lengths of the organisations ending in this character and the
        # one before it: most endings (会, 行, 部) end no known name here.
        lengths = index.get(text[end - 2 : end])
        if not lengths:
            continue
        for length in lengths:  # longest first
            start = end - length
            word = text[start:end]
            if start < 0 or not tags.organisation(word):
                continue
            # Inside a longer dictionary word: 人民共和国 in a country's
            # name, 共产党 in 共产党员.
            inside = any(
                tags.tag(text[start - k : end]) is not None
                for k in (1, 2, 3)
                if start >= k
            ) or any(tags.tag(text[start : end + k]) is not None for k in (1, 2))
            covered = any(o.start <= start and end <= o.end for o in found)
            if not inside and not covered:
                out.append(Org(start, end, word, "", True, False))
            break
    return out


_ENDINGS_RE = re.compile(f"[{_KNOWN_ENDINGS}]")
_KNOWN_CACHE: dict[int, dict[str, tuple[int, ...]]] = {}


def _known_index(tags) -> dict[str, tuple[int, ...]]:
    """For each two last characters, the lengths (longest first) that a
    dictionary organisation ending so may have where the rules look: the
    lengths of the organisations the rules take whole ending in the same
    last character, kept only where some organisation of the dictionary
    ends in those two characters and has that length (the others would be
    looked up in vain)."""
    key = id(tags)
    if key not in _KNOWN_CACHE:
        taken: dict[str, set[int]] = {}
        organisations = tags.organisations()
        for word in organisations:
            if (
                word[-1] in _KNOWN_ENDINGS
                and (len(word) >= 5 or word[-1] == "党")
                and tags.frequency(word) >= 20
            ):
                taken.setdefault(word[-1], set()).add(len(word))
        possible: dict[str, set[int]] = {}
        for word in organisations:
            if len(word) in taken.get(word[-1], ()):
                possible.setdefault(word[-2:], set()).add(len(word))
        _KNOWN_CACHE[key] = {
            ending: tuple(sorted(n, reverse=True)) for ending, n in possible.items()
        }
    return _KNOWN_CACHE[key]


def run_back(
    text: str, s: int, lex: Lexicon, tags=None, limit: int = 32, ends=frozenset()
) -> int | None:
    """Where an organisation ending at `s` begins: back to punctuation or a
    boundary word (的, 在, 和 …); None past `limit` characters, where text
    run together by the OCR is more likely than a name that long. A
    boundary word right before a place marker is the place's own name
    (会同县, 和平区) and does not stop it."""
    i = s
    bounds = lex.org_boundaries
    while i > 0:
        if s - i >= limit:
            return None
        c = text[i - 1]
        if not (_IS_HAN.match(c) or c in _ORG_EXTRA):
            break
        hit = next((n for n in (1, 2, 3, 4) if i >= n and text[i - n : i] in bounds), 0)
        # A boundary character inside a word with the next (经济, 和平).
        if (
            hit == 1
            and tags is not None
            and (i - 1) not in ends  # 县科协|和|县委办: after a name, a conjunction
            and (
                _nounish_word(text[i - 1 : i + 1], tags)
                or _place_word(text, i - 1, lex, tags)
            )
        ):
            hit = 0
        if (
            hit
            and not _protected(text, i, c, lex)
            and not (hit > 1 and _place_follows(text, i, lex))
        ):
            break
        i -= 1
    return i


def _nounish_word(word: str, tags) -> bool:
    tag = tags(word)
    return tag in ("n", "vn", "nz")


def _place_word(text: str, pos: int, lex: Lexicon, tags) -> bool:
    """A place name in the dictionary starts at `pos` and ends with a place
    marker (来安县): its first character is no boundary word."""
    if tags is None or not hasattr(tags, "tag"):
        return False
    for n in (4, 3):
        word = text[pos : pos + n]
        if len(word) == n and tags.tag(word) == "ns" and word[-1] in lex.place_markers:
            return True
    return False


def _protected(text, i, c, lex) -> bool:
    return any(
        p in text[max(0, i - len(p)) : i + len(p)]
        for p in lex.protected_by_char.get(c, ())
    )


def _place_follows(text, i, lex) -> bool:
    return any(text.startswith(m, i) for m in lex.place_markers if len(m) == 1)


def strip_leading(text, start, s, lex, tags):
    """Drop verbs, time words and the like in front of the name: the words
    of jieba's cut of the span, so a word is never cut in two
    (特别行政区政府 keeps 特别). Past a verb or a function word further in,
    the name starts again at the proper name after it (大局中展现某地人大)."""
    if tags is None or not hasattr(tags, "cut"):
        return start
    words = tags.cut(text[start:s])
    pos = start
    cut = start
    for i, word in enumerate(words):
        tag = tags(word)
        left = s - pos - len(word)  # what would remain of the body
        if (
            pos == cut
            and len(word) >= 2
            and left >= 2
            and tag in lex.strip_tags
            and not _proper(word, tags)
        ):
            cut = pos + len(word)  # a leading verb, time word…
        elif (
            pos == cut
            and word in lex.org_prefixes
            and i + 1 < len(words)
            and tags(words[i + 1]) in lex.strip_tags
            and len(words[i + 1]) >= 2
        ):
            cut = pos + len(word)  # 市举行… (from 我市举行)
        elif (
            tag in _BREAK_TAGS
            and left >= 2
            and i + 1 < len(words)
            and _proper(words[i + 1], tags)
        ):
            cut = pos + len(word)
        pos += len(word)
    return cut


# Words after which a new name starts when a proper name follows.
_BREAK_TAGS = frozenset({"v", "p", "c", "d", "u", "uj", "ug", "r", "f"})


def balance(text, start, end):
    """Cut an unmatched opening or closing parenthesis off the front."""
    name = text[start:end]
    depth = 0
    for i, c in enumerate(name):
        if c in "（(":
            depth += 1
        elif c in "）)":
            depth -= 1
            if depth < 0:
                return balance(text, start + i + 1, end)
    if depth > 0:
        return balance(text, start + max(name.rfind("（"), name.rfind("(")) + 1, end)
    return start


def place_before(text, pos, lex, tags) -> Org | None:
    """A place name (某某镇) ending at `pos`, as the body an office names."""
    match = lex.place_re.search(text, max(0, pos - 4), pos)
    if match is None:
        return None
    s = match.start()
    start = run_back(text, s, lex, tags)
    if start is None:
        return None
    start = balance(text, strip_leading(text, start, s, lex, tags), pos)
    if s - start < 2 or not _IS_HAN.match(text[start]):
        return None
    return Org(start, pos, text[start:pos], match.group(), False, True)


def has_place(name: str, lex: Lexicon) -> bool:
    """A proper place name inside: two or more characters before 镇, 街道…"""
    for marker in lex.place_markers:
        i = name.find(marker, 2)
        if 0 < i < len(name) - len(marker):
            return True
    return False


def outermost(orgs: list[Org]) -> list[Org]:
    """Candidates not inside a longer one (县政协 inside 县政协党组).
    Sorted by start, then longest first: one pass."""
    out = []
    reach = -1
    for o in sorted(orgs, key=lambda o: (o.start, -(o.end - o.start))):
        if o.end <= reach:
            continue
        out.append(o)
        reach = max(reach, o.end)
    return out
