"""The history of the archive: every editorial change of a page, undoable
as a unit, and the archive's change counter that the API's cache keys on."""

from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.models.archive import Page


class PageChangeQuerySet(models.QuerySet):
    def for_timeline(self):
        """Changes newest first with their editor and undo links, and the text
        rows of corrections (and undos) in `.text_rows`, to show as diffs."""
        text_rows = PageChangeRow.objects.filter(
            model=PageChangeRow.Model.TEXT_BLOCK,
            change__operation__in=[
                PageChange.Operation.CORRECT,
                PageChange.Operation.UNDO,
            ],
        )
        return (
            self.select_related("user", "undo_of", "undone_by")
            .prefetch_related(Prefetch("rows", text_rows, to_attr="text_rows"))
            .order_by("-created_at", "-id")
        )


class PageChange(models.Model):
    """One editorial operation on a page, undoable as a unit.

    Its rows hold the before/after state of every row the operation touched.
    Ingest records nothing: a row's machine state is captured the first time an
    editor changes it, so bulk loading stays as fast as it was.
    """

    class Operation(models.TextChoices):
        SPLIT = "split", pgettext_lazy("page change", "split")
        MERGE = "merge", pgettext_lazy("page change", "merge")
        MOVE = "move", pgettext_lazy("page change", "move")
        REORDER = "reorder", pgettext_lazy("page change", "reorder")
        RETYPE = "retype", pgettext_lazy("page change", "change of kind")
        CORRECT = "correct", pgettext_lazy("page change", "correction")
        ARTICLE_UPDATE = (
            "article_update",
            pgettext_lazy("page change", "article update"),
        )
        ARTICLE_DELETE = (
            "article_delete",
            pgettext_lazy("page change", "article delete"),
        )
        CONFIRM = "confirm", pgettext_lazy("page change", "confirmation")
        RESEGMENT = "resegment", pgettext_lazy("page change", "re-segmentation")
        # A new source for the page (ingest --replace).
        REPLACE = "replace", pgettext_lazy("page change", "new source")
        UNDO = "undo", pgettext_lazy("page change", "undo")
        REDO = "redo", pgettext_lazy("page change", "redo")

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="changes", verbose_name=_("page")
    )
    # None: made by a command run without --user (ingest --replace).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="page_changes",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(
        auto_now_add=True, db_index=True, verbose_name=_("time")
    )
    operation = models.CharField(
        max_length=20, choices=Operation.choices, verbose_name=_("operation")
    )
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    # the page's version after it
    page_version = models.PositiveIntegerField(verbose_name=_("page version after it"))
    undo_of = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="undone_by",
        verbose_name=_("undoes"),
    )

    objects = PageChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("page change")
        verbose_name_plural = _("page changes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_operation_display()} on {self.page} by {self.user_id}"


class PageChangeRow(models.Model):
    """The state of one row before and after a change: only the fields that
    changed, or the whole row when it was created (before is None) or deleted
    (after is None)."""

    class Model(models.TextChoices):
        ARTICLE = "article", _("article")
        TEXT_BLOCK = "textblock", _("text block")
        BYLINE = "byline", _("byline")
        # Its source, edition and warnings (a replace).
        PAGE = "page", _("page")
        PAGE_CREDIT = "pagecredit", _("page credit")

    change = models.ForeignKey(
        PageChange,
        on_delete=models.CASCADE,
        related_name="rows",
        verbose_name=_("change"),
    )
    model = models.CharField(
        max_length=20, choices=Model.choices, verbose_name=_("kind of row")
    )
    object_id = models.PositiveBigIntegerField(verbose_name=_("row id"))
    # The article the row belonged to (after, else before): counts corrections
    # per article without reading the JSON.
    article_id = models.PositiveBigIntegerField(
        null=True, blank=True, db_index=True, verbose_name=_("article id")
    )
    before = models.JSONField(null=True, blank=True, verbose_name=_("before"))
    after = models.JSONField(null=True, blank=True, verbose_name=_("after"))

    class Meta:
        verbose_name = _("changed row")
        verbose_name_plural = _("changed rows")
        ordering = ["change_id", "id"]

    def __str__(self) -> str:
        return f"{self.model} {self.object_id}"


class ArchiveRevision(models.Model):
    """One row counting changes to the archive, with the time of the last.

    Bumped by every service that writes (articles.services.archive), in the
    writing transaction. The API keys its cached responses on the
    revision and sends its time as Last-Modified, so both are never older than
    the data they describe.
    """

    revision = models.PositiveBigIntegerField(default=0, verbose_name=_("revision"))
    changed_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("changed at")
    )

    class Meta:
        verbose_name = _("archive revision")
        verbose_name_plural = _("archive revisions")

    def __str__(self) -> str:
        return f"Archive revision {self.revision}"
