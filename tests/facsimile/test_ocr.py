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


def test_a_dev_scan_read_across_columns_comes_out_column_by_column(dev):
    """The dev scan whose OCR read its top story across four columns.

    A band of the page from the top story's headline to its last line is
    OCR'd; the body lines must come out one column after the other (their
    column index never goes back), where the plain OCR interleaves them.
    """
    import io
    import json

    from PIL import Image

    gold = json.loads((dev / "gold.json").read_text(encoding="utf-8"))
    page = next(p for p in gold["pages"] if "ACROSS" in (p.get("notes") or ""))
    image = Image.open(dev / page["image"])
    # The top story lies between the masthead and the second story's kicker:
    # found from the engine's own boxes in the sample's OCR JSON.
    boxes = json.loads((dev / page["ocr_json"]).read_text(encoding="utf-8"))
    heights = sorted(
        max(p[1] for p in b["box"]) - min(p[1] for p in b["box"]) for b in boxes
    )
    body = heights[len(heights) // 2]
    display = sorted(
        (
            min(p[1] for p in b["box"]),
            max(p[0] for p in b["box"]) - min(p[0] for p in b["box"]),
        )
        for b in boxes
        if max(p[1] for p in b["box"]) - min(p[1] for p in b["box"]) > 2 * body
    )
    k = next(k for k, (_, width) in enumerate(display) if width > image.width / 2)
    top, bottom = display[k][0] - 10, display[k + 1][0] - 10
    band = image.crop((0, top, image.width, bottom))
    out = io.BytesIO()
    band.save(out, format="PNG")
    source = read_source(out.getvalue())
    layout = source.text.layout
    columns = []
    for span in source.text.spans:
        line = layout.lines[span.line]
        if line.box.height <= 1.3 * layout.line_height() and line.box.width > 4 * body:
            columns.append(int(line.box.cx // (image.width / 4)))
    assert len(columns) >= 20
    assert columns == sorted(columns), columns
