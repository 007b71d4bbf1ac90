"""Root URLs: the home page and the admin."""

from django.contrib import admin
from django.urls import include, path

from articles import views

urlpatterns = [
    path("", views.home, name="home"),
    path("article/<int:pk>/", views.article_detail, name="article-detail"),
    path("", include("people.urls")),
    path("admin/", admin.site.urls),
]
