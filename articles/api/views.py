"""Views of the API. Reads are ViewSets; each get_queryset() holds the query
shape, with a comment naming the N+1 each select/prefetch prevents. Commands
(corrections) are APIViews that call a service, as the admin does."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField as BooleanFieldExpr
from django.db.models import Case, F, Prefetch, Value, When
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from articles import services
from articles.api import filters as api_filters
from articles.api import serializers as s
from articles.api.conditional import ConditionalMixin
from articles.api.permissions import CanConfirm, CanResegment, sees_editors
from articles.api.search import article_snippet
from articles.models import (
    Article,
    Issue,
    Page,
    PageChange,
    PageCredit,
    Publication,
    TextBlock,
)
from articles.permalinks import article_whereabouts
from articles.selectors import article_rows, issue_export_json, issue_export_text

ERRORS = {
    400: s.ErrorSerializer,
    401: s.ErrorSerializer,
    403: s.ErrorSerializer,
    404: s.ErrorSerializer,
    412: s.ErrorSerializer,
}


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description="The ETag you read; if the resource changed since, nothing is "
    "saved and the answer is 412.",
)
WRITE_ERRORS = {**{code: s.ErrorSerializer for code in (400, 401, 403, 404, 412)}}


class ArchiveCursorPagination(CursorPagination):
    """Cursor pagination for the big lists: stable while pages are ingested."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "id"  # only used when the view names no ordering


class FilterBackend(api_filters.filters.DjangoFilterBackend):
    """django-filter, skipped when the request names none of the filters:
    building a FilterSet costs more than serving a cached list."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            name in request.query_params for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class ReadViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """Reads with ETags and the revision cache; writes (in subclasses) go
    through `guarded()` and a service."""

    """Read-only resource with ETags; list and detail may use other serializers."""

    list_serializer_class = None
    lookup_value_regex = "[0-9]+"
    filter_backends = [FilterBackend, api_filters.MappedOrderingFilter]

    def filter_queryset(self, queryset):
        # Filters and ordering shape lists; building a FilterSet to fetch one
        # row by id would cost more than the fetch.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action == "list" and self.list_serializer_class is not None:
            return self.list_serializer_class
        return self.serializer_class

    def guarded(self, request) -> tuple[Any, int]:
        """The object to change and the page version to pass the service as
        `expected_version`, after checking If-Match against the object's
        current representation (412 if it changed)."""
        obj = self.get_object()
        self.check_if_match(request, self.current_etag(self.detail_data(obj)))
        return obj, obj.version if isinstance(obj, Page) else obj.page.version

    def detail_data(self, obj) -> Any:
        """What a GET of the object's detail sends."""
        return self.get_serializer(obj).data

    def change_response(self, change) -> Response:
        change = PageChange.objects.select_related("user").get(pk=change.pk)
        return Response(
            s.ChangeSerializer(change, context={"request": self.request}).data
        )

    def changed(self, pk: int) -> Response:
        """The object as it is after a write, with its new ETag."""
        data = self.detail_data(self.get_queryset().get(pk=pk))
        return Response(data, headers={"ETag": self.current_etag(data)})


def _source_without_text(prefix: str) -> tuple[str, ...]:
    # The page's OCR text is ~20 KB; the representations name the file only.
    return (f"{prefix}source__text",)


class PublicationViewSet(ReadViewSet):
    """Publications (papers and editions) in the archive."""

    queryset = Publication.objects.all()
    serializer_class = s.PublicationSerializer
    ordering_fields = ["name", "id"]
    ordering = ["name"]


class IssueViewSet(ReadViewSet):
    """Issues. The detail is the export JSON of the issue, with ids and URLs."""

    serializer_class = s.IssueDetailSerializer
    list_serializer_class = s.IssueListSerializer
    filterset_class = api_filters.IssueFilter
    ordering_fields = ["date", "number", "id"]
    ordering_map = {"date": ["date", "id"]}
    ordering = ["date"]

    def get_queryset(self):
        if self.action == "list":
            # publication: its name is listed (one query, not one per issue).
            # pages__source: Last-Modified (without the OCR text).
            return Issue.objects.select_related("publication").prefetch_related(
                Prefetch(
                    "pages",
                    queryset=Page.objects.select_related("source")
                    .defer("source__text")
                    .only("id", "issue_id", "source__ingested_at"),
                )
            )
        # for_export() prefetches pages, credits, furniture, articles and
        # bylines: the export's fixed number of queries, whatever the size.
        return Issue.objects.for_export()


class PageViewSet(ReadViewSet):
    """Pages of issues with their credits, source and articles."""

    serializer_class = s.PageDetailSerializer
    list_serializer_class = s.PageListSerializer
    filterset_class = api_filters.PageFilter
    pagination_class = ArchiveCursorPagination
    ordering_fields = ["date", "id"]
    ordering_map = {"date": ["issue_date", "number", "id"]}
    ordering = ["date"]

    def get_queryset(self):
        # issue: the date of each page; source: file name and Last-Modified,
        # one join instead of two queries per page.
        qs = (
            Page.objects.select_related("issue", "source")
            .defer(*_source_without_text(""))
            .annotate(issue_date=F("issue__date"))
        )
        if self.action != "list":
            # credits (with their people) and articles: one query each
            # instead of one per page.
            qs = qs.prefetch_related(
                Prefetch("credits", queryset=PageCredit.objects.order_by("position")),
                Prefetch(
                    "articles",
                    queryset=Article.objects.order_by("sequence").only(
                        "id",
                        "page_id",
                        "sequence",
                        "kind",
                        "status",
                        "rubric",
                        "headline",
                    ),
                ),
            )
        return qs

    @extend_schema(
        responses={(200, "text/plain"): OpenApiTypes.STR, 404: s.ErrorSerializer},
        description="The page's OCR text exactly as received.",
    )
    @action(detail=True, methods=["get"], url_path="source", url_name="source")
    def source(self, request, pk=None):
        page = Page.objects.select_related("source").filter(pk=pk).first()
        if page is None or page.source is None:
            from rest_framework.exceptions import NotFound

            raise NotFound("No such page, or the page has no source.")
        response = HttpResponse(
            page.source.text, content_type="text/plain; charset=utf-8"
        )
        response["ETag"] = f'"{page.source.sha256}"'
        return response

    def _blocks(self, page: Page, ids: list[int]) -> list[TextBlock]:
        """The page's blocks with these ids, in the order given."""
        found = {b.pk: b for b in TextBlock.objects.filter(page=page, pk__in=ids)}
        missing = [i for i in ids if i not in found]
        if missing:
            raise ValidationError(
                {"blocks": [f"No block {missing[0]} on page {page.pk}."]}
            )
        return [found[i] for i in ids]

    @extend_schema(
        request=s.MergeSerializer,
        parameters=[IF_MATCH],
        responses={200: s.ChangeSerializer, **WRITE_ERRORS},
        description="Merge adjacent blocks of the page into one.",
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        page, version = self.guarded(request)
        body = s.MergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change = services.text_blocks_merge(
            user=request.user,
            blocks=self._blocks(page, body.validated_data["blocks"]),
            expected_version=version,
        )
        return self.change_response(change)

    @extend_schema(
        request=s.MoveSerializer,
        parameters=[IF_MATCH],
        responses={200: s.ChangeSerializer, **WRITE_ERRORS},
        description="Move blocks to the end of an article of the page, to a new "
        "article, or (neither given) out of any article.",
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        page, version = self.guarded(request)
        body = s.MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        target = None
        if body.validated_data.get("article"):
            target = Article.objects.filter(
                page=page, pk=body.validated_data["article"]
            ).first()
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
        description="Re-run the automatic segmentation (Reviewer); articles an "
        "editor touched or confirmed stay exactly as they are.",
    )
    @action(detail=True, methods=["post"], permission_classes=[CanResegment])
    def resegment(self, request, pk=None):
        page, version = self.guarded(request)
        change = services.page_resegment(
            user=request.user, page=page, expected_version=version
        )
        return self.change_response(change)


@extend_schema_view(
    list=extend_schema(responses={200: s.ArticleListSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: s.ArticleDetailSerializer, **ERRORS}),
)
class ArticleViewSet(ReadViewSet):
    """Articles. Lists are light (no body); `q` adds a highlighted snippet."""

    serializer_class = s.ArticleDetailSerializer
    list_serializer_class = s.ArticleListSerializer
    filterset_class = api_filters.ArticleFilter
    pagination_class = ArchiveCursorPagination
    ordering_fields = ["date", "id", "confidence"]
    ordering_map = {"date": ["page__issue__date", "page__number", "sequence", "id"]}
    ordering = ["date"]

    def get_queryset(self):
        if self.action == "list":
            # Keys only, no joins: filters and the ordering join the page and
            # issue as they need; paginate_queryset reads the rows by id.
            return Article.objects.all()
        # Details are read as rows (plain_detail); writes take models. page
        # and its issue (the version writes compare): one join, not two
        # queries.
        return Article.objects.select_related("page__issue")

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
        where = (
            article_whereabouts(article_id=pk) if pk <= api_filters.MAX_INT else None
        )
        if where is None:
            raise NotFound("No such resource.")
        if where.article_id is not None:
            return HttpResponseRedirect(
                s.detail_url("article-api-detail", where.article_id, request)
            )
        return Response(
            {
                "detail": _("This article no longer exists; its text is on its page."),
                "page": s.link("page-api-detail", where.page.pk, request),
            },
            status=status.HTTP_410_GONE,
        )

    def plain_detail(self, request, pk: str) -> dict | None:
        """The article's representation from its row (article_rows), or None;
        also what ConditionalMixin sends anonymous clients without DRF's
        request handling."""
        pk = int(pk)
        if pk > api_filters.MAX_INT:  # the URL takes any digits
            return None
        rows = article_rows(ids=[pk], detail=True)
        if not rows:
            return None
        context = {"request": request, "view": self}
        return s.ArticleDetailSerializer(context=context).row_representation(rows[0])

    def detail_data(self, obj) -> Any:
        # The same row and serializer as a GET, so that If-Match compares
        # with the ETag a client was sent.
        return self.plain_detail(self.request, obj.pk)

    @extend_schema(
        request=s.ArticleEditSerializer,
        parameters=[IF_MATCH],
        responses={200: s.ArticleDetailSerializer, **WRITE_ERRORS},
        description="Edit the rubric, kicker, headline, subtitle, kind or bylines.",
    )
    def partial_update(self, request, *args, **kwargs):
        article, version = self.guarded(request)
        edit = s.ArticleEditSerializer(data=request.data)
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
        description="Delete the article; its blocks stay on the page, unassigned.",
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
        description="Mark the article as checked (Reviewer).",
    )
    @action(detail=True, methods=["post"], permission_classes=[CanConfirm])
    def confirm(self, request, pk=None):
        article, version = self.guarded(request)
        services.article_confirm(
            user=request.user, article=article, expected_version=version
        )
        return self.changed(article.pk)

    @extend_schema(
        request=s.BlockIdsSerializer,
        parameters=[IF_MATCH],
        responses={200: s.ArticleDetailSerializer, **WRITE_ERRORS},
        description="Put the article's blocks in this reading order (all of them).",
    )
    @action(detail=True, methods=["post"])
    def reorder(self, request, pk=None):
        article, version = self.guarded(request)
        body = s.BlockIdsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.article_blocks_reorder(
            user=request.user,
            article=article,
            block_ids=body.validated_data["blocks"],
            expected_version=version,
        )
        return self.changed(article.pk)

    def paginate_queryset(self, queryset):
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
            for row in rows:
                row["snippet"] = article_snippet(row, query)
        return rows


class TextBlockViewSet(ReadViewSet):
    """Text blocks: the spans of a page's source, with their corrected text."""

    serializer_class = s.TextBlockDetailSerializer
    list_serializer_class = s.TextBlockListSerializer
    filterset_class = api_filters.TextBlockFilter
    pagination_class = ArchiveCursorPagination
    ordering_fields = ["id", "sequence"]
    ordering_map = {"sequence": ["page_id", "sequence"]}
    ordering = ["sequence"]

    def get_queryset(self):
        # page__source: Last-Modified, one join instead of a query per block.
        qs = TextBlock.objects.select_related("page__source").defer(
            "page__source__text"
        )
        if self.action == "list":
            qs = qs.defer("machine_text")
        return qs.annotate(
            corrected=Case(
                When(text=F("machine_text"), then=Value(False)),
                default=Value(True),
                output_field=BooleanFieldExpr(),
            )
        )

    @extend_schema(
        request=s.TextBlockCorrectSerializer,
        parameters=[IF_MATCH],
        responses={200: s.TextBlockDetailSerializer, **WRITE_ERRORS},
        description="Correct the block's reading text (the OCR source stays).",
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        block, version = self.guarded(request)
        body = s.TextBlockCorrectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.text_block_correct(
            user=request.user,
            block=block,
            text=body.validated_data["text"],
            expected_version=version,
        )
        return self.changed(block.pk)

    @extend_schema(
        request=s.SplitSerializer,
        parameters=[IF_MATCH],
        responses={200: s.ChangeSerializer, **WRITE_ERRORS},
        description="Split the block in two at a character of its text.",
    )
    @action(detail=True, methods=["post"])
    def split(self, request, pk=None):
        block, version = self.guarded(request)
        body = s.SplitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change = services.text_block_split(
            user=request.user,
            block=block,
            position=body.validated_data["position"],
            expected_version=version,
        )
        return self.change_response(change)

    @extend_schema(
        request=s.RetypeSerializer,
        parameters=[IF_MATCH],
        responses={200: s.TextBlockDetailSerializer, **WRITE_ERRORS},
        description="Change the block's kind (e.g. a body line that is a byline).",
    )
    @action(detail=True, methods=["post"])
    def retype(self, request, pk=None):
        block, version = self.guarded(request)
        body = s.RetypeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.text_block_retype(
            user=request.user,
            block=block,
            kind=body.validated_data["kind"],
            expected_version=version,
        )
        return self.changed(block.pk)


class ChangeViewSet(ReadViewSet):
    """The editors' history: one change per operation, newest first."""

    serializer_class = s.ChangeSerializer
    filterset_class = api_filters.ChangeFilter
    pagination_class = ArchiveCursorPagination
    ordering_fields = ["id"]
    ordering = ["-id"]

    def get_queryset(self):
        # user: the editor's name, one join instead of a query per change.
        return PageChange.objects.select_related("user")

    def cache_audience(self, request) -> str:
        # Editors see who made each change, readers do not (#12): their
        # responses are cached apart.
        return "#editors" if sees_editors(request.user) else ""

    @extend_schema(
        request=None,
        responses={200: s.ChangeSerializer, **WRITE_ERRORS},
        description="Undo this change (refused if a later change touched the "
        "same rows: undo that one first). The undo is itself a change; an undo "
        "or redo stands for the change it reverses.",
    )
    @action(detail=True, methods=["post"])
    def undo(self, request, pk=None):
        return self._step(services.change_step_undo)

    @extend_schema(
        request=None,
        responses={200: s.ChangeSerializer, **WRITE_ERRORS},
        description="Redo this change after an undo. The redo is itself a change.",
    )
    @action(detail=True, methods=["post"])
    def redo(self, request, pk=None):
        return self._step(services.change_step_redo)

    def _step(self, service):
        change = self.get_object()
        page_version = Page.objects.values_list("version", flat=True).get(
            pk=change.page_id
        )
        step = service(
            user=self.request.user, change=change, expected_version=page_version
        )
        return self.change_response(step)


EXPORT_PARAMETERS = [
    OpenApiParameter("date", OpenApiTypes.DATE, description="One day."),
    OpenApiParameter("date_after", OpenApiTypes.DATE, description="From this day."),
    OpenApiParameter("date_before", OpenApiTypes.DATE, description="To this day."),
    OpenApiParameter("year", OpenApiTypes.INT, description="One year."),
    OpenApiParameter("publication", OpenApiTypes.STR, description="Publication slug."),
    OpenApiParameter("number", OpenApiTypes.INT, description="Issue serial number."),
]


class ExportView(APIView):
    """Issues in bulk, streamed: `json` is the export JSON (one issue per line
    inside `{"issues": [...]}`), `text` readable plain text."""

    filterset_class = api_filters.IssueFilter
    fmt = "json"

    def issues(self, request):
        filterset = api_filters.IssueFilter(request.query_params, Issue.objects.all())
        if not filterset.is_valid():
            from rest_framework.exceptions import ValidationError

            raise ValidationError(filterset.errors)
        return filterset.qs

    def get(self, request):
        issues = self.issues(request)
        if self.fmt == "text":
            response = StreamingHttpResponse(
                issue_export_text(issues=issues),
                content_type="text/plain; charset=utf-8",
            )
        else:
            response = StreamingHttpResponse(
                issue_export_json(issues=issues), content_type="application/json"
            )
        extension = "txt" if self.fmt == "text" else "json"
        response["Content-Disposition"] = (
            f'inline; filename="newsroom-export.{extension}"'
        )
        return response


@extend_schema(
    parameters=EXPORT_PARAMETERS,
    responses={(200, "application/json"): OpenApiTypes.OBJECT, 400: s.ErrorSerializer},
)
class ExportJsonView(ExportView):
    fmt = "json"

    def get(self, request):
        return super().get(request)


@extend_schema(
    parameters=EXPORT_PARAMETERS,
    responses={(200, "text/plain"): OpenApiTypes.STR, 400: s.ErrorSerializer},
)
class ExportTextView(ExportView):
    fmt = "text"

    def get(self, request):
        return super().get(request)
