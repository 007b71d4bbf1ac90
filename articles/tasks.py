"""Celery tasks of the queued ingest (articles.services.queue does the work).

Run by `celery -A newsroom worker`; sent by `manage.py ingest PATH --queue`.
"""

from __future__ import annotations

import socket

from celery.utils.log import get_task_logger
from django.conf import settings
from django.db import DatabaseError

from articles.services import queue as ingest_queue
from newsroom.celery import app

logger = get_task_logger(__name__)
# Concurrent pages of one new issue collide on its row; the loser retries.
MAX_RETRIES = 8


@app.task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def ingest_file(self, run_id: int, sha256: str, file_name: str, data: str) -> None:
    """Ingest one file of a run; a redelivered copy changes nothing."""
    worker = self.request.hostname or socket.gethostname()
    try:
        outcome = ingest_queue.ingest_file_process(
            run_id=run_id, sha256=sha256, file_name=file_name, data=data, worker=worker
        )
    except (ingest_queue.TransientError, DatabaseError) as exc:
        if self.request.retries >= self.max_retries:
            ingest_queue.ingest_file_fail(
                run_id=run_id, sha256=sha256, problem=str(exc), worker=worker
            )
        else:
            logger.info("%s: %s; retrying", file_name, exc)
            raise self.retry(countdown=0.2 * 2**self.request.retries) from exc
    else:
        if outcome is None:
            logger.info("%s: already done (redelivered)", file_name)
            return
    if not ingest_queue.ingest_run_pending(run_id=run_id):
        run = ingest_queue.ingest_run_close(run_id=run_id)
        if run.finished_at is not None:
            search_index.apply_async([run_id], queue=settings.NEWSROOM_INGEST_QUEUE)


@app.task(acks_late=True)
def search_index(run_id: int) -> None:
    """Index the articles queued for search (those of run `run_id` among them)."""
    indexed = ingest_queue.search_queue_drain()
    logger.info("run %s: %s articles indexed", run_id, indexed)


def send_file(task: ingest_queue.FileTask) -> None:
    ingest_file.apply_async(
        task.as_args(),
        task_id=f"ingest-{task.run_id}-{task.sha256}",
        queue=settings.NEWSROOM_INGEST_QUEUE,
    )


def send_index(run_id: int) -> None:
    search_index.apply_async([run_id], queue=settings.NEWSROOM_INGEST_QUEUE)
