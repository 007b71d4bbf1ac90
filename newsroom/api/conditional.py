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
from django.utils.translation import get_language
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from articles.selectors import archive_revision
from newsroom.api import renderers
from newsroom.api.errors import PreconditionFailed

CACHE_PREFIX = "api:v1:"
# What renders JSON reads (settings.REST_FRAMEWORK), for If-Match.
_RENDERER = renderers.JSONRenderer()


def etag_of(content: bytes) -> str:
    # Strong: the representation is byte-identical when the tag matches.
    # SHA-256 cut to 128 bits: CPUs hash it in hardware (SHA extensions),
    # three times as fast as BLAKE2 over a list page's 25 KB.
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def cache_key(revision: int, url: str) -> str:
    # Per language too: messages and the browsable API follow the reader's
    # (LocaleMiddleware: Accept-Language, the language cookie).
    keyed = f"{get_language()} {url}"
    digest = hashlib.blake2b(keyed.encode(), digest_size=16).hexdigest()
    return f"{CACHE_PREFIX}{revision}:{digest}"


class ConditionalMixin:
    """ETag, Last-Modified, 304 and the revision-keyed cache for list and
    retrieve; `check_if_match` for writes."""

    _cache_key: str | None = None
    _changed_at = None
    _revision: tuple | None = None

    def dispatch(self, request, *args, **kwargs):
        if self._plain(request):
            if settings.NEWSROOM_API_CACHE_SECONDS > 0:
                # Read once per request (the full path uses it too, if
                # taken). Without the cache, a plain read may read it with its
                # data (revision_seen), in the same statement.
                self._revision = archive_revision()
            response = self._anonymous_hit(request) or self._anonymous_read(
                request, kwargs
            )
            if response is not None:
                return response
        return super().dispatch(request, *args, **kwargs)

    def _plain(self, request) -> bool:
        """An anonymous GET of a list or detail asking for plain JSON: what
        may be answered before DRF builds its Request, negotiates and
        authenticates, with the same bytes and headers the full path would
        send, for a fraction of its cost. Anything else goes the full way."""
        meta = request.META
        return not (
            request.method not in ("GET", "HEAD")
            or self.action_map.get(request.method.lower()) not in ("list", "retrieve")
            or "HTTP_AUTHORIZATION" in meta
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or meta.get("HTTP_ACCEPT", "*/*") not in ("*/*", "application/json")
            or "format" in request.GET
        )

    def _anonymous_hit(self, request):
        """A plain read answered from the cache."""
        if settings.NEWSROOM_API_CACHE_SECONDS <= 0:
            return None
        revision, changed_at = self._revision
        hit = cache.get(cache_key(revision, request.build_absolute_uri()))
        if hit is None or not self._throttles_allow(request):
            return None  # the full path answers (429 if throttled)
        content, content_type, etag = hit
        response = HttpResponse(content, content_type=content_type)
        response["ETag"] = etag
        response["X-Cache"] = "hit"
        response["Allow"] = ", ".join(self.allowed_methods)
        self._changed_at = changed_at
        return self._validators(request, response)

    def _anonymous_read(self, request, kwargs):
        """A plain read of a detail whose view offers `plain_detail(request,
        pk)` or of a list whose view offers `plain_list(request)`: the data,
        or None when there is no such row (the full path answers 404 in the
        API's format) or the list needs DRF's request (filters)."""
        action = self.action_map.get("get")
        plain_detail = getattr(self, "plain_detail", None)
        plain_list = getattr(self, "plain_list", None)
        if action == "retrieve" and plain_detail is not None:
            pk = kwargs[self.lookup_url_kwarg or self.lookup_field]
            data = plain_detail(request, pk)
        elif action == "list" and plain_list is not None:
            data = plain_list(request)
        else:
            return None
        if data is None or not self._throttles_allow(request):
            return None
        revision, self._changed_at = self._revision or archive_revision()
        response = HttpResponse(
            _RENDERER.render(data, _RENDERER.media_type, {}),
            content_type=_RENDERER.media_type,
        )
        response["ETag"] = etag_of(response.content)
        response["Allow"] = ", ".join(self.allowed_methods)
        if settings.NEWSROOM_API_CACHE_SECONDS > 0:
            response["X-Cache"] = "miss"
            cache.set(
                cache_key(revision, request.build_absolute_uri()),
                (response.content, response["Content-Type"], response["ETag"]),
                settings.NEWSROOM_API_CACHE_SECONDS,
            )
        return self._validators(request, response)

    def revision_seen(self, revision: tuple) -> None:
        """The archive_revision() a plain read read with its data; the one
        read before it, if any, stands (the cache key was made of it)."""
        if self._revision is None:
            self._revision = revision

    def cache_audience(self, request) -> str:
        """What else than the URL the representation depends on (added to the
        cache key): nothing, unless a view shows some users more."""
        return ""

    def _throttles_allow(self, request) -> bool:
        return all(
            throttle.allow_request(request, self) for throttle in self.get_throttles()
        )

    def list(self, request, *args, **kwargs):
        return self._cached(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._cached(super().retrieve, request, *args, **kwargs)

    def _cached(self, handler, request, *args, **kwargs):
        # Read once per request (the anonymous path may have read it).
        revision, self._changed_at = self._revision or archive_revision()
        # The browsable API shows the user and forms, and `indent` changes
        # the bytes: only plain JSON is shared.
        if (
            settings.NEWSROOM_API_CACHE_SECONDS > 0
            and request.accepted_media_type == "application/json"
            and isinstance(request.accepted_renderer, JSONRenderer)
        ):
            self._cache_key = cache_key(
                revision, request.build_absolute_uri() + self.cache_audience(request)
            )
            hit = cache.get(self._cache_key)
            if hit is not None:
                content, content_type, etag = hit
                response = HttpResponse(content, content_type=content_type)
                response["ETag"] = etag
                response["X-Cache"] = "hit"
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
                response["X-Cache"] = "miss"
                cache.set(
                    self._cache_key,
                    (response.content, response["Content-Type"], response["ETag"]),
                    settings.NEWSROOM_API_CACHE_SECONDS,
                )
        elif "ETag" not in response:
            return response  # not ours (e.g. a streamed export)
        return self._validators(request, response)

    def _validators(self, request, response):
        """Last-Modified, caching headers, and 304 when the client is current."""
        if self._changed_at is not None:
            response["Last-Modified"] = http_date(self._changed_at.timestamp())
        # Clients may keep responses but must revalidate (cheap with 304s).
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
        return get_conditional_response(
            getattr(request, "_request", request),
            etag=response["ETag"],
            last_modified=int(self._changed_at.timestamp())
            if self._changed_at
            else None,
            response=response,
        )

    def current_etag(self, data) -> str:
        """The ETag a JSON GET of this resource would carry now (for If-Match)."""
        return etag_of(_RENDERER.render(data, "application/json", {}))

    def check_if_match(self, request, current_etag: str) -> None:
        """Raise 412 when If-Match is given and names another representation."""
        if_match = request.headers.get("If-Match")
        if not if_match or if_match.strip() == "*":
            return
        if current_etag not in parse_etags(if_match):
            raise PreconditionFailed()
