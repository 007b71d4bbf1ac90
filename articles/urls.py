"""The public reading site: readable date URLs, feed, sitemap."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from articles import feeds, iiif, views
from articles.sitemaps import SITEMAPS


class FixedDigits:
    regex = r"[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:02d}"


register_converter(FixedDigits, "dd")

urlpatterns = [
    path("", views.home, name="home"),
    # IIIF Image API 3.0 (level 1) of page images.
    # IIIF Presentation API 3.0: an issue's manifest (newspaper recipe).
    path("iiif/issue/<int:pk>/manifest.json", iiif.manifest, name="iiif-manifest"),
    path("iiif/<int:pk>/info.json", iiif.image_info, name="iiif-info"),
    path(
        "iiif/<int:pk>/<str:region>/<str:size>/<str:rotation>/<str:quality>",
        iiif.image_request,
        name="iiif-image",
    ),
    path("go/", views.date_go, name="date-go"),
    path("calendar/", views.calendar_index, name="calendar"),
    path("<int:year>/", views.calendar_year, name="calendar-year"),
    path("<int:year>/<dd:month>/<dd:day>/", views.issue_detail, name="issue-detail"),
    path(
        "<int:year>/<dd:month>/<dd:day>/<int:page>/",
        views.page_detail,
        name="page-detail",
    ),
    path(
        "<int:year>/<dd:month>/<dd:day>/<int:page>/<int:sequence>/",
        views.article_reading,
        name="article-reading",
    ),
    # The stable permalink: an article keeps its id when editors renumber it.
    path("article/<int:pk>/", views.article_detail, name="article-detail"),
    path("feed/issues.atom", feeds.IssueFeed(), name="issue-feed"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]
