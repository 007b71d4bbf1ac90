"""The editors' operations on articles: reorder their blocks, edit their
headings and bylines, delete, confirm. Each runs in page_change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError

from articles.models import BYLINE_ROLES, Article, Byline, PageChange, TextBlock
from editing.services.change import PageEdit, page_change, rows_save
from editing.services.locking import CONFIRM_PERMISSION
from newsroom.hygiene import text_cleaned
from people.services import person_resolve_names

Operation = PageChange.Operation
ARTICLE_FIELDS = ("rubric", "kicker", "headline", "subtitle", "kind")


def article_blocks_reorder(
    *, user, article: Article, block_ids: Sequence[int], expected_version: int
) -> PageChange:
    """Put an article's blocks in the order of `block_ids` (all of them)."""
    with page_change(
        user=user,
        page_id=article.page_id,
        expected_version=expected_version,
        operation=Operation.REORDER,
    ) as change:
        article = change.article(article)
        block_ids = [int(pk) for pk in block_ids]
        blocks = {b.pk: b for b in TextBlock.objects.filter(article=article)}
        if sorted(block_ids) != sorted(blocks):
            raise ValidationError(
                "The new order must list every block of the article exactly once.",
                code="reorder",
            )
        ordered = [blocks[pk] for pk in block_ids]
        change.track(*ordered)
        for position, block in enumerate(ordered):
            block.position = position
        rows_save(TextBlock, ordered, ["position"])
        change.articles_edited(article)
        change.summary = f"Reordered the blocks of article {article.pk}"
    return change.result


def text_block_step(
    *, user, block: TextBlock, step: str, expected_version: int
) -> PageChange:
    """Move a block one up, one down or to the top of its article's reading
    order (`step`: "up", "down", "top")."""
    if block.article_id is None:
        raise ValidationError("This block is not in an article.", code="no_article")
    ids = list(
        TextBlock.objects.filter(article=block.article_id)
        .order_by("position", "sequence")
        .values_list("pk", flat=True)
    )
    i = ids.index(block.pk)
    ids.pop(i)
    j = {"up": max(i - 1, 0), "down": min(i + 1, len(ids)), "top": 0}[step]
    ids.insert(j, block.pk)
    return article_blocks_reorder(
        user=user,
        article=block.article,
        block_ids=ids,
        expected_version=expected_version,
    )


def article_update(
    *,
    user,
    article: Article,
    fields: dict[str, Any],
    bylines: Sequence[dict[str, str]] | None = None,
    expected_version: int,
) -> PageChange:
    """Edit an article's rubric, kicker, headline, subtitle and kind, and
    (when `bylines` is given) replace its bylines with [{"role", "name"}]."""
    with page_change(
        user=user,
        page_id=article.page_id,
        expected_version=expected_version,
        operation=Operation.ARTICLE_UPDATE,
    ) as change:
        unknown = set(fields) - set(ARTICLE_FIELDS)
        if unknown:
            raise ValidationError(
                f"Unknown article field(s): {', '.join(sorted(unknown))}.",
                code="field",
            )
        article = change.article(article)
        change.track(article)
        for name, value in fields.items():
            # Control, bidi and zero-width characters out (newsroom.hygiene).
            value = text_cleaned(value or "").strip()
            setattr(article, name, value if name == "kind" else value or None)
        article.status = Article.Status.EDITED
        article.full_clean(exclude=["page"], validate_constraints=False)
        article.save()
        if bylines is not None:
            _bylines_replace(change, article, bylines)
        change.summary = f"Edited article {article.pk} ({article})"
    return change.result


def _bylines_replace(
    change: PageEdit, article: Article, bylines: Sequence[dict[str, str]]
) -> None:
    wanted = [
        {"role": (b.get("role") or "").strip(), "name": (b.get("name") or "")}
        for b in bylines
    ]
    wanted = [
        {"role": b["role"], "name": "".join(text_cleaned(b["name"]).split())}
        for b in wanted
        if b["role"] or b["name"]
    ]
    for b in wanted:
        if b["role"] not in BYLINE_ROLES:
            raise ValidationError(
                f"Unknown byline role {b['role']!r}.", code="byline_role"
            )
    current = list(article.bylines.order_by("position"))
    if [(b.role, b.name) for b in current] == [(b["role"], b["name"]) for b in wanted]:
        return
    people = person_resolve_names(names=[b["name"] for b in wanted])
    change.deleted(*current)
    Byline.objects.filter(pk__in=[b.pk for b in current]).delete()
    new = [
        Byline(
            article=article,
            role=b["role"],
            name=b["name"],
            person=people.get(b["name"]),
            position=position,
        )
        for position, b in enumerate(wanted)
    ]
    for byline in new:
        byline.full_clean(exclude=["article", "person"])
        byline.save()
    change.created(*new)


def article_delete(*, user, article: Article, expected_version: int) -> PageChange:
    """Delete an article; its blocks stay on the page, unassigned."""
    with page_change(
        user=user,
        page_id=article.page_id,
        expected_version=expected_version,
        operation=Operation.ARTICLE_DELETE,
    ) as change:
        article = change.article(article)
        blocks = list(article.blocks.all())
        change.track(*blocks)
        for block in blocks:
            block.article = None
            block.position = None
        rows_save(TextBlock, blocks, ["article", "position"])
        change.deleted(*article.bylines.all())
        change.deleted(article)
        pk = article.pk
        article.delete()
        article.pk = pk
        change.summary = (
            f"Deleted article {pk} ({article}); its blocks stay on the page"
        )
    return change.result


def article_confirm(*, user, article: Article, expected_version: int) -> PageChange:
    """Mark an article as checked by a reviewer."""
    with page_change(
        user=user,
        page_id=article.page_id,
        expected_version=expected_version,
        operation=Operation.CONFIRM,
        permissions=(CONFIRM_PERMISSION,),
    ) as change:
        article = change.article(article)
        if article.status == Article.Status.CONFIRMED:
            raise ValidationError(
                "This article is already confirmed.", code="confirmed"
            )
        change.track(article)
        article.status = Article.Status.CONFIRMED
        article.save(update_fields=["status"])
        change.summary = f"Confirmed article {article.pk} ({article})"
    return change.result
