"""Workbench speed: render a page of ≥ 200 blocks and time each operation.

    python bench/workbench.py [--blocks 200] [--repeat 5]
    python bench/workbench.py --postgres postgres://postgres@127.0.0.1:5432

The page is the 2022-06-28 front page grown with both samples' article text
(bench.pages.big_page_text). It runs in a fresh database: a temporary
SQLite file, or a scratch PostgreSQL database created on the server given
with --postgres and dropped afterwards. Prints the render time (median of
--repeat, through the real admin view with the Django test client, so
middleware, session and template included) with its query count, and the
median time of each operation (service call, one transaction) followed by
its undo. Targets: render ≤ 300 ms, operation ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", help="server URL; a scratch database is used")
    args = parser.parse_args()

    scratch = None
    if args.postgres:
        import psycopg

        scratch = f"bench_workbench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.postgres + "/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {scratch}")
        os.environ["DATABASE_URL"] = f"{args.postgres}/{scratch}"
    else:
        folder = tempfile.mkdtemp(prefix="bench-workbench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"
    try:
        run(args)
    finally:
        if scratch:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(args.postgres + "/postgres", autocommit=True) as c:
                c.execute(f"DROP DATABASE {scratch}")


def run(args) -> None:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from articles.models import Article, Page, TextBlock
    from articles.services import source_ingest
    from bench.pages import big_page_text
    from editing import services as ops

    call_command("migrate", verbosity=0)
    page = source_ingest(
        source=big_page_text(blocks=args.blocks).encode(), file_name="bench.txt"
    ).page
    user = User.objects.create_superuser("bench", password="bench")
    blocks = page.blocks.count()
    print(f"page: {blocks} blocks, {page.articles.count()} articles")

    client = Client()
    client.force_login(user)
    url = reverse("admin:articles_page_workbench", args=[page.pk])
    client.get(url)  # warm up templates
    times = []
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200
    print(
        f"render: {statistics.median(times) * 1000:.1f} ms median "
        f"(min {min(times) * 1000:.1f}), {len(queries)} queries, "
        f"{len(response.content) // 1024} KB"
    )

    def version() -> int:
        return Page.objects.get(pk=page.pk).version

    def block(prefix: str) -> TextBlock:
        return TextBlock.objects.filter(page=page, text__startswith=prefix).first()

    def article() -> Article:
        return Article.objects.filter(
            page=page, headline__startswith="市十六届"
        ).first()

    def first_blocks():
        a = article()
        return list(a.blocks.order_by("position").values_list("pk", flat=True))

    # Each entry looks its rows up (untimed) and returns the timed call.
    operations = {
        "split": lambda: partial(
            ops.text_block_split,
            user=user,
            block=block("昨天上午，市委书记"),
            position=8,
            expected_version=version(),
        ),
        "merge": lambda: partial(
            ops.text_blocks_merge,
            user=user,
            blocks=[
                block("本报讯"),
                TextBlock.objects.get(page=page, sequence=block("本报讯").sequence + 1),
            ],
            expected_version=version(),
        ),
        "move (new article)": lambda: partial(
            ops.text_blocks_move,
            user=user,
            blocks=[block("波主持召开")],
            new_article=True,
            expected_version=version(),
        ),
        "reorder": lambda: partial(
            ops.article_blocks_reorder,
            user=user,
            article=article(),
            block_ids=first_blocks()[::-1],
            expected_version=version(),
        ),
        "retype": lambda: partial(
            ops.text_block_retype,
            user=user,
            block=block("波主持召开"),
            kind="ad",
            expected_version=version(),
        ),
        "correct": lambda: partial(
            ops.text_block_correct,
            user=user,
            block=block("波主持召开"),
            text="周军波主持召开",
            expected_version=version(),
        ),
        "article update": lambda: partial(
            ops.article_update,
            user=user,
            article=article(),
            fields={"headline": "市十六届政府会议"},
            bylines=[{"role": "reporter", "name": "王强"}],
            expected_version=version(),
        ),
        "article delete": lambda: partial(
            ops.article_delete, user=user, article=article(), expected_version=version()
        ),
        "confirm": lambda: partial(
            ops.article_confirm,
            user=user,
            article=article(),
            expected_version=version(),
        ),
        "resegment": lambda: partial(
            ops.page_resegment, user=user, page=page, expected_version=version()
        ),
    }
    print(f"{'operation':<20} {'do (ms)':>9} {'undo (ms)':>10}")
    for name, operation in operations.items():
        done, undone = [], []
        for _ in range(args.repeat):
            reset_queries()
            call = operation()
            start = time.perf_counter()
            change = call()
            done.append(time.perf_counter() - start)
            undo = partial(ops.change_undo, user=user, change=change)
            undo = partial(undo, expected_version=version())
            start = time.perf_counter()
            undo()
            undone.append(time.perf_counter() - start)
        print(
            f"{name:<20} {statistics.median(done) * 1000:>9.1f} "
            f"{statistics.median(undone) * 1000:>10.1f}"
        )


if __name__ == "__main__":
    main()
