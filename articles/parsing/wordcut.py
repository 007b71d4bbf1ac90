"""jieba's accurate mode without HMM (`jieba.lcut(text, HMM=False)`): the
same words from the same dictionary (but for exact ties, below), seven times
faster than jieba with jieba_fast_dat, in 60% of jieba's time without it.

Where jieba_fast_dat is installed (jieba's algorithm in C++ over a
double-array trie; wheels for Linux x86-64 and macOS arm64), `lcut` hands
the text to it: loaded with jieba's own dictionary file and scoring routes
with jieba's total frequency, it cuts 3,000 generated articles as jieba does,
in a seventh of jieba's time. It is kept in step with jieba's dictionary by
`add_word`, the one way the project adds words (search.analysis's names); a
dictionary changed any other way (jieba.add_word directly) is noticed by its
state, and the cut falls back to the route below until the process ends.

Elsewhere, or then, the route is found here in Python, in 60% of jieba's
time. jieba builds, for each block of text, a dict of every word ending at
each position (get_DAG), then picks the best route with a generator of
tuples per position (calc), then walks the route. Here the three are one
backward pass over plain lists: a position's candidate words are scanned in
the dictionary's prefix table (jieba.dt.FREQ, names added by search.analysis
included) and scored at once, since the route from every later position is
already known; the scores are the same floating-point sums in the same order.

One difference from jieba, in both routes: where two routes score exactly
the same, the shorter word comes first, as in jieba_fast_dat, where jieba
takes the longer. Runs of a repeated character tie (平平平, with 平平 a word:
平 + 平平 or 平平 + 平), and now and then two words of the same frequency, by
floating-point rounding that moves with the dictionary's total (用 + 足用
or 用足 + 用): a few cuts in ten thousand. What matters for search is that
every process cuts alike, whichever route it has
(tests/search/test_analysis.py).

Each word's log probability, log(frequency) - log(total), is computed once
per dictionary (`_scores`) rather than at every position it is a candidate:
one dictionary look-up per fragment instead of two and a log, a third less
time. The table follows the dictionary: names added to it (search.analysis)
change its size and total, and a changed table is rebuilt (0.15 s).
"""

from __future__ import annotations

import os
from math import log

import jieba

try:  # optional: the compiled route (see above)
    import jieba_fast_dat
except ImportError:  # pragma: no cover - a platform without its wheel
    jieba_fast_dat = None

# jieba's own block and space patterns (jieba.cut, cut_all=False).
_BLOCK = jieba.re_han_default
_SPACE = jieba.re_skip_default
# Below any route's score (a route's words each add log(frequency / total),
# about -20): the first candidate always beats it.
_NONE = float("-inf")
# In the table of scores: a prefix of some word that is not a word itself
# (jieba.dt.FREQ holds those with frequency 0). Scores of words are <= 0.
_PREFIX = 1.0

_table: tuple[tuple, dict[str, float]] = ((), {})


# Words added through add_word, in order (replayed into the compiled
# tokenizer when it is made after them); the state jieba's dictionary is in
# if nothing else changed it (_NOT_SEEN before the first look, None once
# something else did); the compiled tokenizer, made on first use.
_NOT_SEEN = ()
_added: list[tuple[str, int]] = []
_fast: dict = {"known": _NOT_SEEN, "tokenizer": None}


def lcut(text: str) -> list[str]:
    """`jieba.lcut(text, HMM=False)`, faster."""
    fast = _fast_in_step()
    if fast is None:
        return python_lcut(text)
    words = fast.lcut(text, HMM=False)
    if "\r\n" in text:  # one space to jieba, two to jieba_fast_dat
        words = _crlf_joined(words)
    return words


def _crlf_joined(words: list[str]) -> list[str]:
    joined: list[str] = []
    for word in words:
        if word == "\n" and joined and joined[-1] == "\r":
            joined[-1] = "\r\n"
        else:
            joined.append(word)
    return joined


def python_lcut(text: str) -> list[str]:
    """`lcut` without the compiled route."""
    scores, unknown = _scores()
    words: list[str] = []
    for block in _BLOCK.split(text):
        if not block:
            continue
        if _BLOCK.match(block):
            _route_words(block, scores, unknown, words)
            continue
        for part in _SPACE.split(block):
            if _SPACE.match(part):
                words.append(part)
            else:
                words.extend(part)
    return words


def _scores() -> tuple[dict[str, float], float]:
    """Each dictionary entry's score, log(frequency) - log(total) (_PREFIX
    for a prefix that is no word), and the score of a character that is no
    word, log(1) - log(total): built once per state of the dictionary."""
    global _table
    tokenizer = jieba.dt
    tokenizer.check_initialized()
    freq = tokenizer.FREQ
    key = (id(freq), len(freq), tokenizer.total)
    if _table[0] != key:
        logtotal = log(tokenizer.total)
        # The same subtraction as jieba's, so the same floating-point sums.
        scores = {w: log(c) - logtotal if c else _PREFIX for w, c in freq.items()}
        _table = (key, scores)
    return _table[1], log(1) - log(tokenizer.total)


def scores_ready() -> None:
    """Build the score table (or load the compiled tokenizer) now, before
    worker processes fork: they share it instead of building one each."""
    if _fast_in_step() is None:
        _scores()


def add_word(word: str, frequency: int) -> None:
    """`jieba.add_word(word, freq=frequency)`, and the same in the compiled
    tokenizer."""
    if _known_state() != _state():
        _fast["known"] = None  # changed behind our back: no compiled route
    jieba.add_word(word, freq=frequency)
    _added.append((word, frequency))
    if _fast["known"] is not None:
        _fast["known"] = _state()
        if _fast["tokenizer"] is not None:
            _fast["tokenizer"].add_word(word, frequency)
            _fast["tokenizer"].total = jieba.dt.total


def _state() -> tuple:
    tokenizer = jieba.dt
    return (id(tokenizer.FREQ), len(tokenizer.FREQ), tokenizer.total)


def _known_state():
    """jieba's dictionary's state as this module left it; at the first look,
    as it is (taken to be as loaded: the project adds words only through
    add_word)."""
    if _fast["known"] is _NOT_SEEN:
        jieba.dt.check_initialized()
        _fast["known"] = _state()
    return _fast["known"]


def _fast_in_step():
    """The compiled tokenizer, when it cuts as jieba's dictionary would now."""
    if jieba_fast_dat is None or _known_state() != _state():
        return None
    fast = _fast["tokenizer"]
    if fast is None:
        jieba_fast_dat.setLogLevel(30)
        fast = jieba_fast_dat.Tokenizer(_dictionary_path())
        fast.initialize()
        for word, frequency in _added:
            fast.add_word(word, frequency)
        # jieba counts a word its file lists twice (B超) twice in its
        # total: routes are scored with jieba's.
        fast.total = jieba.dt.total
        _fast["tokenizer"] = fast
    return fast


def _dictionary_path() -> str:
    dictionary = jieba.dt.dictionary
    if dictionary is None:  # jieba's default, in its package
        return os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    return dictionary


def _route_words(block: str, scores: dict, unknown: float, words: list) -> None:
    """The words of the block's best route, appended to `words`."""
    ends = _best_route(block, scores, unknown)
    n = len(block)
    start, latin = 0, ""
    while start < n:
        stop = ends[start] + 1
        word = block[start:stop]
        # [a-zA-Z0-9], as jieba's re_eng, without a regular expression.
        if stop - start == 1 and word.isascii() and word.isalnum():
            latin += word  # single letters and digits run together
        else:
            if latin:
                words.append(latin)
                latin = ""
            words.append(word)
        start = stop
    if latin:
        words.append(latin)


def _best_route(block: str, scores: dict, unknown: float) -> list[int]:
    """For each position, where the best route's word from it ends."""
    n = len(block)
    score = [0.0] * (n + 1)
    ends = [0] * (n + 1)
    get = scores.get
    for k in range(n - 1, -1, -1):
        best = _NONE
        end = k
        i = k
        word = get(block[k])
        while word is not None:  # a prefix of some word
            if word <= 0.0:  # a word: its score
                candidate = word + score[i + 1]
                if candidate > best:
                    best, end = candidate, i
            i += 1
            if i >= n:
                break
            word = get(block[k : i + 1])
        if best is _NONE:  # no word starts here: the character alone
            best = unknown + score[k + 1]
        score[k] = best
        ends[k] = end
    return ends
