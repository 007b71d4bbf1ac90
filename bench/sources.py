"""Page sources with geometry: speed and reading-order quality on the dev pages.

    python bench/sources.py                  # PDFs, OCR JSON + scan, ALTO; no OCR
    python bench/sources.py --ocr 1          # and OCR of one dev scan
    python bench/sources.py --dev ../shared/samples/dev

Speed is pages per second, with the ratio against the yardstick measured in
the same run: `parse_page` on the plain text of the same pages (what text
ingest does per page before it touches the database). PDF rendering is timed
with PDFium (pypdfium2, what facsimile uses) and with poppler's pdftoppm
when it is installed, at the same resolution.

Quality, per dev page, for the plain `.txt` (pdfminer's order for the PDFs,
the deliberately naive order for the scans) against the text composed from
the geometry (`facsimile.read_source`):

- starts: gold articles whose body start (12 characters; 9 must agree where
  OCR erred) is found in the text;
- in order: articles whose body start follows their headline within 400
  characters (kicker, subtitle and byline come between);
- found / precision: articles of the segmenter (`parse_page`) whose body
  begins with a gold body start (found: out of gold; precision: out of all
  articles the segmenter made).
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from articles.parsing import parse_page  # noqa: E402
from facsimile import read_source  # noqa: E402
from facsimile.pdf import DEFAULT_SCALE, read_pdf, render_page  # noqa: E402

ALTO = ROOT / "tests" / "facsimile" / "data" / "page.alto.xml"


def squeeze(text: str) -> str:
    return "".join((text or "").split())


def fuzzy_find(text: str, needle: str, share: float = 0.75) -> int:
    """Where `needle` (≤ 12 chars) is; else the first window that matches
    `share` of it in order (OCR drops and misreads characters)."""
    needle = needle[:12]
    exact = text.find(needle)
    if exact >= 0 or not needle:
        return exact
    size = len(needle) + 2
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    for i in range(
        max(0, len(text) - size + 1) if len(text) >= size else min(1, len(text))
    ):
        if text[i] not in needle:
            continue
        matcher.set_seq1(text[i : i + size])
        matched = sum(block.size for block in matcher.get_matching_blocks())
        if matched >= share * len(needle):
            return i
    return -1


def quality(text: str, articles: list[dict]) -> dict:
    flat = squeeze(text)
    starts = [fuzzy_find(flat, squeeze(a["body_start"])) for a in articles]
    in_order = 0
    for article in articles:
        head = fuzzy_find(flat, squeeze(article["headline"]))
        ahead = flat[head : head + 400] if head >= 0 else ""
        if fuzzy_find(ahead, squeeze(article["body_start"])) >= 0:
            in_order += 1
    draft = parse_page(text)
    bodies = [squeeze(a.body)[:40] for a in draft.articles]
    found = sum(
        any(fuzzy_find(body, squeeze(a["body_start"])) == 0 for body in bodies)
        for a in articles
    )
    matched = sum(
        any(fuzzy_find(body, squeeze(a["body_start"])) == 0 for a in articles)
        for body in bodies
    )
    return {
        "gold": len(articles),
        "starts": sum(s >= 0 for s in starts),
        "in_order": in_order,
        "found": found,
        "made": len(bodies),
        "precision": matched / len(bodies) if bodies else 0.0,
    }


def timed(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def speed(dev: Path, pages: list[dict], ocr: int) -> None:
    texts = [(dev / p["file"]).read_text(encoding="utf-8") for p in pages]
    yard = timed(lambda: [parse_page(t) for t in texts], 3) / len(texts)
    print(f"yardstick: parse_page on plain text  {1 / yard:8.2f} pages/s")
    rows = []
    pdfs = [(dev / p["pdf"]).read_bytes() for p in pages if p.get("pdf")]
    if pdfs:
        per = timed(lambda: [read_source(d) for d in pdfs]) / len(pdfs)
        rows.append(("PDF page (text layer, render, order)", per))
        per = timed(lambda: [read_pdf(d) for d in pdfs]) / len(pdfs)
        rows.append(("  of which pdfminer layout", per))
        per = timed(lambda: [render_page(d) for d in pdfs], 2) / len(pdfs)
        rows.append((f"  of which PDFium render at {DEFAULT_SCALE * 72:.0f} dpi", per))
        per = timed(lambda: [_png(render_page(d)) for d in pdfs], 2) / len(pdfs)
        rows.append(("  (PDFium render + PNG file, as pdftoppm)", per))
        if shutil.which("pdftoppm"):
            per = timed(lambda: [_poppler(d) for d in pdfs], 2) / len(pdfs)
            rows.append((f"  (poppler pdftoppm at {DEFAULT_SCALE * 72:.0f} dpi)", per))
    scans = [p for p in pages if p.get("image")]
    if scans:
        pairs = [
            ((dev / p["ocr_json"]).read_bytes(), (dev / p["image"]).read_bytes())
            for p in scans
        ]
        per = timed(lambda: [read_source(j, image=i) for j, i in pairs]) / len(pairs)
        rows.append(("OCR JSON + scan (gutters, order)", per))
        for p in scans[:ocr]:
            data = (dev / p["image"]).read_bytes()
            rows.append(
                ("image page, OCR (rapidocr)", timed(lambda d=data: read_source(d)))
            )
    alto = ALTO.read_bytes()
    rows.append(("ALTO page (hand-made, 5 lines)", timed(lambda: read_source(alto), 5)))
    for name, per in rows:
        print(f"{name:40} {1 / per:8.2f} pages/s   {yard / per:7.4f} × yardstick")


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _poppler(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "p.pdf"
        pdf.write_bytes(data)
        dpi = str(int(DEFAULT_SCALE * 72))
        subprocess.run(
            ["pdftoppm", "-r", dpi, "-png", "-f", "1", "-l", "1", str(pdf), f"{tmp}/o"],
            check=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared/samples/dev")
    parser.add_argument("--ocr", type=int, default=0, help="scans to OCR (slow)")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    dev = args.dev if args.dev.exists() else Path("/work/shared/samples/dev")
    pages = json.loads((dev / "gold.json").read_text(encoding="utf-8"))["pages"]
    print(f"load before: {os.getloadavg()}")
    print(f"{'page':34} {'source':10} starts in-order found made precision")
    for page in pages:
        plain = (dev / page["file"]).read_text(encoding="utf-8")
        variants = [("plain txt", plain)]
        if page.get("pdf"):
            variants.append(("geometry", read_source((dev / page["pdf"]).read_bytes())))
        else:
            image = (dev / page["image"]).read_bytes()
            variants.append(
                (
                    "ocr+boxes",
                    read_source((dev / page["ocr_json"]).read_bytes(), image=image),
                )
            )
            if args.ocr:
                variants.append(("own OCR", read_source(image)))
        for name, source in variants:
            text = source if isinstance(source, str) else source.text.text
            q = quality(text, page["articles"])
            print(
                f"{page['file'][:34]:34} {name:10} {q['starts']}/{q['gold']}    "
                f"{q['in_order']}/{q['gold']}      {q['found']}/{q['gold']}   "
                f"{q['made']:4} {q['precision']:.2f}"
            )
    if not args.no_speed:
        speed(dev, pages, args.ocr)
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
