"""Ingest runs: what each `manage.py ingest` (or queued run) was given and
did, file by file."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IngestRun(models.Model):
    """One run of `manage.py ingest`: what it was given and what it did."""

    class Status(models.TextChoices):
        RUNNING = "running", pgettext_lazy("ingest run", "running")
        SUCCEEDED = "succeeded", pgettext_lazy("ingest run", "succeeded")
        FAILED = "failed", pgettext_lazy("ingest run", "failed")
        PARTIAL = "partial", pgettext_lazy("ingest run", "partly failed")
        # Stopped before its end: Ctrl-C, a lost database, or killed (found
        # by the next run on the same host, its process being gone).
        INTERRUPTED = "interrupted", pgettext_lazy("ingest run", "interrupted")

    started_at = models.DateTimeField(auto_now_add=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("finished at")
    )
    status = models.CharField(
        max_length=12,
        choices=Status.choices,
        default=Status.RUNNING,
        verbose_name=_("status"),
    )
    # The process that runs it, so that a later run can tell a killed one.
    host = models.CharField(max_length=255, blank=True, verbose_name=_("host"))
    pid = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("process id")
    )
    sources = models.PositiveIntegerField(default=0, verbose_name=_("sources"))
    pages_created = models.PositiveIntegerField(
        default=0, verbose_name=_("pages created")
    )
    pages_unchanged = models.PositiveIntegerField(
        default=0, verbose_name=_("pages unchanged")
    )
    pages_replaced = models.PositiveIntegerField(
        default=0, verbose_name=_("pages replaced")
    )
    pages_failed = models.PositiveIntegerField(
        default=0, verbose_name=_("pages failed")
    )
    # [{"file", "problem"}]
    errors = models.JSONField(default=list, blank=True, verbose_name=_("errors"))
    options = models.JSONField(default=dict, blank=True, verbose_name=_("options"))

    class Meta:
        verbose_name = _("ingest run")
        verbose_name_plural = _("ingest runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Ingest run {self.pk} ({self.status})"


class IngestRunFile(models.Model):
    """One file of a queued ingest run (`ingest --queue`): its task's outcome.

    The task's key is the content hash: a redelivered task finds its file
    done and changes nothing; files of the same content share one task.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("ingest file", "queued")
        CREATED = "created", pgettext_lazy("ingest file", "created")
        UNCHANGED = "unchanged", pgettext_lazy("ingest file", "unchanged")
        REPLACED = "replaced", pgettext_lazy("ingest file", "replaced")
        FAILED = "failed", pgettext_lazy("ingest file", "failed")

    run = models.ForeignKey(
        IngestRun,
        on_delete=models.CASCADE,
        related_name="files",
        verbose_name=_("ingest run"),
    )
    file_name = models.CharField(max_length=1000, verbose_name=_("file name"))
    # blank: never read
    sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("SHA-256"))
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.QUEUED,
        verbose_name=_("status"),
    )
    problem = models.TextField(blank=True, verbose_name=_("problem"))
    worker = models.CharField(max_length=200, blank=True, verbose_name=_("worker"))
    finished_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("finished at")
    )

    class Meta:
        verbose_name = _("ingest run file")
        verbose_name_plural = _("ingest run files")
        ordering = ["run", "id"]
        indexes = [
            models.Index(fields=["run", "sha256"], name="ingestrunfile_run_sha256"),
            models.Index(fields=["run", "status"], name="ingestrunfile_run_status"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"
