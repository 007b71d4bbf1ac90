"""The API's one router, included under /api/ by newsroom/urls.py: every
app's resources, each app's views registered here (no app's API includes
another's)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from articles.api import export
from articles.api import views as articles
from people.api import views as people

# No format suffixes (.json): `?format=json` does the same, and half the URL
# patterns makes every request cheaper to resolve.
router = DefaultRouter()
router.include_format_suffixes = False
router.register("publications", articles.PublicationViewSet, basename="publication-api")
router.register("issues", articles.IssueViewSet, basename="issue-api")
router.register("pages", articles.PageViewSet, basename="page-api")
# URL names end in -api-…: the reading site names its pages "article-detail",
# "person-detail"… and reverse() must not confuse the two.
router.register("articles", articles.ArticleViewSet, basename="article-api")
router.register("blocks", articles.TextBlockViewSet, basename="textblock-api")
router.register("changes", articles.ChangeViewSet, basename="change-api")
router.register("people", people.PersonViewSet, basename="person-api")
router.register(
    "organisations", people.OrganisationViewSet, basename="organisation-api"
)

# The router's patterns themselves, not include()d: one level of resolving
# less for every request.
urlpatterns = [
    path("export/json/", export.ExportJsonView.as_view(), name="export-json"),
    path("export/text/", export.ExportTextView.as_view(), name="export-text"),
    *router.urls,
]
