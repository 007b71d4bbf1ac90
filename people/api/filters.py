"""Filters for people and organisations: by name, by an office held and
the organisation it was held in (dated offices not rejected by an editor)."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from newsroom.api.filters import IntFilter
from people.models import OfficeHolding, Organisation, Person


def _holdings():
    return OfficeHolding.objects.standing()


class PersonFilter(filters.FilterSet):
    name = filters.CharFilter(help_text=_("Exact name, e.g. 华婷婷."))
    q = filters.CharFilter(
        field_name="name", lookup_expr="icontains", help_text=_("Part of the name.")
    )
    office = filters.CharFilter(
        method="filter_office", help_text=_("Held an office whose title contains this.")
    )
    organisation = IntFilter(
        method="filter_organisation",
        help_text=_("Organisation id: held an office in it."),
    )

    class Meta:
        model = Person
        fields = ["name"]

    def filter_office(self, queryset, name, value):
        people = _holdings().filter(office__icontains=value).values("person_id")
        return queryset.filter(pk__in=people)

    def filter_organisation(self, queryset, name, value):
        people = _holdings().filter(organisation_id=value).values("person_id")
        return queryset.filter(pk__in=people)


class OrganisationFilter(filters.FilterSet):
    name = filters.CharFilter(help_text=_("Exact name."))
    q = filters.CharFilter(
        field_name="name", lookup_expr="icontains", help_text=_("Part of the name.")
    )
    office = filters.CharFilter(
        method="filter_office",
        help_text=_("Someone held an office in it whose title contains this."),
    )

    class Meta:
        model = Organisation
        fields = ["name"]

    def filter_office(self, queryset, name, value):
        holders = _holdings().filter(office__icontains=value)
        return queryset.filter(pk__in=holders.values("organisation_id"))
