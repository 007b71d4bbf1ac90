"""Chinese first: the site and the admin speak Chinese unless the reader chose
another language with the header's switch (Django's language cookie). A
browser's Accept-Language is not enough: editors and readers of a Chinese
paper often run browsers set to English. API clients, which have no switch,
may still ask for English with Accept-Language."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

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
