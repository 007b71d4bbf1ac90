"""Read-only API views of people and organisations."""

from django.db.models import Count

from newsroom.api.views import ReadViewSet
from people.api import filters, serializers
from people.models import Organisation, Person


class PersonViewSet(ReadViewSet):
    """People named in bylines and page credits."""

    serializer_class = serializers.PersonDetailSerializer
    list_serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]

    def get_queryset(self):
        qs = Person.objects.all()
        if self.action != "list":
            # Counted in SQL, not by loading the bylines.
            qs = qs.annotate(
                byline_count=Count("bylines", distinct=True),
                credit_count=Count("page_credits", distinct=True),
            )
        return qs


class OrganisationViewSet(ReadViewSet):
    """Organisations named in the archive."""

    queryset = Organisation.objects.all()
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]
