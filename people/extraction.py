"""Find the people and organisations an article names: pure Python, no Django.

The rules are anchored on vocabulary (people/data/lexicon.toml): a title of
office in front of a name (市委书记某某), a list after an office or a group of
leaders (市领导甲、乙、丙), a list before one (甲、乙等市领导), a title after a
name (某某院士), a plain role (村民某某), a quoted speaker (。”某某说), and
the suffix of an organisation (…委员会, …有限公司). A name found once is then
found wherever else the article repeats it.

Anchored regular expressions and a surname table cost little; jieba's
part-of-speech tagger (0.135 MB/s here) would cost more than the whole
ingest. jieba's dictionary is used only for its word tags, to strip a verb or
a time word in front of an organisation's name (推进县…中心 → 县…中心).

Spans are character offsets into the text of one field of the article
(headline, kicker, subtitle or body), so `text[start:end] == name`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DEFAULT_LEXICON = Path(__file__).resolve().parent / "data" / "lexicon.toml"

# Han ideographs (basic block and extension A): names and organisations are
# written with them only.
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_IS_HAN = re.compile(f"[{HAN}]")
# What may sit inside an organisation's name besides Han characters: the
# full-width parentheses of 某某设备（浙江）有限公司, and digits.
_ORG_EXTRA = frozenset("（）()0123456789")

# Rule names, stored with each mention; the confidence says how much the
# rule is trusted on unseen pages.
_LENGTHS = (5, 4, 3, 2)  # of the words in the false_* sets, longest first

RULE_CONFIDENCE = {
    "office": 0.9,
    "group": 0.85,
    "list": 0.85,
    "title": 0.8,
    "speaker": 0.75,
    "role": 0.7,
    "repeat": 0.6,
    "organisation": 0.8,
}


@dataclass(frozen=True, slots=True)
class Lexicon:
    surnames: frozenset[str]
    name_stop_chars: frozenset[str]
    name_followers: tuple[str, ...]
    offices: tuple[str, ...]
    groups: tuple[str, ...]
    titles_after: tuple[str, ...]
    roles: tuple[str, ...]
    speech_verbs: tuple[str, ...]
    org_suffixes: tuple[str, ...]
    strong_suffixes: frozenset[str]
    standalone_suffixes: frozenset[str]
    false_suffixes: frozenset[str]
    false_endings: frozenset[str]
    org_prefixes: tuple[str, ...]
    place_markers: tuple[str, ...]
    place_re: re.Pattern = field(repr=False, compare=False)
    org_boundaries: frozenset[str]
    protected: tuple[str, ...]
    protected_by_char: dict[str, tuple[str, ...]]
    strip_tags: frozenset[str]
    # Compiled from the above.
    office_re: re.Pattern = field(repr=False, compare=False)
    group_re: re.Pattern = field(repr=False, compare=False)
    title_re: re.Pattern = field(repr=False, compare=False)
    role_re: re.Pattern = field(repr=False, compare=False)
    speaker_re: re.Pattern = field(repr=False, compare=False)
    suffix_re: re.Pattern = field(repr=False, compare=False)


def _words(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value.split()))


def _alternation(words: Iterable[str]) -> str:
    # Longest first: Python's alternation takes the first that matches.
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def lexicon_from_mapping(data: Mapping[str, str]) -> Lexicon:
    """A Lexicon from the string values of a lexicon file's keys."""
    offices = _words(data["offices"])
    groups = _words(data["groups"])
    roles = _words(data["roles"])
    speech = _words(data["speech_verbs"])
    titles = _words(data["titles_after"])
    suffixes = _words(data["org_suffixes"])
    return Lexicon(
        surnames=frozenset(_words(data["surnames"])),
        name_stop_chars=frozenset(data["name_stop_chars"].strip()),
        name_followers=_words(data["name_followers"]),
        offices=offices,
        groups=groups,
        titles_after=titles,
        roles=roles,
        speech_verbs=speech,
        org_suffixes=suffixes,
        strong_suffixes=frozenset(_words(data["strong_suffixes"])),
        standalone_suffixes=frozenset(_words(data.get("standalone_suffixes", ""))),
        false_suffixes=frozenset(_words(data["false_suffixes"])),
        false_endings=frozenset(_words(data["false_endings"])),
        org_prefixes=_words(data["org_prefixes"]),
        place_markers=_words(data["place_markers"]),
        # A place name ends right before an office: 某某镇|副镇长.
        place_re=re.compile(f"(?:{_alternation(_words(data['place_markers']))})$"),
        org_boundaries=frozenset(_words(data["org_boundaries"])),
        protected=_words(data["protected"]),
        protected_by_char={
            c: tuple(p for p in _words(data["protected"]) if c in p)
            for c in set("".join(_words(data["protected"])))
        },
        strip_tags=frozenset(_words(data["strip_tags"])),
        office_re=re.compile(_alternation(offices)),
        group_re=re.compile(_alternation(groups)),
        title_re=re.compile(_alternation(titles)),
        role_re=re.compile(_alternation(roles)),
        # A speaker stands alone between punctuation and the verb: 。”某某说
        speaker_re=re.compile(
            f'(?<=[。，；！？：”’"\\s])([{HAN}]{{2,4}}?)(?:{_alternation(speech)})'
            "(?=[，。：；,:！])"
        ),
        suffix_re=re.compile(_alternation(suffixes)),
    )


@lru_cache(maxsize=8)
def load_lexicon(path: str | Path = DEFAULT_LEXICON) -> Lexicon:
    """The lexicon in a TOML file (cached per path)."""
    with open(path, "rb") as fh:
        return lexicon_from_mapping(tomllib.load(fh))


@dataclass(frozen=True, slots=True)
class OfficeFact:
    office: str  # as printed: 副主任, 市委书记
    organisation: str | None = None  # as printed in front of it, if any


@dataclass(frozen=True, slots=True)
class PersonMention:
    field: str  # headline, kicker, subtitle or body
    start: int
    end: int
    name: str
    title: str = ""  # what the page prints with the name: 市委常委、宣传部部长
    offices: tuple[OfficeFact, ...] = ()
    rule: str = "office"
    confidence: float = 0.9


@dataclass(frozen=True, slots=True)
class OrganisationMention:
    field: str
    start: int
    end: int
    name: str
    rule: str = "organisation"
    confidence: float = 0.8


@dataclass(frozen=True, slots=True)
class ArticleMentions:
    people: tuple[PersonMention, ...] = ()
    organisations: tuple[OrganisationMention, ...] = ()

    def person_names(self) -> list[str]:
        return list(dict.fromkeys(m.name for m in self.people))

    def organisation_names(self) -> list[str]:
        return list(dict.fromkeys(m.name for m in self.organisations))


WordTags = Callable[[str], str | None]


@lru_cache(maxsize=1)
def jieba_word_tags() -> WordTags:
    """Part-of-speech tag of a word in jieba's dictionary (loaded once)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    tokenizer = jieba.posseg.dt
    tokenizer.tokenizer.check_initialized()
    table = tokenizer.word_tag_tab
    frequency = tokenizer.tokenizer.FREQ
    # Rare dictionary entries (frequency under 20) are mostly names and
    # odd compounds; only common words may veto a name or open a boundary.
    common = {w: t for w, t in table.items() if frequency.get(w, 0) >= 20}
    return common.get


def extract_mentions(
    fields: Mapping[str, str | None],
    *,
    lexicon: Lexicon | None = None,
    word_tags: WordTags | None = None,
    known_names: Iterable[str] = (),
) -> ArticleMentions:
    """The people and organisations named in an article's fields.

    `fields` maps a field name to its text (None or "" for an absent field).
    `word_tags` (e.g. jieba_word_tags()) refines organisation boundaries;
    `known_names` are names to find wherever they occur (confirmed people).
    """
    lexicon = lexicon or load_lexicon()
    people: list[PersonMention] = []
    organisations: list[OrganisationMention] = []
    for name, text in fields.items():
        if text:
            found_people, found_orgs = _extract_field(name, text, lexicon, word_tags)
            people += found_people
            organisations += found_orgs
    names = {m.name for m in people} | {n for n in known_names if len(n) >= 2}
    if names:
        people += _repeats(fields, names, people, organisations)
    people.sort(key=lambda m: (m.field, m.start))
    organisations.sort(key=lambda m: (m.field, m.start))
    return ArticleMentions(tuple(people), tuple(organisations))


@dataclass(slots=True)
class _Org:
    start: int
    end: int
    name: str
    suffix: str
    accepted: bool  # stands as an organisation without an office after it
    place: bool  # a place name (某某镇), an organisation only before an office


def _extract_field(
    field_name: str, text: str, lex: Lexicon, word_tags: WordTags | None
) -> tuple[list[PersonMention], list[OrganisationMention]]:
    orgs = _org_candidates(text, lex, word_tags)
    orgs_by_end: dict[int, list[_Org]] = {}
    for org in orgs:
        orgs_by_end.setdefault(org.end, []).append(org)
    people: list[PersonMention] = []
    taken: list[tuple[int, int]] = []  # spans already used by a rule
    used_orgs: set[int] = set()  # ids of candidates an office confirmed
    office_words: list[tuple[int, int]] = []  # the offices' own spans

    def add(start, end, name, title, offices, rule):
        if not _plausible_name(name, word_tags):
            return
        if any(s < end and start < e for s, e in taken if (s, e) != (start, end)):
            return
        if any((m.start, m.end) == (start, end) for m in people):
            return
        people.append(
            PersonMention(
                field_name,
                start,
                end,
                name,
                title,
                tuple(dict.fromkeys(offices)),
                rule,
                RULE_CONFIDENCE[rule],
            )
        )

    # Offices, possibly chained (市委常委、宣传部部长), then a name or a list.
    for match in lex.office_re.finditer(text):
        chain = _office_chain(text, match, lex, orgs_by_end, word_tags)
        if chain is None:
            continue
        title_start, end, facts, chain_orgs, office_spans = chain
        names = _names_after(text, end, lex, allow_dash=True)
        if not names:
            continue
        for org in chain_orgs:
            used_orgs.add(id(org))
            if org.place:
                orgs.append(org)
        office_words += office_spans
        title = text[title_start:end]
        taken.append((title_start, end))
        for start, stop in names:
            add(start, stop, text[start:stop], title, facts, "office")
            taken.append((start, stop))

    # Groups of leaders: 市领导甲、乙 and 甲、乙等市领导.
    for match in lex.group_re.finditer(text):
        start = match.start()
        org = _org_ending_at(orgs_by_end, start)
        if org is not None:
            title_start = org.start
        else:
            title_start = start
            while title_start > 0 and any(
                text.startswith(p, title_start - len(p)) for p in lex.org_prefixes
            ):
                prefix = next(
                    p
                    for p in lex.org_prefixes
                    if text.startswith(p, title_start - len(p))
                )
                title_start -= len(prefix)
        title = text[title_start : match.end()]
        for start_, stop in _names_after(text, match.end(), lex):
            add(start_, stop, text[start_:stop], title, (), "group")
            taken.append((start_, stop))
        for start_, stop in _names_before_group(text, title_start, lex):
            add(
                start_,
                stop,
                text[start_:stop],
                _group_title(text, start_, match),
                (),
                "list",
            )
            taken.append((start_, stop))

    # Titles after a name: 某某院士.
    for match in lex.title_re.finditer(text):
        span = _name_before(text, match.start(), lex)
        if span and not _inside_org(span, orgs):
            add(span[0], span[1], text[span[0] : span[1]], match.group(), (), "title")

    # Plain roles in front of a name: 村民某某.
    for match in lex.role_re.finditer(text):
        span = _parse_name(text, match.end(), lex)
        if span:
            add(span[0], span[1], text[span[0] : span[1]], match.group(), (), "role")

    # Quoted speakers: 。”某某说，
    for match in lex.speaker_re.finditer(text):
        start, stop = match.span(1)
        span = _parse_name(text, start, lex)
        if span == (start, stop):
            add(start, stop, text[start:stop], "", (), "speaker")

    # An organisation overlapping an office is cut wrongly: 县政府党组|成员
    # against 县政府|党组成员.
    spans = [(m.start, m.end) for m in people] + office_words
    standing = [
        o
        for o in orgs
        if (o.accepted or id(o) in used_orgs)
        and not any(s < o.end and o.start < e for s, e in spans)
    ]
    found_orgs = [
        OrganisationMention(field_name, o.start, o.end, o.name)
        for o in _outermost(standing, lex)
    ]
    return people, found_orgs


def _group_title(text: str, name_start: int, group: re.Match) -> str:
    """甲、乙等区五套班子领导 → 区五套班子领导: the words after 等."""
    cut = text.find("等", name_start, group.start())
    return text[cut + 1 : group.end()] if cut >= 0 else group.group()


def _office_chain(text, match, lex, orgs_by_end, word_tags):
    """An office (with its organisation in front), and any chained after it.

    Returns (title start, end, facts, organisations used) or None. Where an
    organisation candidate ends inside the office (某某社区党委|书记 against
    党委书记), the shorter office after the organisation is taken.
    """
    facts: list[OfficeFact] = []
    used: list[_Org] = []
    spans: list[tuple[int, int]] = []
    title_start = None
    pos = match.start()
    office_end = match.end()
    while True:
        office = text[pos:office_end]
        org = _org_ending_at(orgs_by_end, pos)
        if org is None:
            # An organisation ending inside the office: 社区党委|书记.
            for cut in range(pos + 1, office_end):
                inner = _org_ending_at(orgs_by_end, cut)
                if (
                    inner
                    # 市委书记 stays whole: a 市委 cut off it would take
                    # whatever precedes (OCR runs text together).
                    and inner.suffix not in lex.standalone_suffixes
                    and text[cut:office_end] in lex.offices
                ):
                    org, office, pos = inner, text[cut:office_end], cut
                    break
        if org is None:
            org = _place_before(text, pos, lex, word_tags)
        if org is not None:
            used.append(org)
        start = org.start if org is not None else pos
        title_start = start if title_start is None else title_start
        facts.append(OfficeFact(office, org.name if org is not None else None))
        spans.append((pos, office_end))
        # Another office after 、 belongs to the same person.
        if office_end < len(text) and text[office_end] == "、":
            nxt = _office_at(text, office_end + 1, lex, orgs_by_end)
            if nxt is not None:
                pos, office_end = nxt
                continue
        return title_start, office_end, facts, used, spans


def _office_at(text, pos, lex, orgs_by_end):
    """An office at `pos`, or an organisation at `pos` followed by an office."""
    match = lex.office_re.match(text, pos)
    if match:
        return match.start(), match.end()
    for end, orgs in orgs_by_end.items():
        for org in orgs:
            if org.start == pos:
                match = lex.office_re.match(text, end)
                if match:
                    return match.start(), match.end()
    return None


def _org_ending_at(orgs_by_end, pos):
    orgs = orgs_by_end.get(pos)
    if not orgs:
        return None
    return min(orgs, key=lambda o: o.start)  # the longest


def _names_after(text, pos, lex, *, allow_dash=False):
    """A name at `pos` and the names listed after it with 、."""
    if allow_dash:
        while pos < len(text) and text[pos] in "—－-":
            pos += 1
    names = []
    span = _parse_name(text, pos, lex)
    while span:
        names.append(span)
        if span[1] < len(text) and text[span[1]] == "、":
            span = _parse_name(text, span[1] + 1, lex)
            if span and not _ends_token(text, span[1], lex):
                break
        else:
            break
    return names


def _names_before_group(text, group_start, lex):
    """甲、乙、丙等 in front of a group word: all of them names, or none."""
    cut = group_start
    # The group word may carry a short qualifier: 等区五套班子领导.
    head = text.rfind("等", max(0, group_start - 6), group_start + 1)
    if head < 0:
        return []
    if any(not _IS_HAN.match(c) for c in text[head:group_start]):
        return []
    cut = head
    start = cut
    while start > 0 and (_IS_HAN.match(text[start - 1]) or text[start - 1] == "、"):
        start -= 1
    tokens = text[start:cut].split("、")
    if len(tokens) < 2:
        return []
    spans, pos = [], start
    for token in tokens:
        span = _parse_name(text, pos, lex)
        if span is None or span[1] - span[0] != len(token):
            return []
        spans.append(span)
        pos += len(token) + 1
    return spans


def _ends_token(text, pos, lex):
    """Does a listed name end here (at punctuation, 、, or a following word)?"""
    if pos >= len(text) or not _IS_HAN.match(text[pos]):
        return True
    if text[pos] in lex.name_stop_chars:
        return True
    return any(text.startswith(w, pos) for w in lex.name_followers)


def _parse_name(text: str, pos: int, lex: Lexicon) -> tuple[int, int] | None:
    """The span of a personal name starting at `pos`: surname + 1 or 2 chars."""
    for length in (2, 1):
        surname = text[pos : pos + length]
        if len(surname) == length and surname in lex.surnames:
            break
    else:
        return None
    given = pos + length
    if given >= len(text):
        return None
    first = text[given]
    if not _IS_HAN.match(first) or first in lex.name_stop_chars:
        return None
    if _ends_token(text, given + 1, lex):
        return pos, given + 1
    return pos, given + 2


def _name_before(text, end, lex):
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


def _plausible_name(name: str, word_tags: WordTags | None) -> bool:
    """Not a common word that happens to start with a surname (干部, 信息)."""
    if word_tags is None:
        return True
    for word in (name, name[:2]):
        tag = word_tags(word)
        if tag is not None and not tag.startswith(("nr", "ns")):
            return False
    return True


def _inside_org(span, orgs):
    return any(o.start <= span[0] and span[1] <= o.end for o in orgs)


def _org_candidates(text: str, lex: Lexicon, word_tags: WordTags | None) -> list[_Org]:
    """Every organisation a suffix ends, with its name run back to a boundary."""
    found = []
    pos = 0
    while match := lex.suffix_re.search(text, pos):
        s, e = match.span()
        false = next(
            (
                text[s : s + n]
                for n in _LENGTHS
                if text[s : s + n] in lex.false_suffixes
            ),
            None,
        )
        if false:
            pos = s + len(false)  # 部署 is no 部 nor 署
            continue
        pos = e
        if any(text[e - n : e] in lex.false_endings for n in _LENGTHS if e >= n):
            continue
        start = _run_back(text, s, lex)
        if start is None:
            continue
        start = _strip_leading(text, start, s, lex, word_tags)
        start = _balance(text, start, e)
        body = text[start:s]
        standalone = match.group() in lex.standalone_suffixes
        if not standalone and (not body or not _IS_HAN.match(body[0])):
            continue
        if body and len(body) < 2 and body not in lex.org_prefixes:
            continue
        name = text[start:e]
        accepted = (
            standalone
            or name.startswith(lex.org_prefixes)
            or _has_place(name, lex)
            or match.group() in lex.strong_suffixes
            or (len(body) >= 4 and len(match.group()) == 1)
        )
        found.append(_Org(start, e, name, match.group(), accepted, False))
    return found


def _run_back(text: str, s: int, lex: Lexicon, limit: int = 20) -> int | None:
    """Where an organisation ending at `s` begins: back to punctuation or a
    boundary word (的, 在, 和 …); None past `limit` characters, where text
    run together by the OCR is more likely than a name that long."""
    i = s
    while i > 0:
        if s - i >= limit:
            return None
        c = text[i - 1]
        if not (_IS_HAN.match(c) or c in _ORG_EXTRA):
            break
        bounds = lex.org_boundaries
        if (
            c in bounds
            or (i >= 2 and text[i - 2 : i] in bounds)
            or (i >= 3 and text[i - 3 : i] in bounds)
            or (i >= 4 and text[i - 4 : i] in bounds)
        ) and not any(
            p in text[max(0, i - len(p)) : i + len(p)]
            for p in lex.protected_by_char.get(c, ())
        ):
            break
        i -= 1
    return i


def _strip_leading(text, start, s, lex, word_tags):
    """Drop verbs, time words and the like in front of the name."""
    if word_tags is None:
        return start
    while s - start > 2:
        # 市举行… (from 我市举行): a bare prefix before a verb goes too.
        skip = 1 if text[start] in lex.org_prefixes else 0
        for offset in dict.fromkeys((0, skip)):
            at = start + offset
            length = next(
                (
                    n
                    for n in (4, 3, 2)
                    if at + n <= s - 1
                    and word_tags(text[at : at + n]) in lex.strip_tags
                ),
                0,
            )
            if length:
                start = at + length
                break
        else:
            return start
    return start


def _balance(text, start, end):
    """Cut an unmatched opening or closing parenthesis off the front."""
    name = text[start:end]
    depth = 0
    for i, c in enumerate(name):
        if c in "（(":
            depth += 1
        elif c in "）)":
            depth -= 1
            if depth < 0:
                return _balance(text, start + i + 1, end)
    if depth > 0:
        return _balance(text, start + max(name.rfind("（"), name.rfind("(")) + 1, end)
    return start


def _place_before(text, pos, lex, word_tags) -> _Org | None:
    """A place name (某某镇) ending at `pos`, as the body an office names."""
    match = lex.place_re.search(text, max(0, pos - 4), pos)
    if match is None:
        return None
    s = match.start()
    start = _run_back(text, s, lex)
    if start is None:
        return None
    start = _balance(text, _strip_leading(text, start, s, lex, word_tags), pos)
    if s - start < 2 or not _IS_HAN.match(text[start]):
        return None
    return _Org(start, pos, text[start:pos], match.group(), False, True)


def _has_place(name: str, lex: Lexicon) -> bool:
    """A proper place name inside: two or more characters before 镇, 街道…"""
    for marker in lex.place_markers:
        i = name.find(marker, 2)
        if 0 < i < len(name) - len(marker):
            return True
    return False


def _outermost(orgs: list[_Org], lex: Lexicon) -> list[_Org]:
    """Candidates not inside a longer one (县政协 inside 县政协党组)."""
    return [
        o
        for o in orgs
        if not any(
            p is not o
            and p.start <= o.start
            and o.end <= p.end
            and p.end - p.start > o.end - o.start
            for p in orgs
        )
    ]


def _repeats(fields, names, people, organisations) -> list[PersonMention]:
    """Every further occurrence of a name already found in the article."""
    pattern = re.compile(_alternation(names))
    taken = {}
    for m in people:
        taken.setdefault(m.field, []).append((m.start, m.end))
    for m in organisations:
        taken.setdefault(m.field, []).append((m.start, m.end))
    found = []
    for field_name, text in fields.items():
        if not text:
            continue
        spans = taken.get(field_name, [])
        for match in pattern.finditer(text):
            s, e = match.span()
            if any(a < e and s < b for a, b in spans):
                continue
            found.append(
                PersonMention(
                    field_name,
                    s,
                    e,
                    match.group(),
                    "",
                    (),
                    "repeat",
                    RULE_CONFIDENCE["repeat"],
                )
            )
    return found
