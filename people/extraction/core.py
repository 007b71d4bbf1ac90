"""The rules over one field of an article, sentence by sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .names import (
    STRONG,
    ends_token,
    foreign_names,
    name_before,
    parse_name,
    plausible_name,
    right_evidence,
    single_foreign_name,
    surname_at,
)
from .organisations import Org, org_candidates, outermost, place_before
from .text import HAN

_IS_HAN = re.compile(f"[{HAN}]")
# Where a name may begin without a word in front: the start, punctuation,
# a list mark or a conjunction.
_OPEN_BEFORE = frozenset("、和与及同")


@dataclass(frozen=True, slots=True)
class OfficeFact:
    office: str  # as printed: 副主任, 市委书记
    organisation: str | None = None  # as printed in front of it, if any


@dataclass(slots=True)
class Found:
    """A person found in a sentence, in the sentence's coordinates."""

    start: int
    end: int
    title: tuple[int, int] | None
    offices: tuple[tuple[str, tuple[int, int] | None], ...]
    rule: str


@dataclass(slots=True)
class Sentence:
    people: list[Found] = field(default_factory=list)
    organisations: list[Org] = field(default_factory=list)


def extract_sentence(text: str, lex: Lexicon, tags) -> Sentence:
    """People and organisations in one sentence (normalised text)."""
    orgs = org_candidates(text, lex, tags)
    foreign = dict(foreign_names(text, lex))  # start -> end
    orgs_by_end: dict[int, list[Org]] = {}
    for org in orgs:
        orgs_by_end.setdefault(org.end, []).append(org)
    out = Sentence()
    taken: list[tuple[int, int]] = []  # spans already used by a rule
    used_orgs: set[int] = set()  # ids of candidates an office confirmed
    office_words: list[tuple[int, int]] = []  # the offices' own spans

    def add(start, end, title, offices, rule, check=True):
        if check and not plausible_name(text[start:end], tags):
            return False
        if any(s < end and start < e for s, e in taken if (s, e) != (start, end)):
            return False
        if any((m.start, m.end) == (start, end) for m in out.people):
            return False
        out.people.append(Found(start, end, title, tuple(offices), rule))
        return True

    # Offices, possibly chained (市委常委、宣传部部长), then a name or a list.
    for match in lex.office_re.finditer(text):
        chain = _office_chain(text, match, lex, orgs_by_end, tags)
        if chain is None:
            continue
        title_start, end, facts, chain_orgs, office_spans = chain
        names = _names_after(text, end, lex, tags, foreign, allow_dash=True)
        if not names:
            continue
        for org in chain_orgs:
            used_orgs.add(id(org))
            if org.place:
                orgs.append(org)
        office_words += office_spans
        taken.append((title_start, end))
        for start, stop in names:
            add(start, stop, (title_start, end), facts, "office")
            taken.append((start, stop))

    _groups(text, lex, tags, orgs_by_end, add, taken)

    # Titles after a name: 某某院士.
    for match in lex.title_re.finditer(text):
        span = name_before(text, match.start(), lex)
        if span and not any(o.start <= span[0] and span[1] <= o.end for o in orgs):
            add(span[0], span[1], match.span(), (), "title")

    # Plain roles in front of a name: 村民某某.
    for match in lex.role_re.finditer(text):
        span = parse_name(text, match.end(), lex, tags)
        if span:
            add(span[0], span[1], match.span(), (), "role")

    # Quoted speakers: 。”某某说，
    for match in lex.speaker_re.finditer(text):
        start, stop = match.span(1)
        span = parse_name(text, start, lex, tags)
        if span == (start, stop):
            add(start, stop, None, (), "speaker")

    _by_evidence(text, lex, tags, add, foreign)

    # An organisation overlapping an office is cut wrongly: 县政府党组|成员
    # against 县政府|党组成员.
    spans = [(m.start, m.end) for m in out.people] + office_words
    standing = [
        o
        for o in orgs
        if (o.accepted or id(o) in used_orgs)
        and not any(s < o.end and o.start < e for s, e in spans)
    ]
    out.organisations = outermost(standing)
    return out


def _by_evidence(text, lex, tags, add, foreign):
    """Names with evidence on both sides, none of them listed: a word for a
    person in front (学者, 司长; weaker: a word ending like one, 林农) or the
    start of a clause, and a verb, adverb phrase or title after (某某坦言,
    某某高兴地说, 某某同志)."""
    before = {m.end(): m.start() for m in lex.before_re.finditer(text)}
    weak = {m.end(): m.start() for m in lex.role_end_re.finditer(text)}
    for start, end in foreign.items():
        title = (before[start], start) if start in before else None
        if title is None and start in weak:
            title = (weak[start], start)
        add(start, end, title, (), "foreign", check=False)
    for i in before:
        if i < len(text) and not surname_at(text, i, lex):
            span = single_foreign_name(text, i, lex)
            if span:
                add(span[0], span[1], (before[i], i), (), "evidence", check=False)
    for match in lex.surname_re.finditer(text):
        i = match.start()
        opened = i == 0 or not _IS_HAN.match(text[i - 1]) or text[i - 1] in _OPEN_BEFORE
        if not (opened or i in before or i in weak) and not any(
            lex.follower_re.match(text, i + k) for k in (2, 3)
        ):
            continue  # no evidence on either side: the common case, cheaply
        span = parse_name(text, i, lex, tags)
        if span is None:
            continue
        evidence = right_evidence(text, span[1], lex, tags)
        if not evidence or text[span[1] - 1] in lex.place_markers:
            continue  # no evidence, or a place (某某镇调研)
        if i in before:
            title = (before[i], i)
        elif i in weak and evidence == STRONG:
            title = (weak[i], i)
        elif evidence == STRONG and (opened or _unglued(text, i, span, tags)):
            if _given_glued(text, span, tags):
                continue
            title = None
        else:
            continue
        add(span[0], span[1], title, (), "evidence")


def _given_glued(text, span, tags) -> bool:
    """A two-character name whose given character makes a very common word
    with the next (富起|来): more likely running text than a name."""
    if span[1] - span[0] != 2 or tags is None or not hasattr(tags, "frequency"):
        return False
    word = text[span[1] - 1 : span[1] + 1]
    return tags(word) is not None and tags.frequency(word) >= 5000


def _unglued(text, i, span, tags) -> bool:
    """A three-character name in running text, its surname not part of a
    word with the character before (先驱王大成说, not 工程建设)."""
    if span[1] - span[0] != 3 or tags is None:
        return False
    return tags(text[i - 1 : i + 1]) is None and tags(text[i - 2 : i + 1]) is None


def _groups(text, lex, tags, orgs_by_end, add, taken):
    """Groups of leaders: 市领导甲、乙 and 甲、乙等市领导."""
    for match in lex.group_re.finditer(text):
        start = match.start()
        org = _org_ending_at(orgs_by_end, start)
        if org is not None:
            title_start = org.start
        else:
            title_start = start
            while title_start > 0:
                prefix = next(
                    (
                        p
                        for p in lex.org_prefixes
                        if text.startswith(p, title_start - len(p))
                    ),
                    None,
                )
                if prefix is None:
                    break
                title_start -= len(prefix)
        for start_, stop in _names_after(text, match.end(), lex, tags, {}):
            add(start_, stop, (title_start, match.end()), (), "group")
            taken.append((start_, stop))
        for start_, stop in _names_before_group(text, title_start, lex, tags):
            add(start_, stop, _group_title(text, start_, match), (), "list")
            taken.append((start_, stop))


def _group_title(text: str, name_start: int, group: re.Match) -> tuple[int, int]:
    """甲、乙等区五套班子领导 → 区五套班子领导: the words after 等."""
    cut = text.find("等", name_start, group.start())
    return (cut + 1, group.end()) if cut >= 0 else group.span()


def _office_chain(text, match, lex, orgs_by_end, tags):
    """An office (with its organisation in front), and any chained after it.

    Returns (title start, end, facts, organisations used, office spans) or
    None. Where an organisation candidate ends inside the office
    (某某社区党委|书记 against 党委书记), the shorter office after the
    organisation is taken.
    """
    facts: list[tuple[str, tuple[int, int] | None]] = []
    used: list[Org] = []
    spans: list[tuple[int, int]] = []
    title_start = None
    pos = match.start()
    office_end = match.end()
    while True:
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
                    and lex.office_re.fullmatch(text, cut, office_end)
                ):
                    org, pos = inner, cut
                    break
        if org is None:
            org = place_before(text, pos, lex, tags)
        if org is not None:
            used.append(org)
        start = org.start if org is not None else pos
        title_start = start if title_start is None else title_start
        facts.append(((pos, office_end), (org.start, org.end) if org else None))
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


def _names_after(text, pos, lex, tags, foreign, *, allow_dash=False):
    """A name at `pos` and the names listed after it with 、."""
    if allow_dash:
        while pos < len(text) and text[pos] in "—－-":
            pos += 1
    if pos in foreign:
        return [(pos, foreign[pos])]
    names = []
    span = parse_name(text, pos, lex, tags)
    # A transliterated name after a post (秘书长某某斯致辞) may be longer
    # than a surname and two characters, or have no surname at all.
    transliterated = single_foreign_name(text, pos, lex, after_post=True)
    if transliterated and (span is None or transliterated[1] > span[1]):
        return [transliterated]
    while span:
        names.append(span)
        if span[1] < len(text) and text[span[1]] == "、":
            span = parse_name(text, span[1] + 1, lex, tags)
            if span and not ends_token(text, span[1], lex):
                break
        else:
            break
    return names


def _names_before_group(text, group_start, lex, tags):
    """甲、乙、丙等 in front of a group word: all of them names, or none."""
    head = text.rfind("等", max(0, group_start - 6), group_start + 1)
    if head < 0:
        return []
    if any(not _IS_HAN.match(c) for c in text[head:group_start]):
        return []
    start = head
    while start > 0 and (_IS_HAN.match(text[start - 1]) or text[start - 1] == "、"):
        start -= 1
    tokens = text[start:head].split("、")
    if len(tokens) < 2:
        return []
    spans, pos = [], start
    for token in tokens:
        span = parse_name(text, pos, lex, tags)
        if span is None or span[1] - span[0] != len(token):
            return []
        spans.append(span)
        pos += len(token) + 1
    return spans
