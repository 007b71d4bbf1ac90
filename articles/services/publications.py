"""Publications are data: rows editable in the admin, seeded from a file.

`settings.NEWSROOM_PUBLICATIONS_FILE` (newsroom/publications.toml) only seeds
the table: a paper of the file that the archive lacks gets its row when a page
of it is ingested (or it is named); a row that exists is never overwritten (an
editor may have changed its patterns). The parser gets every row, and the
seeds without one, as PublicationProfiles.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from articles.models import Publication
from articles.parsing import PublicationProfile, load_profiles
from articles.services.archive import archive_changed


@functools.lru_cache(maxsize=4)
def _seed_profiles(path: str) -> tuple[PublicationProfile, ...]:
    # Keyed on the path so that a test overriding the setting gets its own file.
    return load_profiles(path)


def _seeds() -> tuple[PublicationProfile, ...]:
    return _seed_profiles(str(settings.NEWSROOM_PUBLICATIONS_FILE))


def publication_profiles() -> tuple[PublicationProfile, ...]:
    """Every publication as the parser sees it: the rows of the archive, and
    the papers of the seed file it has no row for yet (one query, no write:
    a seed becomes a row when a page of its paper is ingested)."""
    rows = [row.profile() for row in Publication.objects.all()]
    known = {p.slug for p in rows}
    return tuple(rows) + tuple(p for p in _seeds() if p.slug not in known)


def publication_seed(profile: PublicationProfile) -> Publication:
    """A row for a paper of the seed file that the archive lacks (an existing
    row is never overwritten: an editor may have changed it)."""
    publication = Publication(
        slug=profile.slug,
        name=profile.name,
        edition=profile.edition or "",
        masthead_patterns=list(profile.masthead_patterns),
        rubrics=list(profile.rubrics),
    )
    publication.full_clean(validate_unique=False)
    publication.save()
    archive_changed()
    return publication


def publication_known(wanted: str) -> str | None:
    """The slug of the publication (or seed) whose slug or name is `wanted`;
    writes nothing."""
    for profile in publication_profiles():
        if wanted in (profile.slug, profile.name) or (
            profile.edition and wanted == f"{profile.name}·{profile.edition}"
        ):
            return profile.slug
    return None


# Rows publication_find read, by what was asked: see publications_remembered.
_remembered: contextvars.ContextVar[dict[str, Publication] | None] = (
    contextvars.ContextVar("publications_remembered", default=None)
)


@contextlib.contextmanager
def publications_remembered() -> Iterator[None]:
    """Within, publication_find reads each publication once: the ingest asks
    for the same one for every page of a batch (a query a page).

    For the span of one transaction: only rows read from the database are
    remembered, never a seed's row created inside (rolled back with a failed
    file's savepoint, it would be remembered but gone).
    """
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def publication_find(wanted: str) -> Publication | None:
    """The publication whose slug or name is `wanted` (`name·edition` too),
    a paper of the seed file included."""
    remembered = _remembered.get()
    if remembered is not None and wanted in remembered:
        return remembered[wanted]
    found = (
        Publication.objects.filter(Q(slug=wanted) | Q(name=wanted))
        .order_by("pk")
        .first()
    )
    if found is None and "·" in wanted:
        name, edition = wanted.split("·", 1)
        found = Publication.objects.filter(name=name, edition=edition).first()
    if found is not None and remembered is not None:
        remembered[wanted] = found
    if found is None:
        seed = next(
            (p for p in _seeds() if wanted in (p.slug, p.name)),
            None,
        )
        found = publication_seed(seed) if seed else None
    return found


def publication_get_or_create(wanted: str) -> tuple[Publication, bool]:
    """The publication named `wanted` (slug or name), created when new.

    A new paper gets `wanted` as its name and a slug made from it (Chinese
    characters kept); its masthead patterns are for an editor to add.
    """
    found = publication_find(wanted)
    if found is not None:
        return found, False
    wanted = wanted.strip()
    if not wanted:
        raise ValidationError("a publication needs a name", code="unknown_publication")
    slug = slugify(wanted, allow_unicode=True)[:100]
    if not slug or Publication.objects.filter(slug=slug).exists():
        slug = f"{slug[:80]}-{hashlib.sha256(wanted.encode()).hexdigest()[:8]}"
    publication = Publication(slug=slug, name=wanted[:200])
    publication.full_clean()
    with transaction.atomic():
        publication.save()
        archive_changed()
    return publication, True
