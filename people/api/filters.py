"""Filters for people and organisations: by name."""

from django_filters import rest_framework as filters

from people.models import Organisation, Person


class PersonFilter(filters.FilterSet):
    name = filters.CharFilter(help_text="Exact name, e.g. 华婷婷.")
    q = filters.CharFilter(
        field_name="name", lookup_expr="icontains", help_text="Part of the name."
    )

    class Meta:
        model = Person
        fields = ["name"]


class OrganisationFilter(filters.FilterSet):
    name = filters.CharFilter(help_text="Exact name.")
    q = filters.CharFilter(
        field_name="name", lookup_expr="icontains", help_text="Part of the name."
    )

    class Meta:
        model = Organisation
        fields = ["name"]
