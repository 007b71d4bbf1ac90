"""jieba's word graph in C, when the optional `jieba_fast` is installed.

The archive segments every article with jieba three times over (the
parser's boundaries, the name extractor's spans, the search analysis), and
the search analysis is most of the ingest's work. `jieba_fast` (the `fast`
extra) computes the same graph and best route in C from the same
dictionary. Only the routine that cuts a sentence by the dictionary alone
(HMM off, as the project always cuts) is swapped into jieba's own
Tokenizer, so the project keeps its one jieba: one dictionary
(`jieba.dt.FREQ`, which the parser reads), posseg's tags (which the
extractor reads), and the names the search analysis teaches it with
`add_word`. The cuts are the same words (tests/test_jieba_speedup.py);
without `jieba_fast` nothing changes.
"""

from __future__ import annotations

import jieba

# jieba_fast's HMM routine keeps its own list of forced splits: not used.
_ROUTINES = ("_Tokenizer__cut_DAG_NO_HMM",)
_stock = {name: getattr(jieba.Tokenizer, name) for name in _ROUTINES}
# jieba_fast's C code holds the dictionary's total frequency in 32 bits: past
# that (names are taught at a high frequency, so a large archive gets there)
# its routes differ from jieba's, and jieba's own routine is used instead.
C_TOTAL_LIMIT = 2**31 - 1


def _guarded(fast, stock):
    def cut(self, sentence):
        routine = fast if self.total <= C_TOTAL_LIMIT else stock
        yield from routine(self, sentence)

    cut.__module__ = fast.__module__
    cut.__wrapped__ = fast
    return cut


def jieba_speedup_install() -> bool:
    """Swap jieba_fast's cutting routine into jieba; False without it."""
    try:
        import jieba_fast
    except ImportError:
        return False
    for name in _ROUTINES:
        fast = getattr(jieba_fast.Tokenizer, name)
        setattr(jieba.Tokenizer, name, _guarded(fast, _stock[name]))
    return True


def jieba_speedup_remove() -> None:
    """jieba's own routine again (tests compare the two)."""
    for name, routine in _stock.items():
        setattr(jieba.Tokenizer, name, routine)
