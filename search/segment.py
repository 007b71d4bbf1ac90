"""jieba's accurate mode without HMM (`jieba.lcut(text, HMM=False)`), the same
words from the same dictionary, in about 60% of the time.

Indexing an archive is mostly word splitting. jieba builds, for each block of
text, a dict of every word ending at each position (get_DAG), then picks the
best route with a generator of tuples per position (calc), then walks the
route. Here the three are one backward pass over plain lists: a position's
candidate words are scanned in the dictionary's prefix table (jieba.dt.FREQ,
names added by search.analysis included) and scored at once, since the route
from every later position is already known. Ties go to the longer word, as
max() over (score, end) does in jieba; the scores are the same floating-point
sums in the same order, so the routes are identical (tests/search/
test_analysis.py compares the two on the sample pages).

Each word's log probability, log(frequency) - log(total), is computed once
per dictionary (`_scores`) rather than at every position it is a candidate:
one dictionary look-up per fragment instead of two and a log, a third less
time. The table follows the dictionary: names added to it (search.analysis)
change its size and total, and a changed table is rebuilt (0.15 s).
"""

from __future__ import annotations

from math import log

import jieba

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


def lcut(text: str) -> list[str]:
    """`jieba.lcut(text, HMM=False)`, faster."""
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
    """Build the score table now (before worker processes fork: they share
    it instead of building one each)."""
    _scores()


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
                if candidate >= best:
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
