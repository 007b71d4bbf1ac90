"""URLs of the archive's API, included under /api/ by newsroom/urls.py."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from articles.api import views
from people.api.urls import router as people_router

# No format suffixes (.json): `?format=json` does the same, and half the URL
# patterns makes every request cheaper to resolve.
router = DefaultRouter()
router.include_format_suffixes = False
router.register("publications", views.PublicationViewSet, basename="publication")
router.register("issues", views.IssueViewSet, basename="issue")
router.register("pages", views.PageViewSet, basename="page")
# "article-detail" is the public article page; the API's is "article-api-…".
router.register("articles", views.ArticleViewSet, basename="article-api")
router.register("blocks", views.TextBlockViewSet, basename="textblock")
router.register("changes", views.ChangeViewSet, basename="change")
router.registry.extend(people_router.registry)

urlpatterns = [
    path("export/json/", views.ExportJsonView.as_view(), name="export-json"),
    path("export/text/", views.ExportTextView.as_view(), name="export-text"),
    path("", include(router.urls)),
]
