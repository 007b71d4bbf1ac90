"""Read-only API views of people and organisations."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema

from newsroom.api.views import ReadViewSet
from people.api import filters, serializers
from people.api.selectors import organisations_for_api, people_for_api


@extend_schema(description=_("People named in bylines, page credits and articles."))
class PersonViewSet(ReadViewSet):
    """People named in bylines, page credits and articles."""

    serializer_class = serializers.PersonDetailSerializer
    list_serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]

    def get_queryset(self):
        # Counts as subqueries and aliases prefetched: a detail is a fixed
        # number of queries (its offices one more, people.api.selectors).
        return people_for_api(detail=self.action != "list")


@extend_schema(description=_("Organisations named in the archive."))
class OrganisationViewSet(ReadViewSet):
    """Organisations named in the archive."""

    serializer_class = serializers.OrganisationDetailSerializer
    list_serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return organisations_for_api(detail=self.action != "list")
