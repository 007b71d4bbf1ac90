"""Conditional requests and the response cache of the API's reads.

Every JSON read is keyed on the archive's revision (articles.selectors.
archive_revision: one indexed one-row query), which every committed write
bumps. A read whose URL was served at the current revision is answered from
the cache without touching the archive's tables; any write makes every cached
response unreachable at once. The cache is Django's default cache: per worker
with the default local-memory backend, shared with Redis or Memcached; either
way the revision is read from the database, so the workers agree.

Headers:
- ETag: a hash of the representation as sent, so it changes whenever
  anything shown changes, and differs between JSON and the browsable API.
- Last-Modified: the time of the archive's last change (coarse but never
  older than the data).
- If-None-Match / If-Modified-Since answer 304 (RFC 9110: the former wins).
- Writes take If-Match with an ETag read earlier: a mismatch answers 412 (the
  comparison is against a freshly rendered representation, never the cache).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, parse_etags
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from articles.api.errors import PreconditionFailed
from articles.selectors import archive_revision

CACHE_PREFIX = "api:v1:"


def etag_of(content: bytes) -> str:
    # Strong: the representation is byte-identical when the tag matches.
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


class ConditionalMixin:
    """ETag, Last-Modified, 304 and the revision-keyed cache for list and
    retrieve; `check_if_match` for writes."""

    _cache_key: str | None = None
    _changed_at = None

    def list(self, request, *args, **kwargs):
        return self._cached(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._cached(super().retrieve, request, *args, **kwargs)

    def _cached(self, handler, request, *args, **kwargs):
        revision, self._changed_at = archive_revision()
        # The browsable API shows the user and forms: only JSON is shared.
        if isinstance(request.accepted_renderer, JSONRenderer):
            url = request.build_absolute_uri()
            digest = hashlib.blake2b(
                f"{request.accepted_media_type}|{url}".encode(), digest_size=16
            ).hexdigest()
            self._cache_key = f"{CACHE_PREFIX}{revision}:{digest}"
            hit = cache.get(self._cache_key)
            if hit is not None:
                content, content_type, etag = hit
                response = HttpResponse(content, content_type=content_type)
                response["ETag"] = etag
                self._cache_key = None  # nothing to store
                return response
        return handler(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if isinstance(response, Response):
            response.render()
            response["ETag"] = etag_of(response.content)
            if self._cache_key:
                cache.set(
                    self._cache_key,
                    (response.content, response["Content-Type"], response["ETag"]),
                    settings.NEWSROOM_API_CACHE_SECONDS,
                )
        elif "ETag" not in response:
            return response  # not ours (e.g. a streamed export)
        if self._changed_at is not None:
            response["Last-Modified"] = http_date(self._changed_at.timestamp())
        # Clients may keep responses but must revalidate (cheap with 304s).
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
        return get_conditional_response(
            request._request if hasattr(request, "_request") else request,
            etag=response["ETag"],
            last_modified=int(self._changed_at.timestamp())
            if self._changed_at
            else None,
            response=response,
        )

    def current_etag(self, data) -> str:
        """The ETag a JSON GET of this resource would carry now (for If-Match)."""
        return etag_of(JSONRenderer().render(data, "application/json", {}))

    def check_if_match(self, request, current_etag: str) -> None:
        """Raise 412 when If-Match is given and names another representation."""
        if_match = request.headers.get("If-Match")
        if not if_match or if_match.strip() == "*":
            return
        if current_etag not in parse_etags(if_match):
            raise PreconditionFailed()
