"""Searching the archive through haystack, the same way on every engine.

The reader's query is parsed and analysed here (search.query), and handed to
haystack as phrases of analysed words (Exact), so the database backend and
Elasticsearch receive the same words the documents were indexed with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from haystack.backends import SQ
from haystack.inputs import Exact
from haystack.query import SearchQuerySet

from articles.models import Article
from search import analysis
from search.documents import search_state_read
from search.query import ParsedQuery, Term, query_parse

FACETS = ("year", "month", "page", "rubric", "kind", "person", "organisation")
FILTERS = FACETS + ("issue",)
RESULTS_PER_PAGE = 10


@dataclass
class ArticleSearch:
    parsed: ParsedQuery
    results: list = field(default_factory=list)
    total: int = 0
    facets: dict = field(default_factory=dict)
    page: int = 1
    pages: int = 0


def article_search(
    *,
    q: str,
    filters: dict | None = None,
    start=None,
    end=None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = RESULTS_PER_PAGE,
) -> ArticleSearch:
    """Search articles: results with highlighted snippets, facets, total."""
    with search_state_read() as newest:
        analysis.refresh_names(newest)
        return _article_search(q, filters, start, end, sort, page, per_page)


def _article_search(q, filters, start, end, sort, page, per_page) -> ArticleSearch:
    parsed = query_parse(q)
    outcome = ArticleSearch(parsed=parsed, page=page)
    if parsed.is_empty:
        return outcome
    sqs = SearchQuerySet().models(Article).filter(query_sq(parsed))
    for name, value in (filters or {}).items():
        if name in FILTERS and value not in (None, ""):
            key = name if name == "issue" else f"{name}_exact"
            sqs = sqs.filter(**{key: Exact(str(value))})
    if start:
        sqs = sqs.filter(date__gte=start)
    if end:
        sqs = sqs.filter(date__lte=end)
    if sort in ("date", "-date"):
        sqs = sqs.order_by(sort)
    for name in FACETS:
        sqs = sqs.facet(name)
    sqs = sqs.highlight().load_all()
    offset = (page - 1) * per_page
    outcome.results = list(sqs[offset : offset + per_page])
    outcome.total = sqs.count()
    outcome.facets = {
        name.removesuffix("_exact"): values
        for name, values in (sqs.facet_counts().get("fields") or {}).items()
    }
    outcome.pages = -(-outcome.total // per_page)
    return outcome


def article_ids_matching(q: str, *, limit: int) -> list[int]:
    """Ids of the articles matching a reader's query, most relevant first,
    at most `limit` (for narrowing a database list: admin, API)."""
    analysis.refresh_names()
    parsed = query_parse(q)
    if parsed.is_empty:
        return []
    sqs = SearchQuerySet().models(Article).filter(query_sq(parsed))
    return [int(pk) for pk in sqs.values_list("pk", flat=True)[:limit]]


def query_sq(parsed: ParsedQuery) -> SQ:
    """A parsed query as haystack's query tree over the `text` field."""
    combined = None
    for group in parsed.groups:
        either = None
        for term in group:
            sq = term_sq(term)
            either = sq if either is None else either | sq
        combined = either if combined is None else combined & either
    for term in parsed.excluded:
        combined &= ~term_sq(term)
    return combined


def term_sq(term: Term) -> SQ:
    """A quoted phrase as one Exact (its words side by side); an unquoted
    term as all its words, anywhere (平湖文明城市 = 平湖 文明城市)."""
    if term.phrase:
        return SQ(text=Exact(" ".join(term.words)))
    combined = None
    for word in term.words:
        sq = SQ(text=Exact(word))
        combined = sq if combined is None else combined & sq
    return combined


def engine_configured() -> bool:
    """True when haystack has a real engine (not its `simple` one, which does
    not tokenise Chinese and would find nothing: checked at start-up)."""
    connections = getattr(settings, "HAYSTACK_CONNECTIONS", None) or {}
    engine = connections.get("default", {}).get("ENGINE", "")
    return (
        "haystack" in settings.INSTALLED_APPS
        and bool(engine)
        and not engine.endswith("simple_backend.SimpleEngine")
    )
