"""Does a column break fall inside a word? jieba's dictionary tells.

Only a few characters either side of a cut are segmented, so this costs
microseconds per cut, not a jieba pass over the page (cut by wordcut: jieba's
words, in C++ where it can; a few hundred cuts a page).
"""

from __future__ import annotations

import jieba

from articles.parsing import wordcut

jieba.setLogLevel(60)  # jieba logs its dictionary loading at INFO to stderr
_WINDOW = 4


def boundary_forms_word(before: str, after: str) -> bool:
    """True when a word of jieba's dictionary spans the end of `before` and the
    start of `after` (the two are pieces of one sentence)."""
    tail, head = before[-_WINDOW:], after[:_WINDOW]
    if not tail or not head:
        return False
    position = 0
    for token in wordcut.lcut(tail + head):
        end = position + len(token)
        if position < len(tail) < end and len(token) >= 2:
            return True
        position = end
    return False


# A character this frequent on its own (在, 对, 是…) often opens a sentence, so
# a word it would form with the end of another block is weak evidence.
_FREE_WORD_FREQUENCY = 50_000


def starts_mid_word(text: str) -> bool:
    """Does `text` open with a character that rarely stands alone (务 of 常务)?"""
    if not text:
        return False
    frequency = jieba.dt.FREQ.get(text[0])
    return frequency is not None and frequency < _FREE_WORD_FREQUENCY
