"""A child process and its descendants, watched through /proc (Linux): each
process's peak RSS (VmHWM) and CPU time, read until it exits.

bench/ingest.py runs `manage.py ingest` under this to say how much memory
and CPU the writer (the command's own process) and its forked workers each
took; getrusage only gives the largest child's peak and the sum of CPU.
It also reads the PostgreSQL server's CPU (tree_cpu_seconds), which is not
its child.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class ProcessFigures:
    pid: int
    peak_rss_mb: float = 0.0
    cpu_seconds: float = 0.0


@dataclass
class TreeFigures:
    root: ProcessFigures
    descendants: dict[int, ProcessFigures] = field(default_factory=dict)

    @property
    def workers_peak_rss_mb(self) -> float:
        return max((p.peak_rss_mb for p in self.descendants.values()), default=0.0)

    @property
    def workers_cpu_seconds(self) -> float:
        return sum(p.cpu_seconds for p in self.descendants.values())


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return found


def _stat_fields(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (which may hold
    spaces): utime, stime, cutime and cstime are indexes 11 to 14."""
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().rsplit(")", 1)[1].split()


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a running process and of all its descendants, those that
    have exited included: a process waited for adds its time to its
    parent's cutime and cstime. So the difference of two readings is the
    tree's CPU between them, whichever processes came and went (as a
    PostgreSQL server's backends do with their connections)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            rest = _stat_fields(current)
        except OSError:  # exited since its parent listed it: in cutime later
            continue
        total += sum(int(value) for value in rest[11:15])
        pending += _children(current)
    return total / _TICKS


def _read(figures: ProcessFigures) -> None:
    """Refresh one process's figures (they only grow; a gone process keeps
    its last reading)."""
    try:
        with open(f"/proc/{figures.pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    figures.peak_rss_mb = max(
                        figures.peak_rss_mb, int(line.split()[1]) / 1024
                    )
                    break
        rest = _stat_fields(figures.pid)
        figures.cpu_seconds = max(
            figures.cpu_seconds, (int(rest[11]) + int(rest[12])) / _TICKS
        )
    except (OSError, IndexError, ValueError):
        pass


def run_watched(command: list[str], *, env: dict, interval: float = 0.1):
    """Run `command`; its exit status's check as subprocess.run(check=True),
    and the figures of it and every process it started."""
    process = subprocess.Popen(command, env=env)
    tree = TreeFigures(ProcessFigures(process.pid))
    while True:
        _read(tree.root)
        pending = _children(process.pid)
        while pending:
            pid = pending.pop()
            figures = tree.descendants.setdefault(pid, ProcessFigures(pid))
            _read(figures)
            pending += _children(pid)
        try:
            process.wait(timeout=interval)
            break
        except subprocess.TimeoutExpired:
            continue
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return tree
