"""Segmentation quality of the parser against hand-made gold, and its speed.

    python bench/segmentation.py [--gold FILE ...] [--json OUT] [--detail]
    python bench/segmentation.py --speed [--repeat 20]
    python bench/segmentation.py --from-sources /work/shared/samples/dev

Default gold: the development pages (/work/shared/samples/dev/gold.json, or
tests/fixtures/dev/gold.json when the shared folder is absent) and the two
sample pages (bench/gold_samples.json, transcribed from the sample tests).

Per page and in total:

- *found*: gold articles matched by a predicted article whose headline has a
  similarity >= 0.8 (difflib ratio) after folding width, spaces, quotes and
  traditional to simplified characters (OCR mixes the two scripts);
- *precision*: found / predicted articles;
- *kicker*, *subtitle*, *rubric*, *bylines*, *body*: of the gold articles that
  have the field, the share whose matched article has it right (text fields:
  similarity >= 0.8; bylines: the same set of (role, name); body: the first
  12 characters of the body, whitespace removed, similarity >= 0.8). A gold
  article that was not found counts as wrong for every field it has.

`--from-sources DIR` scores the pages that have a PDF, or an OCR JSON with
its scan, in DIR twice: from the plain `.txt` and from the text the facsimile
readers compose in reading order from the geometry (`facsimile.read_source`),
parsed with its lines' type sizes as ingest does (`--no-sizes`: without),
and prints both tables and a per-page comparison.

`--speed` times parse_page alone over every page of the gold (pages/s and
MB/s of UTF-8 source) and jieba.lcut over the same texts in the same run,
and prints the ratio: a figure that means something on a shared machine.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# `--parser-root DIR`: time the parser of another tree (e.g. an export of
# main) on the same pages, in the same conditions.
if "--parser-root" in sys.argv:
    sys.path.insert(0, sys.argv[sys.argv.index("--parser-root") + 1])

from articles.parsing import load_profiles, parse_page  # noqa: E402

SHARED_DEV = Path("/work/shared/samples/dev/gold.json")
REPO_DEV = ROOT / "tests" / "fixtures" / "dev" / "gold.json"
SAMPLES_GOLD = ROOT / "bench" / "gold_samples.json"
THRESHOLD = 0.8
FIELDS = ("kicker", "subtitle", "rubric", "bylines", "body")
# Gold writes roles as printed; the parser's Role values.
GOLD_ROLES = {
    "作者": "author",
    "文": "author",
    "记者": "reporter",
    "通讯员": "correspondent",
    "实习生": "correspondent",
    "摄影": "photographer",
    "摄": "photographer",
}

try:
    import opencc

    _T2S = opencc.OpenCC("t2s").convert
except ImportError:  # pragma: no cover - opencc is a dependency
    _T2S = str

_QUOTES = str.maketrans({c: '"' for c in "“”„‟「」『』﹁﹂＂'‘’"})


def fold(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^[-—–─]+", "", text)
    return _T2S(text)


def similar(a: str | None, b: str | None) -> bool:
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    return difflib.SequenceMatcher(None, fa, fb).ratio() >= THRESHOLD


def default_gold() -> list[Path]:
    dev = SHARED_DEV if SHARED_DEV.exists() else REPO_DEV
    return [p for p in (dev, SAMPLES_GOLD) if p.exists()]


def load_pages(paths: list[Path]) -> list[tuple[dict, str]]:
    pages = []
    for path in paths:
        gold = json.loads(path.read_text(encoding="utf-8"))
        for page in gold["pages"]:
            folder = path.parent
            candidates = [
                folder / page["file"],
                ROOT / "fixtures" / "ocr" / page["file"],
            ]
            source = next(p for p in candidates if p.exists())
            page = {**page, "_gold": f"{path.parent.name}/{path.name}"}
            pages.append((page, source.read_text(encoding="utf-8")))
    return pages


def source_text(folder: Path, gold_page: dict):
    """The page's SourceText (text in reading order and geometry) from its
    PDF or OCR JSON (+ scan)."""
    from facsimile import read_source

    if gold_page.get("pdf") and (folder / gold_page["pdf"]).exists():
        return read_source((folder / gold_page["pdf"]).read_bytes()).text
    described = gold_page.get("ocr_json")
    if described and (folder / described).exists():
        scan = folder / (gold_page.get("image") or "")
        image = scan.read_bytes() if scan.is_file() else None
        return read_source((folder / described).read_bytes(), image=image).text
    return None


def load_source_pages(
    folder: Path, pages: list[tuple[dict, str]], *, with_sizes: bool = True
) -> list[tuple[dict, str]]:
    """The pages that have a source with geometry in `folder`, read from it."""
    from facsimile import type_sizes

    out = []
    for gold_page, _ in pages:
        read = source_text(folder, gold_page)
        if read is not None:
            sizes = type_sizes(read.to_dict()) if with_sizes else None
            out.append(
                ({**gold_page, "_gold": "from sources", "_sizes": sizes}, read.text)
            )
    return out


def _bylines_of(article) -> set[tuple[str, str]]:
    return {(str(c.role), fold(c.name)) for c in article.bylines}


def _gold_bylines(gold_article: dict) -> set[tuple[str, str]]:
    return {
        (GOLD_ROLES.get(b["role"], b["role"]), fold(b.get("name")))
        for b in gold_article.get("bylines") or []
    }


def _body_start(body: str) -> str:
    return "".join(body.split())[:12]


def field_ok(name: str, gold: dict, predicted) -> bool:
    if predicted is None:
        return False
    if name == "bylines":
        return _gold_bylines(gold) == _bylines_of(predicted)
    if name == "body":
        return similar(gold["body_start"], _body_start(predicted.body))
    return similar(gold[name], getattr(predicted, name))


def has_field(name: str, gold: dict) -> bool:
    return bool(gold.get("body_start" if name == "body" else name))


def match(gold_articles: list[dict], predicted: list) -> list:
    """For each gold article the predicted article matched to it (or None)."""
    pairs = []
    for g, gold in enumerate(gold_articles):
        for p, article in enumerate(predicted):
            fa, fb = fold(gold["headline"]), fold(article.headline)
            if fa and fb:
                ratio = difflib.SequenceMatcher(None, fa, fb).ratio()
                if ratio >= THRESHOLD:
                    pairs.append((ratio, g, p))
    matched: list = [None] * len(gold_articles)
    used: set[int] = set()
    for _, g, p in sorted(pairs, reverse=True):
        if matched[g] is None and p not in used:
            matched[g] = predicted[p]
            used.add(p)
    return matched


def score_page(gold_page: dict, draft) -> dict:
    gold_articles = gold_page["articles"]
    matched = match(gold_articles, list(draft.articles))
    row = {
        "page": gold_page["file"],
        "gold": len(gold_articles),
        "predicted": len(draft.articles),
        "found": sum(m is not None for m in matched),
        "date": str(draft.meta.date) == gold_page.get("date"),
    }
    for name in FIELDS:
        have = [
            (g, m)
            for g, m in zip(gold_articles, matched, strict=True)
            if has_field(name, g)
        ]
        row[name] = [sum(field_ok(name, g, m) for g, m in have), len(have)]
    return row


def _fmt(pair: list[int]) -> str:
    ok, total = pair
    return f"{ok}/{total}" if total else "-"


def _sum_rows(rows: list[dict], label: str) -> dict:
    total = {"page": label, "gold": 0, "predicted": 0, "found": 0, "date": 0}
    for name in FIELDS:
        total[name] = [0, 0]
    for row in rows:
        for key in ("gold", "predicted", "found"):
            total[key] += row[key]
        total["date"] += row["date"]
        for name in FIELDS:
            total[name] = [a + b for a, b in zip(total[name], row[name], strict=True)]
    return total


def _shares(total: dict) -> dict:
    found = total["found"] / total["gold"] if total["gold"] else 0.0
    precision = total["found"] / total["predicted"] if total["predicted"] else 0.0
    shares = {n: (total[n][0] / total[n][1] if total[n][1] else None) for n in FIELDS}
    return {"found": found, "precision": precision, **shares}


def print_table(rows: list[dict], groups: dict[str, list[dict]]) -> dict:
    """One line a page, a subtotal a gold file, the total."""
    subtotals = [_sum_rows(g, f"({name})") for name, g in groups.items()]
    total = _sum_rows(rows, "TOTAL")
    header = f"{'page':34} {'found':>7} {'prec':>5} {'date':>4} " + " ".join(
        f"{n:>8}" for n in FIELDS
    )
    print(header)
    print("-" * len(header))
    for row in [*rows, *subtotals, total]:
        precision = row["found"] / row["predicted"] if row["predicted"] else 0.0
        date = (
            row["date"]
            if isinstance(row["date"], int) and row["page"][0] in "(T"
            else ("ok" if row["date"] else "no")
        )
        print(
            f"{row['page']:34} {row['found']:>3}/{row['gold']:<3} {precision:5.2f} "
            f"{date!s:>4} " + " ".join(f"{_fmt(row[n]):>8}" for n in FIELDS)
        )
    summary = {"total": {**total, **_shares(total)}}
    for sub in [*subtotals, total]:
        shares = _shares(sub)
        summary[sub["page"]] = {**sub, **shares}
        print(
            f"{sub['page']}: articles found {shares['found']:.0%}, "
            f"precision {shares['precision']:.2f}, "
            + ", ".join(f"{n} {shares[n]:.0%}" for n in FIELDS if shares[n] is not None)
        )
    return summary


def print_detail(gold_page: dict, draft) -> None:
    print(f"\n== {gold_page['file']}  (date {draft.meta.date}, page {draft.meta.page})")
    matched = match(gold_page["articles"], list(draft.articles))
    for gold, m in zip(gold_page["articles"], matched, strict=True):
        mark = "OK " if m is not None else "MISS"
        print(f"  {mark} {gold['headline']}")
        if m is None:
            continue
        for name in FIELDS:
            if has_field(name, gold) and not field_ok(name, gold, m):
                got = (
                    sorted(_bylines_of(m))
                    if name == "bylines"
                    else _body_start(m.body)
                    if name == "body"
                    else getattr(m, name)
                )
                want = (
                    sorted(_gold_bylines(gold))
                    if name == "bylines"
                    else gold["body_start"]
                    if name == "body"
                    else gold[name]
                )
                print(f"       {name}: got {got!r} want {want!r}")
    extra = [a for a in draft.articles if not any(a is m for m in matched)]
    for article in extra:
        print(f"  EXTRA {article.headline!r} ({len(article.body)} chars)")


def speed(pages: list[tuple[dict, str]], repeat: int) -> None:
    """parse_page and jieba.lcut over the same texts, rounds interleaved so
    that the load of a shared machine falls on both alike."""
    import jieba

    jieba.setLogLevel(60)
    profiles = load_profiles(ROOT / "newsroom" / "publications.toml")
    texts = [text for _, text in pages]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    jieba.lcut(texts[0])  # load the dictionary outside the timing
    for text in texts:
        parse_page(text, profiles=profiles)  # warm caches
    print(f"parser: {sys.modules[parse_page.__module__].__file__}")
    print(f"load average before: {os.getloadavg()}")
    parse_seconds = jieba_seconds = 0.0
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            parse_page(text, profiles=profiles)
        parse_seconds += time.perf_counter() - started
        started = time.perf_counter()
        for text in texts:
            jieba.lcut(text)
        jieba_seconds += time.perf_counter() - started
    print(f"load average after: {os.getloadavg()}")
    pages_per_s = repeat * len(texts) / parse_seconds
    parse_mb = repeat * megabytes / parse_seconds
    jieba_mb = repeat * megabytes / jieba_seconds
    print(
        f"{len(texts)} pages, {megabytes * 1e3:.0f} kB, {repeat} rounds: "
        f"parse_page {pages_per_s:.1f} pages/s = {parse_mb:.2f} MB/s; "
        f"jieba.lcut {jieba_mb:.2f} MB/s; ratio parse/jieba {parse_mb / jieba_mb:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, action="append", help="gold.json file(s)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--detail", action="store_true", help="list misses per page")
    parser.add_argument("--speed", action="store_true", help="time parse_page")
    parser.add_argument("--repeat", type=int, default=20, help="rounds timed")
    parser.add_argument("--parser-root", help="import articles.parsing from here")
    parser.add_argument(
        "--from-sources",
        type=Path,
        metavar="DIR",
        help="also score the text read from the pages' PDFs / OCR JSON in DIR",
    )
    parser.add_argument(
        "--no-sizes",
        action="store_true",
        help="with --from-sources: parse the text alone, without its type sizes",
    )
    args = parser.parse_args()
    pages = load_pages(args.gold or default_gold())
    if args.speed:
        speed(pages, args.repeat)
        return
    if args.from_sources:
        compare_sources(args.from_sources, pages, args.detail, sizes=not args.no_sizes)
        return
    summary = score(pages, args.detail)[1]
    if args.json:
        args.json.write_text(
            json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8"
        )


def compare_sources(
    folder: Path, pages: list[tuple[dict, str]], detail: bool, *, sizes: bool = True
):
    """Plain text against geometry-ordered text, on the pages with a source."""
    sourced = load_source_pages(folder, pages, with_sizes=sizes)
    names = {page["file"] for page, _ in sourced}
    plain = [(p, t) for p, t in pages if p["file"] in names]
    print(f"== plain text ({len(plain)} pages)")
    plain_rows = score(plain, detail)[0]
    print(f"\n== from the sources in {folder}, reading order from geometry")
    source_rows = score(sourced, detail)[0]
    print(f"\n{'page':34} {'plain found':>11} {'prec':>5}   {'sources':>7} {'prec':>5}")
    for a, b in zip(plain_rows, source_rows, strict=True):
        print(
            f"{a['page']:34} {a['found']:>5}/{a['gold']:<5} {_precision(a):5.2f}"
            f"   {b['found']:>3}/{b['gold']:<3} {_precision(b):5.2f}"
        )


def _precision(row: dict) -> float:
    return row["found"] / row["predicted"] if row["predicted"] else 0.0


def score(pages: list[tuple[dict, str]], detail: bool) -> tuple[list[dict], dict]:
    profiles = load_profiles(ROOT / "newsroom" / "publications.toml")
    rows = []
    groups: dict[str, list[dict]] = {}
    for gold_page, text in pages:
        draft = parse_page(
            text,
            profiles=profiles,
            source_name=gold_page["file"],
            sizes=gold_page.get("_sizes"),
        )
        rows.append(score_page(gold_page, draft))
        groups.setdefault(gold_page["_gold"], []).append(rows[-1])
        if detail:
            print_detail(gold_page, draft)
    if detail:
        print()
    summary = print_table(rows, groups)
    return rows, {"pages": rows, "summary": summary}


if __name__ == "__main__":
    main()
