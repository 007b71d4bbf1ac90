"""Views of the API. Reads are ViewSets; each get_queryset() holds the query
shape, with a comment naming the N+1 each select/prefetch prevents. Commands
(corrections) are APIViews that call a service, as the admin does."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from articles.api import filters as api_filters
from articles.api import inputs, selectors
from articles.api import serializers as s
from articles.api.permissions import CanConfirm, CanResegment, sees_editors
from articles.api.reads import ArticleReadsMixin
from articles.models import (
    Page,
    Publication,
    TextBlock,
)
from editing import services
from newsroom.api.errors import ErrorSerializer
from newsroom.api.pagination import ArchiveCursorPagination
from newsroom.api.views import ReadViewSet

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
class ArticleViewSet(ArticleReadsMixin, PageWriteViewSet):
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
