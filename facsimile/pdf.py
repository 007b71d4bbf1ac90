"""PDF pages: text lines from the text layer (pdfminer.six), the page as an image.

pdfminer's layout analysis groups glyphs into lines; each glyph keeps its
box, so every character of the text has its exact place on the page. Its
own grouping of lines into text boxes is not used: the reading order comes
from the geometry (`facsimile.order`). Coordinates are turned from PDF's
bottom-left origin to the top-left one of images, in points (1/72 inch).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from .geometry import Box
from .layout import Line, PageLayout

PDF_MAGIC = b"%PDF-"
# 2 px per point (144 dpi): a broadsheet page is ~2000 × 2900 px, enough to
# read body type on screen and for the IIIF tiles; rendering takes ~1 s.
DEFAULT_SCALE = 2.0


def looks_like_pdf(data: bytes) -> bool:
    # The header may follow some junk within the first 1024 bytes (PDF 1.7, 7.5.2).
    return PDF_MAGIC in data[:1024]


def read_pdf(data: bytes, *, pages: list[int] | None = None) -> list[PageLayout]:
    """The text-layer lines of each page (all, or the 0-based `pages`)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams

    layouts = []
    for page in extract_pages(
        io.BytesIO(data), laparams=LAParams(), page_numbers=pages
    ):
        x0, y0, x1, y1 = page.bbox
        lines = tuple(_lines(page, x0, y1))
        notes = () if lines else ("no text layer",)
        layouts.append(
            PageLayout(
                width=x1 - x0,
                height=y1 - y0,
                lines=lines,
                kind="pdf",
                unit="pt",
                notes=notes,
            )
        )
    return layouts


def _lines(page, left: float, top: float) -> Iterator[Line]:
    from pdfminer.layout import LTTextLine, LTTextLineVertical

    # Glyphs printed so far on the page: an overprint may come out in another
    # line (`发展新方位 奋进新目标` over `新时代：发展新方位` and `奋进新目标`).
    seen = _Printed()
    for item in _walk(page):
        if not isinstance(item, LTTextLine):
            continue
        text, chars = [], []
        for glyph in item:
            piece = glyph.get_text()
            box = None
            if hasattr(glyph, "fontname"):  # an LTChar, not an LTAnno
                gx0, gy0, gx1, gy1 = glyph.bbox
                box = Box(gx0 - left, top - gy1, gx1 - left, top - gy0)
                if _overprinted(piece, box, seen):
                    continue
            for char in piece:
                text.append(char)
                chars.append(box if box is not None and not char.isspace() else None)
        while text and text[-1] in "\r\n":
            text.pop()
            chars.pop()
        line_text = "".join(text)
        if not line_text.strip():
            continue
        lx0, ly0, lx1, ly1 = item.bbox
        yield Line(
            text=line_text,
            box=Box(lx0 - left, top - ly1, lx1 - left, top - ly0),
            chars=tuple(chars),
            vertical=isinstance(item, LTTextLineVertical),
        )


class _Printed:
    """The glyphs printed on a page, found by character and place."""

    CELL = 4.0  # points

    def __init__(self) -> None:
        self.cells: dict[tuple[str, int, int], list[Box]] = {}

    def near(self, piece: str, box: Box, distance: float) -> bool:
        reach = int(distance // self.CELL) + 1
        cx, cy = int(box.x0 // self.CELL), int(box.y0 // self.CELL)
        for dx in range(-reach, reach + 1):
            for dy in range(-reach, reach + 1):
                for other in self.cells.get((piece, cx + dx, cy + dy), ()):
                    if (
                        abs(other.x0 - box.x0) < distance
                        and abs(other.y0 - box.y0) < distance
                    ):
                        return True
        return False

    def add(self, piece: str, box: Box) -> None:
        key = (piece, int(box.x0 // self.CELL), int(box.y0 // self.CELL))
        self.cells.setdefault(key, []).append(box)


def _overprinted(piece: str, box: Box, seen: _Printed) -> bool:
    # Bold display type is often made by printing each glyph twice, a hair
    # apart; the text layer then has every character twice ("标题标题"), in
    # one line or in two. What is printed once is read once.
    if piece.isspace():
        return False
    if seen.near(piece, box, 0.3 * max(box.height, box.width, 1e-6)):
        return True
    seen.add(piece, box)
    return False


def _walk(container) -> Iterator:
    from pdfminer.layout import LTContainer, LTTextLine

    for item in container:
        yield item
        if isinstance(item, LTContainer) and not isinstance(item, LTTextLine):
            yield from _walk(item)


def page_count(data: bytes) -> int:
    with _document(data) as pdf:
        return len(pdf)


def render_page(data: bytes, index: int = 0, *, scale: float = DEFAULT_SCALE):
    """The page as a Pillow RGB image, `scale` pixels per point (PDFium)."""
    with _document(data) as pdf:
        page = pdf[index]
        try:
            return page.render(scale=scale).to_pil().convert("RGB")
        finally:
            page.close()


class _document:
    def __init__(self, data: bytes) -> None:
        import pypdfium2 as pdfium

        self.pdf = pdfium.PdfDocument(data)

    def __enter__(self):
        return self.pdf

    def __exit__(self, *exc) -> None:
        self.pdf.close()
