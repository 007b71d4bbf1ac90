"""The history of the archive: every editorial change of a page, undoable
as a unit, and the archive's change counter that the API's cache keys on."""

from django.conf import settings
from django.db import models
from django.db.models import Prefetch

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
        SPLIT = "split"
        MERGE = "merge"
        MOVE = "move"
        REORDER = "reorder"
        RETYPE = "retype"
        CORRECT = "correct"
        ARTICLE_UPDATE = "article_update", "Article update"
        ARTICLE_DELETE = "article_delete", "Article delete"
        CONFIRM = "confirm"
        RESEGMENT = "resegment"
        REPLACE = "replace"  # a new source for the page (ingest --replace)
        UNDO = "undo"
        REDO = "redo"

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="changes")
    # None: made by a command run without --user (ingest --replace).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="page_changes",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    operation = models.CharField(max_length=20, choices=Operation.choices)
    summary = models.TextField(blank=True)
    page_version = models.PositiveIntegerField()  # the page's version after it
    undo_of = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="undone_by",
    )

    objects = PageChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_operation_display()} on {self.page} by {self.user_id}"


class PageChangeRow(models.Model):
    """The state of one row before and after a change: only the fields that
    changed, or the whole row when it was created (before is None) or deleted
    (after is None)."""

    class Model(models.TextChoices):
        ARTICLE = "article"
        TEXT_BLOCK = "textblock"
        BYLINE = "byline"
        PAGE = "page"  # its source, edition and warnings (a replace)
        PAGE_CREDIT = "pagecredit"

    change = models.ForeignKey(
        PageChange, on_delete=models.CASCADE, related_name="rows"
    )
    model = models.CharField(max_length=20, choices=Model.choices)
    object_id = models.PositiveBigIntegerField()
    # The article the row belonged to (after, else before): counts corrections
    # per article without reading the JSON.
    article_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
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

    revision = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Archive revision {self.revision}"
