"""ALTO 4: the hand-made page, read as the schema says, in reading order."""

import os

import pytest

from facsimile import detect_kind, read_layouts, read_source
from facsimile.alto import AltoError, read_alto

from .conftest import DATA

ALTO = (DATA / "page.alto.xml").read_bytes()


def test_the_hand_made_page_is_valid_alto_4():
    xmlschema = pytest.importorskip("xmlschema")
    xmlschema.XMLSchema(DATA / "alto-4-subset.xsd").validate(DATA / "page.alto.xml")
    full = os.environ.get("NEWSROOM_ALTO_XSD")
    if full:
        xmlschema.XMLSchema(full).validate(DATA / "page.alto.xml")


def test_lines_boxes_and_confidences():
    (page,) = read_alto(ALTO)
    assert (page.width, page.height, page.unit, page.image) == (
        1000,
        800,
        "px",
        "page-0001.png",
    )
    by_block = {line.text: line for line in page.lines}
    right = by_block["右栏第一行文字内容"]
    assert right.block == "TB_RIGHT"
    assert right.box.as_list() == [520, 200, 920, 230]
    assert right.confidence == pytest.approx(0.9)
    # CC: one digit per character, 0 sure and 9 unsure.
    assert by_block["右栏第二行文字内容"].confidence == pytest.approx(8 / 9)
    # Glyphs keep their own boxes; the next String shares its box.
    left = by_block["左栏第一行文字内"]
    assert left.chars[0].as_list() == [80, 200, 120, 230]
    assert left.chars[1].as_list() == [130, 200, 180, 230]
    assert left.chars[2].x0 == 180 and left.chars[-1].x1 == pytest.approx(480)
    assert left.block == "TB_LEFT"  # found inside the ComposedBlock


def test_sp_makes_a_space_latin_words_are_kept_apart_and_hyp_is_joined():
    (page,) = read_alto(ALTO)
    latin = next(line for line in page.lines if line.text.startswith("Newsroom"))
    assert latin.text == "Newsroom ALTO test-"
    assert latin.chars[len("Newsroom")] is None  # the SP has no glyph


def test_reading_order_comes_from_the_geometry_not_the_file():
    source = read_source(ALTO)
    assert source.text.text == (
        "测试标题横跨两栏\n\n左栏第一行文字内\nNewsroom ALTO test-"
        "\n\n右栏第一行文字内容\n右栏第二行文字内容"
    )
    start = source.text.text.index("右栏第二")
    assert source.text.region(start, start + 9).as_list() == [520, 240, 920, 270]


def test_detected_by_content():
    assert detect_kind(ALTO) == "alto"
    assert len(read_layouts(ALTO)) == 1


def test_other_units_are_measured_on_the_image(tmp_path):
    from PIL import Image

    data = ALTO.replace(b"<MeasurementUnit>pixel", b"<MeasurementUnit>mm10")
    image = tmp_path / "page.png"
    Image.new("RGB", (500, 400), "white").save(image)
    source = read_source(data, image=image.read_bytes())
    layout = source.text.layout
    assert (layout.width, layout.height, layout.unit) == (500, 400, "px")
    head = layout.lines[source.text.spans[0].line]
    assert head.box.as_list() == [40, 30, 460, 70]


def test_refuses_entities_and_non_alto():
    with pytest.raises(AltoError):
        read_alto(b'<!DOCTYPE a [<!ENTITY x "y">]><alto/>')
    with pytest.raises(AltoError):
        read_alto(b"<html/>")
    with pytest.raises(AltoError):
        read_alto(b"<alto")
