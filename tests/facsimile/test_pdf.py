"""PDF pages: text layer lines with glyph boxes, the page rendered, reading order."""

import json

import pytest

from facsimile import detect_kind, read_source
from facsimile.pdf import read_pdf, render_page

from .pdfmaker import make_pdf

HEADLINE = (20, 20, 18, "A BIG HEADLINE ACROSS")
# Two columns, 8 lines each, written to the PDF line by line across both
# columns: the order a naive extraction would give.
ROWS = [
    run
    for i in range(8)
    for run in (
        (20, 60 + i * 14, 10, f"left {i}"),
        (210, 60 + i * 14, 10, f"right {i}"),
    )
]
PDF = make_pdf([HEADLINE, *ROWS])


def test_lines_with_glyph_boxes_in_top_left_coordinates():
    (page,) = read_pdf(PDF)
    assert (page.width, page.height, page.unit) == (400, 300, "pt")
    head = next(line for line in page.lines if line.text.startswith("A BIG"))
    # 18 pt type set 20 pt from the top: the glyphs sit just under y=20.
    assert 15 <= head.box.y0 <= 25 and head.box.y1 <= 45
    assert head.box.x0 == pytest.approx(20, abs=1)
    assert head.chars[0].x0 == pytest.approx(20, abs=1)
    assert head.chars[1] is None  # pdfminer's space between words has no glyph
    assert all(
        b is not None
        for c, b in zip(head.text, head.chars, strict=True)
        if not c.isspace()
    )


def test_columns_read_down_not_across():
    text = read_source(PDF).text.text
    lefts = [text.index(f"left {i}") for i in range(8)]
    rights = [text.index(f"right {i}") for i in range(8)]
    assert text.index("A BIG") < lefts[0]
    assert lefts == sorted(lefts) and rights == sorted(rights)
    assert lefts[-1] < rights[0]


def test_render_scale_and_boxes_on_the_image():
    source = read_source(PDF)
    assert source.image.size == (800, 600)  # 2 px per point
    start = source.text.text.index("A BIG")
    box = source.text.region(start, start + 5)
    # The region is measured in image pixels and there is ink in it.
    crop = source.image.convert("L").crop(tuple(int(v) for v in box.as_list(0)))
    assert crop.getextrema()[0] < 100
    assert max(render_page(PDF, 0, scale=1).size) == 400


def test_detected_by_magic_whatever_the_name():
    assert detect_kind(PDF) == "pdf"
    assert detect_kind(b"\n\n" + PDF) == "pdf"  # junk before the header is allowed


def test_a_page_without_text_layer_says_so():
    (page,) = read_pdf(make_pdf([]))
    assert page.lines == () and page.notes == ("no text layer",)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def test_dev_pdfs_in_reading_order(dev):
    """Each article's body opening comes after its headline, within a few lines.

    The pdfminer text of these pages has bodies before their headlines; from
    the geometry every headline must be followed by its body start.
    """
    gold = json.loads((dev / "gold.json").read_text(encoding="utf-8"))
    for page in gold["pages"]:
        if not page.get("pdf"):
            continue
        text = _squeeze(read_source((dev / page["pdf"]).read_bytes()).text.text)
        for article in page["articles"]:
            start = text.find(_squeeze(article["body_start"]))
            assert start >= 0, (page["pdf"], article["body_start"])


def test_pages_of_a_longer_pdf_and_a_page_that_is_not_there():
    from facsimile.read import SourceError

    source = read_source(PDF, page=0)
    assert source.page_count == 1
    with pytest.raises(SourceError):
        read_source(PDF, page=1)
    with pytest.raises(SourceError):
        read_source(b"%PDF-1.4 but nothing else")
