"""People and organisations as the API shows them: lists light, details
with dated offices (and the articles they were read in), aliases and counts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.reverse import reverse

from newsroom.api.fields import IdentityUrlField, detail_url
from people.api.selectors import offices_for_api
from people.models import Organisation, Person

_NAMED_LINK = {
    "id": serializers.IntegerField(),
    "url": serializers.URLField(),
    "name": serializers.CharField(),
}
OFFICE_SCHEMA = inline_serializer(
    "Office",
    many=True,
    fields={
        "office": serializers.CharField(help_text=_("The title as printed.")),
        "person": inline_serializer("OfficePerson", fields=_NAMED_LINK),
        "organisation": inline_serializer(
            "OfficeOrganisation", fields=_NAMED_LINK, allow_null=True
        ),
        "first": serializers.DateField(help_text=_("First issue naming it.")),
        "last": serializers.DateField(help_text=_("Latest issue naming it.")),
        "articles": inline_serializer(
            "OfficeSource",
            many=True,
            fields={
                "id": serializers.IntegerField(),
                "url": serializers.URLField(),
                "headline": serializers.CharField(),
                "date": serializers.DateField(),
            },
        ),
    },
)


def _named(view_name: str, row, request):
    if row is None:
        return None
    return {
        "id": row.pk,
        "url": detail_url(view_name, row.pk, request),
        "name": row.name,
    }


def offices_data(request, **holder) -> list[dict]:
    """Dated offices with their source articles, as the API sends them."""
    return [
        {
            "office": entry["office"],
            "person": _named("person-api-detail", entry["person"], request),
            "organisation": _named(
                "organisation-api-detail", entry["organisation"], request
            ),
            "first": entry["first"].isoformat(),
            "last": entry["last"].isoformat(),
            "articles": [
                {
                    "id": article.pk,
                    "url": detail_url("article-api-detail", article.pk, request),
                    "headline": article.headline,
                    "date": article.page.issue.date.isoformat(),
                }
                for article in entry["articles"].values()
            ],
        }
        for entry in offices_for_api(**holder)
    ]


class PersonSerializer(serializers.ModelSerializer):
    url = IdentityUrlField(view_name="person-api-detail")
    articles_url = serializers.SerializerMethodField(
        help_text=_("The articles whose bylines name this person.")
    )

    class Meta:
        model = Person
        fields = ["id", "url", "name", "articles_url"]

    def get_articles_url(self, person) -> str:
        request = self.context.get("request")
        return reverse("article-api-list", request=request) + f"?person={person.pk}"


class PersonDetailSerializer(PersonSerializer):
    aliases = serializers.SerializerMethodField(help_text=_("Other names."))
    mention_count = serializers.IntegerField(
        help_text=_("Articles naming this person (rejected finds not counted).")
    )
    byline_count = serializers.IntegerField(help_text=_("Articles written."))
    credit_count = serializers.IntegerField(help_text=_("Pages crediting them."))
    offices = serializers.SerializerMethodField(
        help_text=_("Offices held, dated by the issues that name them.")
    )

    class Meta(PersonSerializer.Meta):
        fields = PersonSerializer.Meta.fields + [
            "aliases",
            "mention_count",
            "byline_count",
            "credit_count",
            "offices",
        ]

    def get_aliases(self, person) -> list[str]:
        return [alias.name for alias in person.aliases.all()]

    @extend_schema_field(OFFICE_SCHEMA)
    def get_offices(self, person):
        return offices_data(self.context.get("request"), person=person)


class OrganisationSerializer(serializers.ModelSerializer):
    url = IdentityUrlField(view_name="organisation-api-detail")
    articles_url = serializers.SerializerMethodField(
        help_text=_("The articles that name this organisation.")
    )

    class Meta:
        model = Organisation
        fields = ["id", "url", "name", "articles_url"]

    def get_articles_url(self, organisation) -> str:
        request = self.context.get("request")
        return (
            reverse("article-api-list", request=request)
            + f"?organisation={organisation.pk}"
        )


class OrganisationDetailSerializer(OrganisationSerializer):
    mention_count = serializers.IntegerField(help_text=_("Articles naming it."))
    offices = serializers.SerializerMethodField(
        help_text=_("Offices held in it, by whom, dated by the issues naming them.")
    )

    class Meta(OrganisationSerializer.Meta):
        fields = OrganisationSerializer.Meta.fields + ["mention_count", "offices"]

    @extend_schema_field(OFFICE_SCHEMA)
    def get_offices(self, organisation):
        return offices_data(self.context.get("request"), organisation=organisation)
