"""URLs of the archive's API, included under /api/ by newsroom/urls.py."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from articles.api import views
from people.api.urls import router as people_router

# No format suffixes (.json): `?format=json` does the same, and half the URL
# patterns makes every request cheaper to resolve.
router = DefaultRouter()
router.include_format_suffixes = False
router.register("publications", views.PublicationViewSet, basename="publication-api")
router.register("issues", views.IssueViewSet, basename="issue-api")
router.register("pages", views.PageViewSet, basename="page-api")
# URL names end in -api-…: the reading site names its pages "article-detail",
# "person-detail"… and reverse() must not confuse the two.
router.register("articles", views.ArticleViewSet, basename="article-api")
router.register("blocks", views.TextBlockViewSet, basename="textblock-api")
router.register("changes", views.ChangeViewSet, basename="change-api")
router.registry.extend(people_router.registry)

# The router's patterns themselves, not include()d: one level of resolving
# less for every request.
urlpatterns = [
    path("export/json/", views.ExportJsonView.as_view(), name="export-json"),
    path("export/text/", views.ExportTextView.as_view(), name="export-text"),
    *router.urls,
]
