"""A haystack backend on the database's own full-text search.

Like Wagtail's database search: SQLite FTS5 when the site runs on SQLite,
PostgreSQL tsvector + GIN when it runs on PostgreSQL. The index lives in the
same database as the archive, so an edit and its reindexing commit together
(search.indexing) and there is no server to run. The text indexed is the
pre-segmented output of search.analysis, the same that an Elasticsearch index
gets, so every engine answers a query the same way.

Haystack hands backends a query tree (SQ); this backend compiles it into a
text expression for the engine (phrases combined with AND/OR/NOT) plus ORM
filters on SearchDocument/SearchFacet for the other fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from haystack.backends import (
    SQ,
    BaseEngine,
    BaseSearchBackend,
    BaseSearchQuery,
    SearchNode,
)
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.inputs import AutoQuery, Exact
from haystack.models import SearchResult
from haystack.utils import get_identifier

from search import analysis
from search.highlight import snippet
from search.models import SearchDocument, SearchFacet
from search.query import query_parse

CONTENT_FIELDS = {"content", "text"}
# Index fields stored as SearchDocument columns, not as facet rows.
COLUMN_FIELDS = {"display", "title", "date", ID, DJANGO_CT, DJANGO_ID}
MAX_TSVECTOR_POSITION = 16383  # PostgreSQL clamps positions there


# Text expressions: ("phrase", words) | ("and"|"or", [exprs]) | ("not", expr)
@dataclass
class CompiledQuery:
    text: tuple | None = None
    q: Q = field(default_factory=Q)
    words: list[str] = field(default_factory=list)  # wanted, for highlighting


class DatabaseSearchQuery(BaseSearchQuery):
    def build_query(self):
        compiled = CompiledQuery()
        compiled.text, compiled.q = self._compile(self.query_filter, compiled)
        if compiled.text is not None:
            compiled.text, exclusion = _split_negatives(compiled.text)
            if exclusion is not None:
                compiled.q &= ~Q(pk__in=_MatchIds(exclusion))
        return compiled

    def _compile(self, node, compiled):
        texts, filters = [], []
        for child in node.children:
            if isinstance(child, SearchNode):
                text, q = self._compile(child, compiled)
            else:
                expression, value = child
                name, filter_type = node.split_expression(expression)
                text, q = self._leaf(name, filter_type, value, compiled)
            if text is not None:
                texts.append(text)
            if q is not None and q != Q():
                filters.append(q)
        op = "or" if node.connector == SQ.OR else "and"
        text = None
        if texts:
            text = texts[0] if len(texts) == 1 else (op, texts)
        q = Q()
        for f in filters:
            q = (q | f) if op == "or" and q != Q() else (q & f)
        if node.negated:
            text = ("not", text) if text is not None else None
            q = ~q if q != Q() else q
        return text, q

    def _leaf(self, name, filter_type, value, compiled):
        if name in CONTENT_FIELDS or name == self.backend.content_field:
            return self._text_leaf(value, compiled), None
        name = name.removesuffix("_exact")
        if isinstance(value, Exact | AutoQuery):
            value = value.query_string
        if name == "date":
            lookup = {"content": "exact", "contains": "exact"}.get(
                filter_type, filter_type
            )
            return None, Q(**{f"date__{lookup}": value})
        if filter_type == "in":
            values = [_facet_value(v) for v in value]
        else:
            values = [_facet_value(value)]
        return None, Q(
            Exists(
                SearchFacet.objects.filter(
                    document=OuterRef("pk"), field=name, value__in=values
                )
            )
        )

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


def parsed_expression(parsed):
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


def _facet_value(value) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)[:200]


def _fts5(expr) -> str:
    kind = expr[0]
    if kind == "phrase":
        return '"' + " ".join(w.replace('"', '""') for w in expr[1]) + '"'
    if kind == "not":  # only under AND: rendered by the caller
        raise ValueError("unary NOT")
    parts = [e for e in expr[1] if e[0] != "not"]
    negs = [e[1] for e in expr[1] if e[0] == "not"]
    sql = f" {kind.upper()} ".join(f"({_fts5(e)})" for e in parts)
    if negs and kind == "and" and parts:
        sql = f"({sql}) NOT ({' OR '.join(f'({_fts5(n)})' for n in negs)})"
    return sql


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsquery(expr) -> str:
    kind = expr[0]
    if kind == "phrase":
        return "(" + " <-> ".join(_lexeme(w) for w in expr[1]) + ")"
    if kind == "not":
        return f"!{_tsquery(expr[1])}"
    joiner = " & " if kind == "and" else " | "
    return "(" + joiner.join(_tsquery(e) for e in expr[1]) + ")"


def _tsvector(title_words: list[str], body_words: list[str]) -> str:
    positions: dict[str, list[str]] = {}
    for i, word in enumerate(title_words, start=1):
        positions.setdefault(word, []).append(f"{i}A")
    offset = len(title_words) + 1
    for i, word in enumerate(body_words, start=offset):
        positions.setdefault(word, []).append(str(min(i, MAX_TSVECTOR_POSITION)))
    return " ".join(f"{_lexeme(w)}:{','.join(p[:256])}" for w, p in positions.items())


class _MatchIds:
    """The ids of documents matching a text expression, as a subquery."""

    def __init__(self, expr):
        self.expr = expr

    def resolve_expression(self, *args, **kwargs):
        from django.db.models.expressions import RawSQL

        if connection.vendor == "postgresql":
            sql = "SELECT id FROM search_searchdocument WHERE vector @@ %s::tsquery"
            return RawSQL(sql, [_tsquery(self.expr)]).resolve_expression(
                *args, **kwargs
            )
        sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
        return RawSQL(sql, [_fts5(self.expr)]).resolve_expression(*args, **kwargs)


class DatabaseSearchBackend(BaseSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.content_field = "text"

    # Writes

    def update(self, index, iterable, commit=True):
        self.content_field = index.get_content_field()
        rows = []
        for obj in iterable:
            data = index.full_prepare(obj)
            rows.append(data)
        if not rows:
            return
        analysis.refresh_names()
        with transaction.atomic():
            self._delete(rows[0][DJANGO_CT], [r[DJANGO_ID] for r in rows])
            docs = SearchDocument.objects.bulk_create(
                [
                    SearchDocument(
                        django_ct=r[DJANGO_CT],
                        django_id=r[DJANGO_ID],
                        display=r.get("display") or "",
                        title=r.get("title") or "",
                        date=_as_date(r.get("date")),
                    )
                    for r in rows
                ]
            )
            facets = [
                SearchFacet(document=doc, field=name, value=_facet_value(value))
                for doc, r in zip(docs, rows, strict=True)
                for name, value in _facet_items(r, self.content_field)
            ]
            SearchFacet.objects.bulk_create(facets, batch_size=2000)
            self._write_text(docs, rows)

    def _write_text(self, docs, rows):
        content = self.content_field
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.executemany(
                    "UPDATE search_searchdocument SET vector = %s::tsvector "
                    "WHERE id = %s",
                    [
                        (
                            _tsvector(
                                analysis.tokens(doc.title), (r[content] or "").split()
                            ),
                            doc.pk,
                        )
                        for doc, r in zip(docs, rows, strict=True)
                    ],
                )
            else:
                cursor.executemany(
                    "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                    [
                        (doc.pk, analysis.segment(doc.title), r[content] or "")
                        for doc, r in zip(docs, rows, strict=True)
                    ],
                )

    def _delete(self, django_ct: str, django_ids: list[str]):
        ids = list(
            SearchDocument.objects.filter(
                django_ct=django_ct, django_id__in=django_ids
            ).values_list("pk", flat=True)
        )
        self._delete_documents(ids)

    def _delete_documents(self, ids):
        if not ids:
            return
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "DELETE FROM search_fts WHERE rowid IN ({})".format(
                            ",".join("%s" for _ in chunk)
                        ),
                        chunk,
                    )
            SearchFacet.objects.filter(document_id__in=chunk)._raw_delete("default")
            SearchDocument.objects.filter(pk__in=chunk)._raw_delete("default")

    def remove(self, obj_or_string, commit=True):
        identifier = get_identifier(obj_or_string)
        app_label, model_name, pk = identifier.rsplit(".", 2)
        self._delete(f"{app_label}.{model_name}", [pk])

    def clear(self, models=None, commit=True):
        documents = SearchDocument.objects.all()
        if models:
            documents = documents.filter(
                django_ct__in=[m._meta.label_lower for m in models]
            )
        self._delete_documents(list(documents.values_list("pk", flat=True)))

    # Reads

    def search(self, query_string, **kwargs):
        compiled = query_string
        if not isinstance(compiled, CompiledQuery):  # raw string: a reader's query
            compiled = CompiledQuery()
            parsed = query_parse(str(query_string))
            compiled.text = parsed_expression(parsed)
            compiled.words = parsed.words
        documents = SearchDocument.objects.filter(compiled.q)
        # Hand-written SQL around the engine's match: the planner must start
        # from the full-text match and never scan every document.
        filter_sql, filter_params = "", []
        if documents.query.where:  # truthy when there are filters
            sql, params = documents.values("id").query.sql_with_params()
            filter_sql, filter_params = f" AND d.id IN ({sql})", list(params)
        if kwargs.get("models"):
            labels = [m._meta.label_lower for m in kwargs["models"]]
            filter_sql += f" AND d.django_ct IN ({', '.join('%s' for _ in labels)})"
            filter_params += labels
        match_sql, match_params, score_params = self._match(compiled.text)
        start = kwargs.get("start_offset") or 0
        end = kwargs.get("end_offset")
        limit = (end - start) if end is not None else -1
        if connection.vendor == "postgresql" and limit < 0:
            limit = None
        order = self._ordering(kwargs.get("sort_by"), compiled)
        display = ", d.display" if kwargs.get("highlight") else ", ''"
        score = match_sql["score"]
        sql = (
            f"SELECT d.id, d.django_ct, d.django_id, d.title, d.date{display}, "
            f"{score} FROM {match_sql['from']} "
            f"WHERE {match_sql['where']}{filter_sql} ORDER BY {order} "
            "LIMIT %s OFFSET %s"
        )
        params = [*score_params, *match_params, *filter_params, limit, start]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            page = cursor.fetchall()
            # A short page tells the total without a COUNT query.
            if end is None or (len(page) < limit and (page or not start)):
                hits = start + len(page)
            else:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {match_sql['from']} "
                    f"WHERE {match_sql['where']}{filter_sql}",
                    [*match_params, *filter_params],
                )
                hits = cursor.fetchone()[0]
        result_class = kwargs.get("result_class") or SearchResult
        results = []
        for _id, django_ct, django_id, title, date, text, doc_score in page:
            app_label, model_name = django_ct.split(".")
            extra = {"title": title, "date": _as_date(date)}
            if kwargs.get("highlight"):
                extra["highlighted"] = {"text": [snippet(text, compiled.words)]}
            results.append(
                result_class(app_label, model_name, django_id, doc_score or 0, **extra)
            )
        facets = {"fields": {}, "dates": {}, "queries": {}}
        if kwargs.get("facets"):
            facets["fields"] = self._facet_counts(
                f"SELECT d.id FROM {match_sql['from']} "
                f"WHERE {match_sql['where']}{filter_sql}",
                [*match_params, *filter_params],
                kwargs["facets"],
            )
        return {
            "results": results,
            "hits": hits,
            "facets": facets,
            "spelling_suggestion": None,
        }

    def _match(self, text):
        """FROM, WHERE and score SQL of a text expression, with parameters."""
        if text is None:
            return (
                {
                    "from": "search_searchdocument d",
                    "where": "1 = 1",
                    "score": "0",
                },
                [],
                [],
            )
        if connection.vendor == "postgresql":
            return (
                {
                    "from": "search_searchdocument d",
                    "where": "d.vector @@ %s::tsquery",
                    "score": "ts_rank_cd(d.vector, %s::tsquery)",
                },
                [_tsquery(text)],
                [_tsquery(text)],
            )
        # FTS5 runs the match once into a temporary table that the page, the
        # count and the facets then read: a common word's position lists are
        # the expensive part, not the joins.
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS temp.search_match")
            cursor.execute(
                "CREATE TEMP TABLE search_match AS SELECT rowid AS id, "
                "-bm25(search_fts, 3.0, 1.0) AS score "
                "FROM search_fts WHERE search_fts MATCH %s",
                [_fts5(text)],
            )
        return (
            {
                "from": "temp.search_match m CROSS JOIN search_searchdocument d"
                " ON d.id = m.id",
                "where": "1 = 1",
                "score": "m.score",
            },
            [],
            [],
        )

    def _ordering(self, sort_by, compiled) -> str:
        ordering = []
        for name in sort_by or ():
            bare = name.lstrip("-")
            direction = "DESC" if name.startswith("-") else "ASC"
            if bare == "score" and compiled.text is not None:
                ordering.append("7 DESC")
            elif bare in ("date", "id", "title"):
                ordering.append(f"d.{bare} {direction}")
        if not ordering and compiled.text is not None:
            ordering.append("7 DESC")  # the score column
        return ", ".join([*ordering, "d.date DESC", "d.id DESC"])

    def _facet_counts(self, matched_sql, params, facet_options):
        names = {name.removesuffix("_exact"): name for name in facet_options}
        fields = list(names)
        # From the matched documents to their facet rows (index on
        # document, field), never from all rows of a field. SQLite's CROSS
        # JOIN fixes that order; PostgreSQL's planner finds it.
        join = "CROSS JOIN" if connection.vendor == "sqlite" else "JOIN"
        sql = (
            f"SELECT f.field, f.value, COUNT(*) FROM ({matched_sql}) m "
            f"{join} search_searchfacet f ON f.document_id = m.id "
            f"WHERE f.field IN ({', '.join('%s' for _ in fields)}) "
            "GROUP BY f.field, f.value"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *fields])
            rows = cursor.fetchall()
        rows.sort(key=lambda row: (row[0], -row[2], row[1]))
        counts: dict[str, list] = {name: [] for name in facet_options}
        for name, value, n in rows:
            options = facet_options[names[name]]
            limit = options.get("limit", 100) if isinstance(options, dict) else 100
            bucket = counts[names[name]]
            if len(bucket) < limit:
                bucket.append((value, n))
        return counts

    def more_like_this(self, *args, **kwargs):
        return {"results": [], "hits": 0}

    def build_schema(self, fields):
        return self.content_field, fields


def _facet_items(data: dict, content_field: str):
    for name, value in data.items():
        if (
            name in COLUMN_FIELDS
            or name == content_field
            or name.endswith("_exact")
            or value in (None, "", [])
        ):
            continue
        if isinstance(value, list | tuple | set):
            for item in value:
                if item not in (None, ""):
                    yield name, item
        else:
            yield name, value


def _as_date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value[:10])
    return None


class DatabaseSearchEngine(BaseEngine):
    backend = DatabaseSearchBackend
    query = DatabaseSearchQuery
