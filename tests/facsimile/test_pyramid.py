"""Pyramid levels of page images: made at ingest, served by the Image API."""

import datetime as dt
import io

import pytest
from django.core.files.storage import InMemoryStorage
from PIL import Image

from articles.page_levels import level_name
from facsimile.pyramid import best_factor, info_sizes_tiles, scale_factors

from .conftest import COLOURS, DATA


class CountingStorage(InMemoryStorage):
    """An in-memory storage that remembers the names it opened."""

    opened: list[str] = []

    def _open(self, name, mode="rb"):
        CountingStorage.opened.append(name)
        return super()._open(name, mode)


@pytest.fixture
def counting_storage(settings):
    CountingStorage.opened = []
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.CountingStorage"},
    }
    return CountingStorage


def test_levels_halve_down_to_the_smallest_side_kept():
    assert scale_factors(3300, 4600) == [2, 4, 8, 16, 32]
    assert scale_factors(500, 400) == [2]
    assert scale_factors(200, 100) == []
    full = (3300, 4600)
    # A 1000 px wide view of the page is made from the 1650 px level.
    assert best_factor([2, 4, 8, 16, 32], full, (0, 0, 3300, 4600), (1000, 1394)) == 2
    assert best_factor([2, 4, 8, 16, 32], full, (0, 0, 3300, 4600), (200, 279)) == 16
    # A tile at the right edge, as a viewer asks it (ceil(width / factor)).
    assert best_factor([2, 4], full, (3072, 0, 228, 1024), (57, 256)) == 4
    # Full resolution of a region: only the original has it.
    assert best_factor([2, 4], full, (0, 0, 512, 512), (512, 512)) == 1


def test_info_lists_the_levels_as_sizes_and_tiles(client, page_source):
    data = client.get(f"/iiif/{page_source.pk}/info.json").json()
    assert data["sizes"] == [
        {"width": 250, "height": 200},
        {"width": 500, "height": 400},
    ]
    assert data["tiles"] == [{"width": 512, "height": 512, "scaleFactors": [1, 2]}]
    big = info_sizes_tiles(3300, 4600)
    assert big["sizes"][0] == {"width": 104, "height": 144}
    assert big["tiles"][0]["scaleFactors"] == [1, 2, 4, 8, 16, 32]


def test_ingest_stores_the_levels_next_to_the_image(counting_storage, page_source):
    from django.core.files.storage import default_storage

    name = level_name(page_source.image.name, 2)
    assert name.startswith(page_source.image.name.rsplit(".", 1)[0])
    with default_storage.open(name) as fh:
        level = Image.open(fh).convert("RGB")
    assert level.size == (250, 200)
    assert _close(level.getpixel((50, 50)), COLOURS["tl"])
    assert _close(level.getpixel((200, 150)), COLOURS["br"])


def test_a_small_view_is_read_from_a_level_not_the_image(
    counting_storage, page_source, client
):
    counting_storage.opened.clear()
    small = _jpeg(client.get(f"/iiif/{page_source.pk}/full/100,/0/default.jpg"))
    assert small.size == (100, 80)
    assert _close(small.getpixel((10, 70)), COLOURS["bl"])
    assert _close(small.getpixel((90, 10)), COLOURS["tr"])
    assert counting_storage.opened == [level_name(page_source.image.name, 2)]
    counting_storage.opened.clear()
    _jpeg(client.get(f"/iiif/{page_source.pk}/0,0,200,200/max/0/default.jpg"))
    assert counting_storage.opened == [page_source.image.name]


def test_without_its_levels_an_image_is_read_whole(
    counting_storage, page_source, client
):
    from django.core.files.storage import default_storage

    default_storage.delete(level_name(page_source.image.name, 2))
    counting_storage.opened.clear()
    small = _jpeg(client.get(f"/iiif/{page_source.pk}/full/100,/0/default.jpg"))
    assert _close(small.getpixel((90, 10)), COLOURS["tr"])
    assert counting_storage.opened[-1] == page_source.image.name


def test_a_replaced_page_has_levels_of_its_new_image(
    counting_storage, page_source, client, tmp_path
):
    from articles.services.ingest import source_ingest

    Image.new("RGB", (500, 400), COLOURS["tr"]).save(tmp_path / "p1.png")
    alto = (DATA / "page.alto.xml").read_bytes() + b"<!-- rescanned -->\n"
    (tmp_path / "p1.xml").write_bytes(alto)
    result = source_ingest(
        source=tmp_path / "p1.xml",
        date_override=dt.date(2024, 3, 5),
        page_override=1,
        publication_override="test-gazette",
        replace=True,
    )
    new = result.page.source
    assert new.pk != page_source.pk and new.image.name != page_source.image.name
    counting_storage.opened.clear()
    small = _jpeg(client.get(f"/iiif/{new.pk}/full/100,/0/default.jpg"))
    assert counting_storage.opened == [level_name(new.image.name, 2)]
    assert _close(small.getpixel((10, 70)), COLOURS["tr"])  # not the old blue
    old = _jpeg(client.get(f"/iiif/{page_source.pk}/full/100,/0/default.jpg"))
    assert _close(old.getpixel((10, 70)), COLOURS["bl"])


def _jpeg(response) -> Image.Image:
    assert response.status_code == 200, response.content[:200]
    return Image.open(io.BytesIO(response.content)).convert("RGB")


def _close(pixel, colour, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))
