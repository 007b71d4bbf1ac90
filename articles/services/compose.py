"""Rows built from the parser's output, shared by ingest and the editors'
re-segmentation: articles from drafts, bodies from blocks, bulk inserts."""

from __future__ import annotations

from django.db import transaction

from articles.models import Article, Page
from articles.parsing import ArticleDraft, compose_body


def article_from_draft(*, page: Page, sequence: int, draft: ArticleDraft) -> Article:
    """An unsaved Article with what the parser made of it (ingest, re-segmentation)."""
    return Article(
        page=page,
        sequence=sequence,
        kind=draft.kind,
        rubric=draft.rubric,
        kicker=draft.kicker,
        headline=draft.headline,
        subtitle=draft.subtitle,
        body=draft.body,
        confidence=draft.confidence,
    )


def bulk_create_with_pks(model, rows: list, *, page: Page) -> list:
    """bulk_create, then fetch the primary keys if the backend did not return them.

    PostgreSQL and SQLite ≥ 3.35 return them (RETURNING); others may not.
    """
    created = model.objects.bulk_create(rows, batch_size=500)
    if created and created[0].pk is None:
        by_sequence = dict(
            model.objects.filter(page=page).values_list("sequence", "pk")
        )
        for row in created:
            row.pk = by_sequence[row.sequence]
    return created


@transaction.atomic
def article_body_sync(*, article: Article) -> Article:
    """Recompose an article's reading body from its blocks' corrected text."""
    # "article" too: the related manager sets block.article, which would
    # otherwise load the deferred article_id with one query per block.
    blocks = article.blocks.order_by("position", "sequence").only(
        "article", "kind", "text", "joins_previous"
    )
    body = compose_body((b.kind, b.text, b.joins_previous) for b in blocks)
    if body != article.body:
        article.body = body
        article.save(update_fields=["body"])
    return article
