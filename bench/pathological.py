"""Ingest time against page size: is every stage linear in the lines?

    python bench/pathological.py [--lines 2500 5000 10000 20000] [--timeout 300]
                                 [--no-ingest]

For each size it makes one page of a single article that many lines long
from the sample pages' own body lines (the shape on which name finding and
paragraph reuniting were found to grow quadratically) and times, in this
process and run:

- the yardstick, `jieba.lcut` over the same text (linear);
- `parse_page` alone;
- stage 1 of ingest (`source_prepare`: decode, parse, clean, find the names
  of people and organisations);
- the whole `ingest` command (stage 1, the writes, the search index) into a
  scratch SQLite database (`--no-ingest` skips it).

Times are CPU seconds of this process (everything runs in it, SQLite
included): on a shared machine the wall clock of one measurement suffers
the others' load and the next one's not. It prints seconds per stage and
each stage's time relative to jieba's per size (flat ratios mean linear),
then each stage's growth per doubling of the page (2.0 is linear, 4.0
quadratic) and the same divided by jieba's growth (1.0 is linear whatever
the machine's load). A stage still running after --timeout seconds is
reported as such and the larger sizes skipped.

The limits that refuse pages over NEWSROOM_MAX_PAGE_LINES lines,
NEWSROOM_MAX_PAGE_ARTICLES articles or NEWSROOM_MAX_SOURCE_BYTES bytes are
lifted for the timings (they measure the parser); then, under the default
limits, the 20,000-heading page of the
security tests is ingested and the line refusing it printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import signal
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.test")
STAGES = ("parse", "prepare", "ingest")


def page_of(lines: int) -> str:
    text = [
        line
        for path in sorted((ROOT / "fixtures" / "ocr").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    body = [
        line
        for line in text[8:]
        if len(line) > 60 and not line.startswith(("#", "■", "本报讯"))
    ]
    return "\n".join(
        text[:8] + ["# 标题"] + [body[i % len(body)] for i in range(lines)]
    )


def headings_page(headings: int) -> str:
    """The page of tests/security/test_pathological_pages.py."""
    return "测试报\n" + "".join(
        f"# 标题第{n}条\n本报讯 会议召开。\n" for n in range(headings)
    )


class Timeout(Exception):
    pass


def timed(seconds: int, function, *args, **kwargs) -> float | None:
    def stop(signum, frame):
        raise Timeout

    signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    started = time.process_time()
    try:
        function(*args, **kwargs)
    except Timeout:
        return None
    finally:
        signal.alarm(0)
    return time.process_time() - started


def ingest(path: Path, day: int) -> str | None:
    """`manage.py ingest` of one file in this process; its errors, if any."""
    from django.core.management import CommandError, call_command

    err = StringIO()
    try:
        call_command(
            "ingest",
            str(path),
            publication="bench-gazette",
            date=dt.date(2001, 1, 1) + dt.timedelta(days=day),
            workers=0,
            stdout=StringIO(),
            stderr=err,
        )
    except CommandError as exc:
        return err.getvalue().strip() or str(exc)
    return err.getvalue().strip() or None


def _ingest_timed(path: Path, day: int) -> None:
    if error := ingest(path, day):
        raise RuntimeError(error)


def measure(text: str, timeout: int, profiles, folder: Path, day: int, full: bool):
    """Seconds of jieba.lcut and of each stage over `text`."""
    import jieba

    from articles.parsing import parse_page
    from articles.services import source_prepare

    # Each size is its own issue: its own date and serial number.
    text = re.sub(r"总第\s*\d+\s*期", f"总第{90000 + day}期", text)
    data = text.encode("utf-8")
    path = folder / f"page-{day}.txt"
    path.write_bytes(data)
    seconds = {"jieba": timed(timeout, jieba.lcut, text)}
    seconds["parse"] = timed(timeout, parse_page, text, profiles=profiles)
    seconds["prepare"] = timed(
        timeout,
        source_prepare,
        source=data,
        file_name=path.name,
        profiles=profiles,
        max_bytes=len(data) + 1,
    )
    seconds["ingest"] = timed(timeout, _ingest_timed, path, day) if full else None
    return seconds


def show(value: float | None, yard: float, timeout: int) -> str:
    if value is None:
        return f"{'>' + str(timeout) + ' s':>8} {'':9}"
    return f"{value:8.2f} ({value / yard:5.2f}x)"


def doublings(sizes: list[int], rows: list[dict]) -> None:
    print(
        "\ngrowth per doubling of the page (2.0 linear, 4.0 quadratic); "
        "in brackets divided by jieba's growth (1.0 linear)"
    )
    pairs = list(zip(sizes, rows, strict=False))
    for (a, ra), (b, rb) in zip(pairs, pairs[1:], strict=False):
        if b != 2 * a:
            continue
        jieba = rb["jieba"] / ra["jieba"]
        cells = [f"jieba {jieba:4.2f}"]
        for stage in STAGES:
            if ra.get(stage) and rb.get(stage):
                growth = rb[stage] / ra[stage]
                cells.append(f"{stage} {growth:4.2f} ({growth / jieba:4.2f})")
        print(f"  {a:6d} -> {b:6d}: " + "   ".join(cells))


def refusal(folder: Path) -> None:
    from django.conf import settings

    path = folder / "headings.txt"
    path.write_text(headings_page(20_000), encoding="utf-8")
    size = path.stat().st_size / 1024**2
    print(
        f"\n20,000 headings ({size:.2f} MB) under the default limits "
        f"({settings.NEWSROOM_MAX_PAGE_LINES} lines, "
        f"{settings.NEWSROOM_MAX_PAGE_ARTICLES} articles):"
    )
    print(f"  {ingest(path, day=9999)}")


def setup_database(folder: Path) -> None:
    """A scratch SQLite database, migrated, with the bench's publication."""
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--lines", type=int, nargs="+", default=[2500, 5000, 10000, 20000]
    )
    parser.add_argument("--timeout", type=int, default=300, help="per stage, s")
    parser.add_argument("--no-ingest", action="store_true", help="skip `ingest`")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        setup_database(folder)
        import jieba
        from django.conf import settings

        from articles.parsing import parse_page
        from articles.services import publication_profiles

        limits = {
            "LINES": settings.NEWSROOM_MAX_PAGE_LINES,
            "ARTICLES": settings.NEWSROOM_MAX_PAGE_ARTICLES,
        }
        settings.NEWSROOM_MAX_PAGE_LINES = settings.NEWSROOM_MAX_PAGE_ARTICLES = 10**9
        limits["SOURCE_BYTES"] = settings.NEWSROOM_MAX_SOURCE_BYTES
        settings.NEWSROOM_MAX_SOURCE_BYTES = 10**9
        # Warm up: jieba's dictionary, the regexes, the database.
        jieba.lcut(page_of(50))
        warm = folder / "warm.txt"
        warm.write_text(re.sub(r"总第\s*\d+\s*期", "", page_of(50)), encoding="utf-8")
        ingest(warm, 0)
        profiles = publication_profiles()
        parse_page(page_of(50), profiles=profiles)
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"load average before {load}; {os.cpu_count()} cores; SQLite")
        print(
            f"{'lines':>6} {'chars':>8} {'jieba s':>8}   "
            + "   ".join(f"{s + ' s (x jieba)':>18}" for s in STAGES)
        )
        rows = []
        for day, lines in enumerate(args.lines, start=1):
            text = page_of(lines)
            row = measure(text, args.timeout, profiles, folder, day, not args.no_ingest)
            rows.append(row)
            print(
                f"{lines:6d} {len(text):8d} {row['jieba']:8.2f}   "
                + "   ".join(show(row[s], row["jieba"], args.timeout) for s in STAGES)
            )
            if row["parse"] is None or row["prepare"] is None:
                print("stopped: a stage timed out")
                break
        doublings(args.lines, rows)
        settings.NEWSROOM_MAX_PAGE_LINES = limits["LINES"]
        settings.NEWSROOM_MAX_PAGE_ARTICLES = limits["ARTICLES"]
        settings.NEWSROOM_MAX_SOURCE_BYTES = limits["SOURCE_BYTES"]
        refusal(folder)
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"load average after  {load}")


if __name__ == "__main__":
    main()
