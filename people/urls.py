"""URLs of the people and organisation pages (included from newsroom.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("people/", views.person_list, name="person-list"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path(
        "organisations/<int:pk>/",
        views.organisation_detail,
        name="organisation-detail",
    ),
]
