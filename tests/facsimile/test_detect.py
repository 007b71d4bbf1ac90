"""Sources are told apart by their bytes, not their names."""

import io

import pytest
from PIL import Image

from facsimile import detect_kind, image_format
from facsimile.read import SourceError, read_source


def _image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format=fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "name"), [("JPEG", "jpeg"), ("PNG", "png"), ("TIFF", "tiff")]
)
def test_images_by_magic(fmt, name):
    data = _image(fmt)
    assert image_format(data) == name
    assert detect_kind(data) == "image"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (
            b'[{"box": [[0,0],[1,0],[1,1],[0,1]], "text": "x", "score": 0.9}]',
            "ocr-json",
        ),
        (b'\xef\xbb\xbf[{"text": "x", "box": []}]', "ocr-json"),
        (b"<div class='ocr_page' title='bbox 0 0 9 9'></div>", "hocr"),
        (
            b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout/></alto>',
            "alto",
        ),
        ("某某日报 2024年3月5日\n本报讯".encode(), "text"),
        (b"[1, 2, 3]", "text"),
        (b"<html><body>no ocr here</body></html>", "text"),
    ],
)
def test_text_formats_by_content(data, kind):
    assert detect_kind(data) == kind


def test_text_and_broken_images_are_refused_as_geometry():
    with pytest.raises(SourceError):
        read_source("纯文本".encode())
    with pytest.raises(SourceError):
        read_source(b"\x89PNG\r\n\x1a\n broken", kind="image")
    with pytest.raises(SourceError):
        read_source(b'[{"box": 1, "text": "x"}]')
