"""Who may edit, and one editor at a time: permissions, the page lock and the
stale-version check (ConflictError)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError

from articles.models import Article, Page, TextBlock

EDITOR_PERMISSIONS = ("articles.change_textblock", "articles.change_article")
CONFIRM_PERMISSION = "articles.confirm_article"
RESEGMENT_PERMISSION = "articles.resegment_page"


class ConflictError(ValidationError):
    """The editor's view of the page is stale: someone saved in between."""


def permissions_require(user, *perms: str) -> None:
    """Refuse (PermissionDenied) a user without every one of `perms`."""
    if user is None or not user.is_active or not user.has_perms(perms):
        raise PermissionDenied(
            "You do not have permission to do this "
            f"({', '.join(p.split('.')[1] for p in perms)})."
        )


def page_version_check(page: Page, expected_version: int | None) -> None:
    """Refuse (ConflictError) a change based on another version of `page`."""
    if expected_version is None or int(expected_version) != page.version:
        last = page.changes.select_related("user").first()
        who = f" by {last.user} at {last.created_at:%H:%M:%S}" if last else ""
        raise ConflictError(
            f"This page was changed{who} after you opened it (your version "
            f"{expected_version}, now {page.version}). Nothing was saved: reload "
            "the page and redo your change.",
            code="conflict",
        )


def page_lock(page_id: int, expected_version: int | None) -> Page:
    """The page row, locked until the transaction ends, at the expected version."""
    page = Page.objects.select_for_update().get(pk=page_id)
    page_version_check(page, expected_version)
    return page


def page_blocks_locked(page: Page, blocks: Iterable[TextBlock]) -> list[TextBlock]:
    """Fresh, locked copies of `blocks`, refusing blocks of another page."""
    ids = [b.pk for b in blocks]
    if not ids:
        raise ValidationError("Choose at least one block.", code="no_blocks")
    found = {
        b.pk: b
        for b in TextBlock.objects.select_for_update().filter(pk__in=ids, page=page)
    }
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            f"Block(s) {', '.join(map(str, missing))} are not on this page.",
            code="other_page",
        )
    return [found[pk] for pk in dict.fromkeys(ids)]


def page_article(page: Page, article: Article) -> Article:
    """A fresh copy of `article`, refused when it is on another page."""
    found = Article.objects.filter(pk=article.pk, page=page).first()
    if found is None:
        raise ValidationError(
            f"Article {article.pk} is on another page; blocks can only move to an "
            "article of their own page.",
            code="other_page",
        )
    return found
