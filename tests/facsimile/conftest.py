"""Helpers for the facsimile tests: data files and the dev sample pages."""

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[2]
# shared/ lies beside the clone in CI, two levels up from a worktree.
DEV_CANDIDATES = [
    ROOT.parent / "shared/samples/dev",
    ROOT.parents[1] / "shared/samples/dev",
]
DEV = next((p for p in DEV_CANDIDATES if (p / "gold.json").exists()), None)


@pytest.fixture
def dev() -> Path:
    if DEV is None:
        pytest.skip("the dev sample pages (shared/samples/dev) are not beside the repo")
    return DEV
