"""Representations of the archive: light in lists, complete in details.

Related resources appear as `{"id", "url"}` links, so a client can follow them
without building URLs. An issue's detail is the export JSON of
articles.selectors (the same function), with ids and URLs added. Read and
write serializers are separate: writes validate a few fields and hand them to
a service; they never save models themselves.
"""

from __future__ import annotations

import functools
from functools import cached_property
from typing import Any

from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.reverse import preserve_builtin_query_params, reverse
from rest_framework.settings import api_settings

from articles.api.permissions import sees_editors
from articles.models import Article, Issue, Page, Publication, TextBlock
from articles.selectors import _named_data, issue_export_data

# The enum names of the schema (settings.SPECTACULAR_SETTINGS).
ARTICLE_KINDS = Article._meta.get_field("kind").choices
BLOCK_KINDS = TextBlock._meta.get_field("kind").choices

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
    title = serializers.CharField(allow_null=True, help_text="Office as printed.")


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
        help_text="The page's version: changes with any correction on the page.",
    )
    has_corrections = serializers.BooleanField()
    snippet = serializers.SerializerMethodField(
        help_text="With `q`: the best matching passage, matches in <em>…</em>."
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
            "version",
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

    @cached_property
    def _urls(self) -> dict[str, tuple[str, str]]:
        # One serializer serves every row of a list: its URL templates too.
        request = self.context.get("request")
        return {
            name: url_template(f"{name}-api-detail", request)
            for name in ("article", "issue", "page", "person")
        }

    def row_representation(self, row: dict[str, Any]) -> dict[str, Any]:
        """What the declared fields make of the article, from its row."""
        urls = self._urls
        article, issue, page, person = (
            urls["article"],
            urls["issue"],
            urls["page"],
            urls["person"],
        )
        pk, issue_id, page_id = row["id"], row["issue_id"], row["page_id"]
        return {
            "id": pk,
            "url": f"{article[0]}{pk}{article[1]}",
            "issue": {"id": issue_id, "url": f"{issue[0]}{issue_id}{issue[1]}"},
            "page": {"id": page_id, "url": f"{page[0]}{page_id}{page[1]}"},
            "date": row["date"],
            "page_number": row["page_number"],
            "edition": row["edition"],
            "sequence": row["sequence"],
            "kind": row["kind"],
            "status": row["status"],
            "rubric": row["rubric"],
            "kicker": row["kicker"],
            "headline": row["headline"],
            "subtitle": row["subtitle"],
            "bylines": [
                {
                    "role": role,
                    "name": name or None,
                    "person": None
                    if person_id is None
                    else {
                        "id": person_id,
                        "url": f"{person[0]}{person_id}{person[1]}",
                    },
                }
                for role, name, person_id in row["bylines"]
            ],
            "confidence": float(row["confidence"]),
            "version": row["version"],
            "page_version": row["page_version"],
            "has_corrections": bool(row["has_corrections"]),
            "snippet": row.get("snippet"),
        }


class ArticleBlockSerializer(serializers.ModelSerializer):
    url = IdentityUrlField(view_name="textblock-api-detail")

    class Meta:
        model = TextBlock
        fields = ["id", "url", "position", "sequence", "kind", "text", "version"]


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
        data = super().row_representation(row)
        block = url_template("textblock-api-detail", self.context.get("request"))
        data["publication"] = row["publication"]
        data["body"] = row["body"]
        data["blocks"] = [
            {
                "id": pk,
                "url": f"{block[0]}{pk}{block[1]}",
                "position": position,
                "sequence": sequence,
                "kind": kind,
                "text": text,
                "version": version,
            }
            for pk, position, sequence, kind, text, version in row["blocks"]
        ]
        data["people"] = row["named"]["people"]
        data["organisations"] = row["named"]["organisations"]
        return data


class ArticleWriteSerializer(serializers.Serializer):
    """The fields an editor may change on an article (PATCH: any subset)."""

    kind = serializers.ChoiceField(choices=ARTICLE_KINDS, required=False)
    rubric = serializers.CharField(allow_null=True, allow_blank=True, required=False)
    kicker = serializers.CharField(allow_null=True, allow_blank=True, required=False)
    headline = serializers.CharField(allow_null=True, allow_blank=True, required=False)
    subtitle = serializers.CharField(allow_null=True, allow_blank=True, required=False)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Give at least one field to change.")
        # An empty line is no line: the export's null.
        return {k: (v if v not in ("",) else None) for k, v in attrs.items()}


# Text blocks -----------------------------------------------------------------


class TextBlockListSerializer(serializers.ModelSerializer):
    url = IdentityUrlField(view_name="textblock-api-detail")
    page = LinkField("page-api-detail", source="page_id")
    article = NullableLinkField("article-api-detail", source="article_id")
    corrected = serializers.BooleanField(
        help_text="The text differs from what the machine read."
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
            "version",
            "page_version",
            "corrected",
        ]


class TextBlockDetailSerializer(TextBlockListSerializer):
    class Meta(TextBlockListSerializer.Meta):
        fields = TextBlockListSerializer.Meta.fields + ["start", "end", "machine_text"]


class TextBlockCorrectSerializer(serializers.Serializer):
    text = serializers.CharField(
        allow_blank=False,
        trim_whitespace=False,
        help_text="The corrected text readers will see; the OCR source is kept.",
    )


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(required=False)


__all__ = ["OpenApiTypes"]


# Editors' commands -------------------------------------------------------------


class BylineInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(
        choices=["reporter", "correspondent", "photographer"]
    )
    name = serializers.CharField(allow_blank=True, max_length=100)


class ArticleEditSerializer(ArticleWriteSerializer):
    bylines = BylineInputSerializer(
        many=True,
        required=False,
        help_text="Replaces the article's bylines, in this order.",
    )

    def validate(self, attrs):
        bylines = attrs.pop("bylines", None)
        fields = super().validate(attrs) if attrs else {}
        if bylines is None and not fields:
            raise serializers.ValidationError("Give at least one field to change.")
        return {"fields": fields, "bylines": bylines}


class SplitSerializer(serializers.Serializer):
    position = serializers.IntegerField(
        min_value=1,
        max_value=10**6,
        help_text="Character offset in the block's text where the new block starts.",
    )


class RetypeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=BLOCK_KINDS)


class BlockIdsSerializer(serializers.Serializer):
    blocks = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=1,
        max_length=1000,
        help_text="Block ids, in the order wanted.",
    )


class MergeSerializer(BlockIdsSerializer):
    blocks = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=2,
        max_length=1000,
        help_text="Adjacent block ids to merge into the first.",
    )


class MoveSerializer(BlockIdsSerializer):
    article = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="The article of the same page to append the blocks to.",
    )
    new_article = serializers.BooleanField(
        default=False, help_text="Make a new article of the blocks."
    )

    def validate(self, attrs):
        if attrs.get("article") and attrs.get("new_article"):
            raise serializers.ValidationError(
                "Give either `article` or `new_article`, not both."
            )
        return attrs


class ChangeSerializer(serializers.Serializer):
    """One editorial operation on a page, as recorded in its history."""

    id = serializers.IntegerField()
    url = serializers.URLField()
    page = LINK_SCHEMA
    operation = serializers.CharField()
    summary = serializers.CharField()
    user = serializers.CharField(
        allow_null=True, help_text="The editor's user name: staff only (else null)."
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
