"""Project-wide request middleware: guards that run before any view, and the
language of the site.

`BadInputMiddleware` keeps NUL characters away from every view. PostgreSQL
cannot store or even compare text holding NUL (psycopg raises DataError), so
one `?q=%00` turned a search or a filter into a 500. No real client sends
NUL: in the query string it is stripped (a search for "\\x00平湖" is a
search for 平湖, answered as politely as any other), and a request with NUL
in its path, form fields, cookies or Authorization header is refused with a
400 before anything reads it.

Chinese first: the site and the admin speak Chinese unless the reader chose
another language with the header's switch (Django's language cookie). A
browser's Accept-Language is not enough: editors and readers of a Chinese
paper often run browsers set to English. API clients, which have no switch,
may still ask for English with Accept-Language.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _holds_nul(pairs) -> bool:
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in pairs
    )


def _form_holds_nul(request: HttpRequest) -> bool:
    if request.method != "POST" or request.content_type not in FORM_TYPES:
        return False
    try:
        return _holds_nul(request.POST.lists())
    except (SuspiciousOperation, MultiPartParserError, RequestDataTooBig):
        # Malformed or oversized: the view's own parsing answers it as usual.
        return False


def _refused(request: HttpRequest) -> bool:
    return (
        NUL in request.path
        or NUL in request.META.get("HTTP_AUTHORIZATION", "")
        or _holds_nul((k, [v]) for k, v in request.COOKIES.items())
        or _form_holds_nul(request)
    )


def _strip_query(request: HttpRequest) -> None:
    cleaned = request.GET.copy()
    for key in list(cleaned):
        values = [value.replace(NUL, "") for value in cleaned.getlist(key)]
        del cleaned[key]
        cleaned.setlist(key.replace(NUL, ""), values)
    cleaned._mutable = False
    request.GET = cleaned
    request.META["QUERY_STRING"] = cleaned.urlencode()


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _refused(request):
            message = _("The request contains a NUL character, which no text may hold.")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": message, "code": "bad_request"}, status=400
                )
            return HttpResponseBadRequest(message, content_type="text/plain")
        if _holds_nul(request.GET.lists()):
            _strip_query(request)
        return self.get_response(request)


API_PREFIX = "/api/"


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path.startswith(API_PREFIX):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen or "")
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if request.path.startswith(API_PREFIX):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
