"""The base of every resource of the API."""

from __future__ import annotations

from typing import Any

from rest_framework import viewsets
from rest_framework.response import Response

from newsroom.api.conditional import ConditionalMixin
from newsroom.api.filters import FilterBackend, MappedOrderingFilter


class ReadViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only resource with ETags and the revision cache; list and
    detail may use other serializers (`list_serializer_class`). Writes, in
    subclasses, check If-Match (`check_if_match`) and call a service."""

    list_serializer_class = None
    lookup_value_regex = "[0-9]+"
    filter_backends = [FilterBackend, MappedOrderingFilter]

    def filter_queryset(self, queryset):
        # Filters and ordering shape lists; building a FilterSet to fetch one
        # row by id would cost more than the fetch.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action == "list" and self.list_serializer_class is not None:
            return self.list_serializer_class
        return self.serializer_class

    def detail_data(self, obj) -> Any:
        """What a GET of the object's detail sends."""
        return self.get_serializer(obj).data

    def changed(self, pk: int) -> Response:
        """The object as it is after a write, with its new ETag."""
        data = self.detail_data(self.get_queryset().get(pk=pk))
        return Response(data, headers={"ETag": self.current_etag(data)})
