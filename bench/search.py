"""Search speed: index build rate and query latency on a generated archive.

    python bench/search.py --articles 100000 --postgres postgres://postgres@127.0.0.1:5432
    python bench/search.py --articles 2000 --baseline-articles 500

Builds N articles from the two sample pages' vocabulary (their sentences,
headlines, rubrics and names, recombined; body lengths drawn from the
samples' articles; dates over 25 years), loads them into a fresh database and
indexes them with `rebuild_index` (articles/s; --workers analysing processes,
as a user runs it). Then runs, through the
site's own search service (search.services.article_search: highlighting and
all seven facets, results loaded for display), 500 two-word queries and 100
phrase queries, in --rounds rounds interleaved between the engines (each
engine's index is built first, one engine after the other), and prints the
median p50 and the min / median / max of the rounds' p95, with the run's
conditions (load average before and after, CPUs, a CPU yardstick —
bench/yardstick.py — workers, whether jieba's dictionary cache was warm; per
engine its text index, database size and cache setting). The first search
of a process, which loads the document table (search.documents), is timed
apart. Each engine
runs in a child process on a fresh database: SQLite (temporary file) and,
with --postgres, a scratch PostgreSQL database that is dropped afterwards
(one per --postgres-index: rum, gin or both, to compare them; --engines
postgres leaves SQLite out, as for a run at 1,000,000 articles). In
the same run the baseline, stock haystack + Whoosh with jieba's
ChineseAnalyzer, indexes --baseline-articles of the same articles and answers
the same queries through SearchQuerySet (auto_query, highlight, the same
facets).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch_postgres  # noqa: E402
from bench.search_archive import load, queries  # noqa: E402
from bench.search_reuse import already_built, as_figure, kept_postgres  # noqa: E402
from bench.search_rounds import Child, round_figures  # noqa: E402
from bench.yardstick import jieba_rate  # noqa: E402


def worker(args) -> dict:
    """In a child process with DATABASE_URL set: load, index, query."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.search_settings")
    if args.engine == "whoosh":
        os.environ["NEWSROOM_BENCH_WHOOSH"] = args.whoosh_path
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.NEWSROOM_SEARCH_ON_COMMIT = False
    if args.text_index:
        settings.NEWSROOM_SEARCH_RUM = args.text_index == "rum"
    two_words, phrases = queries(args.seed)
    if args.engine != "whoosh" and already_built(args):
        # --reuse: the archive and its index from an earlier run (or from
        # this run's other child of the same engine); no build figures.
        progress(args, "reusing the archive and index built earlier")
        return reused_run(args, two_words)
    call_command("migrate", verbosity=0)
    progress(args, f"loading {args.articles:,} articles")
    load_seconds = load(args.articles, args.seed)
    progress(args, f"loaded in {load_seconds:.0f} s")
    if args.engine == "whoosh":
        return whoosh_run(args, load_seconds, two_words, phrases)

    # What a user runs to build the index of an archive: rebuild_index, in
    # batches of 1,000, with --workers processes analysing text beside the
    # writer (on PostgreSQL the GIN index is built once, at the end).
    progress(args, "building the index")
    t0 = time.perf_counter()
    call_command(
        "rebuild_index",
        interactive=False,
        batch_size=1000,
        workers=args.workers,
        verbosity=1 if args.progress else 0,
        stdout=sys.stderr,  # stdout carries the figures to the parent
    )
    build = time.perf_counter() - t0
    progress(args, f"built in {build:.0f} s ({args.articles / build:,.0f} articles/s)")
    figures, one = searches_ready(args, two_words)
    return {**summary(args, load_seconds, build), **figures}, one


def searches_ready(args, two_words) -> tuple[dict, object]:
    """The first search (timed apart), and the function timed by the rounds."""
    from search.services import article_search

    # A process's first search loads the document table (search.documents);
    # timed apart, as it happens once per server process.
    t0 = time.perf_counter()
    article_search(q=two_words[0])
    first = time.perf_counter() - t0

    def one(q):
        outcome = article_search(q=q)
        [r.highlighted["text"][0] for r in outcome.results]
        return outcome.total > 0

    figures = {
        "first_ms": round(first * 1000),
        "index": text_index_kind(),
        "code": str(Path(sys.modules["search"].__file__).parents[1]),
        **database_conditions(),
    }
    return figures, one


def reused_run(args, two_words):
    figures, one = searches_ready(args, two_words)
    return {
        "engine": args.engine,
        "articles": args.articles,
        "load_s": "-",
        "build_s": "-",
        "rate": "reused",
        **figures,
    }, one


def text_index_kind() -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        return "fts5"
    from search.backends import pg_index

    with connection.cursor() as cursor:
        return pg_index.existing(cursor) or "none"


def database_conditions() -> dict:
    """What the database's cache holds and may hold: the queries run right
    after the build, on the pages it left in memory (a warm cache)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT current_setting('shared_buffers'), "
                "pg_size_pretty(pg_database_size(current_database()))"
            )
            buffers, size = cursor.fetchone()
            return {"db cache": f"shared_buffers {buffers}", "db size": size}
        cursor.execute("PRAGMA cache_size")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_count")
        count = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        size = count * cursor.fetchone()[0] / 2**20
        return {"db cache": f"cache_size {pages}", "db size": f"{size:.0f} MB"}


def progress(args, message: str) -> None:
    """A phase of a child's run, on stderr (long runs log it)."""
    if args.progress:
        stamp = time.strftime("%H:%M:%S", time.gmtime())
        load1 = os.getloadavg()[0]
        print(
            f"{stamp} {args.engine}: {message} (load {load1:.1f})",
            file=sys.stderr,
            flush=True,
        )


def whoosh_run(args, load_seconds, two_words, phrases):
    from haystack import connections
    from haystack.inputs import AutoQuery
    from haystack.query import SearchQuerySet

    from articles.models import Article

    index = connections["default"].get_unified_index().get_index(Article)
    backend = connections["default"].get_backend()
    backend.setup()
    t0 = time.perf_counter()
    objs = list(index.index_queryset().order_by("pk"))
    for start in range(0, len(objs), 100):
        backend.update(index, objs[start : start + 100])
    build = time.perf_counter() - t0
    facets = ("year", "month", "page", "rubric", "kind", "person", "organisation")

    def one(q):
        sqs = SearchQuerySet().models(Article).filter(content=AutoQuery(q))
        for name in facets:
            sqs = sqs.facet(name)
        sqs = sqs.highlight()
        results = list(sqs[:10])
        total = sqs.count()
        [getattr(r, "highlighted", None) for r in results]
        return total > 0

    return summary(args, load_seconds, build), one


def serve_rounds(args, ready: dict, one) -> None:
    """Print the build's figures, then answer each `round` line of stdin
    with the round's timings (all the queries, in a shuffled order)."""
    two_words, phrases = queries(args.seed)
    print(json.dumps(ready), flush=True)
    rng = random.Random(args.seed + 2)
    for line in sys.stdin:
        if line.strip() != "round":
            break
        timings, hits = {}, {}
        for label, qs in (("two-word", two_words), ("phrase", phrases)):
            qs = qs[:]
            rng.shuffle(qs)
            times, found = [], 0
            for q in qs:
                t = time.perf_counter()
                found += one(q)
                times.append((time.perf_counter() - t) * 1000)
            timings[label] = times
            hits[label] = found
        print(json.dumps(round_figures(timings, hits)), flush=True)


def summary(args, load_seconds, build):
    return {
        "engine": args.engine,
        "articles": args.articles,
        "load_s": round(load_seconds, 1),
        "build_s": round(build, 1),
        "rate": round(args.articles / build, 1),
    }


def conditions(args, when: str) -> None:
    load1, load5, load15 = os.getloadavg()
    print(
        f"conditions {when}: load average {load1:.2f} {load5:.2f} {load15:.2f}, "
        f"{os.cpu_count()} CPUs, CPU yardstick jieba.lcut {jieba_rate():.2f} MB/s",
        flush=True,
    )


def engines_run(args, size: int, tmp: str, postgres) -> list[dict]:
    """Build each engine's index of `size` articles one after the other
    (build rates are not disturbed by another build), then run the query
    rounds interleaved: round 1 of each engine, round 2 of each, …"""
    children = []

    def engine(name, env, kind=""):
        children.append(Child(name, size, args, env, kind))
        if args.compare_with:  # the same database, another checkout's code
            children.append(Child(name, size, args, env, kind, args.compare_with))

    if "sqlite" in args.engines:
        folder = tempfile.gettempdir() if args.reuse else tmp
        url = f"sqlite:///{folder}/newsroom_bench_search_{size}_{args.reuse}.sqlite3"
        engine("sqlite", {"DATABASE_URL": url})
    if postgres and "postgres" in args.engines:
        # One database per text index asked for (--postgres-index rum,gin:
        # the two compared in the same run).
        for kind in args.postgres_index.split(","):
            name = f"newsroom_bench_search_{size}_{kind}"
            if args.reuse:
                url = kept_postgres(args.postgres, f"{name}_{args.reuse}")
            else:
                url = postgres.enter_context(scratch_postgres(args.postgres, name))
            engine("postgres", {"DATABASE_URL": url}, kind)
    if args.baseline_articles == size:
        env = {
            "DATABASE_URL": f"sqlite:///{tmp}/whoosh.sqlite3",
            "WHOOSH": f"{tmp}/whoosh_index",
        }
        children.append(Child("whoosh", size, args, env))
    for number in range(args.rounds):
        for child in children:
            child.round()
        load1, load5, _ = os.getloadavg()
        print(f"round {number + 1} done: load average {load1:.2f} {load5:.2f}")
    rows = [child.close() for child in children]
    for row in rows:
        print(json.dumps(row), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--baseline-articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", metavar="SERVER_URL")
    parser.add_argument("--worker", choices=["sqlite", "postgres", "whoosh"])
    parser.add_argument("--whoosh-path", default="")
    parser.add_argument(
        "--engines",
        default="sqlite,postgres",
        help="which of sqlite,postgres to run (postgres needs --postgres)",
    )
    parser.add_argument(
        "--postgres-index",
        default="gin",
        help="PostgreSQL text index(es), one database each: gin, rum (when "
        "the server has the extension, else gin) or gin,rum (default gin)",
    )
    parser.add_argument("--text-index", default="", help=argparse.SUPPRESS)
    parser.add_argument("--tree", default="", help=argparse.SUPPRESS)
    parser.add_argument(
        "--reuse",
        default="",
        metavar="TAG",
        help="keep the archive and index (PostgreSQL databases and a SQLite "
        "file named with TAG) and reuse them in the next run with the same "
        "TAG, size and seed: queries only, no build figures",
    )
    parser.add_argument(
        "--compare-with",
        default="",
        metavar="CHECKOUT",
        help="run each engine's queries with the project's code of another "
        "checkout too (e.g. /work/main), on the same database, in the same "
        "interleaved rounds (the database schema must be the same)",
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        help="each phase of each engine on stderr, with rebuild_index's bar",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="update_index's analysing processes (default 2)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="query rounds per engine, interleaved between engines (default 3)",
    )
    args = parser.parse_args()
    if args.worker:
        args.engine = args.worker
        if args.tree:
            sys.path.insert(0, str(Path(args.tree).resolve()))
        serve_rounds(args, *worker(args))
        return
    import contextlib

    dictionary = Path(tempfile.gettempdir(), "jieba.cache")
    conditions(args, "before")
    print(
        f"workers {args.workers} (index build), rounds {args.rounds} per engine "
        "(interleaved), queries in a warm process: the document table is "
        "loaded by the first search, timed apart; no response or query cache "
        "is involved (the search service is called directly); jieba's "
        f"dictionary cache {dictionary} "
        f"{'present (warm)' if dictionary.exists() else 'absent (cold)'}",
        flush=True,
    )
    rows = []
    # The project's engines at the archive's size and, for a like-for-like
    # comparison, at the baseline's size too.
    sizes = [args.articles]
    if args.baseline_articles and args.baseline_articles != args.articles:
        sizes.append(args.baseline_articles)
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as postgres:
        for size in sizes:
            rows += engines_run(args, size, tmp, postgres if args.postgres else None)
    conditions(args, "after")
    columns = [
        "engine",
        "articles",
        "rate",
        "two-word 50",
        "two-word 95",
        "phrase 50",
        "phrase 95",
        "two-word with hits",
        "phrase with hits",
        "first_ms",
    ]
    print()
    print(
        "| engine | articles | index build (articles/s) | two-word p50 / p95 (ms)"
        " | phrase p50 / p95 (ms) | p95 min / median / max of the rounds,"
        " two-word; phrase | queries with hits | first search (ms) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        r = {c: row.get(c) for c in columns}
        print(
            f"| {r['engine']} | {r['articles']:,} | {as_figure(r['rate'])} | "
            f"{r['two-word 50']} / {r['two-word 95']} | "
            f"{r['phrase 50']} / {r['phrase 95']} | "
            f"{row['two-word 95 spread']}; {row['phrase 95 spread']} | "
            f"{r['two-word with hits']}/500, {r['phrase with hits']}/100 | "
            f"{r['first_ms'] if r['first_ms'] is not None else '-'} |"
        )
    print()
    for row in rows:
        if "index" in row:
            print(
                f"- {row['engine']} at {row['articles']:,}: text index "
                f"{row['index']}, code {row['code']}, database {row['db size']} "
                f"({row['db cache']}), "
                f"loaded in {row['load_s']} s, built in {row['build_s']} s"
            )
    baseline = next((r for r in rows if r["engine"] == "whoosh"), None)
    if baseline:
        print()
        print(f"Times faster than the baseline at {baseline['articles']:,} articles:")
        for row in rows:
            if row["engine"] == "whoosh" or row["articles"] != baseline["articles"]:
                continue
            ratios = ", ".join(
                f"{label} {baseline[key] / max(row[key], 0.1):.1f}x"
                for label, key in (
                    ("two-word p50", "two-word 50"),
                    ("two-word p95", "two-word 95"),
                    ("phrase p50", "phrase 50"),
                    ("phrase p95", "phrase 95"),
                )
            )
            build = (
                f"{row['rate'] / baseline['rate']:.0f}x"
                if isinstance(row["rate"], float)
                else "-"
            )
            print(f"- {row['engine']}: index build {build}, {ratios}")


if __name__ == "__main__":
    main()
