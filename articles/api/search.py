"""Full-text search for the API's `q` parameter, with highlighted snippets.

When a haystack search engine is configured (the reading site's index, #4),
`q` goes through haystack's SearchQuerySet, so the API finds what the site
finds. Without one (haystack's default `simple` backend, which does not
tokenise Chinese), it falls back to the database: every whitespace-separated
term must occur in the article's rubric, kicker, headline, subtitle or body.
Chinese needs no tokenising for that: a substring test is a word test.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

# A search engine returns at most this many hits to filter the database by.
MAX_ENGINE_HITS = 5000
SNIPPET_RADIUS = 40  # characters either side of the first match
SEARCHED_FIELDS = ("rubric", "kicker", "headline", "subtitle", "body")


def search_terms(query: str) -> list[str]:
    return [t for t in query.split() if t][:10]


def engine_configured() -> bool:
    """True when haystack is installed with a real (not `simple`) backend."""
    connections = getattr(settings, "HAYSTACK_CONNECTIONS", None) or {}
    engine = connections.get("default", {}).get("ENGINE", "")
    return (
        "haystack" in settings.INSTALLED_APPS
        and bool(engine)
        and (not engine.endswith("simple_backend.SimpleEngine"))
    )


def article_search(queryset: QuerySet, query: str) -> QuerySet:
    """`queryset` narrowed to the articles matching `query`."""
    terms = search_terms(query)
    if not terms:
        return queryset
    if engine_configured():
        from haystack.query import SearchQuerySet

        from articles.models import Article

        hits = SearchQuerySet().models(Article).auto_query(query)
        ids = [int(pk) for pk in hits.values_list("pk", flat=True)[:MAX_ENGINE_HITS]]
        return queryset.filter(pk__in=ids)
    for term in terms:
        match = Q()
        for field in SEARCHED_FIELDS:
            match |= Q(**{f"{field}__icontains": term})
        queryset = queryset.filter(match)
    return queryset


def snippet(text: str, query: str) -> str | None:
    """The passage of `text` around the first match, HTML-escaped, with every
    match of a term wrapped in <em>…</em>; None when nothing matches."""
    terms = search_terms(query)
    if not terms or not text:
        return None
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    first = pattern.search(text)
    if first is None:
        return None
    start = max(0, first.start() - SNIPPET_RADIUS)
    end = min(len(text), first.end() + SNIPPET_RADIUS)
    passage = text[start:end].replace("\n", " ")
    out, last = [], 0
    for m in pattern.finditer(passage):
        out += [
            html.escape(passage[last : m.start()]),
            f"<em>{html.escape(m.group())}</em>",
        ]
        last = m.end()
    out.append(html.escape(passage[last:]))
    return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")


def article_snippet(article: Mapping[str, Any], query: str) -> str | None:
    """The snippet of the first field of `article` (a row) that matches."""
    for field in ("body", "headline", "kicker", "subtitle", "rubric"):
        found = snippet(article[field] or "", query)
        if found:
            return found
    return None
