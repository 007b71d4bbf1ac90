"""Representations of the archive: light in lists, complete in details.

Related resources appear as `{"id", "url"}` links, so a client can follow them
without building URLs. An issue's detail is the export JSON of
articles.selectors (the same function), with ids and URLs added. What
editors send is validated by the write serializers of articles.api.inputs.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.reverse import reverse

from articles.api.permissions import sees_editors
from articles.api.representations import detailed
from articles.listed import ArticleUrls, listed_from_row
from articles.models import Article, Issue, Page, Publication, TextBlock
from articles.selectors import _named_data, issue_export_data
from newsroom.api.fields import (
    LINK_SCHEMA,
    IdentityUrlField,
    LinkField,
    NullableLinkField,
    detail_url,
    link,
)

# The enum names of the schema (settings.SPECTACULAR_SETTINGS).
ARTICLE_KINDS = Article._meta.get_field("kind").choices
BLOCK_KINDS = TextBlock._meta.get_field("kind").choices


@extend_schema_serializer(
    description=_(
        "A byline or a page credit: role, name as printed, the person it names."
    )
)
class CreditSerializer(serializers.Serializer):
    """A byline or a page credit: role, name as printed, the person it names."""

    role = serializers.CharField()
    name = serializers.CharField(allow_null=True)
    person = NullableLinkField("person-api-detail", source="person_id", allow_null=True)

    def to_representation(self, instance):
        return {
            "role": instance.role,
            "name": instance.name or None,
            "person": link(
                "person-api-detail", instance.person_id, self.context.get("request")
            ),
        }


# Publications ----------------------------------------------------------------


class PublicationSerializer(serializers.ModelSerializer):
    url = IdentityUrlField(view_name="publication-api-detail")

    class Meta:
        model = Publication
        fields = ["id", "url", "slug", "name", "edition"]


# Issues ----------------------------------------------------------------------


class IssueListSerializer(serializers.ModelSerializer):
    url = IdentityUrlField(view_name="issue-api-detail")
    publication = LinkField("publication-api-detail", source="publication_id")
    publication_name = serializers.CharField(source="publication.name")
    lunar_date = serializers.CharField(allow_null=True)

    class Meta:
        model = Issue
        fields = [
            "id",
            "url",
            "publication",
            "publication_name",
            "date",
            "weekday",
            "lunar_date",
            "number",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["lunar_date"] = instance.lunar_date or None
        return data


class ExportCreditSerializer(serializers.Serializer):
    role = serializers.CharField()
    name = serializers.CharField(allow_null=True)


class ExportFurnitureSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=BLOCK_KINDS)
    text = serializers.CharField()


class NamedPersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField(allow_null=True, help_text=_("Office as printed."))


class NamedOrganisationSerializer(serializers.Serializer):
    name = serializers.CharField()


class ExportArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    kind = serializers.ChoiceField(choices=ARTICLE_KINDS)
    rubric = serializers.CharField(allow_null=True)
    kicker = serializers.CharField(allow_null=True)
    headline = serializers.CharField(allow_null=True)
    subtitle = serializers.CharField(allow_null=True)
    bylines = ExportCreditSerializer(many=True)
    body = serializers.CharField(allow_blank=True)
    people = NamedPersonSerializer(many=True)
    organisations = NamedOrganisationSerializer(many=True)


class ExportPageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    number = serializers.IntegerField()
    edition = serializers.CharField(allow_null=True)
    source_file = serializers.CharField(allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField())
    credits = ExportCreditSerializer(many=True)
    furniture = ExportFurnitureSerializer(many=True)
    articles = ExportArticleSerializer(many=True)


@extend_schema_serializer(
    description=_("The export JSON of one issue, with ids and URLs.")
)
class IssueDetailSerializer(serializers.Serializer):
    """The export JSON of one issue (articles.selectors.issue_export_data),
    plus ids and URLs. The issue must come from Issue.objects.for_export()."""

    id = serializers.IntegerField()
    url = serializers.URLField()
    publication = serializers.CharField()
    publication_link = LINK_SCHEMA
    date = serializers.DateField()
    weekday = serializers.IntegerField(allow_null=True, min_value=1, max_value=7)
    lunar_date = serializers.CharField(allow_null=True)
    number = serializers.IntegerField(allow_null=True)
    pages = ExportPageSerializer(many=True)

    def to_representation(self, instance: Issue):
        request = self.context.get("request")
        data = issue_export_data(issue=instance)
        for page, page_data in zip(instance.pages.all(), data["pages"], strict=True):
            page_data["id"] = page.pk
            page_data["url"] = detail_url("page-api-detail", page.pk, request)
            for article in page_data["articles"]:
                article["url"] = detail_url(
                    "article-api-detail", article["id"], request
                )
        return {
            "id": instance.pk,
            "url": detail_url("issue-api-detail", instance.pk, request),
            "publication_link": link(
                "publication-api-detail", instance.publication_id, request
            ),
            **data,
        }


# Pages -----------------------------------------------------------------------


class PageListSerializer(serializers.ModelSerializer):
    url = IdentityUrlField(view_name="page-api-detail")
    issue = LinkField("issue-api-detail", source="issue_id")
    date = serializers.DateField(source="issue.date")
    source_file = serializers.SerializerMethodField()

    class Meta:
        model = Page
        fields = [
            "id",
            "url",
            "issue",
            "date",
            "number",
            "edition",
            "version",
            "source_file",
        ]

    def get_source_file(self, page) -> str | None:
        return page.source.file_name if page.source_id and page.source else None


class PageSourceSerializer(serializers.Serializer):
    file_name = serializers.CharField()
    sha256 = serializers.CharField()
    encoding = serializers.CharField()
    size = serializers.IntegerField()
    ingested_at = serializers.DateTimeField()
    text_url = serializers.URLField()


class PageArticleSerializer(serializers.ModelSerializer):
    url = IdentityUrlField(view_name="article-api-detail")

    class Meta:
        model = Article
        fields = ["id", "url", "sequence", "kind", "status", "rubric", "headline"]


class PageDetailSerializer(PageListSerializer):
    warnings = serializers.ListField(child=serializers.CharField())
    credits = CreditSerializer(many=True)
    source = serializers.SerializerMethodField()
    articles = PageArticleSerializer(many=True)
    blocks_url = serializers.SerializerMethodField()

    class Meta(PageListSerializer.Meta):
        fields = PageListSerializer.Meta.fields + [
            "warnings",
            "credits",
            "source",
            "articles",
            "blocks_url",
        ]

    @extend_schema_field(PageSourceSerializer(allow_null=True))
    def get_source(self, page) -> dict | None:
        source = page.source
        if source is None:
            return None
        request = self.context.get("request")
        return {
            "file_name": source.file_name,
            "sha256": source.sha256,
            "encoding": source.encoding,
            "size": source.size,
            "ingested_at": serializers.DateTimeField().to_representation(
                source.ingested_at
            ),
            "text_url": reverse("page-api-source", args=[page.pk], request=request),
        }

    def get_blocks_url(self, page) -> str:
        request = self.context.get("request")
        return reverse("textblock-api-list", request=request) + f"?page_id={page.pk}"


# Articles --------------------------------------------------------------------


# The declared fields of the article serializers are the schema and the
# representation of model instances (e.g. the browsable API's forms); the
# API's reads serialise rows of articles.selectors.article_rows instead (a
# dict), with the same output (tests/api/test_representations.py). Comments,
# not docstrings: drf-spectacular publishes docstrings in the schema.
class ArticleListSerializer(serializers.ModelSerializer):
    url = IdentityUrlField(view_name="article-api-detail")
    issue = LinkField("issue-api-detail", source="page.issue_id")
    page = LinkField("page-api-detail", source="page_id")
    date = serializers.DateField(source="page.issue.date")
    page_number = serializers.IntegerField(source="page.number")
    edition = serializers.CharField(source="page.edition")
    bylines = CreditSerializer(many=True)
    page_version = serializers.IntegerField(
        source="page.version",
        help_text=_("The page's version: changes with any correction on the page."),
    )
    has_corrections = serializers.BooleanField()
    snippet = serializers.SerializerMethodField(
        help_text=_("With `q`: the best matching passage, matches in <em>…</em>.")
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "issue",
            "page",
            "date",
            "page_number",
            "edition",
            "sequence",
            "kind",
            "status",
            "rubric",
            "kicker",
            "headline",
            "subtitle",
            "bylines",
            "confidence",
            "page_version",
            "has_corrections",
            "snippet",
        ]

    def get_snippet(self, article) -> str | None:
        return getattr(article, "search_snippet", None)

    def to_representation(self, instance):
        if isinstance(instance, dict):
            return self.row_representation(instance)
        return super().to_representation(instance)

    def row_representation(self, row: dict[str, Any]) -> dict[str, Any]:
        """What the declared fields make of the article, from its row."""
        return listed_from_row(self._urls, row)

    @cached_property
    def _urls(self) -> ArticleUrls:
        # One serializer serves every row of a list: its URL templates too.
        return ArticleUrls.of(self.context.get("request"))


class ArticleBlockSerializer(serializers.ModelSerializer):
    url = IdentityUrlField(view_name="textblock-api-detail")

    class Meta:
        model = TextBlock
        fields = ["id", "url", "position", "sequence", "kind", "text"]


class ArticleDetailSerializer(ArticleListSerializer):
    # Rows from article_rows(detail=True).
    publication = serializers.CharField(source="page.issue.publication.name")
    blocks = ArticleBlockSerializer(many=True)
    people = NamedPersonSerializer(many=True, read_only=True)
    organisations = NamedOrganisationSerializer(many=True, read_only=True)

    class Meta(ArticleListSerializer.Meta):
        fields = ArticleListSerializer.Meta.fields + [
            "publication",
            "body",
            "blocks",
            "people",
            "organisations",
        ]

    def to_representation(self, instance):
        if not isinstance(instance, dict):
            # The people and organisations the article names (#6), as the
            # export shows them; the queryset prefetches the standing mentions.
            named = _named_data(instance)
            instance.people = named["people"]
            instance.organisations = named["organisations"]
        return super().to_representation(instance)

    def row_representation(self, row: dict[str, Any]) -> dict[str, Any]:
        return detailed(self._urls, self.context.get("request"), row)


# Text blocks -----------------------------------------------------------------


class TextBlockListSerializer(serializers.ModelSerializer):
    url = IdentityUrlField(view_name="textblock-api-detail")
    page = LinkField("page-api-detail", source="page_id")
    article = NullableLinkField("article-api-detail", source="article_id")
    corrected = serializers.BooleanField(
        help_text=_("The text differs from what the machine read.")
    )
    page_version = serializers.IntegerField(source="page.version")

    class Meta:
        model = TextBlock
        fields = [
            "id",
            "url",
            "page",
            "article",
            "sequence",
            "position",
            "kind",
            "text",
            "joins_previous",
            "origin",
            "confidence",
            "page_version",
            "corrected",
        ]


class TextBlockDetailSerializer(TextBlockListSerializer):
    class Meta(TextBlockListSerializer.Meta):
        fields = TextBlockListSerializer.Meta.fields + ["start", "end", "machine_text"]


__all__ = ["OpenApiTypes"]


@extend_schema_serializer(
    description=_("One editorial operation on a page, as recorded in its history.")
)
class ChangeSerializer(serializers.Serializer):
    """One editorial operation on a page, as recorded in its history."""

    id = serializers.IntegerField()
    url = serializers.URLField()
    page = LINK_SCHEMA
    operation = serializers.CharField()
    summary = serializers.CharField()
    user = serializers.CharField(
        allow_null=True, help_text=_("The editor's user name: staff only (else null).")
    )
    created_at = serializers.DateTimeField()
    page_version = serializers.IntegerField()
    undo_of = NullableLinkField("change-api-detail")
    undo_url = serializers.URLField()
    redo_url = serializers.URLField()

    def to_representation(self, change):
        request = self.context.get("request")
        url = detail_url("change-api-detail", change.pk, request)
        return {
            "id": change.pk,
            "url": url,
            "page": link("page-api-detail", change.page_id, request),
            "operation": change.operation,
            "summary": change.summary,
            # Readers see what was corrected and when; who, only staff (#12).
            "user": change.user.get_username()
            if change.user and request is not None and sees_editors(request.user)
            else None,
            "created_at": serializers.DateTimeField().to_representation(
                change.created_at
            ),
            "page_version": change.page_version,
            "undo_of": link("change-api-detail", change.undo_of_id, request),
            "undo_url": url + "undo/",
            "redo_url": url + "redo/",
        }
