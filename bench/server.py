"""Start-up shared by the benchmarks that load the project under gunicorn
(bench/abuse.py; bench/api.py to follow): a fresh archive of generated pages,
and the server on the loopback interface.

    with bench_archive(pages=100, seed=1, database_url=None) as archive:
        with gunicorn(archive.env, cache="bench-abuse") as port:
            ...  # HTTP/1.1 to 127.0.0.1:port

Loopback only: the server binds 127.0.0.1 and nothing else. The settings are
bench/api_settings.py (production settings, the benchmark's trivial view, no
anonymous throttling of the API).
"""

from __future__ import annotations

import http.client
import json
import os
import runpy
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ingest import generate  # noqa: E402

HOST = "127.0.0.1"

# Run by `manage.py shell` on the ingested archive: every article id, and the
# path of every page of the default article listing (following `next`).
CRAWL = """
import json
from urllib.parse import urlsplit
from django.test import Client
from articles.models import Article
client, path, pages = Client(HTTP_HOST="127.0.0.1"), "/api/articles/", []
while path:
    pages.append(path)
    following = client.get(path, HTTP_ACCEPT="application/json").json()["next"]
    path = following and urlsplit(following)._replace(scheme="", netloc="").geturl()
ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
print(json.dumps([ids, pages]))
"""


@dataclass(frozen=True)
class Archive:
    """A migrated database with the generated pages ingested."""

    env: dict[str, str]  # the environment of every command and the server
    ids: list[int]  # every article id
    list_paths: list[str]  # every page of the default article listing

    def manage(self, *args: str) -> str:
        """Run a management command on the archive; its standard output."""
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout


@contextmanager
def bench_archive(
    *, pages: int, seed: int, database_url: str | None
) -> Iterator[Archive]:
    """Generate `pages` pages from the samples (bench/ingest.py), ingest them
    into a fresh database (SQLite in a temporary folder unless
    `database_url`), and list what a reader can GET."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        generate(folder, pages, seed)
        env = dict(
            os.environ,
            # bench/ itself is not on the path: its search.py would shadow
            # the search app.
            DJANGO_SETTINGS_MODULE="bench.api_settings",
            PYTHONPATH=str(ROOT),
            DATABASE_URL=database_url or f"sqlite:///{tmp}/bench.sqlite3",
        )
        archive = Archive(env, [], [])
        archive.manage("migrate", "-v0")
        archive.manage("ingest", str(folder), "-v0")
        ids, list_paths = json.loads(
            archive.manage("shell", "-c", CRAWL).splitlines()[-1]
        )
        yield Archive(env, ids, list_paths)


def gunicorn_described() -> str:
    """How gunicorn.conf.py (and GUNICORN_CMD_ARGS, if set) runs the server."""
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    described = (
        f"gunicorn.conf.py: {conf['workers']} processes x {conf['threads']} "
        f"thread(s), {conf['worker_class']}"
    )
    extra = os.environ.get("GUNICORN_CMD_ARGS")
    return f"{described}; GUNICORN_CMD_ARGS {extra!r}" if extra else described


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    """Until the server answers its trivial view (bench/api_urls.py)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/bench/trivial/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not come up")


def gunicorn_command(bind: str, *options: str) -> list[str]:
    """The deployment's command line: this environment's gunicorn with the
    shipped gunicorn.conf.py, serving the project's WSGI application (the
    settings are the environment's)."""
    return [
        str(Path(sys.executable).with_name("gunicorn")),
        *("--config", str(ROOT / "gunicorn.conf.py"), "--bind", bind, *options),
        "newsroom.wsgi:application",
    ]


@contextmanager
def gunicorn(
    env: dict[str, str], *, cache: str, cache_seconds: int | None = None
) -> Iterator[int]:
    """The project under gunicorn as deployed (gunicorn.conf.py: two
    single-threaded processes a core, gthread: keeps connections alive, as
    API clients do; GUNICORN_CMD_ARGS may change any of it) on 127.0.0.1;
    yields its port once it answers, and stops it (its whole process group)
    on the way out.

    `cache`: the name of the per-worker local-memory cache, sized for every
    URL of a run (the default keeps 300); `cache_seconds`: the API response
    cache's lifetime (0: off), the settings' default if None."""
    port = free_port()
    server_env = {**env, "CACHE_URL": f"locmemcache://{cache}?MAX_ENTRIES=100000"}
    if cache_seconds is not None:
        server_env["NEWSROOM_API_CACHE_SECONDS"] = str(cache_seconds)
    server = subprocess.Popen(
        gunicorn_command(f"{HOST}:{port}", "--log-level", "warning"),
        env=server_env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        wait_for(port)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
