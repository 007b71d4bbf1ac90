"""The bulk export of issues through the API, streamed (the same
generators as `manage.py export`)."""

from django.http import StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.views import APIView

from articles.api import filters as api_filters
from articles.api import selectors
from articles.selectors import issue_export_json, issue_export_text
from newsroom.api.errors import ErrorSerializer

EXPORT_PARAMETERS = [
    OpenApiParameter("date", OpenApiTypes.DATE, description=_("One day.")),
    OpenApiParameter("date_after", OpenApiTypes.DATE, description=_("From this day.")),
    OpenApiParameter("date_before", OpenApiTypes.DATE, description=_("To this day.")),
    OpenApiParameter("year", OpenApiTypes.INT, description=_("One year.")),
    OpenApiParameter(
        "publication", OpenApiTypes.STR, description=_("Publication slug.")
    ),
    OpenApiParameter("number", OpenApiTypes.INT, description=_("Issue serial number.")),
]


class ExportView(APIView):
    """Issues in bulk, streamed: `json` is the export JSON (one issue per line
    inside `{"issues": [...]}`), `text` readable plain text."""

    filterset_class = api_filters.IssueFilter
    fmt = "json"

    def issues(self, request):
        filterset = api_filters.IssueFilter(
            request.query_params, selectors.issues_all()
        )
        if not filterset.is_valid():
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
    description=_(
        "Issues in bulk, streamed: the export JSON, one issue per line inside "
        '{"issues": [...]}.'
    ),
    parameters=EXPORT_PARAMETERS,
    responses={(200, "application/json"): OpenApiTypes.OBJECT, 400: ErrorSerializer},
)
class ExportJsonView(ExportView):
    fmt = "json"

    def get(self, request):
        return super().get(request)


@extend_schema(
    description=_("Issues in bulk, streamed, as readable plain text."),
    parameters=EXPORT_PARAMETERS,
    responses={(200, "text/plain"): OpenApiTypes.STR, 400: ErrorSerializer},
)
class ExportTextView(ExportView):
    fmt = "text"

    def get(self, request):
        return super().get(request)
