"""OCR of a page image (the optional `ocr` extra): lines, boxes, scores, order."""

import pytest

from facsimile import detect_kind, read_source
from facsimile.ocr import ocr_available
from facsimile.pdf import render_page

from .pdfmaker import make_pdf

pytestmark = pytest.mark.skipif(
    not ocr_available(), reason="OCR extra not installed: pip install '.[ocr]'"
)


def test_a_rendered_two_column_page_is_read_in_columns():
    runs = [(20, 10, 24, "BIG HEADLINE")]
    for i in range(6):
        runs += [
            (20, 55 + i * 16, 11, f"alpha {i} left"),
            (150, 55 + i * 16, 11, f"item {i} right"),
        ]
    image = render_page(make_pdf(runs, width=280, height=170), 0, scale=3)
    out = __import__("io").BytesIO()
    image.save(out, format="PNG")
    data = out.getvalue()
    assert detect_kind(data) == "image"
    source = read_source(data)
    text = source.text.text.lower()
    assert "headline" in text
    lefts = [text.find(f"alpha {i}") for i in range(6)]
    rights = [text.find(f"item {i}") for i in range(6)]
    assert -1 not in lefts + rights, text
    assert lefts == sorted(lefts) and rights == sorted(rights) and lefts[-1] < rights[0]
    layout = source.text.layout
    assert (layout.width, layout.height) == image.size
    assert all(0.5 <= line.confidence <= 1 for line in layout.lines)
    start = source.text.text.lower().index("alpha 0")
    box = source.text.region(start, start + 5)
    assert box.x1 < 150 * 3 and box.y0 > 40 * 3
