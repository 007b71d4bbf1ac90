"""The article reads of the API: details and lists from plain rows
(articles.selectors.article_rows, ArticleDateKeys), for DRF's request
handling and for ConditionalMixin's anonymous plain reads alike."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from articles.api import selectors
from articles.api.representations import detailed, listed_from_stored, listed_json
from articles.listed import ArticleUrls
from articles.permalinks import article_whereabouts
from articles.selectors import article_rows
from newsroom.api.fields import absolute_base, detail_url, link
from newsroom.api.filters import MAX_INT
from search.highlight import article_snippet
from search.query import query_parse


class ArticleReadsMixin:
    """ArticleViewSet's retrieve and list: one statement a page or an
    article (plus the revision when the cache is on)."""

    def retrieve(self, request, *args, **kwargs):
        return self._cached(self._retrieve, request, *args, **kwargs)

    def _retrieve(self, request, pk=None, **kwargs):
        data = self.plain_detail(request, pk)
        if data is None:
            return self._retired(request, int(pk))
        return Response(data)

    def _retired(self, request, pk: int) -> Response:
        """An article merged, deleted or made again: a redirect to the article
        holding its text now, or 410 with a link to its page."""
        where = article_whereabouts(article_id=pk) if pk <= MAX_INT else None
        if where is None:
            raise NotFound("No such resource.")
        if where.article_id is not None:
            return HttpResponseRedirect(
                detail_url("article-api-detail", where.article_id, request)
            )
        return Response(
            {
                "detail": _("This article no longer exists; its text is on its page."),
                "page": link("page-api-detail", where.page.pk, request),
            },
            status=status.HTTP_410_GONE,
        )

    def plain_detail(self, request, pk: str) -> dict | None:
        """The article's representation from its row (article_rows), or None;
        also what ConditionalMixin sends anonymous clients without DRF's
        request handling."""
        pk = int(pk)
        if pk > MAX_INT:  # the URL takes any digits
            return None
        rows = article_rows(ids=[pk], detail=True, revision=True)
        if not rows:
            return None
        self.revision_seen(rows[0]["revision"])
        # ArticleDetailSerializer's representation, without making one.
        return detailed(ArticleUrls.of(request), request, rows[0])

    def detail_data(self, obj) -> Any:
        # The same row and serializer as a GET, so that If-Match compares
        # with the ETag a client was sent.
        return self.plain_detail(self.request, obj.pk)

    def paginate_queryset(self, queryset):
        if self._default_listing():
            # One statement: the page's rows in the default order.
            return super().paginate_queryset(selectors.ArticleDateKeys())
        # The paginator orders and slices keys (the id and every position a
        # cursor may hold); then one query reads the page's rows by id. The
        # rows' columns (and the corrections' subquery) are thus read for 50
        # articles, not for every article the ordering passes over.
        keys = super().paginate_queryset(
            queryset.values("id", "page__issue__date", "confidence")
        )
        if keys is None:
            return None
        query = self.request.query_params.get("q")
        rows = article_rows(ids=[key["id"] for key in keys], body=bool(query))
        if query:
            # The site's analysis and highlighter; the API's `<em>` tag.
            words = query_parse(query).words
            for row in rows:
                row["snippet"] = article_snippet(row, words, tag="em")
        return rows

    def plain_list(self, request) -> dict | None:
        """The default listing's page as the full path sends it, for
        ConditionalMixin's anonymous reads (without DRF's Request); None for
        any other list (filters, orderings, search)."""
        if not self._default_listing(request.GET):
            return None
        query = _QueryParams(request)
        paginator = self.paginator
        # Each row is an article's list JSON (ListedRow): stored, or made
        # from its rows for any without a current entry.
        keys = selectors.ArticleDateKeys(revision=True, stored=listed_from_stored)
        try:
            rows = paginator.paginate_queryset(keys, query, self)
        except NotFound:
            return None  # an invalid cursor: the full path answers in the API's way
        if rows:
            self.revision_seen(rows[0].revision)
        results = listed_json(rows, absolute_base(request))
        return paginator.paginated_data(results)

    def _default_listing(self, params=None) -> bool:
        """Every article in the default order (only the cursor and the page
        size given): its keys are read by one SQL statement."""
        params = self.request.query_params if params is None else params
        return all(name in ("cursor", "page_size") for name in params) or (
            params.get("ordering") == "date"
            and all(name in ("cursor", "page_size", "ordering") for name in params)
        )


class _QueryParams:
    """A Django request as DRF's pagination reads it (`query_params`)."""

    def __init__(self, request):
        self._request, self.query_params = request, request.GET

    def __getattr__(self, name):
        return getattr(self._request, name)
