"""A CPU yardstick for a bench's conditions: `jieba.lcut` over the sample
pages (fixtures/ocr), in MB of text per second of this process's CPU.

The machines these benches run on have differed by up to a factor of two
from one session to the next (0.57–0.90 MB/s one day, 1.40–1.53 the next)
and drifted within one: a figure compares with another taken elsewhere only
beside its yardstick; within one run, compare like with like.
"""

from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def jieba_rate(*, repeat: int = 20) -> float:
    """MB/s of `jieba.lcut` (its defaults) over the sample pages, `repeat`
    times (about a second)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    texts = [
        path.read_text(encoding="utf-8")
        for path in sorted((ROOT / "fixtures" / "ocr").glob("*.txt"))
    ]
    jieba.lcut(texts[0][:200])  # the dictionary's first use, not timed
    size = sum(len(text.encode("utf-8")) for text in texts) * repeat
    started = time.process_time()
    for _ in range(repeat):
        for text in texts:
            jieba.lcut(text)
    return size / 1e6 / (time.process_time() - started)
