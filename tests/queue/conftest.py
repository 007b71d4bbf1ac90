"""Real parts for the queued ingest: RabbitMQ and Celery worker processes.

The workers are separate processes (`celery -A newsroom worker`), as on
another machine: they reach the test's PostgreSQL database through
DATABASE_URL and take tasks from a queue of this test run's own, so parallel
runs on the same broker never take each other's tasks.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
WORKER_START_SECONDS = 60


def _answers(url: str) -> bool:
    from kombu.utils.url import url_to_parts

    parts = url_to_parts(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 5672), 2):
            return True
    except OSError:
        return False


@pytest.fixture
def broker_queue(settings):
    """A queue of this test's own on the real broker, deleted afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "queued ingest needs a database server that worker processes share "
            "(run with DATABASE_URL=postgres://…)"
        )
    if not _answers(settings.CELERY_BROKER_URL):
        pytest.skip(
            f"no RabbitMQ at {settings.CELERY_BROKER_URL} (.ci/run starts one: "
            "rabbitmq-server -detached)"
        )
    name = f"newsroom-test-{uuid.uuid4().hex[:12]}"
    settings.NEWSROOM_INGEST_QUEUE = name
    yield name
    from articles.tasks import app

    with app.connection_for_write() as conn, contextlib.suppress(Exception):
        conn.default_channel.queue_delete(name)


def database_url() -> str:
    """The URL of the database this test uses (pytest-django's test_… one)."""
    db = connection.settings_dict
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass(eq=False)
class Worker:
    name: str
    process: subprocess.Popen
    log: Path

    def kill(self) -> None:
        """SIGKILL the worker and its pool process, as when a machine dies."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def start_worker(broker_queue, tmp_path):
    """Start a Celery worker process on the test's queue and database."""
    started: list[Worker] = []

    def start(role: str) -> Worker:
        # Unique on the machine: the broker's per-node queues and the
        # database sessions (PGAPPNAME) of parallel test runs stay apart.
        name = f"{role}-{broker_queue.rsplit('-', 1)[-1]}"
        log = tmp_path / f"{role}.log"
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="newsroom.settings.test",
            DATABASE_URL=database_url(),
            NEWSROOM_INGEST_QUEUE=broker_queue,
            CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
            # The test finds a worker's database sessions by this name.
            PGAPPNAME=name,
        )
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "newsroom", "worker"]
            # Prefork, the default pool: its parent acknowledges messages
            # for the pool process that runs the task.
            + ["--pool", "prefork", "-c", "1", "-n", f"{name}@%h", "-l", "info"]
            + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed whole
        )
        worker = Worker(name, process, log)
        started.append(worker)
        deadline = time.monotonic() + WORKER_START_SECONDS
        while "ready." not in worker.output():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"worker {name} did not start:\n{worker.output()}")
            time.sleep(0.2)
        return worker

    yield start
    for worker in started:
        if worker.process.poll() is None:
            os.killpg(worker.process.pid, signal.SIGTERM)
            try:
                worker.process.wait(30)
            except subprocess.TimeoutExpired:
                worker.kill()
