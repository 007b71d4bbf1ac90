"""bench/search.py's rounds: each engine's child process (it builds its
index, then answers rounds of queries on its standard input), and the
figures of a round and of all of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("search.py")  # run with --worker in a child


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def round_figures(timings, hits) -> dict:
    return {
        **{
            f"{label} {p}": round(percentile(t, p), 1)
            for label, t in timings.items()
            for p in (50, 95)
        },
        **{f"{label} with hits": hits[label] for label in hits},
    }


class Child:
    """An engine's child process: builds its index, then answers rounds."""

    def __init__(self, engine, articles, args, env_extra: dict, text_index="", tree=""):
        cmd = [sys.executable, str(SCRIPT), "--worker", engine]
        cmd += ["--articles", str(articles), "--seed", str(args.seed)]
        cmd += ["--workers", str(args.workers)]
        if text_index:
            cmd += ["--text-index", text_index]
        if args.progress:
            cmd += ["--progress"]
        if args.reuse or tree:
            cmd += ["--reuse", args.reuse or "compare"]
        if tree:  # the project's code from another checkout (--compare-with)
            cmd += ["--tree", tree]
        if "WHOOSH" in env_extra:
            cmd += ["--whoosh-path", env_extra.pop("WHOOSH")]
        self.engine = f"{engine} ({text_index})" if text_index else engine
        if tree:
            self.engine += f" @{tree}"
        self.process = subprocess.Popen(
            cmd,
            env=dict(os.environ, **env_extra),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.figures = self._answer()  # waits for the build
        self.rounds: list[dict] = []

    def _answer(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            sys.exit(f"{self.engine} run failed (see its stderr above)")
        return json.loads(line)

    def round(self) -> None:
        self.process.stdin.write("round\n")
        self.process.stdin.flush()
        self.rounds.append(self._answer())

    def close(self) -> dict:
        self.process.stdin.close()
        self.process.wait()
        return {**self.figures, "engine": self.engine, **spread(self.rounds)}


def spread(rounds: list[dict]) -> dict:
    """p50: median over the rounds; p95: min / median / max of the rounds'."""
    out = {}
    for label in ("two-word", "phrase"):
        p50 = sorted(r[f"{label} 50"] for r in rounds)
        p95 = sorted(r[f"{label} 95"] for r in rounds)
        out[f"{label} 50"] = p50[len(p50) // 2]
        out[f"{label} 95"] = p95[len(p95) // 2]
        out[f"{label} 95 spread"] = f"{p95[0]} / {p95[len(p95) // 2]} / {p95[-1]}"
        out[f"{label} with hits"] = rounds[-1][f"{label} with hits"]
    return out
