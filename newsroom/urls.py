"""Root URLs: the reading site, search, the API and the admin."""

from csp.decorators import csp_update
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.authtoken.views import obtain_auth_token

urlpatterns = [
    path("search/", include("search.urls")),
    # The language switch in the site's header posts to set_language.
    path("i18n/", include("django.conf.urls.i18n")),
    # Browsers ask for /favicon.ico whatever the page links.
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("newsroom/favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # Its script from a URL of its own, not inline: the CSP forbids inline.
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path(
        "api/redoc/",
        # Our template (drf-spectacular's loads web fonts from Google); its side
        # menu shows Redocly's logo from their CDN.
        csp_update({"img-src": ["https://cdn.redoc.ly"]})(
            SpectacularRedocView.as_view(
                url_name="api-schema", template_name="api/redoc.html"
            )
        ),
        name="api-redoc",
    ),
    path("api/auth/token/", obtain_auth_token, name="api-token"),
    path("api/auth/", include("rest_framework.urls")),
    path("api/", include("newsroom.api.urls")),
    path("", include("people.urls")),
    path("", include("articles.urls")),
]

# JSON errors under /api/, the site's pages elsewhere.
handler404 = "newsroom.api.errors.not_found"
handler500 = "newsroom.api.errors.server_error"
