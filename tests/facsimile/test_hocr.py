"""hOCR: pages, lines and words with bbox and x_wconf."""

import pytest

from facsimile import detect_kind, read_source
from facsimile.hocr import HocrError, read_hocr

HOCR = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title></title>
<meta name="ocr-capabilities"
 content="ocr_page ocr_carea ocr_line ocrx_word"/></head>
<body>
 <div class="ocr_page" id="page_1"
      title='image "scan 1.png"; bbox 0 0 600 400; ppageno 0'>
  <div class="ocr_carea" id="block_2" title="bbox 320 100 560 160">
   <span class="ocr_line" id="line_3" title="bbox 320 100 560 120">
    <span class="ocrx_word" title="bbox 320 100 340 120; x_wconf 90">右</span>
    <span class="ocrx_word" title="bbox 340 100 360 120; x_wconf 80">栏</span>
   </span>
  </div>
  <div class="ocr_carea" id="block_1" title="bbox 40 100 280 160">
   <span class="ocr_line" id="line_1" title="bbox 40 100 280 120">
    <span class="ocrx_word" title="bbox 40 100 60 120; x_wconf 96">左</span>
    <span class="ocrx_word" title="bbox 60 100 80 120; x_wconf 94">栏</span>
    <span class="ocrx_word" title="bbox 100 100 180 120; x_wconf 91">hOCR</span>
    <span class="ocrx_word" title="bbox 190 100 280 120; x_wconf 89">words&amp;co</span>
   </span>
   <span class="ocr_header" id="line_2" title="bbox 40 130 280 160">
    <span class="ocrx_word" title="bbox 40 130 280 160; x_wconf 70">标题</span>
   </span>
  </div>
 </div>
</body></html>
"""


def test_lines_words_and_confidences():
    (page,) = read_hocr(HOCR)
    assert (page.width, page.height, page.image, page.kind) == (
        600,
        400,
        "scan 1.png",
        "hocr",
    )
    texts = [line.text for line in page.lines]
    assert texts == ["右栏", "左栏 hOCR words&co", "标题"]
    left = page.lines[1]
    assert left.block == "block_1"
    assert left.confidence == pytest.approx((0.96 + 0.94 + 0.91 + 0.89) / 4)
    assert left.chars[0].as_list() == [40, 100, 60, 120]
    assert left.chars[2] is None  # the space between two words
    assert left.box.as_list() == [40, 100, 280, 120]


def test_read_in_columns_and_detected_by_content():
    data = HOCR.encode()
    assert detect_kind(data) == "hocr"
    text = read_source(data).text.text
    assert text.index("左栏") < text.index("标题") < text.index("右栏")


def test_loose_html_and_no_page():
    loose = "<p><span class=ocr_line title='bbox 0 0 50 10'>plain text<br></span>"
    (page,) = read_hocr(loose)
    assert page.lines[0].text == "plain text"
    assert not page.size_known
    with pytest.raises(HocrError):
        read_hocr("<html><body>nothing</body></html>")
