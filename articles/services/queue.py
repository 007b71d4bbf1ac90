"""Ingest spread over worker machines (`manage.py ingest PATH --queue`).

`ingest_run_enqueue` reads each file once, records it as an IngestRunFile and
sends one task per file, keyed by its content hash (the file's bytes travel
in the message, so a worker needs no access to the files).
`ingest_file_process`, run by a Celery worker (articles.tasks), writes the
page and its file's outcome in one transaction; the broker's message is
acknowledged only after that commit, so a task redelivered after a crash
finds its file done and changes nothing, and a worker killed mid-page leaves
nothing of the page behind. The last file done closes the run
(`ingest_run_close`).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from articles.models import IngestRun, IngestRunFile
from articles.services.archive import archive_statistics_refresh
from articles.services.ingest import publication_profiles, source_ingest
from articles.services.sources import source_prepare, source_read
from search import indexing as search_indexing

Status = IngestRunFile.Status
# Files read and recorded before their tasks are sent; a search-indexing task
# follows each batch (and the run's end).
ENQUEUE_BATCH = 200
# PostgreSQL advisory lock keys: one worker at a time drains the search
# queue, and writes a page.
SEARCH_QUEUE_LOCK = 0x6E657773  # "news"
PAGE_WRITE_LOCK = 0x70616765  # "page"


class TransientError(Exception):
    """A conflict with a concurrent worker (two pages of a new issue at once,
    a deadlock): nothing was written; the task is retried."""


@dataclass(frozen=True, slots=True)
class FileTask:
    run_id: int
    sha256: str
    file_name: str
    data: str  # base64: the message is JSON

    def as_args(self) -> list:
        return [self.run_id, self.sha256, self.file_name, self.data]


def ingest_run_enqueue(
    *,
    files: list[Path],
    missing: Iterable[Path] = (),
    options: dict,
    send: Callable[[FileTask], None],
    send_index: Callable[[int], None],
) -> IngestRun:
    """Record a run and its files, and `send` one task per readable file.

    Unreadable, oversized and missing files are recorded as failed at once.
    Tasks are sent after their files' rows have committed, so a worker always
    finds the row it is to complete.
    """
    missing = list(missing)
    run = IngestRun.objects.create(options=options, sources=len(files) + len(missing))
    IngestRunFile.objects.bulk_create(
        IngestRunFile(
            run=run,
            file_name=str(path),
            status=Status.FAILED,
            problem="no such file or folder",
            finished_at=timezone.now(),
        )
        for path in missing
    )
    sent = 0
    for start in range(0, len(files), ENQUEUE_BATCH):
        rows, tasks = [], []
        for path in files[start : start + ENQUEUE_BATCH]:
            row, task = _file_read(run=run, path=path)
            rows.append(row)
            if task is not None:
                tasks.append(task)
        sent += len(tasks)
        IngestRunFile.objects.bulk_create(rows)
        for task in tasks:
            send(task)
        # Behind this batch's tasks in the queue: indexes what they wrote.
        send_index(run.pk)
    if not sent:
        # Nothing to wait for (no readable file): close the run now.
        ingest_run_close(run_id=run.pk)
    run.refresh_from_db()
    return run


def _file_read(*, run: IngestRun, path: Path) -> tuple[IngestRunFile, FileTask | None]:
    row = IngestRunFile(run=run, file_name=str(path))
    try:
        data = source_read(path=path)
    except ValidationError as exc:
        row.status, row.problem = Status.FAILED, "; ".join(exc.messages)
        row.finished_at = timezone.now()
        return row, None
    row.sha256 = hashlib.sha256(data).hexdigest()
    # Files of the same content get a task each under the same key: the first
    # to run settles them all, the others find nothing left to do.
    task = FileTask(run.pk, row.sha256, path.name, base64.b64encode(data).decode())
    return row, task


def ingest_file_process(
    *, run_id: int, sha256: str, file_name: str, data: str, worker: str = ""
) -> str | None:
    """Ingest one queued file and record its outcome, in one transaction.

    Returns the outcome, or None when the file was already done (a
    redelivered task). Raises TransientError when a concurrent write got in
    the way (nothing written; retry), and DatabaseError when the database
    itself failed.
    """
    with transaction.atomic():
        rows = list(
            IngestRunFile.objects.select_for_update()
            .filter(run_id=run_id, sha256=sha256, status=Status.QUEUED)
            .order_by("pk")
        )
        if not rows:
            return None
        run = IngestRun.objects.get(pk=run_id)
        options = run.options
        try:
            # Parsing, segmentation and name extraction (most of the time)
            # run in parallel on every worker...
            prepared = source_prepare(
                source=base64.b64decode(data),
                file_name=file_name,
                profiles=publication_profiles(),
                max_bytes=settings.NEWSROOM_MAX_SOURCE_BYTES,
            )
            # ... in a savepoint: a bad page writes nothing of itself, and
            # its failure is still recorded below.
            with transaction.atomic(), search_indexing.indexing_deferred():
                _writers_take_turns()
                result = source_ingest(
                    source=prepared,
                    run=run,
                    publication_override=options.get("publication"),
                    date_override=_date(options.get("date")),
                    page_override=options.get("page"),
                    replace=bool(options.get("replace")),
                )
        except ValidationError as exc:
            status, problem = Status.FAILED, "; ".join(exc.messages)
        except DatabaseError as exc:
            raise TransientError(f"{type(exc).__name__}: {exc}") from exc
        except Exception as exc:  # a parser bug on one page must not stop a run
            status = Status.FAILED
            problem = f"unexpected error: {type(exc).__name__}: {exc}"
        else:
            status, problem = Status(result.outcome.value), ""
        _rows_settle(rows, status=status, problem=problem, worker=worker)
    return status


def _writers_take_turns() -> None:
    """Wait for the other workers' page writes to commit before writing one.

    People and organisations are matched by name, with no unique key (two
    people may share a name): two pages naming a new person, written at once,
    would each create them. Issues and publications would collide the same
    way. The lock lasts until this transaction ends. SQLite has one writer
    at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PAGE_WRITE_LOCK])


def ingest_file_fail(*, run_id: int, sha256: str, problem: str, worker: str = ""):
    """Record a file as failed for good (retries exhausted)."""
    with transaction.atomic():
        rows = list(
            IngestRunFile.objects.select_for_update().filter(
                run_id=run_id, sha256=sha256, status=Status.QUEUED
            )
        )
        _rows_settle(rows, status=Status.FAILED, problem=problem, worker=worker)


def _rows_settle(rows, *, status: str, problem: str, worker: str) -> None:
    now = timezone.now()
    for number, row in enumerate(rows):
        # Later files of the same content: the page is now as the first left it.
        same = number and status != Status.FAILED
        row.status = Status.UNCHANGED if same else status
        row.problem, row.worker, row.finished_at = problem, worker, now
    IngestRunFile.objects.bulk_update(
        rows, ["status", "problem", "worker", "finished_at"]
    )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def ingest_run_pending(*, run_id: int) -> bool:
    return IngestRunFile.objects.filter(run_id=run_id, status=Status.QUEUED).exists()


@transaction.atomic
def ingest_run_close(*, run_id: int) -> IngestRun:
    """Write a queued run's counts, errors and status once no file is pending.

    Idempotent, and safe when two workers finish the last files at once: the
    run's row is locked, and each counts after its own commit.
    """
    run = IngestRun.objects.select_for_update().get(pk=run_id)
    progress = ingest_run_progress(run=run)
    if run.finished_at is not None or progress.pending:
        return run
    run.pages_created = progress.counts[Status.CREATED]
    run.pages_unchanged = progress.counts[Status.UNCHANGED]
    run.pages_replaced = progress.counts[Status.REPLACED]
    run.pages_failed = progress.counts[Status.FAILED]
    run.errors = [
        {"file": name, "problem": problem}
        for name, problem in run.files.filter(status=Status.FAILED).values_list(
            "file_name", "problem"
        )
    ]
    run.finished_at = timezone.now()
    if not run.pages_failed:
        run.status = IngestRun.Status.SUCCEEDED
    elif run.pages_failed == progress.total:
        run.status = IngestRun.Status.FAILED
    else:
        run.status = IngestRun.Status.PARTIAL
    run.save()
    if run.pages_created or run.pages_replaced:
        transaction.on_commit(archive_statistics_refresh)
    return run


@dataclass(frozen=True)
class RunProgress:
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def pending(self) -> int:
        return self.counts[Status.QUEUED]

    @property
    def done(self) -> int:
        return self.total - self.pending


def ingest_run_progress(*, run: IngestRun) -> RunProgress:
    """How many of a queued run's files are in each state (one query)."""
    counts = dict.fromkeys(Status.values, 0)
    for status, count in (
        run.files.order_by().values_list("status").annotate(n=Count("id"))
    ):
        counts[status] = count
    return RunProgress(counts)


def search_queue_drain() -> int | None:
    """Index what the run's pages queued for search (search.indexing's durable
    queue); None when another worker is draining it already.

    One drainer at a time: two writing the same documents at once would
    collide. The one running drains until the queue is empty, so what a
    skipped call was sent for is indexed all the same.
    """
    if connection.vendor != "postgresql":
        return search_indexing.search_queue_process()  # SQLite: one writer anyway
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [SEARCH_QUEUE_LOCK])
        if not cursor.fetchone()[0]:
            return None
    try:
        return search_indexing.search_queue_process()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [SEARCH_QUEUE_LOCK])


def enqueue_settings() -> dict:
    """What a run records of how it was queued."""
    return {"queue": settings.NEWSROOM_INGEST_QUEUE}
