"""Highlighted snippets that work for Chinese.

Haystack's stock highlighter finds words by splitting on spaces, so Chinese
text (no spaces) yields an empty snippet. This one finds the analysed words in
the folded text (search.analysis.fold keeps positions), cuts a window around
the first match and wraps every match in <mark>.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search import analysis

SNIPPET_CHARS = 120
# The fields of an article a snippet may come from, the likeliest first.
SNIPPET_FIELDS = ("body", "headline", "kicker", "subtitle", "rubric")


def snippet(
    text: str, words, *, width: int = SNIPPET_CHARS, tag: str = "mark"
) -> SafeString:
    """A window of `text` around the first of `words`, matches in <mark>
    (or another `tag`: the API's snippets use <em>)."""
    text = text or ""
    spans = _spans(text, words)
    first = spans[0][0] if spans else 0
    begin = max(0, first - width // 4)
    end = min(len(text), begin + width)
    parts, cursor = [], begin
    for start, stop in _merged(spans):
        if stop <= cursor or start >= end:
            continue
        start, stop = max(start, cursor), min(stop, end)
        parts.append(escape(text[cursor:start]))
        parts.append(f"<{tag}>{escape(text[start:stop])}</{tag}>")
        cursor = stop
    parts.append(escape(text[cursor:end]))
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts).replace("\n", " ") + suffix)


def article_snippet(
    fields: Mapping[str, Any], words, *, tag: str = "mark"
) -> SafeString | None:
    """The snippet of the first of an article's text fields (a row or a
    dict) in which a word matches; None when none does."""
    for name in SNIPPET_FIELDS:
        text = fields.get(name) or ""
        if _spans(text, words):
            return snippet(text, words, tag=tag)
    return None


def _spans(text: str, words) -> list[tuple[int, int]]:
    """Where the analysed `words` occur in the folded text, in order."""
    folded = analysis.fold(text)
    if len(folded) != len(text):  # a rare multi-character conversion
        folded = text.lower()
    spans = []
    for word in {w for w in words if w}:
        start = folded.find(word)
        while start != -1 and len(spans) < 200:
            spans.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
    spans.sort()
    return spans


def _merged(spans):
    merged: list[list[int]] = []
    for start, stop in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([start, stop])
    return merged


def highlight_spans(text: str, words) -> list[tuple[int, int]]:
    """[start, stop) of every match of the analysed `words` in `text`, merged
    and in order: what snippet() marks, for marking it elsewhere (the page
    image's search hits)."""
    return [(start, stop) for start, stop in _merged(_spans(text, words))]
