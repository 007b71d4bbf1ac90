"""Pagination of the API's lists."""

from rest_framework.pagination import CursorPagination


class ArchiveCursorPagination(CursorPagination):
    """Cursor pagination for the big lists: stable while pages are ingested."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "id"  # only used when the view names no ordering
