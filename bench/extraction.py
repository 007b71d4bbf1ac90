"""Precision and recall of the people/organisation extractor on the samples,
and its speed.

    python bench/extraction.py [--repeat 50]

The truth is bench/people_truth.py (people and organisations each article
names, read by a person, including those the rules are known to miss). Counts
are of distinct names per article. Speed is the extractor alone over the
articles' text, beside jieba.lcut over the same text.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from articles.parsing import load_profiles, parse_page  # noqa: E402
from bench.people_truth import SAMPLES  # noqa: E402
from people.extraction import extract_mentions, jieba_word_tags  # noqa: E402

FIELDS = ("rubric", "kicker", "headline", "subtitle", "body")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="rounds timed")
    args = parser.parse_args()
    profiles = load_profiles(ROOT / "newsroom" / "publications.toml")
    tags = jieba_word_tags()
    totals = {"person": [0, 0, 0], "organisation": [0, 0, 0]}  # tp, fp, fn
    texts = []
    for file_name, sample in sorted(SAMPLES.items()):
        text = (ROOT / "fixtures" / "ocr" / file_name).read_text(encoding="utf-8")
        for article in parse_page(text, profiles=profiles).articles:
            fields = {f: getattr(article, f) for f in FIELDS}
            texts.append(fields)
            found = extract_mentions(fields, word_tags=tags)
            want = sample["articles"][article.headline]
            for kind, got, true in (
                (
                    "person",
                    set(found.person_names()),
                    want["people"] | want.get("missed_people", set()),
                ),
                (
                    "organisation",
                    set(found.organisation_names()),
                    want["organisations"] | want.get("missed_organisations", set()),
                ),
            ):
                totals[kind][0] += len(got & true)
                totals[kind][1] += len(got - true)
                totals[kind][2] += len(true - got)
                for name in sorted(got - true):
                    print(f"  false {kind}: {name}  ({article.headline})")
                for name in sorted(true - got):
                    print(f"  missed {kind}: {name}  ({article.headline})")
    for kind, (tp, fp, fn) in totals.items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(
            f"{kind:13} precision {precision:.3f} ({tp}/{tp + fp})  "
            f"recall {recall:.3f} ({tp}/{tp + fn})"
        )

    size = sum(len((v or "").encode()) for f in texts for v in f.values()) * args.repeat
    started = time.perf_counter()
    for _ in range(args.repeat):
        for fields in texts:
            extract_mentions(fields, word_tags=tags)
    extraction = size / 1e6 / (time.perf_counter() - started)
    import jieba

    started = time.perf_counter()
    for _ in range(args.repeat):
        for fields in texts:
            for value in fields.values():
                if value:
                    jieba.lcut(value)
    lcut = size / 1e6 / (time.perf_counter() - started)
    print(f"extraction    {extraction:.2f} MB/s  (jieba.lcut {lcut:.2f} MB/s)")


if __name__ == "__main__":
    main()
