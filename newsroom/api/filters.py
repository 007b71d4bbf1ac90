"""Filtering and ordering shared by every list of the API."""

from django import forms
from django_filters import rest_framework as filters
from rest_framework.filters import OrderingFilter

# Larger numbers cannot be ids, numbers or years, and would overflow the
# database's integers: refused as invalid (400) rather than failing (500).
MAX_INT = 2**63 - 1


class IntFilter(filters.NumberFilter):
    """A whole number in the database's range (NumberFilter takes decimals)."""

    field_class = forms.IntegerField

    def __init__(self, *args, min_value: int = 0, max_value: int = MAX_INT, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)


class MappedOrderingFilter(OrderingFilter):
    """`?ordering=` with public names mapped to columns (view.ordering_map),
    e.g. `date` → the issue's date, with tie-breakers for a total order so
    that cursor pagination is stable."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view) or []
        mapping = getattr(view, "ordering_map", {})
        mapped = []
        for term in ordering:
            desc = term.startswith("-")
            for column in mapping.get(term.lstrip("-"), [term.lstrip("-")]):
                mapped.append(("-" if desc else "") + column)
        return mapped


class FilterBackend(filters.DjangoFilterBackend):
    """django-filter, skipped when the request names none of the filters:
    building a FilterSet costs more than serving a cached list."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            name in request.query_params for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)
