"""Writes to the archive: ingesting OCR pages (stage 2 of the pipeline).

The parser (articles.parsing) turns text into a PageDraft without touching the
database; `page_ingest` persists a draft in one transaction, upserting by
natural key (publication, date, page number) so that a rerun changes nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from articles.ingest_report import impossible_date
from articles.models import (
    IngestRun,
    Issue,
    Page,
    PageSource,
    Publication,
)
from articles.page_levels import levels_store
from articles.parsing import (
    PageDraft,
)
from articles.parsing.decoding import DecodedSource
from articles.services.filling import PageFill, pages_fill
from articles.services.filling import _region as _region  # editing's replace
from articles.services.publications import publication_find, publication_profiles
from articles.services.sources import (
    PreparedSource,
    source_prepare,
)
from people.extraction import ArticleMentions


class IngestOutcome(enum.StrEnum):
    CREATED = "created"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"


@dataclass(frozen=True, slots=True)
class PageIngestResult:
    outcome: IngestOutcome
    page: Page
    draft: PageDraft
    report: Any = None  # replaced: a ReplaceReport (kept, remapped, re-made)


def source_ingest(
    *,
    source: Path | bytes | PreparedSource,
    file_name: str | None = None,
    run: IngestRun | None = None,
    publication_override: str | None = None,
    date_override: dt.date | None = None,
    page_override: int | None = None,
    replace: bool = False,
    dry_run: bool = False,
    user=None,
    fills: list[PageFill] | None = None,
) -> PageIngestResult:
    """Decode, parse and persist one OCR file (a path, its bytes, or prepared).

    Everything for the file happens in one transaction, so a file that fails
    writes nothing; with `dry_run` the transaction is always rolled back, so the
    result says what would happen. Raises ValidationError naming the problem.
    """
    if not isinstance(source, PreparedSource):
        source = source_prepare(
            source=source,
            file_name=file_name,
            profiles=publication_profiles(),
            max_bytes=settings.NEWSROOM_MAX_SOURCE_BYTES,
        )
    ingest = functools.partial(
        page_ingest,
        draft=source.draft,
        source=source.decoded,
        kind=source.kind,
        geometry=source.geometry,
        image=source.image,
        file_name=source.file_name,
        sha256=source.sha256,
        size=source.size,
        run=run,
        publication_override=publication_override,
        date_override=date_override,
        page_override=page_override,
        replace=replace,
        mentions=source.mentions,
        user=user,
    )
    if not dry_run:
        if fills is not None:  # page_ingest fills nothing: see its `fills`
            return ingest(fills=fills)
        return ingest()  # page_ingest is atomic
    with transaction.atomic():
        result = ingest()
        transaction.set_rollback(True)
    return result


def _page_identity(
    draft: PageDraft,
    *,
    publication_override: str | None,
    date_override: dt.date | None,
    page_override: int | None,
) -> tuple[Publication, dt.date, int, list[str]]:
    """(publication, date, page number, warnings) of a parsed page; the
    overrides win over what the page prints, a disagreement is a warning.
    Raises ValidationError when the publication or date is unknown."""
    meta = draft.meta
    warnings = list(draft.warnings)
    problems = []
    publication = _publication_for(meta.publication, publication_override)
    if publication is None:
        found = (
            f"no publication identified: the masthead 「{meta.masthead}」 matches none"
            if meta.masthead
            else "no publication identified (no masthead found)"
        )
        problems.append(ValidationError(found, code="no_publication"))
    date = date_override or meta.date
    if date is None:
        message, printed = "no date found", impossible_date(draft.source)
        if printed:  # 2月30日: a date line, misread
            message = _("impossible date %(date)s printed: no such day") % {
                "date": printed
            }
        problems.append(ValidationError(message, code="no_date"))
    if problems:
        raise ValidationError(problems, code="unidentified")
    if publication_override and meta.publication not in (None, publication.slug):
        warnings.append(
            f"publication {publication.slug} given; the masthead reads as "
            f"{meta.publication}"
        )
    if date_override and meta.date and meta.date != date_override:
        warnings.append(
            f"date {date_override.isoformat()} given; the page prints "
            f"{meta.date.isoformat()}"
        )
    number = page_override or meta.page or 1
    if page_override and meta.page and meta.page != page_override:
        warnings.append(f"page {page_override} given; the page prints {meta.page}")

    return publication, date, number, warnings


@transaction.atomic
def page_ingest(
    *,
    draft: PageDraft,
    source: DecodedSource,
    file_name: str,
    sha256: str,
    size: int | None = None,
    run: IngestRun | None = None,
    publication_override: str | None = None,
    date_override: dt.date | None = None,
    page_override: int | None = None,
    replace: bool = False,
    mentions: Sequence[ArticleMentions] | None = None,
    user=None,
    kind: str = "text",
    geometry: dict | None = None,
    image: bytes | None = None,
    fills: list[PageFill] | None = None,
) -> PageIngestResult:
    """Persist a parsed page: its issue, verbatim source, blocks and articles.

    Idempotent: a page whose current source has the same hash is left alone
    (outcome "unchanged"). A different source for an existing page is refused
    unless `replace`: editing.services.replace (one undoable change by `user`).
    Overrides (from the command line) win over what the page prints; a
    disagreement is a page warning. Raises ValidationError when the page
    cannot be filed. With `fills`, a new page is filed (issue, page, source)
    and its content left to the caller: its PageFill is appended, for
    filling.pages_fill to write with the rest of a batch.
    """
    publication, date, number, warnings = _page_identity(
        draft,
        publication_override=publication_override,
        date_override=date_override,
        page_override=page_override,
    )
    issue, issue_created = _issue_upsert(
        publication=publication, date=date, draft=draft
    )
    edition = draft.meta.edition or publication.edition
    # An issue created in this transaction has no page yet, nor can another
    # transaction give it one before this one commits: nothing to look up.
    page = None if issue_created else _page_locked(issue=issue, number=number)
    if page is not None:
        if page.source is not None and page.source.sha256 == sha256:
            return PageIngestResult(IngestOutcome.UNCHANGED, page, draft)
        if not replace:
            raise _changed_source(page, publication=publication, date=date)
    source_args = dict(
        source=source, file_name=file_name, sha256=sha256, size=size, run=run
    )
    source_args.update(kind=kind, geometry=geometry, image=image)
    if page is not None:
        # Imported here: the editing services import this module.
        from editing.services.replace import page_ingest_replace

        return page_ingest_replace(
            page=page,
            new_source=page_source_create(page=page, **source_args),
            user=user,
            draft=draft,
            warnings=warnings,
            edition=edition,
            mentions=mentions,
        )
    page = _page_create(issue=issue, number=number, edition=edition, warnings=warnings)
    page.source = page_source_create(page=page, **source_args)
    page.save(update_fields=["source"])
    fill = PageFill(page=page, draft=draft, geometry=geometry, mentions=mentions)
    if fills is None:
        pages_fill([fill])
    else:  # the caller fills a batch of pages at once, in this transaction
        fills.append(fill)
    return PageIngestResult(IngestOutcome.CREATED, page, draft)


def _page_locked(*, issue: Issue, number: int) -> Page | None:
    """The issue's page `number`, locked for this transaction, or None."""
    return (
        Page.objects.select_for_update(of=("self",))
        .select_related("source")
        .defer("source__text")
        .filter(issue=issue, number=number)
        .first()
    )


def _changed_source(
    page: Page, *, publication: Publication, date: dt.date
) -> ValidationError:
    """The refusal of a different source for a page already ingested."""
    return ValidationError(
        f"page {page.number} of {publication.slug} {date.isoformat()} already "
        f"has a different source "
        f"({page.source.file_name if page.source else '?'})",
        code="changed_source",
    )


def _page_create(
    *, issue: Issue, number: int, edition: str, warnings: list[str]
) -> Page:
    """A new page of the issue, saved without its source yet."""
    page = Page(issue=issue, number=number, edition=edition, warnings=warnings)
    page.full_clean(exclude=["issue", "source"], validate_unique=False)
    page.save()
    return page


def page_source_create(
    *,
    page: Page,
    source: DecodedSource,
    file_name,
    sha256,
    size,
    run,
    kind: str = "text",
    geometry: dict | None = None,
    image: bytes | None = None,
) -> PageSource:
    """A page's source row: the text as received, never changed (with, for a
    PDF or a scan, its geometry and page image)."""
    page_source = PageSource(
        page=page,
        text=source.text,
        sha256=sha256,
        file_name=file_name,
        encoding=source.encoding,
        size=len(source.text.encode(source.encoding)) if size is None else size,
        run=run,
        kind=kind,
        geometry=geometry,
    )
    page_source.full_clean(exclude=["page", "run", "image"])
    if image is not None:
        suffix = "jpg" if image[:3] == b"\xff\xd8\xff" else "png"
        page_source.image.save(f"{sha256}.{suffix}", ContentFile(image), save=False)
        levels_store(page_source.image.storage, page_source.image.name, image)
    page_source.save()
    return page_source


def _publication_for(slug: str | None, override: str | None) -> Publication | None:
    """The publication named on the command line (slug or name), or the one
    the parser recognised by its masthead."""
    wanted = override or slug
    if wanted is None:
        return None
    publication = publication_find(wanted)
    if publication is None:
        raise ValidationError(
            f"unknown publication {wanted!r}", code="unknown_publication"
        )
    return publication


def _issue_upsert(
    *, publication: Publication, date: dt.date, draft: PageDraft
) -> tuple[Issue, bool]:
    """The issue of `publication` on `date`, created or completed from the
    page, and whether it was created.

    Refuses a page whose serial number disagrees with the issue's, or whose
    number already belongs to another date of the same publication.
    """
    meta = draft.meta
    # One query for the issue of the date and another date's issue with the
    # page's number, if any (each unique): a round trip less for every new
    # issue. The other is locked too, only to refuse the page.
    wanted = Q(date=date) | Q(number=meta.number) if meta.number else Q(date=date)
    found = list(
        Issue.objects.select_for_update().filter(wanted, publication=publication)
    )
    issue = next((i for i in found if i.date == date), None)
    if issue and issue.number and meta.number and issue.number != meta.number:
        raise ValidationError(
            f"issue number disagrees: {publication.slug} {date.isoformat()} is "
            f"总第{issue.number}期, this page says 总第{meta.number}期",
            code="issue_number_mismatch",
        )
    if meta.number and not (issue and issue.number):
        other = next((i for i in found if i.date != date), None)
        if other:
            raise ValidationError(
                f"duplicate issue: 总第{meta.number}期 of {publication.slug} is "
                f"already the issue of {other.date.isoformat()}",
                code="duplicate_issue",
            )
    created = issue is None
    if created:
        issue = Issue(publication=publication, date=date)
    before = (issue.number, issue.weekday, issue.lunar_date)
    # Fill in what is missing; what an earlier page (or an editor) set stays.
    issue.number = issue.number or meta.number
    issue.weekday = issue.weekday or meta.weekday
    issue.lunar_date = issue.lunar_date or meta.lunar_date or ""
    if created or before != (issue.number, issue.weekday, issue.lunar_date):
        # Uniqueness was checked above, with clearer messages than full_clean's;
        # the publication was just read (a query to check that it exists
        # would be one more per page; the foreign key still holds).
        issue.full_clean(
            exclude=["publication"], validate_unique=False, validate_constraints=False
        )
        issue.save()
    return issue, created
