"""What a file is, from its bytes (the extension is only a tie-breaker)."""

from __future__ import annotations

from .alto import looks_like_alto
from .hocr import looks_like_hocr
from .layout import SourceKind
from .ocrjson import looks_like_ocr_json
from .pdf import looks_like_pdf

IMAGE_MAGIC = {
    b"\xff\xd8\xff": "jpeg",
    b"\x89PNG\r\n\x1a\n": "png",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
    b"\x00\x00\x00\x0cjP  \r\n\x87\n": "jp2",
}
# Extensions the ingest command looks for when it walks a folder.
EXTENSIONS = {
    ".pdf": "pdf",
    ".jpg": "image",
    ".jpeg": "image",
    ".png": "image",
    ".tif": "image",
    ".tiff": "image",
    ".jp2": "image",
    ".xml": "alto",
    ".alto": "alto",
    ".hocr": "hocr",
    ".html": "hocr",
    ".xhtml": "hocr",
    ".json": "ocr-json",
    ".txt": "text",
    ".md": "text",
}


def image_format(data: bytes) -> str | None:
    for magic, name in IMAGE_MAGIC.items():
        if data.startswith(magic):
            return name
    return None


def detect_kind(data: bytes) -> SourceKind:
    """pdf, image, alto, hocr, ocr-json, or text for anything else."""
    if looks_like_pdf(data):
        return "pdf"
    if image_format(data):
        return "image"
    if looks_like_alto(data):
        return "alto"
    if looks_like_hocr(data):
        return "hocr"
    if looks_like_ocr_json(data):
        return "ocr-json"
    return "text"
