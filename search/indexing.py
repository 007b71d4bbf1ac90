"""Keeping the search index consistent with the archive.

Write paths (ingest, editors' corrections) call `articles_changed()` inside
their transaction. It records the articles in SearchQueueEntry (durable: the
row commits or rolls back with the change) and, once the transaction commits,
reindexes them in one batch and removes the queue rows. A crash between the
commit and the reindexing leaves the queue rows, which the next
`articles_changed` batch or `update_index` picks up. With
NEWSROOM_SEARCH_ON_COMMIT = False (bulk loads) only the queue is written and
`update_index` drains it in batches.
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from django.conf import settings
from django.db import transaction
from haystack import connections

from articles.parsing import wordcut
from search import analysis
from search.models import SearchQueueEntry

ARTICLE_CT = "articles.article"
BATCH_SIZE = 500


_deferred = False


@contextlib.contextmanager
def indexing_deferred() -> Iterator[None]:
    """Only queue changes while inside; the caller drains the queue in batches
    (search_queue_process). For bulk loads: one reindex per few hundred
    articles instead of one per page."""
    global _deferred
    previous, _deferred = _deferred, True
    try:
        yield
    finally:
        _deferred = previous


def articles_changed(*, article_ids: Iterable[int]) -> None:
    """Queue articles for reindexing; reindex them once the transaction commits.

    Deleted articles are removed from the index by the same call.
    """
    ids = sorted({int(pk) for pk in article_ids})
    if not ids:
        return
    SearchQueueEntry.objects.bulk_create(
        [SearchQueueEntry(django_ct=ARTICLE_CT, django_id=str(pk)) for pk in ids]
    )
    if getattr(settings, "NEWSROOM_SEARCH_ON_COMMIT", True) and not _deferred:
        # robust: the change is committed; an indexing failure is logged
        # and its queue rows wait for the next batch or update_index.
        transaction.on_commit(search_queue_process, robust=True)


def search_queue_process(*, batch_size: int = BATCH_SIZE, workers: int = 0) -> int:
    """Reindex everything queued, in batches; returns how many were indexed.

    With `workers`, forked processes analyse the text (jieba, most of the
    cost) while this process loads and writes (articles_index); the ingest
    command drains its queue this way every few hundred pages.
    """
    if workers > 0:
        return _queue_drain_parallel(batch_size=batch_size, workers=workers)
    from articles.models import Article

    index = connections["default"].get_unified_index().get_index(Article)
    backend = connections["default"].get_backend()
    processed = 0
    while True:
        entries = list(
            SearchQueueEntry.objects.filter(django_ct=ARTICLE_CT).values_list(
                "id", "django_id"
            )[:batch_size]
        )
        if not entries:
            return processed
        ids = {int(pk) for _id, pk in entries}
        with transaction.atomic():
            articles = list(index.index_queryset().filter(pk__in=ids))
            backend.update(index, articles)
            for pk in ids - {a.pk for a in articles}:
                backend.remove(f"{ARTICLE_CT}.{pk}")
            SearchQueueEntry.objects.filter(
                id__in=[entry_id for entry_id, _pk in entries]
            ).delete()
            _archive_changed()
        processed += len(ids)


def _queue_drain_parallel(*, batch_size: int, workers: int) -> int:
    """What is queued now, indexed by articles_index with `workers`; each
    batch's queue rows go in the transaction that writes the batch."""
    from articles.models import Article

    entries = list(
        SearchQueueEntry.objects.filter(django_ct=ARTICLE_CT).values_list(
            "id", "django_id"
        )
    )
    if not entries:
        return 0
    entry_ids: dict[int, list[int]] = collections.defaultdict(list)
    for entry_id, pk in entries:
        entry_ids[int(pk)].append(entry_id)
    ids = sorted(entry_ids)
    backend = connections["default"].get_backend()

    def done(batch: list[int]) -> None:
        # Articles deleted since they were queued leave the index.
        present = set(Article.objects.filter(pk__in=batch).values_list("pk", flat=True))
        for pk in set(batch) - present:
            backend.remove(f"{ARTICLE_CT}.{pk}")
        SearchQueueEntry.objects.filter(
            id__in=[e for pk in batch for e in entry_ids[pk]]
        ).delete()

    batches = (ids[i : i + batch_size] for i in range(0, len(ids), batch_size))
    articles_index(batches, workers=workers, done=done)
    return len(ids)


def articles_index(
    batches: Iterable[list[int]],
    *,
    workers: int = 0,
    done: Callable[[list[int]], None] | None = None,
) -> None:
    """Index the articles of each batch of ids, batch by batch, each in one
    transaction that also runs `done(batch)` (a progress record).

    With `workers`, forked processes do the analysis (haystack's prepare and
    the engine's text: jieba, most of the cost) while this process reads the
    next batch and writes the last; they inherit jieba's dictionary with every
    name known when they start. A batch travels as the articles' plain values
    (articles.search_indexes.article_index_rows): loading model instances and
    pickling them to the workers cost this process more than its writing.
    Other haystack backends (Elasticsearch) index each batch of loaded
    articles with their own update(), in this process.
    """
    from articles.models import Article
    from articles.search_indexes import article_index_rows

    index = connections["default"].get_unified_index().get_index(Article)
    backend = connections["default"].get_backend()
    analysis.refresh_names()
    wordcut.scores_ready()  # before the workers fork: one table for all

    if hasattr(backend, "prepare"):  # search.backends' engine
        prepare, write_prepared = documents_prepare, backend.write
        load = article_index_rows
    else:  # haystack's own backends: update() analyses and writes
        prepare, write_prepared, workers = _as_they_are, backend.update, 0

        def load(batch):
            return list(index.index_queryset().filter(pk__in=batch))

    def write(batch, prepared):
        with transaction.atomic():
            write_prepared(index, prepared)
            if done is not None:
                done(batch)
            _archive_changed()

    if workers < 1 or "fork" not in multiprocessing.get_all_start_methods():
        for batch in batches:
            write(batch, prepare(load(batch)))
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending = collections.deque()
        for batch in batches:
            pending.append((batch, pool.submit(prepare, load(batch))))
            if len(pending) > workers:  # bounded: memory stays flat
                batch, future = pending.popleft()
                write(batch, future.result())
        while pending:
            batch, future = pending.popleft()
            write(batch, future.result())


def _archive_changed() -> None:
    """The index is part of what the API serves (its `q`): a reindex after
    the change's commit is a change too, or a search cached between the two
    would be kept."""
    # Imported here: articles.services imports this module.
    from articles.services.archive import archive_changed

    archive_changed()


def _as_they_are(objects):
    return objects


def documents_prepare(rows) -> list[dict]:
    """The engine's prepared documents of articles from their values
    (articles.search_indexes.article_index_rows); no database, so a worker
    process can run it (the ingest's too)."""
    from articles.models import Article
    from articles.search_indexes import indexed_articles

    index = connections["default"].get_unified_index().get_index(Article)
    return connections["default"].get_backend().prepare(index, indexed_articles(rows))
