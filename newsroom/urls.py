"""Root URLs: the home page, the admin and the API."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)
from rest_framework.authtoken.views import obtain_auth_token

from articles import views

urlpatterns = [
    path("", views.home, name="home"),
    path("article/<int:pk>/", views.article_detail, name="article-detail"),
    path("", include("people.urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="api-schema"),
        name="api-redoc",
    ),
    path("api/auth/token/", obtain_auth_token, name="api-token"),
    path("api/auth/", include("rest_framework.urls")),
    path("api/", include("articles.api.urls")),
]

# JSON errors under /api/, the site's pages elsewhere.
handler404 = "articles.api.errors.not_found"
handler500 = "articles.api.errors.server_error"
