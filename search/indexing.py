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

import contextlib
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import transaction
from haystack import connections

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


def search_queue_process(*, batch_size: int = BATCH_SIZE) -> int:
    """Reindex everything queued, in batches; returns how many were indexed."""
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
        processed += len(ids)
