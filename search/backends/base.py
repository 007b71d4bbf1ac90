"""The database search backend's shared part: writes, the search's flow,
ordering, results and facets. Each vendor's engine (sqlite.py: FTS5,
postgres.py: tsvector) subclasses it with its text index's SQL; the query
compiler is query.py; search.backends.DatabaseSearchEngine picks the
subclass by the database's vendor, as Wagtail's database backend does.

Like Wagtail's database search: SQLite FTS5 when the site runs on SQLite,
PostgreSQL tsvector + GIN when it runs on PostgreSQL. The index lives in the
same database as the archive, so an edit and its reindexing commit together
(search.indexing) and there is no server to run. The text indexed is the
words of search.analysis (spaced_words), the same that an Elasticsearch index
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

import json

import numpy as np
from django.db import transaction
from django.utils import timezone
from haystack.backends import BaseSearchBackend
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.models import SearchResult
from haystack.utils import get_identifier

from newsroom.bulk import rows_insert

# Searches read the request's database (a replica for the public site);
# index writes run where it is the primary (newsroom.db_router).
from newsroom.db_router import read_connection as connection
from search import analysis
from search.backends.query import (
    CompiledQuery,
    as_date,
    compiled_query,
    facet_value,
)
from search.documents import (
    document_table,
    documents_removed,
    index_write_begin,
)
from search.highlight import snippet
from search.models import SearchDocument, SearchFacet

SORTABLE = {"score", "date", "id"}
# Key of a prepared document's engine text (FTS5 columns or a tsvector).
ENGINE_TEXT = "__engine_text"
# Index fields stored as SearchDocument columns, not as facet rows.
COLUMN_FIELDS = {"display", "title", "date", ID, DJANGO_CT, DJANGO_ID}
# Matches scored for relevance at most (see the module's docstring), by
# database: scoring costs about 1 µs a row in FTS5, and 9 µs in PostgreSQL,
# which reads each matched document's vector (12 KB) from TOAST storage.
RANK_WINDOW = {"sqlite": 1000, "postgresql": 250}


def ids_parsed(text: str | None, *, ordered: bool = False) -> np.ndarray:
    """Ids aggregated by the database as one space-separated text: one row to
    fetch, however many documents match. Sorted here unless `ordered` (the
    SQL's aggregate sorted them: 60,000 ids took 2 ms to sort again)."""
    if not text:
        return np.zeros(0, dtype=np.int64)
    # fromstring's text mode (not deprecated, unlike its binary mode) parses
    # 60,000 ids in 1 ms; str.split and int() take 5.
    ids = np.fromstring(text, dtype=np.int64, sep=" ")
    return ids if ordered else np.sort(ids)


class DatabaseSearchBackend(BaseSearchBackend):
    """What every database's engine shares; subclasses give their SQL."""

    vendor = ""  # connection.vendor
    insert_sql = ""  # one row of the text index: (id, *engine_text)
    delete_sql = ""  # rows of the text index, by id: IN ({})

    def engine_text(self, title: list[str], body: list[str]) -> tuple:
        """The text index's values of a document (after its id)."""
        raise NotImplementedError

    def match_ids(self, text, ranked: bool = False) -> np.ndarray:
        """Ids of the documents matching a text expression (all with None).
        `ranked`: the matches will be ranked by relevance (an engine may rank
        the likely window in the same round trip)."""
        raise NotImplementedError

    def scores(self, text, window: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Relevance (ids, scores) of the matches in `window` (sorted ids)."""
        raise NotImplementedError

    def score_window(self, window: np.ndarray, matched: np.ndarray) -> np.ndarray:
        """The newest matches to score (an engine may narrow them)."""
        return window

    def bulk_load_begin(self) -> None:
        """Before indexing everything into an empty index (rebuild_index)."""

    def bulk_load_end(self) -> None:
        """After a bulk load, or to finish one that was interrupted."""

    def rank_window(self) -> int:
        return RANK_WINDOW[self.vendor]

    def all_ids(self) -> np.ndarray:
        concat = (
            "string_agg(id::text, ' ')"
            if self.vendor == "postgresql"
            else "group_concat(id, ' ')"
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {concat} FROM search_searchdocument")
            return ids_parsed(cursor.fetchone()[0])

    def rows_scored(self, sql: str, params) -> tuple[np.ndarray, np.ndarray]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        return ids, np.array([r[1] for r in rows], dtype=np.float64)

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
            data[ENGINE_TEXT] = self.engine_text(title, body)
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
                        "date": as_date(r.get("date")),
                        "indexed_at": now,
                    }
                    for r in prepared
                ],
                returning=True,
            )
            rows_insert(
                SearchFacet,
                [
                    {"document_id": pk, "field": name, "value": facet_value(value)}
                    for pk, r in zip(pks, prepared, strict=True)
                    for name, value in _facet_items(r, self.content_field)
                ],
            )
            self.engine_rows_insert(
                [(pk, *r[ENGINE_TEXT]) for pk, r in zip(pks, prepared, strict=True)]
            )

    def engine_rows_insert(self, rows: list[tuple]) -> None:
        """Rows of the text index: (id, *engine_text)."""
        with connection.cursor() as cursor:
            cursor.executemany(self.insert_sql, rows)

    def _delete(self, django_ct: str, django_ids: list[str]):
        # The ids as one parameter (an array, a JSON list): the ORM's
        # thousand placeholders cost more to build and parse than the look-up
        # of a batch that is not there (as in a rebuild).
        if self.vendor == "postgresql":
            among, ids_param = "= ANY(%s)", [str(pk) for pk in django_ids]
        else:
            among = "IN (SELECT value FROM json_each(%s))"
            ids_param = json.dumps([str(pk) for pk in django_ids])
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {SearchDocument._meta.db_table} "
                f"WHERE django_ct = %s AND django_id {among}",
                [django_ct, ids_param],
            )
            self._delete_documents([pk for (pk,) in cursor.fetchall()])

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
                    cursor.execute(self.delete_sql.format(placeholders), chunk)
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

    # Reads

    def search(self, query_string, **kwargs):
        compiled = query_string
        if not isinstance(compiled, CompiledQuery):  # raw string: a reader's query
            compiled = compiled_query(query_string)
        table = document_table()
        # Documents indexed since the table was loaded are left out, as if
        # the search had run a moment earlier (the next one has them).
        sort_by = [n for n in kwargs.get("sort_by") or () if n.lstrip("-") in SORTABLE]
        ranked = compiled.text is not None and (not sort_by or sort_by[0] == "score")
        self._ranked = None  # an engine's ranking fetched with this match only
        # An engine may fetch the likely page's rows with the match (those
        # _results reads), when it knows how long the page is.
        self._page_end = kwargs.get("end_offset")
        self._page_rows: dict[int, tuple] = {}
        matched = table.known(self.match_ids(compiled.text, ranked=ranked))
        ids = matched
        if compiled.exclusion is not None:
            excluded = self.match_ids(compiled.exclusion)
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
            facets["fields"] = self._facet_counts(table, ids, kwargs["facets"])
        return {
            "results": results,
            "hits": len(ids),
            "facets": facets,
            "spelling_suggestion": None,
        }

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
        scored, score = self.relevance(compiled.text, ids, matched)
        wanted = selected[scored]
        scored, score = scored[wanted], score[wanted]
        order = np.lexsort((-scored, -table.dates[scored].astype(np.int64), -score))
        ranked = scored[order]
        scores = dict(zip(ranked.tolist(), score[order].tolist(), strict=True))
        if end > len(ranked):  # the rest, newest first
            rest = ids[~np.isin(ids, ranked, assume_unique=True)]
            ranked = np.concatenate([ranked, table.newest_first(rest)])
        return ranked, scores

    def relevance(self, text, ids: np.ndarray, matched: np.ndarray):
        """(ids, scores) of the matches ranked by relevance (the newest
        rank_window() of `ids`, the query's matches that the filters keep;
        `matched` are all its matches): the rest follow, newest first."""
        window = self.score_window(ids[-self.rank_window() :], matched)
        if not len(window):
            return window, np.zeros(0, dtype=np.float64)
        return self.scores(text, window)

    def _results(self, page, scores, compiled, **kwargs):
        if not page:
            return []
        rows = getattr(self, "_page_rows", None) or {}
        self._page_rows = {}
        if not rows.keys() >= set(page):
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
            extra = {"title": title, "date": as_date(date)}
            if kwargs.get("highlight"):
                extra["highlighted"] = {"text": [snippet(text, compiled.words)]}
            results.append(
                result_class(
                    app_label, model_name, django_id, scores.get(pk, 0), **extra
                )
            )
        return results

    def _facet_counts(self, table, ids, facet_options):
        names = {name.removesuffix("_exact"): name for name in facet_options}
        by_limit: dict[int, list[str]] = {}  # one count per limit asked for
        for field_name, name in names.items():
            option = facet_options[name]
            limit = option.get("limit", 100) if isinstance(option, dict) else 100
            by_limit.setdefault(limit, []).append(field_name)
        counts = {}
        for limit, fields in by_limit.items():
            found = table.facet_counts(ids, fields, limit)
            counts.update({names[field]: found[field] for field in fields})
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
