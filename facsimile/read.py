"""One entry point: bytes of any supported source in, a page's text and geometry out."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from typing import Any

from . import alto, hocr, ocrjson, pdf
from .detect import detect_kind
from .gutters import split_at_gutters
from .layout import PageLayout, SourceKind
from .text import SourceText, compose

# Files that describe a scan, and the scans they may lie beside (same name).
DESCRIBES_IMAGE = {".xml", ".alto", ".hocr", ".html", ".xhtml", ".json"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".jp2"}


class SourceError(ValueError):
    """The file cannot be read as the page source it claims to be."""


@dataclass(frozen=True)
class PageSource:
    kind: SourceKind
    text: SourceText  # the reading-order text and the box of each character
    image: Any | None  # the page image (Pillow), when there is one
    page_count: int = 1  # pages in the file (a PDF, ALTO or hOCR may hold several)


def open_image(data: bytes):
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise SourceError(f"binary file that is no readable image ({exc})") from exc
    return image


def read_layouts(data: bytes, *, kind: SourceKind | None = None) -> list[PageLayout]:
    """Every page's lines as the source gives them (no OCR, no ordering)."""
    kind = kind or detect_kind(data)
    try:
        if kind == "pdf":
            return pdf.read_pdf(data)
        if kind == "alto":
            return alto.read_alto(data)
        if kind == "hocr":
            return hocr.read_hocr(data)
        if kind == "ocr-json":
            return [ocrjson.read_ocr_json(data)]
    except (ValueError, KeyError, TypeError) as exc:
        raise SourceError(f"unreadable {kind}: {exc}") from exc
    raise SourceError(f"no layout in a {kind} source")


def read_source(
    data: bytes,
    *,
    image: bytes | None = None,
    page: int = 0,
    kind: SourceKind | None = None,
    render_scale: float = pdf.DEFAULT_SCALE,
) -> PageSource:
    """Page `page` of the source, in reading order, measured on its image.

    `image` is the scan an ALTO, hOCR or OCR JSON file describes (optional);
    a PDF page is rendered, an image is read by OCR (the `ocr` extra).
    """
    kind = kind or detect_kind(data)
    if kind == "text":
        raise SourceError("plain text has no geometry; ingest it as text")
    if kind == "image":
        from .ocr import ocr_image

        picture = open_image(data)
        return PageSource(kind, compose(ocr_image(picture)), picture)
    if kind == "pdf":
        # Only the page asked for goes through layout analysis.
        try:
            count = pdf.page_count(data)
        except Exception as exc:  # PDFium raises its own PdfiumError
            raise SourceError(f"unreadable pdf: {exc}") from exc
        layouts = pdf.read_pdf(data, pages=[page]) if 0 <= page < count else []
    else:
        layouts = read_layouts(data, kind=kind)
        count = len(layouts)
        layouts = layouts[page : page + 1] if page >= 0 else []
    if not layouts:
        raise SourceError(f"page {page + 1} asked, the file has {count}")
    (layout,) = layouts
    picture = None
    if kind == "pdf":
        picture = pdf.render_page(data, page, scale=render_scale)
        if not layout.lines:
            from .ocr import ocr_available, ocr_image

            if ocr_available():  # a scan saved as PDF: read its picture
                layout = ocr_image(picture)
    elif image is not None:
        picture = open_image(image)
    gray = None
    if picture is not None:
        import numpy as np

        if not layout.size_known:
            layout = replace(layout, width=picture.width, height=picture.height)
        if (layout.width, layout.height) != picture.size:
            layout = layout.scaled_to(*picture.size)
        gray = np.asarray(picture.convert("L"))
    layout = split_at_gutters(layout, gray)
    return PageSource(kind, compose(layout), picture, page_count=count)
