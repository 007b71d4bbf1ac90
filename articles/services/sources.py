"""Stage 1 of ingest: read a page file, decode or read it (text, PDF, scan,
ALTO, hOCR), check its size and limits, and parse it into a PageDraft with
the names its articles mention. Pure work on bytes, safe in worker processes:
no database writes (stage 2 is articles.services.ingest)."""

from __future__ import annotations

import hashlib
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

import facsimile
from articles.parsing import (
    PageDraft,
    PublicationProfile,
    SourceError,
    decode_source,
    parse_page,
)
from articles.parsing.decoding import DecodedSource
from articles.services.cleaning import page_draft_clean
from facsimile import ocr as facsimile_ocr
from facsimile import read as facsimile_read
from newsroom.hygiene import escape_for_terminal
from people.extraction import ArticleMentions
from people.services import (
    article_mentions_extract,
)


def source_read(*, path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of a source file, reading at most one byte over the limit.

    The extra byte lets decode_source report an oversized file without this
    function loading a file of any size into memory. Only regular files are
    read: a FIFO would block the run, a device never end.
    """
    limit = settings.NEWSROOM_MAX_SOURCE_BYTES if max_bytes is None else max_bytes
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ValidationError(_("not a regular file"), code="not_a_file")
        # Non-blocking: swapped for a FIFO since the check, it cannot hang us.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with open(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise ValidationError(_("not a regular file"), code="not_a_file")
            data = fh.read(limit + 1)
            if len(data) > limit:
                size = os.fstat(fh.fileno()).st_size
                raise ValidationError(
                    f"larger than the limit ({size:,} bytes > {limit:,})",
                    code="bad_source",
                )
            return data
    except OSError as exc:
        raise ValidationError(
            f"cannot read: {exc.strerror or exc}", code="unreadable"
        ) from exc


def _page_limits_check(text: str, draft: PageDraft | None = None) -> None:
    """Refuse a page too long to be one: it would be slow for every reader."""
    if draft is None:
        lines = sum(1 for line in text.splitlines() if line.strip())
        limit = settings.NEWSROOM_MAX_PAGE_LINES
        if lines > limit:
            raise ValidationError(
                _("too many lines (%(n)s > %(limit)s, NEWSROOM_MAX_PAGE_LINES)")
                % {"n": f"{lines:,}", "limit": f"{limit:,}"},
                code="too_long",
            )
        return
    limit = settings.NEWSROOM_MAX_PAGE_ARTICLES
    if len(draft.articles) > limit:
        raise ValidationError(
            _("too many articles (%(n)s > %(limit)s, NEWSROOM_MAX_PAGE_ARTICLES)")
            % {"n": f"{len(draft.articles):,}", "limit": f"{limit:,}"},
            code="too_long",
        )


@dataclass(frozen=True, slots=True)
class PreparedSource:
    """A source file decoded and parsed, ready to persist (no database involved)."""

    file_name: str
    decoded: DecodedSource
    draft: PageDraft
    sha256: str
    size: int
    mentions: tuple[ArticleMentions, ...]  # one per draft article
    # A page with geometry (PDF, scan, ALTO, hOCR): what facsimile read.
    kind: str = "text"
    geometry: dict | None = None
    image: bytes | None = None  # the page image, PNG or JPEG


def source_prepare(
    *,
    source: Path | bytes,
    file_name: str | None = None,
    profiles: tuple[PublicationProfile, ...],
    max_bytes: int,
) -> PreparedSource:
    """Read, decode and parse one OCR file: stage 1, pure and process-safe.

    Raises ValidationError naming the problem (empty, binary, undecodable,
    too large, unreadable).
    """
    if isinstance(source, Path):
        file_name = file_name or source.name
        # Text over max_bytes is refused by decode_source, with its size.
        limit = max(max_bytes, settings.NEWSROOM_MAX_PAGE_FILE_BYTES)
        data = source_read(path=source, max_bytes=limit)
        scan = page_image_beside(source)
    else:
        data, scan = source, None
    if not file_name:
        raise ValueError("file_name is required when ingesting bytes")
    # Stored and printed: undecodable bytes and control characters escaped.
    file_name = escape_for_terminal(file_name)
    kind = facsimile.detect_kind(data)
    geometry = image = None
    if kind != "text":
        decoded, geometry, image = _read_facsimile(data, scan=scan, max_bytes=max_bytes)
    else:
        if b"\x00" in data:  # anywhere, not only in the part decode_source samples
            raise ValidationError(_("binary file (contains NUL bytes)"), code="binary")
        try:
            decoded = decode_source(data, name=file_name, max_bytes=max_bytes)
        except SourceError as exc:
            raise ValidationError(exc.problem, code="bad_source") from exc
    _page_limits_check(decoded.text)
    draft = parse_page(
        decoded.text,
        profiles=profiles,
        source_name=file_name,
        # A page read from its geometry: its lines' type sizes tell titles.
        sizes=facsimile.type_sizes(geometry) if geometry else None,
    )
    _page_limits_check(decoded.text, draft)
    draft = page_draft_clean(draft)
    # People and organisations (#6) are found here too: pure work that the
    # ingest's worker processes do while the main process writes.
    mentions = tuple(article_mentions_extract(article=a) for a in draft.articles)
    return PreparedSource(
        mentions=mentions,
        file_name=file_name,
        decoded=decoded,
        draft=draft,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        kind=kind,
        geometry=geometry,
        image=image,
    )


def page_image_beside(path: Path) -> bytes | None:
    """The scan an ALTO, hOCR or OCR JSON file describes: same name, image suffix."""
    if path.suffix.lower() not in facsimile_read.DESCRIBES_IMAGE:
        return None
    stem = path.name.split(".")[0]
    for candidate in sorted(path.parent.glob(f"{stem}.*")):
        if candidate.suffix.lower() in facsimile_read.IMAGE_SUFFIXES:
            return candidate.read_bytes()
    return None


def _read_facsimile(
    data: bytes, *, scan: bytes | None, max_bytes: int
) -> tuple[DecodedSource, dict, bytes | None]:
    """Text in reading order, its geometry and the page image, from facsimile."""
    try:
        page = facsimile.read_source(data, image=scan)
    except (facsimile_read.SourceError, facsimile_ocr.OcrUnavailable) as exc:
        raise ValidationError(str(exc), code="bad_source") from exc
    text = page.text.text
    if not text.strip():
        raise ValidationError("no text on the page", code="bad_source")
    if len(text.encode()) > max_bytes:
        raise ValidationError(
            "the page's text is over the size limit", code="bad_source"
        )
    return (
        DecodedSource(text=text, encoding="utf-8"),
        page.text.to_dict(),
        page_png(page),
    )


def page_png(page) -> bytes | None:
    """The page image as stored: JPEG as received, anything else as PNG."""
    if page.image is None:
        return None
    out = io.BytesIO()
    fmt = "JPEG" if page.image.format == "JPEG" else "PNG"
    page.image.convert("RGB").save(out, format=fmt, quality=90)
    return out.getvalue()
