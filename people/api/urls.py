"""The people's resources; articles.api.urls puts them in the API's router so
that /api/ lists them beside the archive's."""

from rest_framework.routers import SimpleRouter

from people.api import views

router = SimpleRouter()
router.register("people", views.PersonViewSet, basename="person-api")
router.register("organisations", views.OrganisationViewSet, basename="organisation-api")
