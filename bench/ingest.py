"""Ingest throughput: generate N pages, run `manage.py ingest`, print figures.

    python bench/ingest.py --pages 2000
    python bench/ingest.py --pages 2000 --postgres postgres://postgres@127.0.0.1:5432

Pages are made from the two sample pages' material: each gets its own date
(with the matching weekday, lunar date and serial number) and its articles in
a shuffled order. The ingest runs in a child process against a fresh database
(a temporary SQLite file, or a scratch PostgreSQL database created on the
server given with --postgres and dropped afterwards), and the same text is
then cut with `jieba.lcut` in this process, the yardstick of the target
(ingest MB/s ≥ jieba.lcut MB/s). `--formats` first prints the pages/s of the
dev set's PDF and scan pages beside the same pages as text.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from articles.parsing import load_profiles, parse_page  # noqa: E402
from articles.parsing.dates import lunar_parts  # noqa: E402
from bench.proctree import run_watched, tree_cpu_seconds  # noqa: E402
from bench.scratch import local_server_pid, scratch_postgres  # noqa: E402

WEEKDAYS = "一二三四五六日"
MONTHS = "正二三四五六七八九十冬腊"


def lunar_label(date: dt.date) -> str:
    year, leap, month, day = lunar_parts(date)
    month_name = {11: "十一", 12: "十二"}.get(month, MONTHS[month - 1])
    return f"农历{year}年{'闰' if leap else ''}{month_name}月{day}"


def _spans(draft, indexes) -> str:
    return "\n\n".join(
        draft.source[draft.blocks[j].start : draft.blocks[j].end]
        for j in sorted(indexes)
    )


def sample_material() -> list[tuple[list[str], list[str]]]:
    """For each sample: its header lines, and its articles' and furniture's text."""
    profiles = load_profiles(ROOT / "newsroom" / "publications.toml")
    material = []
    for path in sorted((ROOT / "fixtures" / "ocr").glob("*.txt")):
        draft = parse_page(path.read_text(encoding="utf-8"), profiles=profiles)
        chunks = [_spans(draft, a.blocks) for a in draft.articles]
        chunks += [
            _spans(draft, [j])
            for j, b in enumerate(draft.blocks)
            if b.article is None and b.kind != "masthead"
        ]
        # The masthead without its dated lines, which each page gets anew.
        mastheads = [
            draft.source[b.start : b.end] for b in draft.blocks if b.kind == "masthead"
        ]
        header = [text for text in mastheads if not any(c.isdigit() for c in text)]
        material.append((header, chunks))
    return material


def generate(folder: Path, pages: int, seed: int) -> int:
    rng = random.Random(seed)
    material = sample_material()
    start = dt.date(2015, 1, 1)
    total = 0
    for n in range(pages):
        date = start + dt.timedelta(days=n)
        header, chunks = material[n % len(material)]
        chunks = chunks[:]
        rng.shuffle(chunks)
        date_line = (
            f"{date.year}年{date.month}月{date.day}日◆星期{WEEKDAYS[date.weekday()]}"
        )
        lines = (
            header[:1]
            + [date_line, f"{lunar_label(date)} 总第{1000 + n}期"]
            + header[1:]
        )
        text = "\n\n".join(lines + chunks) + "\n"
        data = text.encode("utf-8")
        (folder / f"page_{n:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--jieba-pages", type=int, default=200, help="pages cut by jieba"
    )
    parser.add_argument(
        "--postgres",
        metavar="SERVER_URL",
        help="e.g. postgres://postgres@127.0.0.1:5432",
    )
    parser.add_argument(
        "--workers", type=int, help="the ingest's --workers (default: its own)"
    )
    parser.add_argument(
        "--profile",
        type=int,
        metavar="N",
        default=0,
        help="profile the ingest's main process (the writer); print its top N",
    )
    parser.add_argument(
        "--formats",
        action="store_true",
        help="also PDF and scan pages of the dev set, each against the same "
        "pages as text (bench/ingest_formats.py)",
    )
    args = parser.parse_args()
    if args.formats:
        from bench.ingest_formats import format_lines, format_rates

        for line in format_lines(format_rates()):
            print(line)
    if args.postgres:
        with scratch_postgres(args.postgres, "newsroom_bench") as database_url:
            run(args, database_url=database_url)
    else:
        run(args, database_url=None)


@dataclass(frozen=True)
class IngestFigures:
    seconds: float
    peak_rss_mb: float  # the writer's (the command's own process)
    workers_peak_rss_mb: float  # the largest of its worker processes
    cpu_seconds: float  # the writer's and its workers', together
    workers_cpu_seconds: float
    workers: int  # worker processes seen
    # The PostgreSQL server's, where it runs on this machine; else None.
    server_cpu_seconds: float | None = None

    @property
    def all_cpu_seconds(self) -> float:
        return self.cpu_seconds + (self.server_cpu_seconds or 0.0)


def run(args: argparse.Namespace, *, database_url: str | None) -> None:
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        size = generate(folder, args.pages, args.seed)
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="newsroom.settings.dev",
            DJANGO_DEBUG="false",  # as in production: no query log
            DATABASE_URL=database_url or f"sqlite:///{tmp}/bench.sqlite3",
        )
        options = [] if args.workers is None else ["--workers", str(args.workers)]
        ingest = ingest_measure(
            folder,
            env=env,
            options=options,
            profile=args.profile,
            server_pid=local_server_pid(database_url) if database_url else None,
        )
        jieba_mbps, jieba_pages, jieba_cpu = jieba_measure(
            folder, pages=args.jieba_pages
        )
    ingest_mbps = size / 1e6 / ingest.seconds
    ratio = ingest_mbps / jieba_mbps
    per_page = 1000 / args.pages  # CPU seconds a run -> ms a page
    writer_cpu = ingest.cpu_seconds - ingest.workers_cpu_seconds
    server = ""  # SQLite's work is the writer's
    if database_url and ingest.server_cpu_seconds is None:
        server = ", database server not measured (not on this machine)"
    elif database_url:
        server = f", database server {ingest.server_cpu_seconds * per_page:.1f}"
    cores = len(os.sched_getaffinity(0))
    busy = ingest.all_cpu_seconds / ingest.seconds
    rows = [
        ("database", "PostgreSQL" if database_url else "SQLite"),
        ("pages", f"{args.pages}  ({size / 1e6:.1f} MB)"),
        (
            "ingest",
            f"{args.pages / ingest.seconds:.1f} pages/s  {ingest_mbps:.2f} MB/s  "
            f"({ingest.seconds:.1f} s)",
        ),
        (
            "peak RSS",
            f"writer {ingest.peak_rss_mb:.0f} MB, largest of "
            f"{ingest.workers} workers {ingest.workers_peak_rss_mb:.0f} MB",
        ),
        (
            "CPU",
            f"{ingest.all_cpu_seconds * per_page:.1f} ms/page: writer "
            f"{writer_cpu * per_page:.1f}, workers "
            f"{ingest.workers_cpu_seconds * per_page:.1f}{server}"
            f"  (jieba.lcut {jieba_cpu * 1000:.1f} ms/page; ratio "
            f"{ingest.all_cpu_seconds / args.pages / jieba_cpu:.2f})",
        ),
        (
            # The run's CPU cannot take less wall time than spread over
            # every core: how far more parallelism alone could go.
            "ceiling",
            f"{busy:.2f} of {cores} cores busy on average; all {cores} busy "
            f"throughout: at most {ratio * cores / busy:.2f}x jieba.lcut",
        ),
        (
            "jieba.lcut",
            f"{jieba_mbps:.2f} MB/s over {jieba_pages} of the same pages "
            "(jieba alone, its defaults: HMM on)",
        ),
        (
            "ratio",
            f"{ratio:.2f}x jieba.lcut (target >= 1.0)",
        ),
        (
            "load average",
            f"before {_load(load_before)}, after {_load(os.getloadavg())}",
        ),
    ]
    for label, value in rows:
        print(f"{label:<15} {value}")


def ingest_measure(
    folder: Path,
    *,
    env: dict,
    options: list[str] = (),
    profile: int = 0,
    server_pid: int | None = None,
) -> IngestFigures:
    """`manage.py ingest FOLDER` in a child process on a migrated database:
    its wall time, the peak RSS of the writer and of its largest worker, and
    their CPU time; with `server_pid`, the whole PostgreSQL server's CPU over
    the same time (other databases' work included: run on a quiet server)."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    stats = folder.parent / "ingest.prof"
    if profile:
        manage = [sys.executable, "-m", "cProfile", "-o", str(stats), manage[1]]
    server_before = tree_cpu_seconds(server_pid) if server_pid else None
    before = _children_cpu()
    started = time.perf_counter()
    command = [*manage, "ingest", str(folder), "-v0", *options]
    tree = run_watched(command, env=env)
    elapsed = time.perf_counter() - started
    server_cpu = tree_cpu_seconds(server_pid) - server_before if server_pid else None
    # Exact for the whole tree (every process was waited for); the workers'
    # share as last read from /proc, a tenth of a second before they ended.
    cpu = _children_cpu() - before
    if profile:
        _profile_print(stats, profile)
    return IngestFigures(
        elapsed,
        tree.root.peak_rss_mb,
        tree.workers_peak_rss_mb,
        cpu,
        tree.workers_cpu_seconds,
        len(tree.descendants),
        server_cpu,
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def jieba_measure(folder: Path, *, pages: int) -> tuple[float, int, float]:
    """The yardstick: `jieba.lcut` over the first `pages` files, in this
    process (MB/s, pages cut, CPU seconds a page)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    files = sorted(folder.iterdir())[:pages]
    texts = [f.read_text(encoding="utf-8") for f in files]
    size = sum(len(t.encode("utf-8")) for t in texts)
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        jieba.lcut(text)
    cpu = (time.process_time() - cpu) / len(texts)
    return size / 1e6 / (time.perf_counter() - started), len(texts), cpu


def _load(averages) -> str:
    return " ".join(f"{a:.2f}" for a in averages)


def _profile_print(path: Path, top: int) -> None:
    """Where the writer's time goes: own time (tottime) and cumulative time
    of the main process's top functions (worker processes are not profiled)."""
    import pstats

    stats = pstats.Stats(str(path))
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


if __name__ == "__main__":
    main()
