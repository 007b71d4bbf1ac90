"""jieba's dictionary as statistical evidence (loaded once, no tagging pass).

jieba's part-of-speech tagger costs more than the whole ingest (0.135 MB/s),
so the extractor never tags the page: it asks the dictionary about the few
words at a candidate's edges, and cuts only candidate spans.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import lru_cache

# Tags of proper nouns in jieba's dictionary: names of people, places,
# organisations, other proper nouns, abbreviations.
PROPER_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz", "j"})


class WordTags:
    """Tag of a common word (a callable, as the rules were given before),
    plus what the dictionary says about rarer words and name characters."""

    def __init__(self, table: dict[str, str], frequency: dict[str, int], cut):
        self._table = table
        self._frequency = frequency
        self._cut = cut
        self._cached_cut = lru_cache(maxsize=8192)(lambda text: tuple(cut(text)))
        # Rare dictionary entries (frequency under 20) are mostly names and
        # odd compounds; only common words may veto a name or open a boundary.
        self._common = {w: t for w, t in table.items() if frequency.get(w, 0) >= 20}
        given: Counter[str] = Counter()
        for word, tag in table.items():
            if tag == "nr" and len(word) == 3:
                given.update(word[1:])
        self._given = given

    def __call__(self, word: str) -> str | None:
        return self._common.get(word)

    def tag(self, word: str) -> str | None:
        """The tag of any dictionary word, however rare."""
        return self._table.get(word)

    def frequency(self, word: str) -> int:
        return self._frequency.get(word, 0)

    def organisation(self, word: str) -> bool:
        """A whole organisation's name the dictionary knows (北京大学)."""
        return self._table.get(word) == "nt" and len(word) >= 3

    def organisations(self) -> list[str]:
        """Every organisation's name in the dictionary."""
        return [w for w, t in self._table.items() if t == "nt" and len(w) >= 3]

    def proper(self, word: str) -> bool:
        return self._table.get(word) in PROPER_TAGS

    def given_name_char(self, char: str) -> bool:
        """Is `char` used in given names at least a third as often, relative
        to its use as a word of its own, as 都 is (陈方都 against 王明也)?
        Counted over the three-character names of the dictionary."""
        return self._given[char] * 1000 >= 0.3 * max(self._frequency.get(char, 1), 1)

    def cut(self, text: str) -> list[str]:
        """jieba's words of a short span (dictionary only, no HMM); the
        bodies of organisations recur, so the last few thousand are kept."""
        return self._cached_cut(text)


@lru_cache(maxsize=1)
def jieba_word_tags() -> WordTags:
    """jieba's dictionary, loaded once."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    tokenizer = jieba.posseg.dt
    tokenizer.tokenizer.check_initialized()
    return WordTags(
        tokenizer.word_tag_tab,
        tokenizer.tokenizer.FREQ,
        lambda text: tokenizer.tokenizer.lcut(text, HMM=False),
    )


WordTagsLike = WordTags | Callable[[str], str | None]
