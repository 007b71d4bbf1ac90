"""Haystack's query tree (SQ) compiled into the database backend's
expressions, the same for every database.

Text expressions: ("phrase", words) | ("and"|"or", [exprs]) | ("not", expr).
Filter expressions: ("facet", field, values) | ("date", lookup, date) |
("and"|"or", [exprs]) | ("not", expr). Each vendor's module renders text
expressions in its engine's language (search.backends.sqlite, .postgres);
filters are array operations on search.documents' table (base).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from haystack.backends import SQ, BaseSearchQuery, SearchNode
from haystack.inputs import AutoQuery, Exact

from search import analysis
from search.query import ParsedQuery, query_parse

CONTENT_FIELDS = {"content", "text"}


@dataclass
class CompiledQuery:
    text: tuple | None = None
    filter: tuple | None = None
    exclusion: tuple | None = None  # text whose matches are left out
    words: list[str] = field(default_factory=list)  # wanted, for highlighting


class DatabaseSearchQuery(BaseSearchQuery):
    def build_query(self):
        compiled = CompiledQuery()
        compiled.text, compiled.filter = self._compile(self.query_filter, compiled)
        if compiled.text is not None:
            compiled.text, compiled.exclusion = _split_negatives(compiled.text)
        return compiled

    def _compile(self, node, compiled):
        texts, filters = [], []
        for child in node.children:
            if isinstance(child, SearchNode):
                text, filter_ = self._compile(child, compiled)
            else:
                expression, value = child
                name, filter_type = node.split_expression(expression)
                text, filter_ = self._leaf(name, filter_type, value, compiled)
            if text is not None:
                texts.append(text)
            if filter_ is not None:
                filters.append(filter_)
        op = "or" if node.connector == SQ.OR else "and"
        text = filter_ = None
        if texts:
            text = texts[0] if len(texts) == 1 else (op, texts)
        if filters:
            filter_ = filters[0] if len(filters) == 1 else (op, filters)
        if node.negated:
            text = ("not", text) if text is not None else None
            filter_ = ("not", filter_) if filter_ is not None else None
        return text, filter_

    def _leaf(self, name, filter_type, value, compiled):
        if name in CONTENT_FIELDS or name == self.backend.content_field:
            return self._text_leaf(value, compiled), None
        name = name.removesuffix("_exact")
        if isinstance(value, Exact | AutoQuery):
            value = value.query_string
        if name == "date":
            if filter_type == "range":
                low, high = value
                return None, (
                    "and",
                    [("date", "gte", as_date(low)), ("date", "lte", as_date(high))],
                )
            if filter_type not in ("gt", "gte", "lt", "lte"):
                filter_type = "exact"
            return None, ("date", filter_type, as_date(value))
        if filter_type == "in":
            values = [facet_value(v) for v in value]
        else:
            values = [facet_value(value)]
        return None, ("facet", name, values)

    def _text_leaf(self, value, compiled):
        if isinstance(value, AutoQuery):
            parsed = query_parse(value.query_string)
            compiled.words += parsed.words
            return parsed_expression(parsed)
        if isinstance(value, Exact):
            words = value.query_string.split()  # analysed by the caller
        else:
            words = analysis.tokens(str(value))
        compiled.words += words
        return ("phrase", tuple(words)) if words else None

    def matching_all_fragment(self):
        return "*"

    def build_query_fragment(self, field, filter_type, value):  # unused
        return ""


def parsed_expression(parsed: ParsedQuery):
    """A ParsedQuery as a text expression."""
    if parsed.is_empty:
        return None
    groups = [
        ("or", [("phrase", t.words) for t in group])
        if len(group) > 1
        else ("phrase", group[0].words)
        for group in parsed.groups
    ]
    groups += [("not", ("phrase", t.words)) for t in parsed.excluded]
    return groups[0] if len(groups) == 1 else ("and", groups)


def _split_negatives(text):
    """Top-level NOTs apart, as FTS5 has no unary NOT."""
    if text[0] == "not":
        return None, text[1]
    if text[0] != "and":
        return text, None
    positives = [t for t in text[1] if t[0] != "not"]
    negatives = [t[1] for t in text[1] if t[0] == "not"]
    if not negatives:
        return text, None
    exclusion = negatives[0] if len(negatives) == 1 else ("or", negatives)
    if not positives:
        return None, exclusion
    positive = positives[0] if len(positives) == 1 else ("and", positives)
    return positive, exclusion


def facet_value(value) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)[:200]


def as_date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value[:10])
    return None


def compiled_query(query_string) -> CompiledQuery:
    """A reader's raw query string (haystack's raw_search) compiled."""
    compiled = CompiledQuery()
    parsed = query_parse(str(query_string))
    compiled.text = parsed_expression(parsed)
    if compiled.text is not None:
        compiled.text, compiled.exclusion = _split_negatives(compiled.text)
    compiled.words = parsed.words
    return compiled
