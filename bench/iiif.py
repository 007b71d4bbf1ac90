"""IIIF page-image requests beside a trivial view, in one process and run.

    python bench/iiif.py [--repeat 50] [--width 1000] [--scan 3300x4600]
                         [--glyphs 11000]

Makes a scratch SQLite archive and media folder, ingests one page: the test
ALTO page with a synthetic JPEG scan of a broadsheet's size (default
3300 × 4600 px, ~400 dpi), its geometry grown to a broadsheet's glyph count
(default 11,000 boxes, as rmrb_20180102_p07 has characters; the stored
geometry keeps every glyph's box, so its size is what a request could pay
to load), then times through Django's test client (the
whole request path: URL routing, middleware, view, storage):

- the trivial view (`/go/`, a redirect that touches no database),
- a warm page-image request at a typical size (`full/<width>,`), the answer
  in the cache (locmem) as after its first request,
- the same request cold: the cache cleared before each, so Pillow decodes
  (JPEG draft mode), crops, scales and encodes every time, from the
  smallest pyramid level made at ingest that holds the request,
- the same request cold with the levels deleted, so the scan itself is read
  (as before levels were made, and for an image stored before them),
- the time making the levels takes at ingest (facsimile.pyramid.make_levels
  on the scan's bytes), once per page.

It prints the median ms of each and their ratios to the trivial view, and
the load average before and after: a figure only means something beside its
yardstick on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ALTO = ROOT / "tests" / "facsimile" / "data" / "page.alto.xml"


def _setup(folder: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["NEWSROOM_MEDIA_ROOT"] = str(folder / "media")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _page(folder: Path, size: tuple[int, int]) -> int:
    import datetime as dt

    from PIL import Image, ImageDraw

    from articles.services.ingest import source_ingest

    scan = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(scan)
    for y in range(0, size[1], 37):  # lines of "print", so JPEG has work
        draw.line([(40, y), (size[0] - 40, y)], fill=(30, 30, 30), width=9)
    scan.save(folder / "p1.jpg", quality=85)
    (folder / "p1.xml").write_bytes(ALTO.read_bytes())
    from django.conf import settings

    publications = folder / "publications.toml"
    publications.write_text(
        '[[publication]]\nslug = "bench"\nname = "Bench"\n'
        'masthead_patterns = ["^Bench$"]\n',
        encoding="utf-8",
    )
    settings.NEWSROOM_PUBLICATIONS_FILE = publications
    result = source_ingest(
        source=folder / "p1.xml",
        date_override=dt.date(2024, 3, 5),
        page_override=1,
        publication_override="bench",
    )
    return result.page.source_id


def _grow_geometry(source_id: int, glyphs: int) -> int:
    """Give the page's geometry `glyphs` more glyph boxes, in lines of 40;
    returns the geometry's size in bytes."""
    import json

    from articles.models import PageSource

    source = PageSource.objects.get(pk=source_id)
    geometry = source.geometry
    end = len(source.text)
    for n in range(0, glyphs, 40):
        box = [100, 10 + n // 4, 900, 40 + n // 4]
        chars = [[100 + 20 * k, box[1], 120 + 20 * k, box[3]] for k in range(40)]
        geometry["lines"].append({"start": end, "end": end, "box": box, "chars": chars})
    source.geometry = geometry
    source.save(update_fields=["geometry"])
    return len(json.dumps(geometry))


def _median_ms(client, url: str, repeat: int, before=None) -> float:
    times = []
    for _ in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code in (200, 302), (url, response.status_code)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--width", type=int, default=1000)
    parser.add_argument("--scan", default="3300x4600")
    parser.add_argument("--glyphs", type=int, default=11000)
    args = parser.parse_args()
    size = tuple(int(v) for v in args.scan.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _setup(folder)
        source_id = _page(folder, size)
        geometry_bytes = _grow_geometry(source_id, args.glyphs)
        from django.core.cache import cache
        from django.test import Client

        client = Client()
        image = f"/iiif/{source_id}/full/{args.width},/0/default.jpg"
        client.get(image)  # warm: the answer is cached
        client.get("/go/")
        print(f"scan {size[0]}×{size[1]} JPEG, request {image}")
        print(f"geometry {geometry_bytes / 1e6:.2f} MB ({args.glyphs} more glyphs)")
        print(f"load average before: {os.getloadavg()}")
        trivial = _median_ms(client, "/go/", args.repeat)
        warm = _median_ms(client, image, args.repeat)
        cold = _median_ms(client, image, max(5, args.repeat // 5), cache.clear)
        levels = _drop_levels(source_id)
        scan = _median_ms(client, image, max(5, args.repeat // 5), cache.clear)
        making = _making_ms(folder / "p1.jpg")
        print(f"load average after: {os.getloadavg()}")
    print(f"trivial view /go/      {trivial:7.2f} ms")
    print(f"page image, warm       {warm:7.2f} ms  ({warm / trivial:.1f}× trivial)")
    print(f"page image, cold       {cold:7.2f} ms  ({cold / trivial:.1f}× trivial)")
    print(
        f"cold from the scan     {scan:7.2f} ms  ({scan / trivial:.1f}× trivial;"
        f" levels save {scan / cold:.1f}×)"
    )
    print(f"making {levels} levels   {making:7.2f} ms  (at ingest, once a page)")


def _drop_levels(source_id: int) -> int:
    """Delete the page image's pyramid levels; returns how many there were."""
    from django.core.files.storage import default_storage

    from articles.models import PageSource
    from articles.page_levels import level_name
    from facsimile.pyramid import scale_factors

    name = PageSource.objects.get(pk=source_id).image.name
    with default_storage.open(name) as fh:
        from PIL import Image

        factors = scale_factors(*Image.open(fh).size)
    for factor in factors:
        default_storage.delete(level_name(name, factor))
    return len(factors)


def _making_ms(path: Path, repeat: int = 3) -> float:
    from facsimile.pyramid import make_levels

    data = path.read_bytes()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        make_levels(data)
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


if __name__ == "__main__":
    main()
