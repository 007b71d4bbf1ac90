"""The archive: publications, issues, pages with their verbatim OCR source,
the text blocks that partition each source, and the articles made of them.

Choices come from the parser's enums so the parser and the database speak the
same vocabulary. `Page.version` counts the page's changes, for optimistic
locking of editors' corrections (#3).
"""

import re
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles import labels
from articles.models.runs import IngestRun
from articles.parsing import (
    FURNITURE_KINDS,
    ArticleKind,
    BlockKind,
    PublicationProfile,
    Role,
)


def _choices(*members: StrEnum) -> list[tuple[str, str]]:
    # Labels through gettext (articles.labels): 记者, 新闻, 正文 in Chinese.
    return [(m.value, labels.label(m.value)) for m in members]


# AUTHOR: a name printed alone, with no role (commentary and theory pages).
BYLINE_ROLES = (Role.AUTHOR, Role.REPORTER, Role.CORRESPONDENT, Role.PHOTOGRAPHER)
CREDIT_ROLES = (Role.EDITOR, Role.LAYOUT, Role.PROOFREADER)


class Origin(models.TextChoices):
    MACHINE = "machine", pgettext_lazy("origin", "machine")
    EDITOR = "editor", pgettext_lazy("origin", "editor")


# Default orderings use *_id columns: ordering by a relation would join the
# related table (and its own ordering) into every query.


class Publication(models.Model):
    """A paper: what is specific to it is data here, editable in the admin.

    newsroom/publications.toml only seeds these rows (articles.services.
    publications_seed); the parser recognises a page's paper by the masthead
    patterns and knows its standing rubrics.
    """

    slug = models.SlugField(
        max_length=100,
        unique=True,
        allow_unicode=True,
        verbose_name=_("short name (in URLs)"),
    )
    name = models.CharField(max_length=200, verbose_name=pgettext_lazy("paper", "name"))
    edition = models.CharField(max_length=100, blank=True, verbose_name=_("edition"))
    masthead_patterns = models.JSONField(
        default=list,
        blank=True,
        help_text=_(
            "Regular expressions, one per masthead line; two matches in a "
            "page's header identify the paper."
        ),
        verbose_name=_("masthead patterns"),
    )
    rubrics = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Standing column labels (栏目)."),
        verbose_name=_("rubrics"),
    )

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        for field in ("masthead_patterns", "rubrics"):
            value = getattr(self, field)
            if not isinstance(value, list) or not all(
                isinstance(v, str) for v in value
            ):
                raise ValidationError({field: _("A list of strings.")})
        for pattern in self.masthead_patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValidationError(
                    {"masthead_patterns": f"{pattern!r}: {exc}"}
                ) from exc

    def profile(self) -> PublicationProfile:
        """What the parser needs to know of this paper."""
        return PublicationProfile(
            slug=self.slug,
            name=self.name,
            edition=self.edition or None,
            masthead_patterns=tuple(self.masthead_patterns),
            rubrics=tuple(self.rubrics),
        )


class IssueQuerySet(models.QuerySet):
    def published(self):
        """Issues with at least one page: what the public site shows."""
        return self.filter(pages__isnull=False).distinct()

    def on_date(self, date):
        """Issues of one day, or all of them when `date` is None."""
        return self if date is None else self.filter(date=date)

    def for_listing(self):
        """Issues with their pages' article titles (home page): 3 queries.
        Each page's `facsimile` is the name of its image, "" or None if none."""
        return self.select_related("publication").prefetch_related(
            Prefetch(
                "pages",
                queryset=Page.objects.order_by("number").annotate(
                    facsimile=models.F("source__image")
                ),
            ),
            Prefetch(
                "pages__articles",
                queryset=Article.objects.order_by("sequence").only(
                    "id",
                    "page_id",
                    "sequence",
                    "kind",
                    "rubric",
                    "kicker",
                    "headline",
                    "subtitle",
                ),
            ),
        )

    def for_export(self):
        """Everything an export renders, in a fixed number of queries.

        The page's OCR text is left out: the export names the source file only.
        """
        return self.select_related("publication").prefetch_related(
            Prefetch(
                "pages",
                queryset=Page.objects.select_related("source")
                .defer("source__text")
                .order_by("number"),
            ),
            Prefetch(
                "pages__credits", queryset=PageCredit.objects.order_by("position")
            ),
            Prefetch(
                "pages__blocks",
                queryset=TextBlock.objects.furniture().order_by("sequence"),
                to_attr="furniture",
            ),
            Prefetch("pages__articles", queryset=Article.objects.for_page()),
            # People and organisations each article names (#6): one query.
            Prefetch(
                "pages__articles__mentions",
                queryset=_standing_mentions(),
                to_attr="standing_mentions",
            ),
        )


def _standing_mentions():
    # Imported here: people.models refers to articles by label only, and
    # importing it at module level would make the two apps import each other.
    from people.models import Mention

    return (
        Mention.objects.standing()
        .select_related("person", "organisation")
        .order_by("field", "start", "id")
    )


class Issue(models.Model):
    publication = models.ForeignKey(
        Publication,
        on_delete=models.PROTECT,
        related_name="issues",
        verbose_name=_("paper"),
    )
    date = models.DateField(verbose_name=_("date"))
    # As printed (ISO: 1 = Monday); the parser warns when it disagrees with date.
    weekday = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        verbose_name=_("weekday (as printed)"),
    )
    # 农历… as printed
    lunar_date = models.CharField(
        max_length=100, blank=True, verbose_name=_("lunar date (as printed)")
    )
    # 总第N期
    number = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("serial number")
    )

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["date", "id"]
        indexes = [
            # Lists in date order (issues, pages, articles) walk this index
            # instead of sorting the whole archive for every page of results.
            models.Index(fields=["date", "id"], name="issue_date_id"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "date"], name="issue_unique_publication_date"
            ),
            models.UniqueConstraint(
                fields=["publication", "number"],
                condition=Q(number__isnull=False),
                name="issue_unique_publication_number",
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=1, weekday__lte=7) | Q(weekday__isnull=True),
                name="issue_weekday_iso",
            ),
        ]

    def __str__(self) -> str:
        return _("%(date)s (issue %(number)s)") % {
            "date": self.date.isoformat(),
            "number": self.pk,
        }


class Page(models.Model):
    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="pages", verbose_name=_("issue")
    )
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], verbose_name=_("page number")
    )
    edition = models.CharField(max_length=100, blank=True, verbose_name=_("edition"))
    # The current source. A page is created before its first source, hence
    # null; RESTRICT lets the page's own deletion take its sources along.
    source = models.ForeignKey(
        "PageSource",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="current_for",
        verbose_name=_("current source"),
    )
    warnings = models.JSONField(default=list, blank=True, verbose_name=_("warnings"))
    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = pgettext_lazy("model", "pages")
        ordering = ["issue_id", "number"]
        permissions = [("resegment_page", "Can re-run the automatic segmentation")]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "number"], name="page_unique_issue_number"
            ),
        ]

    def __str__(self) -> str:
        return _("Page %(number)s of issue %(issue)s") % {
            "number": self.number,
            "issue": self.issue_id,
        }


class PageSource(models.Model):
    """The OCR text of a page exactly as received. Never modified; a replaced
    source stays, so every version a page ever had can be rebuilt."""

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="sources", verbose_name=_("page")
    )
    text = models.TextField(verbose_name=_("verbatim text"))
    # of the file's bytes
    sha256 = models.CharField(max_length=64, db_index=True, verbose_name=_("SHA-256"))
    file_name = models.CharField(max_length=255, verbose_name=_("file name"))
    encoding = models.CharField(max_length=20, verbose_name=_("encoding"))
    size = models.PositiveIntegerField(verbose_name=_("size (bytes)"))  # bytes
    # A PDF, scan, ALTO or hOCR page (facsimile): `text` is its text in
    # reading order, `geometry` the box of every line and glyph of it
    # (facsimile.SourceText.to_dict), `image` the page image they are
    # measured on, in Django's storage.
    kind = models.CharField(
        max_length=10, default="text", verbose_name=_("kind of source")
    )
    geometry = models.JSONField(null=True, blank=True, verbose_name=_("geometry"))
    image = models.FileField(
        upload_to="pages/", blank=True, verbose_name=_("page image")
    )
    ingested_at = models.DateTimeField(auto_now_add=True, verbose_name=_("ingested at"))
    run = models.ForeignKey(
        IngestRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="page_sources",
        verbose_name=_("ingest run"),
    )

    class Meta:
        verbose_name = _("page source")
        verbose_name_plural = _("page sources")
        ordering = ["ingested_at", "id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.sha256[:12]})"


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
