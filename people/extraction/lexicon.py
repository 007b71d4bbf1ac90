"""The vocabulary of the rules (people/data/lexicon.toml), compiled."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .text import HAN

DEFAULT_LEXICON = Path(__file__).resolve().parents[1] / "data" / "lexicon.toml"


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
    bureau_suffixes: frozenset[str]
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
    # What ends a name by evidence: a speech or action verb, or an adverb
    # phrase before one (高兴地说, 笑着说), or a title after the name.
    follower_re: re.Pattern = field(repr=False, compare=False)
    # A word describing a person in front of a name (role, title, post).
    before_re: re.Pattern = field(repr=False, compare=False)
    # A word ending like one for a person (林农, 讲解员): weaker evidence.
    role_end_re: re.Pattern = field(repr=False, compare=False)
    # Where a surname may stand (single characters and compounds).
    surname_re: re.Pattern = field(repr=False, compare=False)
    transliteration: frozenset[str] = frozenset()


def _words(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value.split()))


def alternation(words: Iterable[str]) -> str:
    """A regular expression matching any of the words, the longest where
    several match: the words as a trie (市(?:委(?:书记|常委)|长)), which
    Python's engine walks in one pass instead of trying each word."""
    trie: dict = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(c) + _trie_pattern(child) for c, child in node.items() if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here: what follows is optional (greedy)
        return f"(?:{body})?"
    return body


def _office_pattern(offices, post_bodies: str) -> str:
    """Listed offices, and any post of the form [body character]长 (司长,
    场长, 所长): the structure [place][body][post] without listing posts."""
    open_posts = f"(?:常务副|副)?[{re.escape(post_bodies)}]长" if post_bodies else ""
    listed = alternation(offices)
    return f"{listed}|{open_posts}" if open_posts else listed


def lexicon_from_mapping(data: Mapping[str, str]) -> Lexicon:
    """A Lexicon from the string values of a lexicon file's keys."""
    offices = _words(data["offices"])
    groups = _words(data["groups"])
    roles = _words(data["roles"])
    speech = _words(data["speech_verbs"])
    titles = _words(data["titles_after"])
    suffixes = _words(data["org_suffixes"])
    followers = _words(data["name_followers"])
    adverb_ends = _words(data.get("adverb_ends", ""))
    role_endings = data.get("role_endings", "").strip()
    protected = _words(data["protected"])
    speech_alt = alternation(speech)
    follow = [alternation((*speech, *followers, *titles))]
    if adverb_ends:
        # 高兴地说, 笑着表示: up to three characters, then 地/着, then a verb.
        follow.append(f"[{HAN}]{{1,3}}?(?:{alternation(adverb_ends)})(?:{speech_alt})")
    before = alternation((*offices, *roles, *titles, *groups))
    role_end = f"[{HAN}]{{1,3}}[{re.escape(role_endings)}]" if role_endings else "(?!)"
    return Lexicon(
        surnames=frozenset(_words(data["surnames"])),
        name_stop_chars=frozenset(data["name_stop_chars"].strip()),
        name_followers=followers,
        offices=offices,
        groups=groups,
        titles_after=titles,
        roles=roles,
        speech_verbs=speech,
        org_suffixes=suffixes,
        strong_suffixes=frozenset(_words(data["strong_suffixes"])),
        standalone_suffixes=frozenset(_words(data.get("standalone_suffixes", ""))),
        bureau_suffixes=frozenset(_words(data.get("bureau_suffixes", ""))),
        false_suffixes=frozenset(_words(data["false_suffixes"])),
        false_endings=frozenset(_words(data["false_endings"])),
        org_prefixes=_words(data["org_prefixes"]),
        place_markers=_words(data["place_markers"]),
        # A place name ends right before an office: 某某镇|副镇长.
        place_re=re.compile(f"(?:{alternation(_words(data['place_markers']))})$"),
        org_boundaries=frozenset(_words(data["org_boundaries"])),
        protected=protected,
        protected_by_char={
            c: tuple(p for p in protected if c in p) for c in set("".join(protected))
        },
        strip_tags=frozenset(_words(data["strip_tags"])),
        office_re=re.compile(_office_pattern(offices, data.get("post_bodies", ""))),
        group_re=re.compile(alternation(groups)),
        title_re=re.compile(alternation(titles)),
        role_re=re.compile(alternation(roles)),
        # A speaker stands alone between punctuation and the verb: 。”某某说
        speaker_re=re.compile(
            f'(?<=[。，；！？：”’"\\s])([{HAN}]{{2,4}}?)(?:{speech_alt})'
            "(?=[，。：；,:！])"
        ),
        suffix_re=re.compile(alternation(suffixes)),
        surname_re=re.compile(
            "["
            + re.escape("".join(s for s in _words(data["surnames"]) if len(s) == 1))
            + "]|"
            + alternation(s for s in _words(data["surnames"]) if len(s) > 1)
        ),
        follower_re=re.compile("|".join(f"(?:{p})" for p in follow)),
        before_re=re.compile(before),
        role_end_re=re.compile(role_end),
        transliteration=frozenset(
            data.get("transliteration", "").split()
            and "".join(data.get("transliteration", "").split())
        ),
    )


@lru_cache(maxsize=8)
def load_lexicon(path: str | Path = DEFAULT_LEXICON) -> Lexicon:
    """The lexicon in a TOML file (cached per path)."""
    with open(path, "rb") as fh:
        return lexicon_from_mapping(tomllib.load(fh))
