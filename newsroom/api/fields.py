"""Links between resources: `{"id", "url"}` for a related row, the row's
own URL, built from URL templates resolved once per process and made
absolute once per request."""

from __future__ import annotations

import functools
from typing import Any

from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.reverse import preserve_builtin_query_params
from rest_framework.settings import api_settings

LINK_SCHEMA = inline_serializer(
    "Link",
    fields={
        "id": serializers.IntegerField(),
        "url": serializers.URLField(),
    },
)


_PLACEHOLDER = 987654321


def url_template(view_name: str, request) -> tuple[str, str]:
    """The absolute URL of a row's detail split around the id, as DRF's
    reverse() makes it: resolved once per process, made absolute once per
    request, then string concatenation. A list of 50 articles has ~300 links;
    reversing each costs more than the rest of the serialisation."""
    if request is None:
        path = _reversed(view_name, get_script_prefix(), get_urlconf())
        return tuple(path.split(str(_PLACEHOLDER), 1))
    templates = getattr(request, "_newsroom_url_templates", None)
    if templates is None:
        templates = request._newsroom_url_templates = _UrlTemplates(request)
    template = templates.get(view_name)
    if template is None:
        template = templates[view_name] = templates.make(view_name)
    return template


class _UrlTemplates(dict):
    """One request's URL templates, by view name."""

    def __init__(self, request):
        super().__init__()
        self.request = request
        # build_absolute_uri() of a path that starts with one "/" is the
        # request's scheme and host before it (Django's fast path).
        self.origin = request.build_absolute_uri("/")[:-1]
        self.preserve = api_settings.URL_FORMAT_OVERRIDE in request.GET
        self.resolver = (get_script_prefix(), get_urlconf())

    def make(self, view_name: str) -> tuple[str, str]:
        # What rest_framework.reverse.reverse() does (the API has no
        # versioning), with Django's reverse() remembered.
        path = _reversed(view_name, *self.resolver)
        if path.startswith("/") and not path.startswith("//"):
            url = self.origin + path
        else:
            url = self.request.build_absolute_uri(path)
        if self.preserve:
            url = preserve_builtin_query_params(url, self.request)
        return tuple(url.split(str(_PLACEHOLDER), 1))


@functools.cache
def _reversed(view_name: str, script_prefix: str, urlconf: str | None) -> str:
    return django_reverse(view_name, args=[_PLACEHOLDER], urlconf=urlconf)


def absolute_base(request) -> str:
    """The request's scheme, host and script prefix without its last "/":
    what makes a path after the script prefix ("/api/…") the absolute URL
    url_template would make."""
    return request.build_absolute_uri("/")[:-1] + get_script_prefix()[:-1]


def detail_url(view_name: str, pk: int, request) -> str:
    """The absolute URL of a row's detail (see url_template)."""
    template = url_template(view_name, request)
    return f"{template[0]}{pk}{template[1]}"


def link(view_name: str, pk: int | None, request) -> dict[str, Any] | None:
    """`{"id", "url"}` for a related row, or None."""
    if pk is None:
        return None
    return {"id": pk, "url": detail_url(view_name, pk, request)}


class IdentityUrlField(serializers.HyperlinkedIdentityField):
    """The row's own URL, built like detail_url (same output as DRF's field)."""

    def to_representation(self, value):
        return detail_url(self.view_name, value.pk, self.context.get("request"))


@extend_schema_field(LINK_SCHEMA)
class LinkField(serializers.Field):
    """A related row as `{"id", "url"}`, read from an id attribute (no query)."""

    def __init__(self, view_name: str, **kwargs):
        self.view_name = view_name
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return super().get_attribute(instance)

    def to_representation(self, value):
        return link(self.view_name, value, self.context.get("request"))


@extend_schema_field(
    inline_serializer(
        "NullableLink",
        fields={"id": serializers.IntegerField(), "url": serializers.URLField()},
        allow_null=True,
    )
)
class NullableLinkField(LinkField):
    def get_attribute(self, instance):
        # None for a missing relation rather than DRF's SkipField handling.
        try:
            return super().get_attribute(instance)
        except (AttributeError, KeyError):
            return None

    def to_representation(self, value):
        return link(self.view_name, value, self.context.get("request"))
