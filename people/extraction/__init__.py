"""Find the people and organisations an article names: pure Python, no Django.

The rule layer (people/data/lexicon.toml) is good at titles and offices: an
office in front of a name (市委书记某某), with its body and place in front
of it ([place][body][post]: 县残联主席, 规划财务司司长, any 某司长/某场长),
lists after an office or a group of leaders, a title after a name, roles.
Names nobody listed are found by evidence on both sides (see names.py): a
word for a person or the start of a clause in front, a speech verb, an
adverb phrase or a title after. jieba's dictionary (never its tagger on
the page) supplies the statistics: common words that veto a name, the
characters used in given names, organisations it knows whole, and the
words at an organisation's front edge (推进县…中心 → 县…中心).

Text is normalised first (text.py): spaces of justified type and line
breaks inside a name are dropped, traditional characters matched as
simplified. Rules run sentence by sentence, so time is linear in the page.

Spans are character offsets into the text of one field of the article, so
`text[start:end]` is the name as printed; `name` is that span without
whitespace (`王 小 明` → 王小明).

Editors' decisions come in as `known_names` (confirmed names, found
wherever they occur) and `rejected` (strings never proposed again).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from .core import OfficeFact, extract_sentence
from .dictionary import WordTags, WordTagsLike, jieba_word_tags
from .lexicon import (
    DEFAULT_LEXICON,
    Lexicon,
    lexicon_from_mapping,
    load_lexicon,
)
from .names import parse_name, plausible_name
from .text import Normalised, chunks, normalise

__all__ = [
    "DEFAULT_LEXICON",
    "RULE_CONFIDENCE",
    "ArticleMentions",
    "Lexicon",
    "OfficeFact",
    "OrganisationMention",
    "PersonMention",
    "WordTags",
    "apply_feedback",
    "extract_mentions",
    "jieba_word_tags",
    "lexicon_from_mapping",
    "load_lexicon",
]

# Rule names, stored with each mention; the confidence says how much the
# rule is trusted on unseen pages.
RULE_CONFIDENCE = {
    "office": 0.9,
    "confirmed": 0.9,
    "group": 0.85,
    "list": 0.85,
    "title": 0.8,
    "speaker": 0.75,
    "evidence": 0.7,
    "byline": 0.7,
    "role": 0.7,
    "foreign": 0.65,
    "repeat": 0.6,
    "organisation": 0.8,
}
_WHITESPACE = re.compile(r"\s+")


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


def extract_mentions(
    fields: Mapping[str, str | None],
    *,
    lexicon: Lexicon | None = None,
    word_tags: WordTagsLike | None = None,
    known_names: Iterable[str] = (),
    rejected: Iterable[str] = (),
) -> ArticleMentions:
    """The people and organisations named in an article's fields.

    `fields` maps a field name to its text (None or "" for an absent field).
    `word_tags` (jieba_word_tags()) supplies the dictionary's evidence;
    `known_names` are names editors confirmed, found wherever they occur;
    `rejected` are strings editors rejected, never proposed (as a person or
    an organisation) again.
    """
    lex = lexicon or load_lexicon()
    texts = {f: normalise(t) for f, t in fields.items() if t}
    people: list[PersonMention] = []
    organisations: list[OrganisationMention] = []
    for name, norm in texts.items():
        found_people, found_orgs = _extract_field(name, norm, lex, word_tags)
        people += found_people
        organisations += found_orgs
    return _taught(texts, people, organisations, known_names, rejected, repeat=True)


def apply_feedback(
    fields: Mapping[str, str | None],
    mentions: ArticleMentions,
    *,
    known_names: Iterable[str] = (),
    rejected: Iterable[str] = (),
) -> ArticleMentions:
    """What the extractor found in `fields`, taught by editors' decisions:
    rejected strings dropped, confirmed names added wherever they occur
    and nothing covers them. Pure: the caller reads the decisions (the
    ingest's worker processes extract without them, the writing process
    applies them)."""
    texts = {f: normalise(t) for f, t in fields.items() if t}
    return _taught(
        texts,
        list(mentions.people),
        list(mentions.organisations),
        known_names,
        rejected,
        repeat=False,
    )


def _taught(texts, people, organisations, known_names, rejected, *, repeat):
    veto = {_key(r) for r in rejected if r and r.strip()}
    people = [m for m in people if _key(m.name) not in veto]
    organisations = [m for m in organisations if _key(m.name) not in veto]
    known = {_key(n) for n in known_names if len(_key(n)) >= 2} - veto
    names = known | ({_key(m.name) for m in people} if repeat else set())
    if names:
        people += _repeats(texts, names, known, people, organisations)
    people.sort(key=lambda m: (m.field, m.start))
    organisations.sort(key=lambda m: (m.field, m.start))
    return ArticleMentions(tuple(people), tuple(organisations))


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    """A name as the rules compare it: no whitespace, simplified."""
    return normalise(_WHITESPACE.sub("", name)).text


def _extract_field(field_name: str, norm: Normalised, lex: Lexicon, tags):
    people: list[PersonMention] = []
    orgs: list[OrganisationMention] = []
    text = norm.text
    for start, end in chunks(text):
        found = extract_sentence(text[start:end], lex, tags)
        for m in found.people:
            people.append(_person(field_name, norm, start, m))
        for o in found.organisations:
            s, e = norm.span(start + o.start, start + o.end)
            orgs.append(
                OrganisationMention(
                    field_name, s, e, norm.printed(start + o.start, start + o.end)
                )
            )
    taken = {(m.start, m.end) for m in people}
    for s, e in _byline_names(norm.source, lex, tags):
        if not any(a < e and s < b for a, b in taken):
            people.append(
                PersonMention(
                    field_name,
                    s,
                    e,
                    _WHITESPACE.sub("", norm.source[s:e]),
                    "",
                    (),
                    "byline",
                    RULE_CONFIDENCE["byline"],
                )
            )
    return people, orgs


def _person(field_name, norm, offset, m) -> PersonMention:
    def printed(span):
        return norm.printed(offset + span[0], offset + span[1]) if span else None

    s, e = norm.span(offset + m.start, offset + m.end)
    offices = tuple(OfficeFact(printed(o), printed(org)) for o, org in m.offices)
    return PersonMention(
        field_name,
        s,
        e,
        norm.printed(offset + m.start, offset + m.end),
        printed(m.title) or "",
        tuple(dict.fromkeys(offices)),
        m.rule,
        RULE_CONFIDENCE[m.rule],
    )


_LINE = re.compile(r"[^\n]+")


def _lines(source: str):
    """(start, text) of the lines, a vertical run of one-character lines
    (a name set one character per line) joined as one line."""
    run: list[re.Match] = []
    for line in _LINE.finditer(source):
        if len(line.group().strip()) == 1:
            run.append(line)
            continue
        if run:
            yield from _run(source, run)
            run = []
        yield line.start(), line.group()
    if run:
        yield from _run(source, run)


def _run(source, run):
    if 2 <= len(run) <= 4:
        yield -1, [(m.start() + m.group().index(m.group().strip())) for m in run]
    else:
        for m in run:
            yield m.start(), m.group()


def _byline_names(source: str, lex: Lexicon, tags) -> list[tuple[int, int]]:
    """A short line of names alone (author lines under a headline:
    `某某某 某 某`, or one character per line): every token a name, or none
    taken. Letter-spaced two-character names come as one-character tokens."""
    out = []
    previous = ""
    for start, line in _lines(source):
        if start == -1:  # a vertical name: positions of its characters
            word = "".join(source[i] for i in line)
            if _byline_name(word, lex, tags):
                out.append((line[0], line[-1] + 1))
            previous = ""
            continue
        last, previous = previous, line.strip()
        if len(previous) > 16 or not previous:
            continue
        # A line continuing a word of the line above (公 / 司) is no name.
        if last and tags is not None and tags(last[-1] + previous[:1]):
            continue
        tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", line)]
        if len(tokens) > 6:
            continue
        merged: list[tuple[int, int]] = []
        for s, e in tokens:
            if merged and e - s == 1 and merged[-1][1] - merged[-1][0] == 1:
                merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        spans = []
        for s, e in merged:
            if not _byline_name(_WHITESPACE.sub("", line[s:e]), lex, tags):
                break
            spans.append((start + s, start + e))
        else:
            out += spans
    return out


def _byline_name(word: str, lex: Lexicon, tags) -> bool:
    key = normalise(word).text
    if not 2 <= len(key) <= 4 or parse_name(key + "。", 0, lex, tags) != (0, len(key)):
        return False
    tag = tags(key) if tags is not None else None
    return plausible_name(key, tags) and (tag is None or tag.startswith("nr"))


def _repeats(texts, names, known, people, organisations) -> list[PersonMention]:
    """Every further occurrence of a name already found in the article (or
    confirmed by an editor), matched on the normalised text: a set lookup
    at each place where a name's first character stands (linear in the
    text, whatever the number of names)."""
    lengths: dict[str, set[int]] = {}
    for name in names:
        lengths.setdefault(name[0], set()).add(len(name))
    firsts = {c: sorted(n, reverse=True) for c, n in lengths.items()}
    starts = re.compile("[" + re.escape("".join(firsts)) + "]")
    taken: dict[str, list[tuple[int, int]]] = {}
    for m in (*people, *organisations):
        taken.setdefault(m.field, []).append((m.start, m.end))
    found = []
    for field_name, norm in texts.items():
        spans = sorted(taken.get(field_name, []))
        text = norm.text
        pos = 0
        while match := starts.search(text, pos):
            i = match.start()
            pos = i + 1
            # i + n <= len(text): at the end of the field a longer name's
            # slice is cut short and may equal a shorter name.
            length = next(
                (
                    n
                    for n in firsts[match.group()]
                    if i + n <= len(text) and text[i : i + n] in names
                ),
                0,
            )
            if not length:
                continue
            s, e = norm.span(i, i + length)
            pos = i + length
            if _overlaps(spans, s, e):
                continue
            rule = "confirmed" if text[i : i + length] in known else "repeat"
            found.append(
                PersonMention(
                    field_name,
                    s,
                    e,
                    norm.printed(i, i + length),
                    "",
                    (),
                    rule,
                    RULE_CONFIDENCE[rule],
                )
            )
    return found


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Does [s, e) overlap one of the sorted, short spans? (bisect: linear
    time over a page)"""
    i = bisect_left(spans, (s - 64, 0))
    while i < len(spans) and spans[i][0] < e:
        a, b = spans[i]
        if a < e and s < b:
            return True
        i += 1
    return False
