"""Ingest throughput per kind of page: text beside PDF and scans.

    python bench/ingest_formats.py [--dev ../shared/samples/dev] [--repeat 2]
                                   [--ocr 1]

The whole ingest of one page (`source_ingest`: read, order from geometry,
segment, persist, store the page image) into a scratch SQLite archive and
media folder, after a warm-up (jieba's dictionary and the OCR models are
loaded once per process), for the dev pages of each kind:

- PDF: the PDFs with a text layer (pdfminer's layout, PDFium's rendering);
- scan + OCR JSON: a scan with its OCR engine's line list beside it;
- scan (OCR): a scan alone, read by RapidOCR (the `ocr` extra; `--ocr N`
  scans, 0 to skip; reported as missing when the extra is not installed).

Each kind is timed over its pages `--repeat` times (each ingest on a date
of its own, so none replaces another), then the plain `.txt` of the same
pages (the yardstick: text ingest as today), and reported as pages/s of
both and their ratio, with the load average.

bench/ingest.py calls `format_rates()`, which runs this file in a child
process (its own Django set-up and scratch database) and returns the rows;
`format_lines()` words them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = next(
    (
        p
        for p in (
            ROOT.parent / "shared/samples/dev",
            ROOT.parents[1] / "shared/samples/dev",
        )
        if p.is_dir()
    ),
    None,
)


def format_rates(
    *, dev: Path | None = None, repeat: int = 2, ocr: int = 1, timeout: int = 3600
) -> list[dict]:
    """[{"kind", "pages", "seconds", "pages_per_s", "text_pages_per_s",
    "ratio"}] of each kind of page (ratio: its pages/s over the same pages'
    as text), or {"kind", "missing"}, measured in a child process."""
    command = [sys.executable, str(Path(__file__)), "--json"]
    command += ["--repeat", str(repeat), "--ocr", str(ocr)]
    if dev:
        command += ["--dev", str(dev)]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


def format_lines(rows: list[dict]) -> list[str]:
    """One line per kind: its pages/s and the same pages' as text."""
    lines = []
    for row in rows:
        if row.get("missing"):
            lines.append(f"{row['kind']:<18} not measured: {row['missing']}")
            continue
        lines.append(
            f"{row['kind']:<16} {row['pages_per_s']:7.2f} pages/s"
            f"  (the same pages as text: {row['text_pages_per_s']:.2f} pages/s;"
            f" ratio {row['ratio']:.3f}; {row['pages']} pages in"
            f" {row['seconds']:.1f} s)"
        )
    return lines


def _setup(folder: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["NEWSROOM_MEDIA_ROOT"] = str(folder / "media")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    publications = folder / "publications.toml"
    publications.write_text(
        '[[publication]]\nslug = "bench"\nname = "Bench"\n'
        'masthead_patterns = ["^Bench$"]\n',
        encoding="utf-8",
    )
    settings.NEWSROOM_PUBLICATIONS_FILE = publications


def _sources(dev: Path, folder: Path, ocr: int) -> dict[str, list[Path]]:
    """The files of each kind; a scan to OCR is copied alone (a scan beside
    its OCR JSON would be read from the JSON)."""
    alone = folder / "scans"
    alone.mkdir()
    scans = []
    for scan in sorted(dev.glob("*.jpg"))[:ocr]:
        scans.append(alone / scan.name)
        shutil.copy(scan, scans[-1])
    return {
        "PDF": sorted(dev.glob("*.pdf")),
        "scan + OCR JSON": sorted(dev.glob("*.ocr.json")),
        "scan (OCR)": scans,
    }


def _text_twins(dev: Path, paths: list[Path]) -> list[Path]:
    """The plain text of the same pages (the yardstick): p.pdf → p.txt."""
    twins = [dev / (path.name.split(".")[0] + ".txt") for path in paths]
    return [twin for twin in twins if twin.exists()]


def _ocr_missing() -> str:
    from facsimile.ocr import ocr_available

    if not ocr_available():
        return "the ocr extra is not installed (pip install -e '.[ocr]')"
    return ""


def _warm_up(dev: Path, ocr: int, days) -> None:
    """What a long ingest pays once: jieba's dictionary, the OCR models."""
    _time(sorted(dev.glob("*.txt"))[:1], 1, days)
    if ocr and not _ocr_missing():
        from facsimile.ocr import _engine

        _engine()


def _time(paths: list[Path], repeat: int, days) -> float:
    from articles.services.ingest import source_ingest

    started = time.perf_counter()
    for _ in range(repeat):
        for path in paths:
            source_ingest(
                source=path,
                date_override=next(days),
                page_override=1,
                publication_override="bench",
            )
    return time.perf_counter() - started


def measure(dev: Path, repeat: int, ocr: int) -> list[dict]:
    """The rows format_rates returns, measured in this process."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _setup(folder)
        days = (dt.date(2000, 1, 1) + dt.timedelta(days=n) for n in range(10**5))
        rows = []
        sources = _sources(dev, folder, ocr)
        _warm_up(dev, ocr, days)
        for kind, paths in sources.items():
            missing = _ocr_missing() if kind == "scan (OCR)" else ""
            twins = _text_twins(dev, paths)
            if not paths or len(twins) != len(paths):
                missing = missing or "no such page (with its text) in the dev pages"
            if missing:
                rows.append({"kind": kind, "missing": missing})
                continue
            # OCR takes a minute a page here: its scans are read once.
            times = 1 if kind == "scan (OCR)" else repeat
            seconds = _time(paths, times, days)
            text_seconds = _time(twins, times, days)
            pages = len(paths) * times
            rows.append(
                {
                    "kind": kind,
                    "pages": pages,
                    "seconds": round(seconds, 3),
                    "pages_per_s": pages / seconds,
                    "text_pages_per_s": pages / text_seconds,
                    "ratio": text_seconds / seconds,
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--ocr", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="one JSON line")
    args = parser.parse_args()
    if args.dev is None:
        sys.exit("the dev pages (shared/samples/dev) are not beside the repo: --dev")
    before = os.getloadavg()
    rows = measure(args.dev, args.repeat, args.ocr)
    if args.json:
        print(json.dumps(rows))
        return
    print(f"dev pages: {args.dev}; SQLite, whole ingest per page")
    print(f"load average before: {before}, after: {os.getloadavg()}")
    print("\n".join(format_lines(rows)))


if __name__ == "__main__":
    main()
