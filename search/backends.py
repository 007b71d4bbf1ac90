"""A haystack backend on the database's own full-text search.

Like Wagtail's database search: SQLite FTS5 when the site runs on SQLite,
PostgreSQL tsvector + GIN when it runs on PostgreSQL. The index lives in the
same database as the archive, so an edit and its reindexing commit together
(search.indexing) and there is no server to run. The text indexed is the
pre-segmented output of search.analysis, the same that an Elasticsearch index
gets, so every engine answers a query the same way.

Haystack hands backends a query tree (SQ); this backend compiles it into a
text expression for the engine (phrases combined with AND/OR/NOT) and a
filter expression on the other fields. The engine answers one question, which
documents match the text (an array of ids); filters, facet counts and date
order are array operations on search.documents' table. Relevance is scored by
the engine (bm25, ts_rank_cd) for at most RANK_WINDOW matches, the newest
indexed: exact for all but very broad queries, whose further matches follow
by date (the engine's per-row scoring is what made a query matching half the
archive slow).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from django.db import transaction
from django.utils import timezone
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

from newsroom.bulk import rows_insert

# Searches read the request's database (a replica for the public site);
# index writes run where it is the primary (newsroom.db_router).
from newsroom.db_router import read_connection as connection
from search import analysis
from search.documents import (
    document_table,
    documents_removed,
    index_write_begin,
)
from search.highlight import snippet
from search.models import SearchDocument, SearchFacet
from search.query import query_parse

CONTENT_FIELDS = {"content", "text"}
SORTABLE = {"score", "date", "id"}
# Key of a prepared document's engine text (FTS5 columns or a tsvector).
ENGINE_TEXT = "__engine_text"
# Index fields stored as SearchDocument columns, not as facet rows.
COLUMN_FIELDS = {"display", "title", "date", ID, DJANGO_CT, DJANGO_ID}
MAX_TSVECTOR_POSITION = 16383  # PostgreSQL clamps positions there
# Matches scored for relevance at most (see the module's docstring), by
# database: scoring costs about 1 µs a row in FTS5, and 9 µs in PostgreSQL,
# which reads each matched document's vector (12 KB) from TOAST storage.
RANK_WINDOW = {"sqlite": 1000, "postgresql": 250}
# FTS5 scores every match above the window's first id, filtered out or not:
# past this many times the window, the window shrinks to bound that.
SCORED_MAX_WINDOWS = 4


# Text expressions: ("phrase", words) | ("and"|"or", [exprs]) | ("not", expr)
# Filter expressions: ("facet", field, values) | ("date", lookup, date) |
# ("and"|"or", [exprs]) | ("not", expr)
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
                    [("date", "gte", _as_date(low)), ("date", "lte", _as_date(high))],
                )
            if filter_type not in ("gt", "gte", "lt", "lte"):
                filter_type = "exact"
            return None, ("date", filter_type, _as_date(value))
        if filter_type == "in":
            values = [_facet_value(v) for v in value]
        else:
            values = [_facet_value(value)]
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
    """A text expression as an FTS5 query. A phrase is matched by its pairs
    of neighbouring words (see _tsquery for why)."""
    kind = expr[0]
    if kind == "phrase":
        words = expr[1] if len(expr[1]) == 1 else analysis.pairs(expr[1])
        return '"' + " ".join(w.replace('"', '""') for w in words) + '"'
    if kind == "not":  # only under AND: rendered by the caller
        raise ValueError("unary NOT")
    parts = [e for e in expr[1] if e[0] != "not"]
    negs = [e[1] for e in expr[1] if e[0] == "not"]
    sql = f" {kind.upper()} ".join(f"({_fts5(e)})" for e in parts)
    if negs and kind == "and" and parts:
        sql = f"({sql}) NOT ({' OR '.join(f'({_fts5(n)})' for n in negs)})"
    return sql


def _lexeme(word: str) -> str:
    if "'" in word or "\\" in word:
        word = word.replace("\\", "\\\\").replace("'", "''")
    return f"'{word}'"


def _tsquery(expr) -> str:
    """A text expression as a tsquery.

    A phrase is matched by the pairs of neighbouring words the documents were
    indexed with (search.analysis.pairs): one lexeme for two words, which the
    GIN index answers alone. Matching the words with <-> has to read every
    candidate's vector (300 ms for two common words in 100,000 articles), and
    the engines' relevance scores, run over all matches of each term or
    phrase for its rarity, pay that again.
    """
    kind = expr[0]
    if kind == "phrase":
        words = expr[1]
        if len(words) == 1:
            return _lexeme(words[0])
        pairs = [_lexeme(pair) for pair in analysis.pairs(words)]
        if len(pairs) == 1:
            return pairs[0]
        # Pairs sit at their first word's position: adjacent pairs, adjacent
        # words. Checked among the few documents that have every pair.
        return f"({' & '.join(pairs)} & ({' <-> '.join(pairs)}))"
    if kind == "not":
        return f"!{_tsquery(expr[1])}"
    joiner = " & " if kind == "and" else " | "
    return "(" + joiner.join(_tsquery(e) for e in expr[1]) + ")"


def _tsvector(title_words: list[str], body_words: list[str]) -> str:
    """A tsvector of the words, and of each pair of neighbours at the first
    one's position (title words weighted A).

    One entry per occurrence ('党代会':3 '党代会':17): PostgreSQL merges a
    lexeme's entries and keeps its first 256 positions on input, in C, at
    half the cost of grouping them here (which took longer than jieba).
    """
    entries: list[str] = []

    def add(words, start, weight):
        stop = start + len(words)
        marks = [f"{n}{weight}" for n in range(start, min(stop, MAX_TSVECTOR_POSITION))]
        marks += [f"{MAX_TSVECTOR_POSITION}{weight}"] * (len(words) - len(marks))
        entries.extend([f"{_lexeme(w)}:{m}" for w, m in zip(words, marks, strict=True)])
        entries.extend(
            [
                f"{_lexeme(p)}:{m}"
                for p, m in zip(analysis.pairs(words), marks, strict=False)
            ]
        )

    add(title_words, 1, "A")
    add(body_words, len(title_words) + 1, "")
    return " ".join(entries)


def _ids(text: str | None) -> np.ndarray:
    """Ids aggregated by the database as one space-separated text: one row to
    fetch, however many documents match."""
    if not text:
        return np.zeros(0, dtype=np.int64)
    # fromstring's text mode (not deprecated, unlike its binary mode) parses
    # 60,000 ids in 1 ms; str.split and int() take 5.
    return np.sort(np.fromstring(text, dtype=np.int64, sep=" "))


class DatabaseSearchBackend(BaseSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.content_field = "text"

    # Writes

    def update(self, index, iterable, commit=True):
        analysis.refresh_names()
        self.write(index, self.prepare(index, iterable))

    def prepare(self, index, objects) -> list[dict]:
        """Haystack's prepared fields of each object, and the text the engine
        indexes. CPU work only, no database: search.indexing runs it in
        worker processes."""
        self.content_field = index.get_content_field()
        prepared = []
        for obj in objects:
            data = index.full_prepare(obj)
            title = analysis.tokens(data.get("title") or "")
            # The engine's text replaces the analysed text (less to pass back
            # from a worker process).
            body = (data.pop(self.content_field, None) or "").split()
            if connection.vendor == "postgresql":
                data[ENGINE_TEXT] = (_tsvector(title, body),)
            else:
                data[ENGINE_TEXT] = (
                    " ".join(title),
                    " ".join(body),
                    " ".join(analysis.pairs(title)),
                    " ".join(analysis.pairs(body)),
                )
            prepared.append(data)
        return prepared

    def write(self, index, prepared: list[dict]) -> None:
        """Replace the index entries of prepared objects (one model's)."""
        if not prepared:
            return
        self.content_field = index.get_content_field()
        now = timezone.now()
        with transaction.atomic():
            index_write_begin()
            self._delete(prepared[0][DJANGO_CT], [r[DJANGO_ID] for r in prepared])
            # Multi-row INSERTs: bulk_create's model instances cost more than
            # the writes (seven facet rows per article).
            pks = rows_insert(
                SearchDocument,
                [
                    {
                        "django_ct": r[DJANGO_CT],
                        "django_id": r[DJANGO_ID],
                        "display": r.get("display") or "",
                        "title": r.get("title") or "",
                        "date": _as_date(r.get("date")),
                        "indexed_at": now,
                    }
                    for r in prepared
                ],
                returning=True,
            )
            rows_insert(
                SearchFacet,
                [
                    {"document_id": pk, "field": name, "value": _facet_value(value)}
                    for pk, r in zip(pks, prepared, strict=True)
                    for name, value in _facet_items(r, self.content_field)
                ],
            )
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    sql = (
                        "INSERT INTO search_vector (id, vector) "
                        "VALUES (%s, %s::tsvector)"
                    )
                else:
                    sql = (
                        "INSERT INTO search_fts (rowid, title, body, title_pairs, "
                        "body_pairs) VALUES (%s, %s, %s, %s, %s)"
                    )
                cursor.executemany(
                    sql,
                    [
                        (pk, *r[ENGINE_TEXT])
                        for pk, r in zip(pks, prepared, strict=True)
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
        # The caller has begun the index write (index_write_begin).
        if not ids:
            return
        with transaction.atomic():
            documents_removed(len(ids))
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                placeholders = ",".join("%s" for _ in chunk)
                with connection.cursor() as cursor:
                    if connection.vendor == "sqlite":
                        cursor.execute(
                            f"DELETE FROM search_fts WHERE rowid IN ({placeholders})",
                            chunk,
                        )
                    else:
                        cursor.execute(
                            f"DELETE FROM search_vector WHERE id IN ({placeholders})",
                            chunk,
                        )
                SearchFacet.objects.filter(document_id__in=chunk)._raw_delete("default")
                SearchDocument.objects.filter(pk__in=chunk)._raw_delete("default")

    def remove(self, obj_or_string, commit=True):
        identifier = get_identifier(obj_or_string)
        app_label, model_name, pk = identifier.rsplit(".", 2)
        with transaction.atomic():
            index_write_begin()
            self._delete(f"{app_label}.{model_name}", [pk])

    def clear(self, models=None, commit=True):
        documents = SearchDocument.objects.all()
        if models:
            documents = documents.filter(
                django_ct__in=[m._meta.label_lower for m in models]
            )
        with transaction.atomic():
            index_write_begin()
            self._delete_documents(list(documents.values_list("pk", flat=True)))

    def bulk_load_begin(self) -> None:
        """Before indexing everything into an empty index (rebuild_index): on
        PostgreSQL the GIN index goes, to be built once at the end, which is
        twice as fast as growing it row by row."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("DROP INDEX IF EXISTS search_vector_gin")

    def bulk_load_end(self) -> None:
        """After a bulk load, or to finish one that was interrupted: idempotent."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('search_vector_gin')")
            if cursor.fetchone()[0] is not None:
                return
            # Inside a transaction with deferred foreign-key checks pending
            # (Django's are deferred), PostgreSQL refuses CREATE INDEX: check
            # them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "CREATE INDEX search_vector_gin ON search_vector USING GIN (vector)"
            )
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("ANALYZE search_vector")

    # Reads

    def search(self, query_string, **kwargs):
        compiled = query_string
        if not isinstance(compiled, CompiledQuery):  # raw string: a reader's query
            compiled = CompiledQuery()
            parsed = query_parse(str(query_string))
            compiled.text = parsed_expression(parsed)
            if compiled.text is not None:
                compiled.text, compiled.exclusion = _split_negatives(compiled.text)
            compiled.words = parsed.words
        table = document_table()
        # Documents indexed since the table was loaded are left out, as if
        # the search had run a moment earlier (the next one has them).
        matched = table.known(self._match_ids(compiled.text))
        ids = matched
        if compiled.exclusion is not None:
            excluded = self._match_ids(compiled.exclusion)
            ids = ids[~np.isin(ids, excluded, assume_unique=True)]
        keep = _filter_mask(table, compiled.filter)
        labels = {m._meta.label_lower for m in kwargs.get("models") or ()}
        if labels and not labels >= set(table.model_labels):
            in_models = table.of_models(labels)
            keep = in_models if keep is None else keep & in_models
        if keep is not None:
            ids = ids[keep[ids]]
        start = kwargs.get("start_offset") or 0
        end = kwargs.get("end_offset")
        end = len(ids) if end is None else min(end, len(ids))
        selected = table.mask(ids)
        ordered, scores = self._order(
            table, ids, selected, matched, compiled, kwargs.get("sort_by"), end
        )
        page = [int(pk) for pk in ordered[start:end]]
        results = self._results(page, scores, compiled, **kwargs)
        facets = {"fields": {}, "dates": {}, "queries": {}}
        if kwargs.get("facets"):
            facets["fields"] = self._facet_counts(table, selected, kwargs["facets"])
        return {
            "results": results,
            "hits": len(ids),
            "facets": facets,
            "spelling_suggestion": None,
        }

    def _match_ids(self, text) -> np.ndarray:
        """Ids of the documents matching a text expression (all with None)."""
        postgres = connection.vendor == "postgresql"
        concat = "string_agg(id::text, ' ')" if postgres else "group_concat(id, ' ')"
        if text is None:
            sql, params = f"SELECT {concat} FROM search_searchdocument", []
        elif postgres:
            sql = f"SELECT {concat} FROM search_vector WHERE vector @@ %s::tsquery"
            params = [_tsquery(text)]
        else:
            sql = (
                "SELECT group_concat(rowid, ' ') FROM search_fts "
                "WHERE search_fts MATCH %s"
            )
            params = [_fts5(text)]
        if not postgres or text is None:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return _ids(cursor.fetchone()[0])
        # The planner prices @@ as cheap and scans a small table (a few
        # thousand documents) instead of the GIN index, but each row's @@
        # reads its 12 KB vector: 40 ms instead of 1 for 3,000 documents.
        # Three statements without parameters go in one round trip, and run
        # as one transaction when none is open (so SET LOCAL holds).
        literal = "'" + params[0].replace("'", "''") + "'"
        with connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL enable_seqscan = off; "
                + sql.replace("%s", literal)
                + "; SET LOCAL enable_seqscan TO DEFAULT"
            )
            cursor.nextset()  # the SELECT's result
            return _ids(cursor.fetchone()[0])

    def _scores(self, text, window: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Relevance (ids, scores) of the matches in `window` (sorted ids),
        and on SQLite of any other match above its first id."""
        if connection.vendor == "postgresql":
            # By primary key: the window's ids are known to match, and @@
            # would read each vector a second time.
            sql = (
                "SELECT id, ts_rank_cd(vector, %s::tsquery) FROM search_vector "
                "WHERE id = ANY(%s)"
            )
            params = [_tsquery(text), window.tolist()]
        else:
            # FTS5 looks a rowid list up one rowid at a time (a full match
            # each: seconds); a rowid range it seeks.
            first_id = int(window[0])
            # Title words (and pairs) weigh three times body words.
            sql = (
                "SELECT rowid, -bm25(search_fts, 3.0, 1.0, 3.0, 1.0) FROM search_fts "
                "WHERE search_fts MATCH %s AND rowid >= %s"
            )
            params = [_fts5(text), first_id]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        return ids, np.array([r[1] for r in rows], dtype=np.float64)

    def _order(self, table, ids, selected, matched, compiled, sort_by, end):
        """`ids` in the order asked for (at least the first `end`), and the
        relevance scores of those that were scored."""
        scores: dict[int, float] = {}
        names = [name for name in sort_by or () if name.lstrip("-") in SORTABLE]
        if not names:
            names = ["score"] if compiled.text is not None else ["-date"]
        name = names[0]
        if name.lstrip("-") == "date":
            ordered = table.newest_first(ids)
            return (ordered[::-1] if name == "date" else ordered), scores
        if name.lstrip("-") == "id":
            return (ids if name == "id" else ids[::-1]), scores
        if compiled.text is None or not len(ids):
            return table.newest_first(ids), scores
        size = RANK_WINDOW[connection.vendor]
        window = ids[-size:]
        if connection.vendor == "sqlite" and len(matched) > size * SCORED_MAX_WINDOWS:
            # The range from the window's first id holds filtered-out matches
            # too: past SCORED_MAX_WINDOWS windows of them, it starts later.
            window = window[window >= matched[-size * SCORED_MAX_WINDOWS]]
        if not len(window):
            return table.newest_first(ids), scores
        first_id = int(window[0])
        scored, score = self._scores(compiled.text, window)
        wanted = selected[scored]
        scored, score = scored[wanted], score[wanted]
        order = np.lexsort((-scored, -table.dates[scored].astype(np.int64), -score))
        ranked = scored[order]
        scores = dict(zip(ranked.tolist(), score[order].tolist(), strict=True))
        if end > len(ranked):  # the rest, newest first
            ranked = np.concatenate([ranked, table.newest_first(ids[ids < first_id])])
        return ranked, scores

    def _results(self, page, scores, compiled, **kwargs):
        if not page:
            return []
        display = "display" if kwargs.get("highlight") else "''"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, django_ct, django_id, title, date, {display} "
                "FROM search_searchdocument "
                f"WHERE id IN ({', '.join('%s' for _ in page)})",
                page,
            )
            rows = {row[0]: row for row in cursor.fetchall()}
        result_class = kwargs.get("result_class") or SearchResult
        results = []
        for pk in page:
            if pk not in rows:  # deleted since the match
                continue
            _id, django_ct, django_id, title, date, text = rows[pk]
            app_label, model_name = django_ct.split(".")
            extra = {"title": title, "date": _as_date(date)}
            if kwargs.get("highlight"):
                extra["highlighted"] = {"text": [snippet(text, compiled.words)]}
            results.append(
                result_class(
                    app_label, model_name, django_id, scores.get(pk, 0), **extra
                )
            )
        return results

    def _facet_counts(self, table, selected, facet_options):
        names = {name.removesuffix("_exact"): name for name in facet_options}
        found = table.facet_counts(selected, list(names))
        counts = {}
        for field_name, values in found.items():
            option = facet_options[names[field_name]]
            limit = option.get("limit", 100) if isinstance(option, dict) else 100
            counts[names[field_name]] = values[:limit]
        return counts

    def more_like_this(self, *args, **kwargs):
        return {"results": [], "hits": 0}

    def build_schema(self, fields):
        return self.content_field, fields


def _filter_mask(table, expr):
    """A filter expression as a mask over document ids (None: no filter)."""
    if expr is None:
        return None
    kind = expr[0]
    if kind == "facet":
        return table.with_facet(expr[1], expr[2])
    if kind == "date":
        return table.with_date(expr[1], expr[2])
    if kind == "not":
        return ~_filter_mask(table, expr[1])
    masks = [_filter_mask(table, e) for e in expr[1]]
    combine = np.logical_and if kind == "and" else np.logical_or
    return combine.reduce(masks)


def _facet_items(data: dict, content_field: str):
    for name, value in data.items():
        if (
            name in COLUMN_FIELDS
            or name == content_field
            or name == ENGINE_TEXT
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
