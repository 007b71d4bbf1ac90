"""Errors as JSON with a clear message, whatever raised them.

Every error body has `detail` (one sentence for a person) and `code` (for a
program); validation errors add `errors`, the messages per field. Django's own
ValidationError and PermissionDenied, raised by the services, are translated
here so that views can call services without try/except around each call.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The resource has changed since you read it (If-Match does not match "
        "its current ETag); read it again and retry."
    )
    default_code = "precondition_failed"


class ErrorSerializer(serializers.Serializer):
    """The body of every error (for the schema)."""

    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(required=False)


def _is_conflict(exc: DjangoValidationError) -> bool:
    # The segmentation services raise ConflictError (a ValidationError) or a
    # ValidationError coded "conflict"/"stale" on a stale expected_version.
    if type(exc).__name__ == "ConflictError":
        return True
    codes = {getattr(e, "code", None) for e in getattr(exc, "error_list", [exc])}
    return bool(codes & {"conflict", "stale", "stale_version"})


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if _is_conflict(exc):
            exc = PreconditionFailed(" ".join(exc.messages))
        else:
            exc = exceptions.ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            )
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("No such resource.")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's handler logs it and answers 500
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = {
            "detail": _first_message(errors),
            "code": "invalid",
            "errors": errors,
        }
    elif isinstance(data, dict) and "detail" in data:
        detail = data["detail"]
        response.data = {
            "detail": str(detail),
            "code": getattr(detail, "code", None) or exc.default_code,
        }
    return response


def _first_message(errors) -> str:
    """The first message of a nested error structure, prefixed by its field."""
    if isinstance(errors, dict):
        for field, value in errors.items():
            message = _first_message(value)
            prefix = "" if field in ("non_field_errors", "detail") else f"{field}: "
            return prefix + message
    if isinstance(errors, list) and errors:
        return _first_message(errors[0])
    return str(errors) if errors else "Invalid request."


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    """handler404: JSON under /api/ (URLs no route matches), else the site's."""
    from django.http import JsonResponse
    from django.views.defaults import page_not_found

    if _is_api(request):
        return JsonResponse(
            {"detail": "No such resource.", "code": "not_found"}, status=404
        )
    return page_not_found(request, exception)


def server_error(request):
    """handler500: JSON under /api/, else the site's."""
    from django.http import JsonResponse
    from django.views.defaults import server_error as site_server_error

    if _is_api(request):
        return JsonResponse(
            {"detail": "Internal error; it has been logged.", "code": "server_error"},
            status=500,
        )
    return site_server_error(request)
