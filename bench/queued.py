"""Queued ingest throughput: pages/s with 1 and 2 Celery workers beside the
in-process command, in one run.

    python bench/queued.py --pages 200 --postgres postgres://postgres@127.0.0.1:5432

The same generated pages (bench/ingest.py's) are ingested three times, each
into a fresh scratch PostgreSQL database: by `manage.py ingest PATH` (the
yardstick: its parsing processes and one writer), then by `manage.py ingest
PATH --queue` with 1 and with 2 `celery -A newsroom worker` processes (one
pool process each), timed from the enqueue to the run's end with its search
indexing done. Needs RabbitMQ (CELERY_BROKER_URL, default 127.0.0.1:5672);
each run uses a queue of its own.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ingest import generate  # noqa: E402
from bench.scratch import scratch_postgres  # noqa: E402

MANAGE = [sys.executable, str(ROOT / "manage.py")]


def _env(database_url: str, queue: str) -> dict:
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="newsroom.settings.dev",
        DJANGO_DEBUG="false",  # as in production: no query log
        DATABASE_URL=database_url,
        NEWSROOM_INGEST_QUEUE=queue,
    )


def _sql(database_url: str, query: str):
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        return conn.execute(query).fetchone()


def in_process(folder: Path, database_url: str) -> float:
    env = _env(database_url, "unused")
    subprocess.run([*MANAGE, "migrate", "-v0"], env=env, check=True)
    started = time.perf_counter()
    subprocess.run([*MANAGE, "ingest", str(folder), "-v0"], env=env, check=True)
    return time.perf_counter() - started


def queued(folder: Path, database_url: str, workers: int, log_dir: Path) -> float:
    queue = f"newsroom-bench-{uuid.uuid4().hex[:12]}"
    env = _env(database_url, queue)
    subprocess.run([*MANAGE, "migrate", "-v0"], env=env, check=True)
    processes = []
    for number in range(workers):
        log = (log_dir / f"worker{workers}-{number}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "newsroom", "worker"]
                + ["-c", "1", "-n", f"bench{number}-{queue}@%h", "-l", "warning"]
                + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    try:
        time.sleep(8)  # the workers connect and load Django and jieba
        started = time.perf_counter()
        out = subprocess.run(
            [*MANAGE, "ingest", str(folder), "--queue"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        run_id = int(re.search(r"Ingest run (\d+)", out).group(1))
        while True:
            finished, waiting = _sql(
                database_url,
                f"SELECT finished_at IS NOT NULL, (SELECT count(*) FROM "
                f"search_searchqueueentry) FROM articles_ingestrun WHERE id = {run_id}",
            )
            if finished and not waiting:
                break
            time.sleep(0.25)
        elapsed = time.perf_counter() - started
        (created,) = _sql(
            database_url,
            f"SELECT pages_created FROM articles_ingestrun WHERE id = {run_id}",
        )
        assert created == len(list(folder.iterdir())), created
        return elapsed
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(60)
        from kombu import Connection

        broker = os.environ.get(
            "CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//"
        )
        with Connection(broker) as conn:
            conn.default_channel.queue_delete(queue)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--postgres",
        metavar="SERVER_URL",
        default="postgres://postgres@127.0.0.1:5432",
        help="server for the scratch databases (default %(default)s)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        size = generate(folder, args.pages, args.seed)
        print(f"pages           {args.pages}  ({size / 1e6:.1f} MB), PostgreSQL")
        with scratch_postgres(args.postgres, "newsroom_bench_inproc") as url:
            yardstick = args.pages / in_process(folder, url)
        print(f"in-process      {yardstick:6.1f} pages/s  (manage.py ingest PATH)")
        for workers in (1, 2):
            with scratch_postgres(args.postgres, f"newsroom_bench_q{workers}") as url:
                rate = args.pages / queued(folder, url, workers, Path(tmp))
            print(
                f"queue, {workers} worker{'s' if workers > 1 else ' '} "
                f"{rate:6.1f} pages/s  {rate / yardstick:.2f}x in-process"
            )


if __name__ == "__main__":
    main()
