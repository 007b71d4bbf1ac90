"""gunicorn.conf.py, the deployment's server settings (README's
"PostgreSQL" and "Read replicas"; bench/server.py runs it): gunicorn starts
with it under the production settings, runs two single-threaded processes a
core (or WEB_CONCURRENCY), and keeps a client's connection alive between
requests."""

import http.client
import os
import runpy
import signal
import socket
import subprocess
import time
from pathlib import Path

from bench.server import free_port, gunicorn_command
from tests.security.test_production_settings import KEY

ROOT = Path(__file__).resolve().parents[1]


def answering(port: int, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer: {log.read_text()[-2000:]}")


def workers_of(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def test_two_processes_a_core_of_one_thread(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (conf["worker_class"], conf["threads"]) == ("gthread", 1)
    assert conf["workers"] == 2 * os.cpu_count()
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"] == 3


def test_gunicorn_serves_with_the_shipped_settings(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings.prod",
        DJANGO_SECRET_KEY=KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    env.pop("GUNICORN_CMD_ARGS", None)
    env["WEB_CONCURRENCY"] = "2"  # a test machine may have many cores
    log = tmp_path / "gunicorn.log"
    with log.open("w") as stderr:  # the server keeps its own copy of the file
        server = subprocess.Popen(
            gunicorn_command(f"127.0.0.1:{port}"),
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stderr=stderr,
        )
    try:
        answering(port, log)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/api/", headers={"Accept": "application/json"})
        first = conn.getresponse()
        first.read()
        kept = conn.sock
        conn.request("GET", "/api/", headers={"Accept": "application/json"})
        second = conn.getresponse()
        second.read()

        assert (first.status, second.status) == (200, 200)
        assert kept is not None and conn.sock is kept  # the same connection
        assert len(workers_of(server.pid)) == 2
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
