"""The archive's content: the articles a page is made of, the text blocks
that partition its source, and the bylines and credits printed on it.

Choices come from the parser's enums (see archive.py).
"""

from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles import labels
from articles.models.archive import (
    BYLINE_ROLES,
    CREDIT_ROLES,
    Origin,
    Page,
    _choices,
)
from articles.parsing import (
    FURNITURE_KINDS,
    ArticleKind,
    BlockKind,
)


class ArticleQuerySet(models.QuerySet):
    def for_reading(self):
        """Articles with their page, issue and publication, for an article view
        (`facsimile`: the name of the page image, "" or None if none)."""
        return (
            self.select_related("page__issue__publication")
            .annotate(facsimile=models.F("page__source__image"))
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.order_by("position"))
            )
        )

    def for_indexing(self):
        """What the search index reads of each article (search_indexes.py)."""
        from people.models import Mention

        return self.select_related("page__issue").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.order_by("position")),
            # The person and organisation facets: names the text mentions
            # (#6), unless an editor rejected them.
            Prefetch(
                "mentions",
                queryset=Mention.objects.standing()
                .select_related("person", "organisation")
                .order_by("pk"),
                to_attr="indexed_mentions",
            ),
        )

    def for_search_results(self):
        """Articles listed by the search page: headline, kicker, issue date."""
        return self.select_related("page__issue__publication").defer("body")

    def for_page(self):
        """A page's articles in page order with their bylines."""
        return self.order_by("sequence").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.order_by("position"))
        )


class Article(models.Model):
    class Status(models.TextChoices):
        MACHINE = "machine", labels.STATUS_LABELS["machine"]  # as the parser made it
        EDITED = "edited", labels.STATUS_LABELS["edited"]
        CONFIRMED = "confirmed", labels.STATUS_LABELS["confirmed"]

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="articles", verbose_name=_("page")
    )
    # order on the page
    sequence = models.PositiveIntegerField(verbose_name=_("order on the page"))
    kind = models.CharField(
        max_length=20, choices=_choices(*ArticleKind), verbose_name=_("kind")
    )
    # None means the page prints no such line; the export keeps that distinction.
    rubric = models.TextField(null=True, blank=True, verbose_name=_("rubric"))  # noqa: DJ001
    kicker = models.TextField(null=True, blank=True, verbose_name=_("kicker"))  # noqa: DJ001
    headline = models.TextField(null=True, blank=True, verbose_name=_("headline"))  # noqa: DJ001
    subtitle = models.TextField(null=True, blank=True, verbose_name=_("subtitle"))  # noqa: DJ001
    # Derived from the blocks' corrected text (articles.parsing.compose_body);
    # services keep it in sync.
    body = models.TextField(blank=True, verbose_name=_("body"))
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.MACHINE,
        verbose_name=_("status"),
    )
    confidence = models.FloatField(default=1.0, verbose_name=_("machine confidence"))

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = pgettext_lazy("model", "articles")
        ordering = ["page_id", "sequence"]
        permissions = [("confirm_article", "Can confirm an article as checked")]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "sequence"], name="article_unique_page_sequence"
            ),
        ]

    def __str__(self) -> str:
        return self.headline or _("Article %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("article-detail", args=[self.pk])


class TextBlockQuerySet(models.QuerySet):
    def furniture(self):
        """Blocks that belong to the page, never to an article."""
        return self.filter(kind__in=FURNITURE_KINDS)


class TextBlock(models.Model):
    """A span of the page's current source, with its cleaned and corrected text.

    The blocks of a page partition its source. `machine_text` is what the
    parser made of the span; `text` is what readers see (editors correct it).
    """

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("page")
    )
    # source order on the page
    sequence = models.PositiveIntegerField(verbose_name=_("order in the source"))
    # [start, end) in page.source.text
    start = models.PositiveIntegerField(verbose_name=_("start"))
    end = models.PositiveIntegerField(verbose_name=_("end"))
    kind = models.CharField(
        max_length=20, choices=_choices(*BlockKind), verbose_name=_("kind")
    )
    machine_text = models.TextField(blank=True, verbose_name=_("machine text"))
    text = models.TextField(blank=True, verbose_name=_("text"))
    # Deleting or merging an article never deletes text: blocks fall back to
    # the page.
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="blocks",
        verbose_name=_("article"),
    )
    # in the article
    position = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("position in the article")
    )
    joins_previous = models.BooleanField(
        default=False, verbose_name=_("continues the previous block")
    )
    # [x0, y0, x1, y1] in pixels of the page image, when the page has one.
    region = models.JSONField(
        null=True, blank=True, verbose_name=_("region on the page image")
    )
    origin = models.CharField(
        max_length=10,
        choices=Origin.choices,
        default=Origin.MACHINE,
        verbose_name=_("origin"),
    )
    confidence = models.FloatField(default=1.0, verbose_name=_("machine confidence"))

    objects = TextBlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("text block")
        verbose_name_plural = _("text blocks")
        ordering = ["page_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "sequence"], name="text_block_unique_page_sequence"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="text_block_span_order"
            ),
        ]
        indexes = [
            models.Index(fields=["article", "position"], name="text_block_article_pos"),
            # The few corrected blocks: "has corrections" (an API column and
            # filter) looks here instead of reading every block's two texts.
            models.Index(
                fields=["article"],
                condition=~Q(text=models.F("machine_text")),
                name="text_block_corrected",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} [{self.start}:{self.end}]"


class RoleLabelled:
    """A printed role and name (bylines, page credits), as readers read it."""

    @property
    def role_label(self) -> str:
        return labels.label(self.role)

    @property
    def label(self) -> str:
        """记者 华婷婷, or 记者 (未署名) when only the role is printed."""
        return labels.credit_label(self.role, self.name)

    def __str__(self) -> str:
        return f"{self.role}: {self.name or '—'}"


class Byline(RoleLabelled, models.Model):
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="bylines",
        verbose_name=_("article"),
    )
    role = models.CharField(
        max_length=20, choices=_choices(*BYLINE_ROLES), verbose_name=_("role")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bylines",
        verbose_name=_("person"),
    )
    # As printed, cleaned (戴 琰 → 戴琰); blank when the page prints only the role.
    name = models.CharField(
        max_length=100, blank=True, verbose_name=_("name as printed")
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        ordering = ["article_id", "position"]


class PageCredit(RoleLabelled, models.Model):
    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="credits", verbose_name=_("page")
    )
    role = models.CharField(
        max_length=20, choices=_choices(*CREDIT_ROLES), verbose_name=_("role")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="page_credits",
        verbose_name=_("person"),
    )
    name = models.CharField(
        max_length=100, blank=True, verbose_name=_("name as printed")
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        verbose_name = _("page credit")
        verbose_name_plural = _("page credits")
        ordering = ["page_id", "position"]
