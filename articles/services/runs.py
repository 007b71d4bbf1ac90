"""Ingest runs: started with the process that runs them, so that a run left
"running" by a killed process is found and marked interrupted by the next."""

from __future__ import annotations

import os
import socket

from django.db import transaction
from django.utils import timezone

from articles.models import IngestRun


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


@transaction.atomic
def ingest_runs_interrupted_mark() -> list[int]:
    """Mark interrupted the runs still "running" whose process is gone.

    Only runs of this host can be checked (a process id means nothing
    elsewhere); runs recorded before processes were (no pid) are left alone.
    Returns the ids marked.
    """
    host = socket.gethostname()
    stale = [
        run
        for run in IngestRun.objects.select_for_update().filter(
            status=IngestRun.Status.RUNNING, host=host, pid__isnull=False
        )
        if not _alive(run.pid)
    ]
    now = timezone.now()
    for run in stale:
        run.status = IngestRun.Status.INTERRUPTED
        run.finished_at = now
    IngestRun.objects.bulk_update(stale, ["status", "finished_at"])
    return [run.pk for run in stale]


def ingest_run_start(*, options: dict) -> IngestRun:
    """Record a new run by this process (after marking dead runs interrupted)."""
    ingest_runs_interrupted_mark()
    return IngestRun.objects.create(
        options=options, host=socket.gethostname(), pid=os.getpid()
    )
