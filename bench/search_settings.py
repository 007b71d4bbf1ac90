"""Settings of bench/search.py's worker processes: the test settings, and
for the baseline run (NEWSROOM_BENCH_WHOOSH=folder) haystack's stock Whoosh
backend with jieba's ChineseAnalyzer (bench/whoosh_baseline.py)."""

import os

from newsroom.settings.test import *  # noqa: F403

if os.environ.get("NEWSROOM_BENCH_WHOOSH"):
    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": "bench.whoosh_baseline.ChineseWhooshEngine",
            "PATH": os.environ["NEWSROOM_BENCH_WHOOSH"],
        }
    }
