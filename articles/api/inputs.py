"""What editors send: the write serializers of the archive's API. They
validate a few fields and hand them to a service; they never save models
themselves (the read serializers are articles.api.serializers)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from articles import labels
from articles.api.serializers import ARTICLE_KINDS, BLOCK_KINDS


@extend_schema_serializer(
    description=_("The fields an editor may change on an article (PATCH: any subset).")
)
class ArticleWriteSerializer(serializers.Serializer):
    """The fields an editor may change on an article (PATCH: any subset)."""

    kind = serializers.ChoiceField(choices=ARTICLE_KINDS, required=False)
    rubric = serializers.CharField(allow_null=True, allow_blank=True, required=False)
    kicker = serializers.CharField(allow_null=True, allow_blank=True, required=False)
    headline = serializers.CharField(allow_null=True, allow_blank=True, required=False)
    subtitle = serializers.CharField(allow_null=True, allow_blank=True, required=False)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Give at least one field to change."))
        # An empty line is no line: the export's null.
        return {k: (v if v not in ("",) else None) for k, v in attrs.items()}


class TextBlockCorrectSerializer(serializers.Serializer):
    text = serializers.CharField(
        allow_blank=False,
        trim_whitespace=False,
        help_text=_("The corrected text readers will see; the OCR source is kept."),
    )


class BylineInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(
        choices=[
            (role, labels.label(role))
            for role in ("reporter", "correspondent", "photographer")
        ]
    )
    name = serializers.CharField(allow_blank=True, max_length=100)


class ArticleEditSerializer(ArticleWriteSerializer):
    bylines = BylineInputSerializer(
        many=True,
        required=False,
        help_text=_("Replaces the article's bylines, in this order."),
    )

    def validate(self, attrs):
        bylines = attrs.pop("bylines", None)
        fields = super().validate(attrs) if attrs else {}
        if bylines is None and not fields:
            raise serializers.ValidationError(_("Give at least one field to change."))
        return {"fields": fields, "bylines": bylines}


class SplitSerializer(serializers.Serializer):
    position = serializers.IntegerField(
        min_value=1,
        max_value=10**6,
        help_text=_("Character offset in the block's text where the new block starts."),
    )


class RetypeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=BLOCK_KINDS)


class BlockIdsSerializer(serializers.Serializer):
    blocks = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=1,
        max_length=1000,
        help_text=_("Block ids, in the order wanted."),
    )


class MergeSerializer(BlockIdsSerializer):
    blocks = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=2,
        max_length=1000,
        help_text=_("Adjacent block ids to merge into the first."),
    )


class MoveSerializer(BlockIdsSerializer):
    article = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("The article of the same page to append the blocks to."),
    )
    new_article = serializers.BooleanField(
        default=False, help_text=_("Make a new article of the blocks.")
    )

    def validate(self, attrs):
        if attrs.get("article") and attrs.get("new_article"):
            raise serializers.ValidationError(
                _("Give either `article` or `new_article`, not both.")
            )
        return attrs
