"""Which jieba distribution: `jieba` or `jieba_fast_dat`? (issue #11)

Each candidate runs in its own fresh process (so neither's dictionary is in
memory when the other is measured) and reports: dictionary load time, the
resident memory the load adds, and the speed of `lcut` and `cut_for_search`
(HMM off, as search.analysis uses them) over the sample pages, as MB/s. The
yardstick, measured in the same process, is `str.split` + `len` of the same
text (pure C, no dictionary): each speed is also printed as a ratio to it, so
figures from a loaded machine stay comparable. It also says which of the
dictionary internals the project reads (`dt.FREQ`, posseg's `word_tag_tab`)
each distribution has. The project depends on `jieba` only; install
`jieba_fast_dat` beside it to compare.

    python bench/jieba_choice.py [--rounds 20] [PAGES...]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAGES = [
    *sorted((ROOT / "fixtures" / "ocr").glob("*.txt")),
    *sorted(Path("/work/shared/samples/dev").glob("*.txt")),
]


def _rss_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(module: str, pages: list[str], rounds: int) -> dict:
    texts = [Path(p).read_text(encoding="utf-8", errors="replace") for p in pages]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) * rounds / 1e6
    before = _rss_kb()
    t0 = time.perf_counter()
    jieba = __import__(module)
    jieba.setLogLevel(60)
    jieba.initialize()
    load_s = time.perf_counter() - t0
    rss_mb = (_rss_kb() - before) / 1024

    def speed(fn) -> float:
        t0 = time.perf_counter()
        for _ in range(rounds):
            for text in texts:
                fn(text)
        return megabytes / (time.perf_counter() - t0)

    yardstick = speed(lambda t: len(t.split()))
    lcut = speed(lambda t: jieba.lcut(t, HMM=False))
    search = speed(lambda t: list(jieba.cut_for_search(t, HMM=False)))
    posseg = __import__(f"{module}.posseg", fromlist=["dt"])
    return {
        "module": module,
        "load_s": round(load_s, 2),
        "rss_mb": round(rss_mb, 1),
        "lcut_mbps": round(lcut, 3),
        "cut_for_search_mbps": round(search, 3),
        "lcut_per_yardstick": round(lcut / yardstick, 5),
        "cut_for_search_per_yardstick": round(search / yardstick, 5),
        "has_dt_FREQ": hasattr(jieba.dt, "FREQ"),
        "has_posseg_word_tag_tab": hasattr(posseg.dt, "word_tag_tab"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=[str(p) for p in DEFAULT_PAGES])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.pages, args.rounds)))
        return
    print(f"{len(args.pages)} pages x {args.rounds} rounds; load {os.getloadavg()}")
    for module in ("jieba", "jieba_fast_dat"):
        if importlib.util.find_spec(module) is None:
            print(f"{module}: not installed (pip install {module} to compare)")
            continue
        out = subprocess.run(
            [sys.executable, __file__, "--one", module, "--rounds", str(args.rounds)]
            + args.pages,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        print(json.dumps(json.loads(out.splitlines()[-1]), ensure_ascii=False))
    print(f"load {os.getloadavg()}")


if __name__ == "__main__":
    main()
