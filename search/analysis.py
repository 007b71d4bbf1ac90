"""Chinese text analysis, identical for documents and queries.

Every engine (SQLite FTS5, PostgreSQL tsvector, Elasticsearch with a whitespace
analyser) indexes the *output* of `spaced_words()`: words separated by spaces. The
engines never tokenise Chinese themselves, so a query analysed here matches a
document analysed here whatever the engine.

Steps, each repeated on queries:
1. the parser's own clean-up (full/half width, stray OCR spaces), so a query
   typed with full-width digits or spaces between characters still matches;
2. traditional → simplified folding with OpenCC (maintained; the archive is
   printed in simplified characters, readers may type traditional ones);
3. lower case, so Latin words match whatever their case;
4. word splitting with jieba's dictionary (the parser and the people
   extractor read its frequencies and tags, which jieba_fast_dat does not
   expose: bench/jieba_choice.py), with the names of known people and
   organisations in it, so 仲旭东 is one word and never matches
   仲先生和旭东先生. HMM guessing of unknown words is off: it is the slow
   part and makes the same characters split differently in different
   contexts; an unknown name then becomes single characters, which still
   match as a phrase. The words are jieba's, cut by
   articles.parsing.wordcut (with jieba_fast_dat where it is installed, kept
   in step with jieba's dictionary: indexing is mostly this).
"""

from __future__ import annotations

import re
import threading
from itertools import filterfalse

import jieba
import opencc
from django.db.models import Value

from articles.parsing import wordcut
from articles.parsing.normalise import fold_width, remove_stray_spaces

_t2s = opencc.OpenCC("t2s")
# A token is worth indexing when it has a letter, digit or CJK character;
# punctuation and spaces are not words.
_WORD = re.compile(r"\w", re.UNICODE)
# Names must beat the dictionary's splits ("仲" + "旭东").
NAME_FREQUENCY = 2_000_000

_lock = threading.Lock()
_names_loaded: dict[str, int] = {"people.person": 0, "people.organisation": 0}
_initialised = False
_compound_names: set[str] = set()
# The words inside each compound name, as jieba cuts them with the current
# dictionary (a name recurs in many articles; cleared when names are added).
_compound_words: dict[str, list[str]] = {}


# Full-width letters, digits and the ideographic space: str.translate with a
# table is slow on long texts, so fold_width runs only when one is present
# (full-width punctuation, which it keeps, is not a word character anyway).
_WIDE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]")


def fold(text: str) -> str:
    """Width, traditional/simplified and case folding (length-preserving for
    almost every text, which the highlighter relies on)."""
    if _WIDE.search(text):
        text = fold_width(text)
    return _t2s.convert(text).lower()


def normalise(text: str) -> str:
    """What jieba is given: folded text without OCR stray spaces.

    Width first (a full-width space is a space to remove), then the spaces,
    then traditional/simplified and case once, on the joined text (so a
    phrase split by a stray space converts as a phrase). Converting before
    and after the spaces, as this did, cost a tenth of the analysis.
    """
    if _WIDE.search(text):
        text = fold_width(text)
    return _t2s.convert(remove_stray_spaces(text)).lower()


def tokens(text: str) -> list[str]:
    """The words of a text, as every engine indexes and queries them.

    An organisation's name is one word (so its parts cannot be matched apart
    from it) followed by the words inside it, so that 图书馆 still finds
    平湖市图书馆 in documents and queries alike.
    """
    _ensure_dictionary()
    cut = wordcut.lcut(normalise(text))
    # Filtered in C: nearly every word is isalnum() and the rest is
    # punctuation or space; only a text with a token of both (c++, a_b)
    # takes the loop (a fifth of the analysis when every text took it).
    words = list(filter(str.isalnum, cut))
    if len(words) < len(cut) and any(map(_WORD.search, filterfalse(str.isalnum, cut))):
        words = [word for word in cut if word.isalnum() or _WORD.search(word)]
    if _compound_names.isdisjoint(words):
        return words
    expanded = []
    for word in words:
        expanded.append(word)
        if word in _compound_names:
            expanded.extend(_words_inside(word))
    return expanded


def _words_inside(name: str) -> list[str]:
    inside = _compound_words.get(name)
    if inside is None:
        inside = _compound_words[name] = [
            w for w in jieba.cut_for_search(name, HMM=False) if w != name
        ]
    return inside


def spaced_words(text: str) -> str:
    """Words separated by single spaces: the text all engines index."""
    return " ".join(tokens(text))


def pairs(words: list[str]) -> list[str]:
    """Each word joined to the next: what the engines index beside the words
    so that a phrase is looked up, not assembled from the words' positions
    (search.backends). Joined without a space, so a pair is also what a reader
    types for those characters; a pair that spells a word means the same
    characters side by side."""
    return [first + second for first, second in zip(words, words[1:], strict=False)]


def add_names(names, *, compound: bool = False) -> None:
    """Teach jieba names (of people, organisations) as single words.

    `compound` names (organisations) are also indexed by the words in them.
    """
    _ensure_dictionary()
    _compound_words.clear()  # a new name may be a word inside an older one
    for name in names:
        folded = normalise(name)
        if len(folded) > 1:
            wordcut.add_word(folded, NAME_FREQUENCY)
            if compound:
                _compound_names.add(folded)


def refresh_names(newest: tuple[int, int] | None = None) -> None:
    """Add the names of people and organisations created since the last call.

    Cheap (one query on two primary-key ranges) and called before each batch
    is indexed and each search, so a name the ingest has just created
    is one word. With the `newest` person's and organisation's ids (read
    with the search's other state: search.documents.search_state_read), no
    query when no name is new.
    """
    from people.models import Organisation, Person

    if newest is not None and (
        newest[0] <= _names_loaded["people.person"]
        and newest[1] <= _names_loaded["people.organisation"]
    ):
        return

    # No ordering: a UNION's parts may not have one.
    people = Person.objects.filter(pk__gt=_names_loaded["people.person"]).order_by()
    organisations = Organisation.objects.filter(
        pk__gt=_names_loaded["people.organisation"]
    ).order_by()
    rows = (
        people.annotate(kind=Value("people.person"))
        .values_list("kind", "pk", "name")
        .union(
            organisations.annotate(kind=Value("people.organisation")).values_list(
                "kind", "pk", "name"
            ),
            all=True,
        )
    )
    found: dict[str, list] = {"people.person": [], "people.organisation": []}
    for label, pk, name in rows:
        found[label].append((pk, name))
    for label, named in found.items():
        if named:
            named.sort()
            add_names(
                (name for _pk, name in named),
                compound=label == "people.organisation",
            )
            _names_loaded[label] = named[-1][0]


def reset_names() -> None:
    """Forget which names were loaded (tests with fresh databases)."""
    for label in _names_loaded:
        _names_loaded[label] = 0


def _ensure_dictionary() -> None:
    global _initialised
    if _initialised:
        return
    with _lock:
        if not _initialised:
            jieba.setLogLevel(30)
            jieba.initialize()
            _initialised = True
