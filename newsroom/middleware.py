"""Project-wide request guards that run before any view.

`BadInputMiddleware` refuses a request whose path, query parameters, form
fields, cookies or Authorization header contain a NUL character. PostgreSQL
cannot store or even compare text holding NUL (psycopg raises DataError), so
one `?q=%00` turned a search or a filter into a 500; no real client sends
NUL, so a clear 400 is the honest answer, and no view needs to care.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

NUL = "\x00"


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _parameters(request: HttpRequest):
    yield from request.GET.lists()
    yield from ((key, [value]) for key, value in request.COOKIES.items())
    if request.method == "POST" and request.content_type in FORM_TYPES:
        yield from request.POST.lists()


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path or NUL in request.META.get("HTTP_AUTHORIZATION", ""):
        return True
    return any(
        NUL in key or any(NUL in value for value in values)
        for key, values in _parameters(request)
    )


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            message = _("The request contains a NUL character, which no text may hold.")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": message, "code": "bad_request"}, status=400
                )
            return HttpResponseBadRequest(message, content_type="text/plain")
        return self.get_response(request)
