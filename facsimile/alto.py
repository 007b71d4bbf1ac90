"""ALTO XML (v2 to v4, the Library of Congress standard for OCR of printed pages).

What is read, as the ALTO 4 schema defines it: `Description/MeasurementUnit`
(pixel, mm10 or inch1200) and `sourceImageInformation/fileName`; each
`Layout/Page` (WIDTH, HEIGHT, both optional) and, at any depth of its
margins, print space and `ComposedBlock`s, every `TextBlock/TextLine`. A
line's text is its `String` CONTENTs, with a space where the file has an
`SP` (or between two words of Latin script, which the schema says strings
are separated by), and its `HYP` character. Positions (HPOS, VPOS, WIDTH,
HEIGHT) are all optional in the schema: a line without its own box gets its
strings' union, a string without one shares its line's. Confidence is WC
(0 unsure – 1 sure) or else CC (one digit per character, 0 sure – 9 unsure);
a `Glyph` with a box gives its character that box. The file's own reading
order (`ReadingOrder`, `IDNEXT`) is not used: the order comes from the
geometry, as for every source; each line keeps its TextBlock's ID.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .geometry import Box, union
from .layout import Line, PageLayout, estimate_char_boxes

NAMESPACE_PREFIX = "http://www.loc.gov/standards/alto"
BLOCK_CONTAINERS = {
    "TopMargin",
    "LeftMargin",
    "RightMargin",
    "BottomMargin",
    "PrintSpace",
    "ComposedBlock",
}


class AltoError(ValueError):
    pass


def looks_like_alto(data: bytes) -> bool:
    head = data[:4096]
    return b"<alto" in head and (
        NAMESPACE_PREFIX.encode() in head or b"<Layout" in data[:65536]
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_xml(data: bytes | str) -> ET.Element:
    """Parse without entity declarations (no internal entity bombs)."""
    raw = data.encode() if isinstance(data, str) else data
    if b"<!ENTITY" in raw[:65536]:
        raise AltoError("XML with entity declarations is refused")
    try:
        return ET.fromstring(raw)
    except ET.ParseError as exc:
        raise AltoError(f"not well-formed XML: {exc}") from exc


def read_alto(data: bytes | str) -> list[PageLayout]:
    """One layout per `Page` of the file, in the file's order."""
    root = parse_xml(data)
    if _local(root.tag) != "alto":
        raise AltoError("the root element is not <alto>")
    unit, image = "pixel", None
    for el in root.iter():
        name = _local(el.tag)
        if name == "MeasurementUnit" and el.text:
            unit = el.text.strip()
        elif name == "fileName" and el.text and image is None:
            image = el.text.strip()
    pages = [el for el in root.iter() if _local(el.tag) == "Page"]
    return [_page(page, unit, image) for page in pages]


def _page(page: ET.Element, unit: str, image: str | None) -> PageLayout:
    lines: list[Line] = []
    for block in _text_blocks(page):
        block_id = block.get("ID")
        for el in block:
            if _local(el.tag) == "TextLine":
                line = _line(el, block_id)
                if line is not None:
                    lines.append(line)
    width, height = _float(page.get("WIDTH")), _float(page.get("HEIGHT"))
    return PageLayout(
        width=width or max((ln.box.x1 for ln in lines), default=1.0),
        height=height or max((ln.box.y1 for ln in lines), default=1.0),
        lines=tuple(lines),
        kind="alto",
        unit="px" if unit == "pixel" else unit,
        image=image,
        size_known=bool(width and height),
    )


def _text_blocks(el: ET.Element):
    for child in el:
        name = _local(child.tag)
        if name == "TextBlock":
            yield child
        elif name in BLOCK_CONTAINERS:
            yield from _text_blocks(child)


@dataclass
class _Piece:
    text: str
    chars: list[Box | None]
    confidence: list[float]  # one per non-space character, when known


def _line(el: ET.Element, block_id: str | None) -> Line | None:
    pieces: list[_Piece] = []
    pending_space = False
    for child in el:
        name = _local(child.tag)
        if name == "SP":
            pending_space = True
        elif name in ("String", "HYP"):
            piece = _string(child, el)
            gap = pending_space or (
                name == "String" and _latin_gap(pieces[-1].text, piece.text)
                if pieces
                else False
            )
            if pieces and gap:
                pieces.append(_Piece(" ", [None], []))
            pieces.append(piece)
            pending_space = False
    text = "".join(p.text for p in pieces)
    if not text.strip():
        return None
    chars = [b for p in pieces for b in p.chars]
    box = _box(el) or union(b for b in chars if b is not None)
    if box is None:
        raise AltoError(f"TextLine {el.get('ID') or ''} has no position")
    # Strings without positions share the line's box among their characters.
    if any(b is None and not c.isspace() for b, c in zip(chars, text, strict=True)):
        chars = list(estimate_char_boxes(text, box))
    confidences = [c for p in pieces for c in p.confidence]
    return Line(
        text=text,
        box=box,
        confidence=sum(confidences) / len(confidences) if confidences else None,
        chars=tuple(chars),
        vertical=(el.get("BASEDIRECTION") or "") in ("ttb", "btt"),
        block=block_id,
    )


def _string(el: ET.Element, line: ET.Element) -> _Piece:
    text = el.get("CONTENT")
    if text is None:
        raise AltoError("a String without CONTENT")
    box = _box(el)
    glyphs = [g for g in el if _local(g.tag) == "Glyph"]
    if box is not None and len(glyphs) == len(text) and all(_box(g) for g in glyphs):
        chars: list[Box | None] = [_box(g) for g in glyphs]
    elif box is not None:
        vertical = (line.get("BASEDIRECTION") or "") in ("ttb", "btt")
        chars = list(estimate_char_boxes(text, box, vertical=vertical))
    else:
        chars = [None] * len(text)
    count = sum(1 for c in text if not c.isspace())
    confidence: list[float] = []
    if el.get("WC") is not None:
        confidence = [float(el.get("WC"))] * count
    elif el.get("CC"):
        digits = [int(d) for d in el.get("CC").split() if d.isdigit()] or [
            int(d) for d in el.get("CC") if d.isdigit()
        ]
        confidence = [1 - d / 9 for d in digits]
    return _Piece(text, chars, confidence)


def _latin_gap(left: str, right: str) -> bool:
    # Strings are separated by white space or hyphens (the schema); between
    # two Chinese strings a file's missing SP is no space in print.
    return bool(left and right) and left[-1].isascii() and right[0].isascii()


def _box(el: ET.Element) -> Box | None:
    values = [_float(el.get(k)) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT")]
    if any(v is None for v in values):
        return None
    x, y, w, h = values
    return Box(x, y, x + w, y + h)


def _float(value: str | None) -> float | None:
    if value is None or not value.strip():
        return None
    return float(value)
