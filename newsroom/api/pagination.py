"""Pagination of the API's lists."""

from __future__ import annotations

import re
from base64 import b64encode
from urllib import parse

from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

# What quote_plus leaves as it is (a date, a number); and does to base64.
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]*")
_BASE64_QUOTED = str.maketrans({"+": "%2B", "/": "%2F", "=": "%3D"})


class ArchiveCursorPagination(CursorPagination):
    """Cursor pagination for the big lists: stable while pages are ingested.

    DRF's, with the page's links made as DRF's replace_query_param makes them
    but from the request's URL split and parsed once, not once a link: a
    harvester's every page writes two."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "id"  # only used when the view names no ordering
    # (base_url, the links' text before and after the cursor), made from the
    # request's URL (paginate_queryset's base_url) on the first link.
    _link_parts: tuple[str, str, str] | None = None

    def paginated_data(self, data) -> dict:
        """The page as get_paginated_response answers it."""
        return {
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        }

    def get_paginated_response(self, data):
        return Response(self.paginated_data(data))

    def encode_cursor(self, cursor):
        tokens = []
        if cursor.offset != 0:
            tokens.append(f"o={cursor.offset}")
        if cursor.reverse:
            tokens.append("r=1")
        if cursor.position is not None:
            position = str(cursor.position)
            if not _UNQUOTED.fullmatch(position):
                position = parse.quote_plus(position, safe="")
            tokens.append(f"p={position}")
        # urlencode()'s query, then its quoting of the base64 alphabet.
        encoded = b64encode("&".join(tokens).encode("ascii")).decode("ascii")
        return self._link_with(encoded.translate(_BASE64_QUOTED))

    def _link_with(self, encoded_cursor: str) -> str:
        """The request's URL with `encoded_cursor` (quoted) as its cursor:
        replace_query_param's result (the parameters sorted by name)."""
        if self._link_parts is None or self._link_parts[0] != self.base_url:
            scheme, netloc, path, query, fragment = parse.urlsplit(str(self.base_url))
            params = parse.parse_qs(query, keep_blank_values=True)
            params.pop(self.cursor_query_param, None)
            before = parse.urlencode(
                sorted(p for p in params.items() if p[0] < self.cursor_query_param),
                doseq=True,
            )
            after = parse.urlencode(
                sorted(p for p in params.items() if p[0] > self.cursor_query_param),
                doseq=True,
            )
            start = parse.urlunsplit((scheme, netloc, path, "", ""))
            self._link_parts = (
                self.base_url,
                f"{start}?{before}{'&' if before else ''}"
                f"{parse.quote_plus(self.cursor_query_param)}=",
                f"{'&' if after else ''}{after}{'#' if fragment else ''}{fragment}",
            )
        _, head, tail = self._link_parts
        return f"{head}{encoded_cursor}{tail}"
