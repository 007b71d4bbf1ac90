"""The ingest command's search indexing, overlapped with its writing.

The search documents of a batch of pages are analysed (jieba: most of the
cost of indexing) by the same worker processes that parse the pages, while
this process writes the next batch; this process then writes the analysed
documents. Before, each batch was analysed after it was written, with the
writer waiting and the parsers idle.

A worker is forked once, at the start of the run: the names of people and
organisations the run creates are sent along with each batch to analyse, so
that the worker's jieba splits them as the query side (search.analysis)
does. Uses only the search app's public parts: search.analysis, the engine's
prepare/write, and its queue of stale articles.
"""

from __future__ import annotations

import collections
from concurrent.futures import Executor, Future

from django.db import transaction
from django.db.models import Max
from haystack import connections
from haystack.constants import DJANGO_ID

from articles.models import Article
from articles.parsing import wordcut
from articles.search_indexes import article_index_rows
from articles.services import archive_changed
from people.models import Organisation, Person
from search import analysis
from search.indexing import ARTICLE_CT, documents_prepare
from search.models import SearchQueueEntry

# Batches analysed ahead of their writing: bounds the memory held.
AHEAD = 2

# Names a worker process has been taught (in that process).
_taught: set[tuple[str, bool]] = set()


def documents_analyse(rows: list[tuple], names: list[tuple[str, bool]]) -> list[dict]:
    """In a worker: the engine's prepared documents of articles, from their
    values (search_indexes.article_index_rows).

    `names` ((name, compound)) are those the archive gained since the worker
    was forked; they are taught to its jieba first.
    """
    new = [item for item in names if item not in _taught]
    analysis.add_names([name for name, compound in new if not compound])
    analysis.add_names([name for name, compound in new if compound], compound=True)
    _taught.update(new)
    return documents_prepare(rows)


class BatchIndexer:
    """Sends each written batch's queued articles to `pool` for analysis and
    writes what comes back, a batch or two behind. Without a pool (no fork,
    --workers 0) it leaves the queue to search_queue_process."""

    def __init__(self, pool: Executor | None):
        self._pool = pool
        self._pending: collections.deque[tuple[dict, Future]] = collections.deque()
        self._sent: set[int] = set()
        index = connections["default"].get_unified_index().get_index(Article)
        self._index, self._backend = index, connections["default"].get_backend()
        self._usable = pool is not None and hasattr(self._backend, "prepare")
        # What the workers know (search.analysis, in this process before the
        # fork): the names with greater keys are sent with every batch.
        analysis.refresh_names()
        # The word cutter's tables too (jieba_fast_dat's ~40 MB): shared by
        # the workers, not loaded by each.
        wordcut.scores_ready()
        self._known = (_max_pk(Person), _max_pk(Organisation))

    def batch_written(self) -> None:
        """Send the articles queued since the last batch; write finished ones."""
        if not self._usable:
            return
        entries = self._entries_new()
        if entries:
            # Plain values, not model instances: loading the instances and
            # pickling them to the worker cost ~5 ms a page (search_indexes).
            rows = article_index_rows(entries)
            future = self._pool.submit(documents_analyse, rows, self._names_new())
            self._pending.append((entries, future))
        while len(self._pending) > AHEAD or (
            self._pending and self._pending[0][1].done()
        ):
            self._write(*self._pending.popleft())

    def finish(self) -> None:
        """Write every batch still being analysed."""
        while self._pending:
            self._write(*self._pending.popleft())

    def _entries_new(self) -> dict[int, list[int]]:
        """Queue rows of articles not yet sent: {article id: [entry ids]}."""
        entries: dict[int, list[int]] = collections.defaultdict(list)
        rows = SearchQueueEntry.objects.filter(django_ct=ARTICLE_CT).values_list(
            "id", "django_id"
        )
        for entry_id, pk in rows:
            if int(pk) not in self._sent:
                entries[int(pk)].append(entry_id)
        self._sent.update(entries)
        return entries

    def _names_new(self) -> list[tuple[str, bool]]:
        """Names of the people and organisations created since the fork."""
        people = Person.objects.filter(pk__gt=self._known[0]).values_list("name")
        organisations = Organisation.objects.filter(pk__gt=self._known[1])
        return [(name, False) for (name,) in people] + [
            (name, True) for name in organisations.values_list("name", flat=True)
        ]

    def _write(self, entries: dict[int, list[int]], future: Future) -> None:
        prepared = future.result()
        written = {int(doc[DJANGO_ID]) for doc in prepared}
        with transaction.atomic():
            self._backend.write(self._index, prepared)
            # Articles deleted since they were queued (a replaced page's).
            for pk in set(entries) - written:
                self._backend.remove(f"{ARTICLE_CT}.{pk}")
            SearchQueueEntry.objects.filter(
                id__in=[e for ids in entries.values() for e in ids]
            ).delete()
            # The index is part of what the API serves (its `q`).
            archive_changed()


def _max_pk(model) -> int:
    return model.objects.aggregate(top=Max("pk"))["top"] or 0
