"""Ingest time against page size: is every stage linear in the lines?

    python bench/pathological.py --lines 1000 2500 5000 10000 --timeout 120

For each size it makes one page of a single article that many lines long
from the sample pages' own body lines (the shape on which name finding and
paragraph reuniting were found to grow quadratically), then times the
parser (`parse_page`) and name finding (`article_mentions_extract`) apart,
and, as the yardstick measured in the same run, `jieba.lcut` over the same
text (linear). It prints seconds per stage and each stage's time relative to
jieba's, per size: flat ratios mean linear. A stage still running after
--timeout seconds is reported as such and the larger sizes are skipped.

The limits that refuse pages over NEWSROOM_MAX_PAGE_LINES lines or
NEWSROOM_MAX_PAGE_ARTICLES articles are not applied here: this measures the
parser itself.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.test")


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


class Timeout(Exception):
    pass


def timed(seconds: int, function, *args, **kwargs) -> float | None:
    def stop(signum, frame):
        raise Timeout

    signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    started = time.perf_counter()
    try:
        function(*args, **kwargs)
    except Timeout:
        return None
    finally:
        signal.alarm(0)
    return time.perf_counter() - started


def measure(text: str, timeout: int, profiles):
    """Seconds of jieba.lcut, parse_page and name finding over `text`."""
    import jieba

    from articles.parsing import parse_page
    from people.services import article_mentions_extract

    yard = timed(timeout, jieba.lcut, text)
    drafts = []
    parse = timed(timeout, lambda: drafts.append(parse_page(text, profiles=profiles)))
    if not drafts:
        return yard, parse, None
    names = timed(
        timeout,
        lambda: [article_mentions_extract(article=a) for a in drafts[0].articles],
    )
    return yard, parse, names


def show(value: float | None, yard: float, timeout: int) -> str:
    if value is None:
        return f">{timeout} s".ljust(19)
    return f"{value:7.2f} ({value / yard:6.1f}x)  "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--lines", type=int, nargs="+", default=[1000, 2500, 5000, 10000]
    )
    parser.add_argument("--timeout", type=int, default=120, help="per stage, s")
    args = parser.parse_args()

    import django

    django.setup()
    import jieba

    from django.conf import settings

    from articles.parsing import load_profiles, parse_page

    # The papers of the seed file: no database here (publications are rows
    # in the archive, which this bench does not make).
    profiles = load_profiles(settings.NEWSROOM_PUBLICATIONS_FILE)
    jieba.lcut(page_of(50))
    parse_page(page_of(50), profiles=profiles)  # warm up
    print(f"load average before {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("lines   chars     jieba s   parse s (x jieba)   names s (x jieba)")
    for lines in args.lines:
        text = page_of(lines)
        yard, parse, names = measure(text, args.timeout, profiles)
        print(
            f"{lines:6d} {len(text):8d} {yard:8.2f}   "
            f"{show(parse, yard, args.timeout)} {show(names, yard, args.timeout)}"
        )
        if parse is None or names is None:
            print("stopped: a stage timed out")
            break
    print(f"load average after  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
