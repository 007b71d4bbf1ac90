"""Conditional requests: ETag and Last-Modified on every read, 304 and 412.

The ETag is a hash of the representation as sent, so it changes whenever
anything shown changes (an edited block, a renamed person) and differs between
JSON and the browsable API. `If-None-Match` answers 304 without a body.

Writes take `If-Match` with an ETag the client read earlier: the view renders
the resource's current representation, compares, and answers 412 if they
differ; the service then receives the version read alongside, so that a change
that lands between the comparison and the write is refused too.

Last-Modified is the time the newest page source behind the representation was
ingested. Editors' corrections carry no timestamp before the history of #3
lands, so Last-Modified may predate them: If-Modified-Since is therefore not
used to answer 304 (only If-None-Match is), and responses say
`Cache-Control: no-cache` so that no cache keeps them on heuristics.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags
from rest_framework import status
from rest_framework.response import Response

from articles.api.errors import PreconditionFailed


def etag_of(content: bytes) -> str:
    # Strong: the representation is byte-identical when the tag matches.
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


def source_times(obj) -> list[dt.datetime]:
    """When the page sources behind `obj` were ingested (no queries: the
    views select the sources with the rows)."""
    from articles.models import Article, Issue, Page, TextBlock

    if isinstance(obj, Issue):
        pages = obj.pages.all()
    elif isinstance(obj, Page):
        pages = [obj]
    elif isinstance(obj, Article | TextBlock):
        pages = [obj.page]
    else:
        return []
    return [p.source.ingested_at for p in pages if p.source_id and p.source]


class ConditionalMixin:
    """ETag/Last-Modified/304 for GET and HEAD; `check_if_match` for writes."""

    def _remember(self, objects) -> None:
        self._conditional_objects = list(objects)

    def get_object(self):
        obj = super().get_object()
        self._remember([obj])
        return obj

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self._remember(page)
        return page

    def last_modified(self) -> dt.datetime | None:
        times = [
            t
            for obj in getattr(self, "_conditional_objects", [])
            for t in source_times(obj)
        ]
        return max(times, default=None)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if not isinstance(response, Response):
            return response  # streamed exports: no ETag
        response.render()
        etag = etag_of(response.content)
        response["ETag"] = etag
        modified = self.last_modified()
        if modified is not None:
            response["Last-Modified"] = http_date(modified.timestamp())
        patch_cache_control(response, no_cache=True)
        # The representation depends on the negotiated format and on the
        # viewer (the browsable API shows the user).
        patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match and _matches(if_none_match, etag, weak=True):
            not_modified = Response(status=status.HTTP_304_NOT_MODIFIED)
            for header in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
                if header in response:
                    not_modified[header] = response[header]
            # Already finalised: render with the negotiated renderer, no body.
            not_modified.accepted_renderer = response.accepted_renderer
            not_modified.accepted_media_type = response.accepted_media_type
            not_modified.renderer_context = response.renderer_context
            not_modified.data = None
            return not_modified
        return response

    def current_etag(self, request, data) -> str:
        """The ETag a GET of this resource would carry now (for If-Match)."""
        renderer = self.get_renderers()[0]  # JSON: what scripts read
        return etag_of(renderer.render(data, renderer.media_type, {}))

    def check_if_match(self, request, current_etag: str) -> None:
        """Raise 412 when If-Match is given and names another version."""
        if_match = request.headers.get("If-Match")
        if if_match and not _matches(if_match, current_etag, weak=False):
            raise PreconditionFailed()


def _matches(header: str, etag: str, *, weak: bool) -> bool:
    if header.strip() == "*":
        return True
    tags = parse_etags(header)
    if weak:
        # If-None-Match uses weak comparison: W/"x" matches "x".
        tags = [t.removeprefix("W/") for t in tags]
    return etag in tags
