"""People and organisations as the API shows them."""

from rest_framework import serializers
from rest_framework.reverse import reverse

from newsroom.api.fields import IdentityUrlField
from people.models import Organisation, Person


class PersonSerializer(serializers.ModelSerializer):
    url = IdentityUrlField(view_name="person-api-detail")
    articles_url = serializers.SerializerMethodField(
        help_text="The articles whose bylines name this person."
    )

    class Meta:
        model = Person
        fields = ["id", "url", "name", "articles_url"]

    def get_articles_url(self, person) -> str:
        request = self.context.get("request")
        return reverse("article-api-list", request=request) + f"?person={person.pk}"


class PersonDetailSerializer(PersonSerializer):
    byline_count = serializers.IntegerField()
    credit_count = serializers.IntegerField()

    class Meta(PersonSerializer.Meta):
        fields = PersonSerializer.Meta.fields + ["byline_count", "credit_count"]


class OrganisationSerializer(serializers.ModelSerializer):
    url = IdentityUrlField(view_name="organisation-api-detail")
    articles_url = serializers.SerializerMethodField(
        help_text="The articles that name this organisation."
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
