"""Every indexed document's model, date and facet values, held in each process
as numpy arrays, for the parts of a search that SQL does slowly on large
match sets.

A query matching half of a 100,000-article archive made SQL join each matched
document to its facet rows (350,000 rows, about 100 ms) and to its document
row for the date order. Here a match set is an array of document ids, and
facet counts, filters and date order are a few array operations, a few ms
whatever the size of the match.

Keeping in step with the index: rows are only ever inserted (a reindexed
object is deleted and inserted again under a new id) and index writers take
turns on SearchIndexState's row, so ids commit in increasing order. Whenever
the state's generation has moved, a process loads the rows above the highest
ids it holds. Rows of deleted documents stay behind, harmless because a match
never contains a deleted document, until they are a quarter of what is held;
then everything is reloaded.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import threading
from collections.abc import Iterator

import numpy as np
from django.db.models import F

# Reads from the request's database: a replica for the public site's searches.
from newsroom.db_router import read_alias
from newsroom.db_router import read_connection as connection
from search.models import SearchIndexState

EPOCH = dt.date(1970, 1, 1)
NO_DATE = np.iinfo(np.int32).min  # sorts last in a descending date order


def days(value: dt.date) -> int:
    return (value - EPOCH).days


class DocumentTable:
    """Arrays indexed by SearchDocument id (dates, models) and one row per
    facet value of a document (facet_documents[i] has facet_codes[i])."""

    def __init__(self) -> None:
        self.state: tuple[int, int] | None = None
        self.removed_at_load = 0
        self.document_watermark = 0
        self.facet_watermark = 0
        self.documents = 0
        self.dates = np.full(1, NO_DATE, dtype=np.int32)
        self.models = np.full(1, -1, dtype=np.int16)
        self.model_labels: list[str] = []
        self.facet_documents = np.zeros(0, dtype=np.int32)
        self.facet_codes = np.zeros(0, dtype=np.int32)
        self.values: list[tuple[str, str]] = []  # code -> (field, value)
        self.codes: dict[tuple[str, str], int] = {}
        # Built from the above by _facets_index (see there).
        self.facet_rows = np.zeros(2, dtype=np.int64)
        self.field_names: list[str] = []
        self.value_fields = np.zeros(0, dtype=np.int32)
        self.value_ranks = np.zeros(0, dtype=np.int64)

    # Loading

    def refreshed(self, state: tuple[int, int] | None = None) -> DocumentTable:
        """This table if the index has not changed since it was loaded (its
        `state`, read now unless given), else a new one with what changed. A
        table is never modified once in use: a search in another thread goes
        on with the one it has."""
        if state is None:
            row = SearchIndexState.objects.filter(pk=1).values_list(
                "generation", "removed"
            )
            state = row.first() or (0, 0)
        if state == self.state:
            return self
        stale = state[1] - self.removed_at_load
        if (
            self.state is None
            or state[0] < self.state[0]  # a database rolled back or recreated
            or stale * 4 > max(self.documents, 1)
        ):
            table = DocumentTable()
            table.removed_at_load = state[1]
        else:
            table = copy.copy(self)
            table.dates, table.models = self.dates.copy(), self.models.copy()
            table.model_labels = list(self.model_labels)
            table.values, table.codes = list(self.values), dict(self.codes)
        table._documents_load()
        table._facets_load()
        table._facets_index()
        table.state = state
        return table

    def known(self, ids: np.ndarray) -> np.ndarray:
        """`ids` without documents indexed since this table was loaded."""
        return ids[ids <= self.document_watermark]

    def _documents_load(self) -> None:
        date_days = (
            "(date - DATE '1970-01-01')"
            if connection.vendor == "postgresql"
            else "CAST(julianday(date) - 2440587.5 AS INTEGER)"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, {date_days}, django_ct FROM search_searchdocument "
                "WHERE id > %s ORDER BY id",
                [self.document_watermark],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        self._grow(int(ids[-1]) + 1)
        self.dates[ids] = [NO_DATE if r[1] is None else r[1] for r in rows]
        labels = {label: i for i, label in enumerate(self.model_labels)}
        for label in {r[2] for r in rows} - labels.keys():
            labels[label] = len(self.model_labels)
            self.model_labels.append(label)
        self.models[ids] = [labels[r[2]] for r in rows]
        self.document_watermark = int(ids[-1])
        self.documents += len(rows)

    def _facets_load(self) -> None:
        # One row per facet value with its documents as text: a few hundred
        # rows to fetch instead of one per document and value.
        concat = (
            "string_agg(document_id::text, ' ')"
            if connection.vendor == "postgresql"
            else "group_concat(document_id, ' ')"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT field, value, {concat}, MAX(id) FROM search_searchfacet "
                "WHERE id > %s GROUP BY field, value",
                [self.facet_watermark],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        documents, codes = [], []
        for field, value, ids_text, max_id in rows:
            code = self.codes.get((field, value))
            if code is None:
                code = self.codes[(field, value)] = len(self.values)
                self.values.append((field, value))
            ids = np.fromstring(ids_text, dtype=np.int32, sep=" ")
            documents.append(ids)
            codes.append(np.full(len(ids), code, dtype=np.int32))
            self.facet_watermark = max(self.facet_watermark, max_id)
        # Kept in document order, so that a match's rows are found by
        # binary search (facet_counts). New rows belong to new documents,
        # above those held (see the module's docstring): sorting them alone
        # is enough, else everything is sorted again.
        new_documents, new_codes = np.concatenate(documents), np.concatenate(codes)
        order = np.argsort(new_documents, kind="stable")
        new_documents, new_codes = new_documents[order], new_codes[order]
        in_order = not len(self.facet_documents) or (
            not len(new_documents) or new_documents[0] >= self.facet_documents[-1]
        )
        self.facet_documents = np.concatenate([self.facet_documents, new_documents])
        self.facet_codes = np.concatenate([self.facet_codes, new_codes])
        if not in_order:
            order = np.argsort(self.facet_documents, kind="stable")
            self.facet_documents = self.facet_documents[order]
            self.facet_codes = self.facet_codes[order]
        if len(self.facet_documents):
            self._grow(int(self.facet_documents[-1]) + 1)

    def _facets_index(self) -> None:
        """What facet_counts looks things up in: where each document's rows
        begin, and each value's field and place in the order of values."""
        per_document = np.bincount(self.facet_documents, minlength=len(self.dates))
        self.facet_rows = np.zeros(len(per_document) + 1, dtype=np.int64)
        np.cumsum(per_document, out=self.facet_rows[1:])
        self.field_names = sorted({name for name, _value in self.values})
        number = {name: i for i, name in enumerate(self.field_names)}
        self.value_fields = np.array(
            [number[name] for name, _value in self.values], dtype=np.int32
        )
        by_value = sorted(range(len(self.values)), key=lambda c: self.values[c][1])
        self.value_ranks = np.empty(len(self.values), dtype=np.int64)
        self.value_ranks[by_value] = np.arange(len(by_value))

    def _grow(self, size: int) -> None:
        if size <= len(self.dates):
            return
        size = max(size, len(self.dates) * 3 // 2)
        dates = np.full(size, NO_DATE, dtype=np.int32)
        dates[: len(self.dates)] = self.dates
        models = np.full(size, -1, dtype=np.int16)
        models[: len(self.models)] = self.models
        self.dates, self.models = dates, models

    # Questions about a set of document ids

    def mask(self, ids: np.ndarray) -> np.ndarray:
        """A boolean array over document ids, true at `ids` (below size)."""
        mask = np.zeros(len(self.dates), dtype=bool)
        mask[ids] = True
        return mask

    def with_facet(self, field: str, values) -> np.ndarray:
        """Mask of the documents with `field` equal to one of `values`."""
        codes = [self.codes[(field, v)] for v in values if (field, v) in self.codes]
        mask = np.zeros(len(self.dates), dtype=bool)
        if codes:
            mask[self.facet_documents[np.isin(self.facet_codes, codes)]] = True
        return mask

    def with_date(self, lookup: str, value: dt.date) -> np.ndarray:
        known = self.dates != NO_DATE
        day = days(value)
        compare = {
            "exact": np.equal,
            "gt": np.greater,
            "gte": np.greater_equal,
            "lt": np.less,
            "lte": np.less_equal,
        }[lookup]
        return known & compare(self.dates, day)

    def of_models(self, labels) -> np.ndarray:
        codes = [i for i, label in enumerate(self.model_labels) if label in labels]
        return np.isin(self.models, codes)

    def facet_counts(
        self, ids: np.ndarray, fields, limit: int | None = None
    ) -> dict[str, list]:
        """{field: [(value, count), …]} over the documents `ids` (unique),
        most frequent first (then by value), at most `limit` per field."""
        if len(ids) * 2 < self.documents:
            # Each document's rows are a run of the table's (document
            # order): gathered in time proportional to the match, not to
            # the archive (a mask over all 700,000 rows took 5 ms).
            starts = self.facet_rows[ids]
            lengths = self.facet_rows[ids + 1] - starts
            rows = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
            codes = self.facet_codes[rows + np.arange(len(rows))]
        else:
            codes = self.facet_codes[self.mask(ids)[self.facet_documents]]
        counts = np.bincount(codes, minlength=len(self.values))
        # Ordered by field, count (descending) and value with numpy: a match
        # of half the archive has thousands of values (names), of which a
        # page shows a hundred per field.
        wanted = [self.field_names.index(f) for f in fields if f in self.field_names]
        present = np.flatnonzero(counts)
        present = present[np.isin(self.value_fields[present], wanted)]
        present = present[
            np.lexsort(
                (
                    self.value_ranks[present],
                    -counts[present],
                    self.value_fields[present],
                )
            )
        ]
        present_fields = self.value_fields[present]
        found: dict[str, list] = {name: [] for name in fields}
        for number in wanted:
            begin, end = np.searchsorted(present_fields, [number, number + 1])
            if limit is not None:
                end = min(end, begin + limit)
            codes = present[begin:end].tolist()
            found[self.field_names[number]] = [
                (self.values[code][1], count)
                for code, count in zip(codes, counts[codes].tolist(), strict=True)
            ]
        return found

    def newest_first(self, ids: np.ndarray) -> np.ndarray:
        """`ids` by date, newest first, then by id, highest first."""
        order = np.lexsort((-ids, -self.dates[ids].astype(np.int64)))
        return ids[order]


# One table per database read (primary, replicas): a replica lags behind.
_tables: dict[str, DocumentTable] = {}
_lock = threading.Lock()


def document_table() -> DocumentTable:
    """This process's table of the database read, brought up to date with its
    index (one query when nothing changed, none inside search_state_read)."""
    alias = read_alias()
    state = getattr(_read, "state", None)
    with _lock:
        table = _tables.get(alias) or DocumentTable()
        _tables[alias] = table = table.refreshed(state)
        return table


_read = threading.local()


@contextlib.contextmanager
def search_state_read() -> Iterator[tuple[int, int]]:
    """One round trip for what a search checks first: the index's state (for
    document_table, inside the block) and the newest person's and
    organisation's ids (yielded, for analysis.refresh_names)."""
    from people.models import Organisation, Person

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT generation FROM search_searchindexstate WHERE id = 1), "
            "(SELECT removed FROM search_searchindexstate WHERE id = 1), "
            f"(SELECT max(id) FROM {Person._meta.db_table}), "
            f"(SELECT max(id) FROM {Organisation._meta.db_table})"
        )
        generation, removed, person, organisation = cursor.fetchone()
    _read.state = (generation or 0, removed or 0)
    try:
        yield person or 0, organisation or 0
    finally:
        _read.state = None


def document_table_reset() -> None:
    """Forget everything loaded (tests, whose databases roll back)."""
    with _lock:
        _tables.clear()


def index_write_begin() -> None:
    """Call first in every transaction that writes the index: the row lock it
    takes orders the writers (see SearchIndexState)."""
    updated = SearchIndexState.objects.filter(pk=1).update(
        generation=F("generation") + 1
    )
    if not updated:
        SearchIndexState.objects.create(pk=1, generation=1)


def documents_removed(count: int) -> None:
    """Count deleted documents, whose rows processes still hold."""
    SearchIndexState.objects.filter(pk=1).update(removed=F("removed") + count)
