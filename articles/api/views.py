"""Views of the API. Reads are ViewSets; each get_queryset() holds the query
shape, with a comment naming the N+1 each select/prefetch prevents. Commands
(corrections) are APIViews that call a service, as the admin does."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from articles.api import filters as api_filters
from articles.api import inputs, selectors
from articles.api import serializers as s
from articles.api.permissions import CanConfirm, CanResegment, sees_editors
from articles.models import (
    Page,
    Publication,
    TextBlock,
)
from articles.permalinks import article_whereabouts
from articles.selectors import article_rows
from editing import services
from newsroom.api.errors import ErrorSerializer
from newsroom.api.fields import detail_url, link
from newsroom.api.filters import MAX_INT
from newsroom.api.pagination import ArchiveCursorPagination
from newsroom.api.views import ReadViewSet
from search.highlight import article_snippet
from search.query import query_parse

ERRORS = {
    400: ErrorSerializer,
    401: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
    412: ErrorSerializer,
}


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=gettext_lazy(
        "The ETag you read; if the resource changed since, nothing is "
        "saved and the answer is 412."
    ),
)
WRITE_ERRORS = {**{code: ErrorSerializer for code in (400, 401, 403, 404, 412)}}


class PageWriteViewSet(ReadViewSet):
    """A resource of the archive that editors change through the
    segmentation services, which compare the page's version."""

    def guarded(self, request) -> tuple[Any, int]:
        """The object to change and the page version to pass the service as
        `expected_version`, after checking If-Match against the object's
        current representation (412 if it changed)."""
        obj = self.get_object()
        self.check_if_match(request, self.current_etag(self.detail_data(obj)))
        return obj, obj.version if isinstance(obj, Page) else obj.page.version

    def change_response(self, change) -> Response:
        change = selectors.page_changes_for_api().get(pk=change.pk)
        return Response(
            s.ChangeSerializer(change, context={"request": self.request}).data
        )


@extend_schema(
    description=gettext_lazy("Publications (papers and editions) in the archive.")
)
class PublicationViewSet(ReadViewSet):
    """Publications (papers and editions) in the archive."""

    queryset = Publication.objects.all()
    serializer_class = s.PublicationSerializer
    ordering_fields = ["name", "id"]
    ordering = ["name"]


@extend_schema(
    description=gettext_lazy(
        "Issues. The detail is the export JSON of the issue, with ids and URLs."
    )
)
class IssueViewSet(ReadViewSet):
    """Issues. The detail is the export JSON of the issue, with ids and URLs."""

    serializer_class = s.IssueDetailSerializer
    list_serializer_class = s.IssueListSerializer
    filterset_class = api_filters.IssueFilter
    ordering_fields = ["date", "number", "id"]
    ordering_map = {"date": ["date", "id"]}
    ordering = ["date"]

    def get_queryset(self):
        return selectors.issues_for_api(detail=self.action != "list")


@extend_schema(
    description=gettext_lazy("Pages of issues with their credits, source and articles.")
)
class PageViewSet(PageWriteViewSet):
    """Pages of issues with their credits, source and articles."""

    serializer_class = s.PageDetailSerializer
    list_serializer_class = s.PageListSerializer
    filterset_class = api_filters.PageFilter
    pagination_class = ArchiveCursorPagination
    ordering_fields = ["date", "id"]
    ordering_map = {"date": ["issue_date", "number", "id"]}
    ordering = ["date"]

    def get_queryset(self):
        return selectors.pages_for_api(detail=self.action != "list")

    @extend_schema(
        responses={(200, "text/plain"): OpenApiTypes.STR, 404: ErrorSerializer},
        description=gettext_lazy("The page's OCR text exactly as received."),
    )
    @action(detail=True, methods=["get"], url_path="source", url_name="source")
    def source(self, request, pk=None):
        page = selectors.page_with_source(pk=pk)
        if page is None or page.source is None:
            raise NotFound(_("No such page, or the page has no source."))
        response = HttpResponse(
            page.source.text, content_type="text/plain; charset=utf-8"
        )
        response["ETag"] = f'"{page.source.sha256}"'
        return response

    def _blocks(self, page: Page, ids: list[int]) -> list[TextBlock]:
        """The page's blocks with these ids, in the order given."""
        found = selectors.page_blocks(page=page, ids=ids)
        missing = [i for i in ids if i not in found]
        if missing:
            raise ValidationError(
                {
                    "blocks": [
                        _("No block %(block)s on page %(page)s.")
                        % {"block": missing[0], "page": page.pk}
                    ]
                }
            )
        return [found[i] for i in ids]

    @extend_schema(
        request=inputs.MergeSerializer,
        parameters=[IF_MATCH],
        responses={200: s.ChangeSerializer, **WRITE_ERRORS},
        description=gettext_lazy("Merge adjacent blocks of the page into one."),
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        page, version = self.guarded(request)
        body = inputs.MergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change = services.text_blocks_merge(
            user=request.user,
            blocks=self._blocks(page, body.validated_data["blocks"]),
            expected_version=version,
        )
        return self.change_response(change)

    @extend_schema(
        request=inputs.MoveSerializer,
        parameters=[IF_MATCH],
        responses={200: s.ChangeSerializer, **WRITE_ERRORS},
        description=gettext_lazy(
            "Move blocks to the end of an article of the page, to a new "
            "article, or (neither given) out of any article."
        ),
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        page, version = self.guarded(request)
        body = inputs.MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        target = None
        if body.validated_data.get("article"):
            target = selectors.page_article(
                page=page, pk=body.validated_data["article"]
            )
            if target is None:
                raise ValidationError({"article": ["No such article on this page."]})
        change = services.text_blocks_move(
            user=request.user,
            blocks=self._blocks(page, body.validated_data["blocks"]),
            article=target,
            new_article=body.validated_data["new_article"],
            expected_version=version,
        )
        return self.change_response(change)

    @extend_schema(
        request=None,
        parameters=[IF_MATCH],
        responses={200: s.ChangeSerializer, **WRITE_ERRORS},
        description=gettext_lazy(
            "Re-run the automatic segmentation (Reviewer); articles an "
            "editor touched or confirmed stay exactly as they are."
        ),
    )
    @action(detail=True, methods=["post"], permission_classes=[CanResegment])
    def resegment(self, request, pk=None):
        page, version = self.guarded(request)
        change = services.page_resegment(
            user=request.user, page=page, expected_version=version
        )
        return self.change_response(change)


@extend_schema(
    description=gettext_lazy(
        "Articles. Lists are light (no body); `q` adds a highlighted snippet."
    )
)
@extend_schema_view(
    list=extend_schema(responses={200: s.ArticleListSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: s.ArticleDetailSerializer, **ERRORS}),
)
class ArticleViewSet(PageWriteViewSet):
    """Articles. Lists are light (no body); `q` adds a highlighted snippet."""

    serializer_class = s.ArticleDetailSerializer
    list_serializer_class = s.ArticleListSerializer
    filterset_class = api_filters.ArticleFilter
    pagination_class = ArchiveCursorPagination
    ordering_fields = ["date", "id", "confidence"]
    ordering_map = {"date": ["page__issue__date", "page__number", "sequence", "id"]}
    ordering = ["date"]

    def get_queryset(self):
        return selectors.articles_for_api(detail=self.action != "list")

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
        context = {"request": request, "view": self}
        return s.ArticleDetailSerializer(context=context).row_representation(rows[0])

    def detail_data(self, obj) -> Any:
        # The same row and serializer as a GET, so that If-Match compares
        # with the ETag a client was sent.
        return self.plain_detail(self.request, obj.pk)

    @extend_schema(
        request=inputs.ArticleEditSerializer,
        parameters=[IF_MATCH],
        responses={200: s.ArticleDetailSerializer, **WRITE_ERRORS},
        description=gettext_lazy(
            "Edit the rubric, kicker, headline, subtitle, kind or bylines."
        ),
    )
    def partial_update(self, request, *args, **kwargs):
        article, version = self.guarded(request)
        edit = inputs.ArticleEditSerializer(data=request.data)
        edit.is_valid(raise_exception=True)
        services.article_update(
            user=request.user,
            article=article,
            fields=edit.validated_data["fields"],
            bylines=edit.validated_data["bylines"],
            expected_version=version,
        )
        return self.changed(article.pk)

    @extend_schema(
        parameters=[IF_MATCH],
        responses={200: s.ChangeSerializer, **WRITE_ERRORS},
        description=gettext_lazy(
            "Delete the article; its blocks stay on the page, unassigned."
        ),
    )
    def destroy(self, request, *args, **kwargs):
        article, version = self.guarded(request)
        change = services.article_delete(
            user=request.user, article=article, expected_version=version
        )
        return self.change_response(change)

    @extend_schema(
        request=None,
        parameters=[IF_MATCH],
        responses={200: s.ArticleDetailSerializer, **WRITE_ERRORS},
        description=gettext_lazy("Mark the article as checked (Reviewer)."),
    )
    @action(detail=True, methods=["post"], permission_classes=[CanConfirm])
    def confirm(self, request, pk=None):
        article, version = self.guarded(request)
        services.article_confirm(
            user=request.user, article=article, expected_version=version
        )
        return self.changed(article.pk)

    @extend_schema(
        request=inputs.BlockIdsSerializer,
        parameters=[IF_MATCH],
        responses={200: s.ArticleDetailSerializer, **WRITE_ERRORS},
        description=gettext_lazy(
            "Put the article's blocks in this reading order (all of them)."
        ),
    )
    @action(detail=True, methods=["post"])
    def reorder(self, request, pk=None):
        article, version = self.guarded(request)
        body = inputs.BlockIdsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.article_blocks_reorder(
            user=request.user,
            article=article,
            block_ids=body.validated_data["blocks"],
            expected_version=version,
        )
        return self.changed(article.pk)

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
        try:
            rows = paginator.paginate_queryset(
                selectors.ArticleDateKeys(revision=True), query, self
            )
        except NotFound:
            return None  # an invalid cursor: the full path answers in the API's way
        if rows:
            self.revision_seen(rows[0]["revision"])
        serializer = s.ArticleListSerializer(context={"request": request, "view": self})
        data = [serializer.row_representation(row) for row in rows]
        return paginator.get_paginated_response(data).data

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


@extend_schema(
    description=gettext_lazy(
        "Text blocks: the spans of a page's source, with their corrected text."
    )
)
class TextBlockViewSet(PageWriteViewSet):
    """Text blocks: the spans of a page's source, with their corrected text."""

    serializer_class = s.TextBlockDetailSerializer
    list_serializer_class = s.TextBlockListSerializer
    filterset_class = api_filters.TextBlockFilter
    pagination_class = ArchiveCursorPagination
    ordering_fields = ["id", "sequence"]
    ordering_map = {"sequence": ["page_id", "sequence"]}
    ordering = ["sequence"]

    def get_queryset(self):
        return selectors.text_blocks_for_api(detail=self.action != "list")

    @extend_schema(
        request=inputs.TextBlockCorrectSerializer,
        parameters=[IF_MATCH],
        responses={200: s.TextBlockDetailSerializer, **WRITE_ERRORS},
        description=gettext_lazy(
            "Correct the block's reading text (the OCR source stays)."
        ),
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        block, version = self.guarded(request)
        body = inputs.TextBlockCorrectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.text_block_correct(
            user=request.user,
            block=block,
            text=body.validated_data["text"],
            expected_version=version,
        )
        return self.changed(block.pk)

    @extend_schema(
        request=inputs.SplitSerializer,
        parameters=[IF_MATCH],
        responses={200: s.ChangeSerializer, **WRITE_ERRORS},
        description=gettext_lazy("Split the block in two at a character of its text."),
    )
    @action(detail=True, methods=["post"])
    def split(self, request, pk=None):
        block, version = self.guarded(request)
        body = inputs.SplitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change = services.text_block_split(
            user=request.user,
            block=block,
            position=body.validated_data["position"],
            expected_version=version,
        )
        return self.change_response(change)

    @extend_schema(
        request=inputs.RetypeSerializer,
        parameters=[IF_MATCH],
        responses={200: s.TextBlockDetailSerializer, **WRITE_ERRORS},
        description=gettext_lazy(
            "Change the block's kind (e.g. a body line that is a byline)."
        ),
    )
    @action(detail=True, methods=["post"])
    def retype(self, request, pk=None):
        block, version = self.guarded(request)
        body = inputs.RetypeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.text_block_retype(
            user=request.user,
            block=block,
            kind=body.validated_data["kind"],
            expected_version=version,
        )
        return self.changed(block.pk)


@extend_schema(
    description=gettext_lazy(
        "The editors' history: one change per operation, newest first."
    )
)
class ChangeViewSet(PageWriteViewSet):
    """The editors' history: one change per operation, newest first."""

    serializer_class = s.ChangeSerializer
    filterset_class = api_filters.ChangeFilter
    pagination_class = ArchiveCursorPagination
    ordering_fields = ["id"]
    ordering = ["-id"]

    def get_queryset(self):
        return selectors.page_changes_for_api()

    def cache_audience(self, request) -> str:
        # Editors see who made each change, readers do not (#12): their
        # responses are cached apart.
        return "#editors" if sees_editors(request.user) else ""

    @extend_schema(
        request=None,
        responses={200: s.ChangeSerializer, **WRITE_ERRORS},
        description=gettext_lazy(
            "Undo this change (refused if a later change touched the "
            "same rows: undo that one first). The undo is itself a change; an undo "
            "or redo stands for the change it reverses."
        ),
    )
    @action(detail=True, methods=["post"])
    def undo(self, request, pk=None):
        return self._step(services.change_step_undo)

    @extend_schema(
        request=None,
        responses={200: s.ChangeSerializer, **WRITE_ERRORS},
        description=gettext_lazy(
            "Redo this change after an undo. The redo is itself a change."
        ),
    )
    @action(detail=True, methods=["post"])
    def redo(self, request, pk=None):
        return self._step(services.change_step_redo)

    def _step(self, service):
        change = self.get_object()
        step = service(
            user=self.request.user,
            change=change,
            expected_version=selectors.page_version(page_id=change.page_id),
        )
        return self.change_response(step)
