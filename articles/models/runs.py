"""Ingest runs: what each `manage.py ingest` (or queued run) was given and
did, file by file."""

from django.db import models


class IngestRun(models.Model):
    """One run of `manage.py ingest`: what it was given and what it did."""

    class Status(models.TextChoices):
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"
        PARTIAL = "partial"
        # Stopped before its end: Ctrl-C, a lost database, or killed (found
        # by the next run on the same host, its process being gone).
        INTERRUPTED = "interrupted"

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.RUNNING
    )
    # The process that runs it, so that a later run can tell a killed one.
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    sources = models.PositiveIntegerField(default=0)
    pages_created = models.PositiveIntegerField(default=0)
    pages_unchanged = models.PositiveIntegerField(default=0)
    pages_replaced = models.PositiveIntegerField(default=0)
    pages_failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"file", "problem"}]
    options = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Ingest run {self.pk} ({self.status})"


class IngestRunFile(models.Model):
    """One file of a queued ingest run (`ingest --queue`): its task's outcome.

    The task's key is the content hash: a redelivered task finds its file
    done and changes nothing; files of the same content share one task.
    """

    class Status(models.TextChoices):
        QUEUED = "queued"
        CREATED = "created"
        UNCHANGED = "unchanged"
        REPLACED = "replaced"
        FAILED = "failed"

    run = models.ForeignKey(IngestRun, on_delete=models.CASCADE, related_name="files")
    file_name = models.CharField(max_length=1000)
    sha256 = models.CharField(max_length=64, blank=True)  # blank: never read
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    problem = models.TextField(blank=True)
    worker = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "id"]
        indexes = [
            models.Index(fields=["run", "sha256"], name="ingestrunfile_run_sha256"),
            models.Index(fields=["run", "status"], name="ingestrunfile_run_status"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"
