"""Make the articles' entries in the API's default listing
(articles.models.listing): their list JSON as the API sends it
(articles.listed), with paths for links. The ingest makes its pages'
entries as it writes them, every recorded edit those of its page
(editing.services.history), people curation those whose bylines it moved,
the admin those of a page or issue renumbered or redated;
`manage.py listings_refresh` makes any missing. Until an article has a
current entry the API makes its JSON from its rows, so making them is for
speed, never for correctness."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from articles.listed import listed_text, path_urls
from articles.models import Article, ArticleListing
from articles.selectors import article_rows

BATCH = 500


def listings_refresh(
    *, article_ids: Iterable[int] = (), page_ids: Iterable[int] = ()
) -> int:
    """Make the entries of these articles and of every article of these
    pages (any that no longer exist are skipped) as they are now, in the
    caller's transaction or one of its own; returns how many were made."""
    ids = {int(pk) for pk in article_ids}
    if page_ids:
        articles = Article.objects.filter(page_id__in=list(page_ids))
        ids.update(articles.values_list("pk", flat=True))
    ids = sorted(ids)
    made = 0
    # No savepoint: two statements a batch, whatever the caller.
    with transaction.atomic(savepoint=False):
        for start in range(0, len(ids), BATCH):
            entries = listings_of(ids[start : start + BATCH])
            ArticleListing.objects.bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["article"],
                update_fields=["page_version", "json"],
            )
            made += len(entries)
    return made


def listings_missing_refresh(*, batch_size: int = BATCH) -> int:
    """Make every missing or outdated entry, in batches; returns how many."""
    made = 0
    while True:
        ids = list(
            Article.objects.exclude(listing__page_version=F("page__version"))
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return made
        batch_made = listings_refresh(article_ids=ids)
        if not batch_made:
            # Deleted meanwhile, or changing faster than made: a later run
            # makes them (never loop on the same ids).
            return made
        made += batch_made


def listings_of(ids: list[int]) -> list[ArticleListing]:
    """The entries of these articles, unsaved."""
    urls = path_urls()
    entries = []
    for row in article_rows(ids=ids):
        entries.append(
            ArticleListing(
                article_id=row["id"],
                page_version=row["page_version"],
                json=listed_text(urls, row),
            )
        )
    return entries
