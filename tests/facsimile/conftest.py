"""Helpers for the facsimile tests: data files and the dev sample pages."""

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image

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


COLOURS = {
    "tl": (200, 30, 30),
    "tr": (30, 200, 30),
    "bl": (30, 30, 200),
    "br": (240, 240, 240),
}


@pytest.fixture
def page_source(db, tmp_path, settings, test_publications):
    from django.core.cache import cache

    cache.clear()  # IIIF answers are cached by source id, which SQLite reuses
    settings.MEDIA_ROOT = tmp_path / "media"
    image = Image.new("RGB", (500, 400))
    for name, box in {
        "tl": (0, 0, 250, 200),
        "tr": (250, 0, 500, 200),
        "bl": (0, 200, 250, 400),
        "br": (250, 200, 500, 400),
    }.items():
        image.paste(COLOURS[name], box)
    image.save(tmp_path / "p1.png")
    (tmp_path / "p1.xml").write_bytes((DATA / "page.alto.xml").read_bytes())
    from articles.services.ingest import source_ingest

    result = source_ingest(
        source=tmp_path / "p1.xml",
        date_override=dt.date(2024, 3, 5),
        page_override=1,
        publication_override="test-gazette",
    )
    return result.page.source


ARTIFACTS_DIR = ROOT / "test-artifacts"
