"""bench/api.py's URLs: the project's, plus the views it compares with.

- the trivial view: the least a Django JSON view can do, under the same
  middleware (the yardstick of every ratio);
- two floors, which the list cannot go under while it reads its page by
  its statement: one prepared `SELECT 1` (the price of a database round
  trip), and the default listing's own statement for a page (the list's one
  query, prepared, its 51 rows' stored JSON joined into the response) with
  no pagination links, ETag, validators or DRF.
"""

from django.http import HttpResponse, JsonResponse
from django.urls import path

from articles.api.representations import listed_from_stored
from articles.api.selectors import ARTICLE_DATE_ORDERING, ArticleDateKeys
from newsroom.api.pagination import ArchiveCursorPagination
from newsroom.prepared import prepared_cursor
from newsroom.urls import urlpatterns as project_urlpatterns


def trivial(request):
    """The least a Django JSON view can do, under the same middleware."""
    return JsonResponse({"ok": True})


def select_one(request):
    """The trivial view plus one round trip to the database."""
    with prepared_cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchall()
    return JsonResponse({"ok": True})


def list_statement(request):
    """A page of the default listing (`after` a date, `offset` into it, as
    the list's cursor holds them) read by the list's own statement: the
    rows the list would send, and nothing else of its work."""
    keys = ArticleDateKeys(revision=True, stored=listed_from_stored).order_by(
        *ARTICLE_DATE_ORDERING
    )
    if after := request.GET.get("after"):
        keys = keys.filter(**{f"{ARTICLE_DATE_ORDERING[0]}__gt": after})
    offset, size = int(request.GET.get("offset", 0)), ArchiveCursorPagination.page_size
    rows = keys[offset : offset + size + 1]  # one more, as the paginator reads
    content = b"[" + b",".join([row.json for row in rows[:size]]) + b"]"
    return HttpResponse(content, content_type="application/json")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/select-one/", select_one),
    path("bench/list-statement/", list_statement),
    *project_urlpatterns,
]
