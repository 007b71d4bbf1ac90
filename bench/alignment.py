"""Speed of the source alignment behind `ingest --replace`, against page size.

    python bench/alignment.py [--repeat 5] [--max-copies 16]

The page is a sample front page repeated N times (N = 1, 2, 4, ...), and the
"new" source is the same text with an OCR run's kind of differences: some
letters changed, lines re-wrapped, a sentence added. For each size it prints
the median time of articles.alignment.SourceAlignment and, as the yardstick
measured in the same run, a plain character diff of the whole page
(difflib.SequenceMatcher, the obvious way), with their ratio. The yardstick
is skipped above 4 copies, where it takes too long to wait for.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from articles.alignment import SourceAlignment  # noqa: E402


def rescanned(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(len(chars) // 400):  # a letter in 400 misread differently
        i = rng.randrange(len(chars))
        if not chars[i].isspace():
            chars[i] = rng.choice("一二三四五六七八九十")
    out = "".join(chars).replace("，", "，\n", 20)  # lines wrapped elsewhere
    return out + "\n补充一句话。\n"


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--max-copies", type=int, default=16)
    args = parser.parse_args()
    sample = sorted((ROOT / "fixtures" / "ocr").glob("*.txt"))[0]
    page = sample.read_text(encoding="utf-8")
    rng = random.Random(12)
    print(f"{'copies':>6} {'chars':>7} {'alignment ms':>13} {'char diff ms':>13} ratio")
    copies = 1
    while copies <= args.max_copies:
        old = page * copies
        new = rescanned(old, rng)
        ours = median_time(
            lambda old=old, new=new: SourceAlignment(old, new), args.repeat
        )
        if copies <= 4:
            naive = median_time(
                lambda old=old, new=new: SequenceMatcher(
                    None, old, new, autojunk=False
                ).get_opcodes(),
                max(1, args.repeat // 2),
            )
            yardstick = f"{naive * 1000:13.1f} {naive / ours:5.1f}x"
        else:
            yardstick = f"{'-':>13}     -"
        print(f"{copies:>6} {len(old):>7} {ours * 1000:13.1f} {yardstick}")
        copies *= 2


if __name__ == "__main__":
    main()
