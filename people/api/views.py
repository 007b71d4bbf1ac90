"""Read-only API views of people and organisations."""

from newsroom.api.views import ReadViewSet
from people.api import filters, serializers
from people.models import Organisation
from people.selectors import people_for_api


class PersonViewSet(ReadViewSet):
    """People named in bylines and page credits."""

    serializer_class = serializers.PersonDetailSerializer
    list_serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return people_for_api(detail=self.action != "list")


class OrganisationViewSet(ReadViewSet):
    """Organisations named in the archive."""

    queryset = Organisation.objects.all()
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]
