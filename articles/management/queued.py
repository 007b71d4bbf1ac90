"""The queued side of `manage.py ingest`: --queue and --status RUN.

Kept apart from the command so that Celery is imported only when asked for.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.models import IngestRun, IngestRunFile
from articles.services import queue as ingest_queue
from search.models import SearchQueueEntry

# Failed files listed by --status (all of them with -v2).
FAILURES_SHOWN = 20


def run_enqueue(
    command: BaseCommand,
    collected: tuple[list[Path], list[Path]],
    options: dict,
    *,
    run_options: dict,
) -> None:
    """Record a run, send its files to the workers, print its id."""
    if options["dry_run"]:
        raise CommandError("--dry-run checks files here: run it without --queue.")
    from articles import tasks  # Celery, only for queued runs

    files, missing = collected
    try:
        with tasks.app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=2)
    except Exception as exc:
        raise CommandError(
            f"cannot reach the queue's broker ({exc}): start RabbitMQ or set "
            "CELERY_BROKER_URL"
        ) from exc
    run = ingest_queue.ingest_run_enqueue(
        files=files,
        missing=missing,
        options={**run_options, "queue": settings.NEWSROOM_INGEST_QUEUE},
        send=tasks.send_file,
        send_index=tasks.send_index,
    )
    if options["verbosity"] >= 1:
        command.stdout.write(
            f"Ingest run {run.pk}: {run.sources} files queued on "
            f"{settings.NEWSROOM_INGEST_QUEUE}; follow it with "
            f"`manage.py ingest --status {run.pk}`."
        )
    else:
        command.stdout.write(str(run.pk))


def run_status(command: BaseCommand, run_id: int, *, verbosity: int = 1) -> None:
    """Print a run's progress, its failed files and, once done, its summary."""
    run = IngestRun.objects.filter(pk=run_id).first()
    if run is None:
        raise CommandError(f"no ingest run {run_id}")
    out = command.stdout
    progress = ingest_queue.ingest_run_progress(run=run)
    if progress.total:  # a queued run: its files tell the progress
        counts = progress.counts
        out.write(
            f"Ingest run {run.pk} ({run.status}): {progress.done}/{progress.total} "
            f"files done: {counts['created']} created, {counts['unchanged']} "
            f"unchanged, {counts['replaced']} replaced, {counts['failed']} failed; "
            f"{progress.pending} queued."
        )
    failed = run.files.filter(status=IngestRunFile.Status.FAILED)
    errors = (
        list(failed.values("file_name", "problem"))
        if progress.total
        else [{"file_name": e["file"], "problem": e["problem"]} for e in run.errors]
    )
    shown = errors if verbosity >= 2 else errors[:FAILURES_SHOWN]
    for error in shown:
        out.write(command.style.ERROR(f"{error['file_name']}: {error['problem']}"))
    if len(shown) < len(errors):
        out.write(f"… and {len(errors) - len(shown)} more failed files (-v2).")
    if run.finished_at is not None:
        waiting = SearchQueueEntry.objects.count()
        finished = timezone.localtime(run.finished_at)
        out.write(
            f"Finished {finished:%Y-%m-%d %H:%M:%S}: {run.status}; "
            f"{run.sources} files: {run.pages_created} created, "
            f"{run.pages_unchanged} unchanged, {run.pages_replaced} replaced, "
            f"{run.pages_failed} failed"
            + (f"; {waiting} articles waiting for search indexing." if waiting else ".")
        )
