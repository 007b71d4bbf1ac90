"""The archive: publications, issues and pages with their verbatim OCR
source (the articles and blocks of a page: content.py).

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
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles import labels
from articles.models.runs import IngestRun
from articles.parsing import (
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
        from articles.models.content import Article  # content imports this module

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
        # content imports this module.
        from articles.models.content import Article, PageCredit, TextBlock

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
