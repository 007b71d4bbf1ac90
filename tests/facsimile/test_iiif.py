"""IIIF Image API level 1 for page images: parameters and pixels."""

import io

import pytest
from PIL import Image

from facsimile.iiif import IiifError, parse_region, parse_size

from .conftest import COLOURS


def test_level1_parameters():
    assert parse_region("full", 500, 400) == (0, 0, 500, 400)
    assert parse_region("square", 500, 400) == (50, 0, 400, 400)
    assert parse_region("450,350,100,100", 500, 400) == (450, 350, 50, 50)
    assert parse_size("max", 300, 200) == (300, 200)
    assert parse_size("150,", 300, 200) == (150, 100)
    assert parse_size(",50", 300, 200) == (75, 50)
    assert parse_size("30,20", 300, 200) == (30, 20)
    for region in ("pct:0,0,50,50", "0,0,0,10", "600,0,10,10", "a,b,c,d"):
        with pytest.raises(IiifError):
            parse_region(region, 500, 400)
    for size in ("!100,100", "^max", "600,", ","):
        with pytest.raises(IiifError):
            parse_size(size, 300, 200)


def _jpeg(response) -> Image.Image:
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "image/jpeg"
    return Image.open(io.BytesIO(response.content)).convert("RGB")


def _close(pixel, colour, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def test_info_json(client, page_source):
    data = client.get(f"/iiif/{page_source.pk}/info.json").json()
    assert data["type"] == "ImageService3" and data["profile"] == "level1"
    assert (data["width"], data["height"]) == (500, 400)
    assert data["id"].endswith(f"/iiif/{page_source.pk}")


def test_regions_and_sizes_by_their_pixels(client, page_source):
    base = f"/iiif/{page_source.pk}"
    full = _jpeg(client.get(f"{base}/full/max/0/default.jpg"))
    assert full.size == (500, 400)
    assert _close(full.getpixel((100, 100)), COLOURS["tl"])
    assert _close(full.getpixel((400, 300)), COLOURS["br"])
    quarter = _jpeg(client.get(f"{base}/250,0,250,200/max/0/default.jpg"))
    assert quarter.size == (250, 200)
    assert all(
        _close(quarter.getpixel((x, y)), COLOURS["tr"])
        for x in (10, 125, 240)
        for y in (10, 100, 190)
    )
    small = _jpeg(client.get(f"{base}/full/100,/0/default.jpg"))
    assert small.size == (100, 80)
    assert _close(small.getpixel((10, 70)), COLOURS["bl"])
    assert _close(small.getpixel((90, 10)), COLOURS["tr"])
    square = _jpeg(client.get(f"{base}/square/,40/0/default.jpg"))
    assert square.size == (40, 40)
    again = client.get(f"{base}/square/,40/0/default.jpg")  # from the cache
    assert again.content == client.get(f"{base}/square/,40/0/default.jpg").content


def test_what_level1_does_not_do_is_a_bad_request(client, page_source):
    base = f"/iiif/{page_source.pk}"
    for tail in (
        "pct:0,0,50,50/max/0/default.jpg",
        "full/max/90/default.jpg",
        "full/max/0/gray.jpg",
        "full/max/0/default.png",
        "full/1000,/0/default.jpg",
    ):
        assert client.get(f"{base}/{tail}").status_code == 400, tail
    assert client.get("/iiif/999999/info.json").status_code == 404


def test_a_warm_image_request_makes_no_query(
    client, page_source, django_assert_num_queries
):
    url = f"/iiif/{page_source.pk}/full/100,/0/default.jpg"
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content


def test_the_lookup_reads_the_size_not_the_whole_geometry(page_source):
    from articles.selectors import page_image_source

    source = page_image_source(page_source.pk)
    assert "geometry" in source.get_deferred_fields()
    assert [int(float(v)) for v in (source.image_width, source.image_height)] == [
        500,
        400,
    ]


def test_without_a_size_in_pixels_the_image_says_it(client, page_source):
    from django.core.cache import cache

    page_source.geometry = {**page_source.geometry, "unit": "pt", "width": 9}
    page_source.save(update_fields=["geometry"])
    cache.clear()
    data = client.get(f"/iiif/{page_source.pk}/info.json").json()
    assert (data["width"], data["height"]) == (500, 400)
