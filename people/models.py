"""People and organisations named on the pages, and where they are named.

Names are not unique: two reporters can share a name. A name printed in a
byline, a credit line or an article resolves to the earliest person of that
name (or of that alias) until an editor splits the homonyms. Everything the
extractor finds is machine-made (a Mention with its rule and confidence)
until an editor confirms or rejects it; every such editorial act is recorded
as a PeopleChange.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MentionStatus(models.TextChoices):
    MACHINE = "machine", pgettext_lazy("mention status", "found by the machine")
    CONFIRMED = "confirmed", pgettext_lazy("mention status", "confirmed")
    REJECTED = "rejected", pgettext_lazy("mention status", "rejected")


class PersonQuerySet(models.QuerySet):
    def search(self, query: str | None):
        """People whose name or an alias contains `query`."""
        if not query:
            return self
        return self.filter(
            Q(name__icontains=query) | Q(aliases__name__icontains=query)
        ).distinct()

    def for_directory(self):
        """With counts of the articles naming and written by each person."""
        return self.annotate(
            mention_count=Count(
                "mentions__article",
                filter=~Q(mentions__status=MentionStatus.REJECTED),
                distinct=True,
            ),
            byline_count=Count("bylines", distinct=True),
        )


class Person(models.Model):
    name = models.CharField(max_length=100, db_index=True, verbose_name=_("name"))
    # editors' note telling homonyms apart
    note = models.TextField(blank=True, verbose_name=_("note"))

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("person-detail", args=[self.pk])


class PersonAlias(models.Model):
    """Another name of a person (an old name after a merge, a variant)."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("person"),
    )
    name = models.CharField(max_length=100, db_index=True, verbose_name=_("name"))

    class Meta:
        verbose_name = _("person alias")
        verbose_name_plural = _("person aliases")
        ordering = ["person_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "name"], name="person_alias_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def search(self, query: str | None):
        return self.filter(name__icontains=query) if query else self

    def for_directory(self):
        """With the number of articles naming each organisation."""
        return self.annotate(
            mention_count=Count(
                "mentions__article",
                filter=~Q(mentions__status=MentionStatus.REJECTED),
                distinct=True,
            ),
        )


class Organisation(models.Model):
    name = models.CharField(
        max_length=200,
        db_index=True,
        verbose_name=pgettext_lazy("organisation", "name"),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation-detail", args=[self.pk])


class MentionQuerySet(models.QuerySet):
    def standing(self):
        """Mentions not rejected by an editor."""
        return self.exclude(status=MentionStatus.REJECTED)


class Mention(models.Model):
    """A span of an article's text naming a person or an organisation.

    `start`/`end` index the article's `field` (body, headline, kicker or
    subtitle) as it was when the mention was found.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="mentions",
        verbose_name=_("article"),
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, verbose_name=_("kind"))
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentions",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentions",
        verbose_name=_("organisation"),
    )
    field = models.CharField(max_length=10, default="body", verbose_name=_("field"))
    start = models.PositiveIntegerField(verbose_name=_("start"))
    end = models.PositiveIntegerField(verbose_name=_("end"))
    # as printed
    text = models.CharField(max_length=200, verbose_name=_("text as printed"))
    # 市委常委、宣传部部长
    title = models.CharField(
        max_length=200, blank=True, verbose_name=_("title as printed")
    )
    # of people.extraction
    rule = models.CharField(max_length=20, verbose_name=_("rule"))
    status = models.CharField(
        max_length=10,
        choices=MentionStatus.choices,
        default=MentionStatus.MACHINE,
        verbose_name=_("status"),
    )
    confidence = models.FloatField(default=1.0, verbose_name=_("machine confidence"))
    # No index: never looked up by reviewer, and every index slows the
    # ingest's bulk insert of ~50 mentions a page.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("reviewed at")
    )

    objects = MentionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        ordering = ["article_id", "field", "start"]
        indexes = [
            # The editors' decisions, read for every page the ingest writes
            # (people.selectors.mention_feedback): without it, a scan of
            # every mention of the archive per page.
            models.Index(fields=["status"], name="mention_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="person", person__isnull=False, organisation__isnull=True)
                    | Q(
                        kind="organisation",
                        organisation__isnull=False,
                        person__isnull=True,
                    )
                ),
                name="mention_names_one_entity",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="mention_span_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.status})"

    @property
    def named(self):
        return self.person if self.kind == self.Kind.PERSON else self.organisation


class OfficeHoldingQuerySet(models.QuerySet):
    def standing(self):
        """Facts whose mention was not rejected."""
        return self.exclude(mention__status=MentionStatus.REJECTED)


class OfficeHolding(models.Model):
    """A dated fact: the page of `date` names `person` with `office`."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="office_holdings",
        verbose_name=_("person"),
    )
    office = models.CharField(max_length=100, verbose_name=_("office"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="office_holdings",
        verbose_name=_("organisation"),
    )
    date = models.DateField(verbose_name=_("date"))  # the date
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="office_holdings",
        verbose_name=_("article"),
    )
    mention = models.ForeignKey(
        Mention,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="office_holdings",
        verbose_name=_("mention"),
    )

    objects = OfficeHoldingQuerySet.as_manager()

    class Meta:
        verbose_name = _("office holding")
        verbose_name_plural = _("office holdings")
        ordering = ["person_id", "date", "id"]
        indexes = [models.Index(fields=["person", "date"], name="office_person_date")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.office} ({self.date.isoformat()})"


class PeopleChange(models.Model):
    """One editorial act on people, organisations or mentions: who, when, what."""

    class Action(models.TextChoices):
        CONFIRM = "confirm", pgettext_lazy("people change", "confirmation")
        REJECT = "reject", pgettext_lazy("people change", "rejection")
        MERGE = "merge", pgettext_lazy("people change", "merge")
        SPLIT = "split", pgettext_lazy("people change", "split")
        ALIAS = "alias", pgettext_lazy("people change", "alias")
        RENAME = "rename", pgettext_lazy("people change", "rename")
        # The note telling homonyms apart.
        EDIT = "edit", pgettext_lazy("people change", "note edited")

    action = models.CharField(
        max_length=10, choices=Action.choices, verbose_name=_("action")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("organisation"),
    )
    # What was done, with the ids and names it touched, so it can be undone
    # by hand and read back after the rows themselves are gone.
    details = models.JSONField(default=dict, blank=True, verbose_name=_("details"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("time"))

    class Meta:
        verbose_name = _("people change")
        verbose_name_plural = _("people changes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} ({self.created_at:%Y-%m-%d %H:%M})"
