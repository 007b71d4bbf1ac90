"""Reviewing the names the extractor found on a page, from the workbench."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from articles.models import Page
from editing.services.locking import (
    EDITOR_PERMISSIONS,
    ConflictError,
    permissions_require,
)
from people.models import Mention
from people.services import mention_review


def page_mentions_review(
    *,
    user,
    page: Page,
    mention_ids: Iterable[int],
    status: str,
    expected_version: int,
) -> int:
    """Confirm or reject names found in the page's articles; how many.

    People's curation has its own history (people.PeopleChange); the page's
    version is checked so that a stale view cannot review a re-segmented page.
    """
    if expected_version is None or int(expected_version) != page.version:
        raise ConflictError(
            "The page changed since you opened it; reload and review again.",
            code="conflict",
        )
    permissions_require(user, *EDITOR_PERMISSIONS)
    mentions = list(Mention.objects.filter(pk__in=mention_ids, article__page=page))
    if not mentions:
        raise ValidationError("No mention of this page was selected.")
    mention_review(mentions=mentions, status=status, user=user)
    return len(mentions)
