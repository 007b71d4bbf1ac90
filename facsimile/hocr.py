"""hOCR (HTML with OCR layout in `class` and `title` properties).

Read as the hOCR 1.2 specification describes it: pages are `ocr_page`
(`title="image …; bbox 0 0 W H"`), lines are `ocr_line` and its kin
(`ocrx_line`, `ocr_header`, `ocr_caption`, `ocr_textfloat`), words are
`ocrx_word` with `bbox` and `x_wconf` (0–100). A line's text is its words;
two Chinese words are joined without a space (engines put each character in
a word of its own), others with one. The HTML parser of the standard
library reads both XHTML and loose HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .geometry import Box, union
from .layout import Line, PageLayout, char_weight, estimate_char_boxes

LINE_CLASSES = {"ocr_line", "ocrx_line", "ocr_header", "ocr_caption", "ocr_textfloat"}
BLOCK_CLASSES = {"ocr_carea", "ocr_par"}
_BBOX = re.compile(r"\bbbox\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)")
_WCONF = re.compile(r"\bx_wconf\s+(-?[\d.]+)")
_IMAGE = re.compile(r"""\bimage\s+(?:"([^"]*)"|'([^']*)'|(\S+?))\s*(?:;|$)""")
_VOID = {"br", "img", "meta", "link", "hr", "input", "area", "base", "col", "wbr"}


class HocrError(ValueError):
    pass


def looks_like_hocr(data: bytes) -> bool:
    head = data[:65536]
    return b"ocr_page" in head or (b"ocr_line" in head and b"bbox" in head)


@dataclass
class _Word:
    text: str = ""
    box: Box | None = None
    conf: float | None = None


@dataclass
class _Line:
    box: Box | None
    block: str | None
    words: list[_Word] = field(default_factory=list)


@dataclass
class _Page:
    box: Box | None
    image: str | None
    lines: list[_Line] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pages: list[_Page] = []
        self.stack: list[tuple[str, str | None]] = []  # (tag, role)
        self.block: list[str | None] = []
        self.line: _Line | None = None
        self.word: _Word | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        title = attributes.get("title") or ""
        role = None
        if "ocr_page" in classes:
            role = "page"
            image = _IMAGE.search(title)
            name = next((g for g in image.groups() if g), None) if image else None
            self.pages.append(_Page(_bbox(title), name))
        elif classes & BLOCK_CLASSES:
            role = "block"
            self.block.append(attributes.get("id"))
        elif classes & LINE_CLASSES:
            role = "line"
            if not self.pages:
                self.pages.append(_Page(None, None))
            self.line = _Line(
                _bbox(title), next((b for b in reversed(self.block) if b), None)
            )
            self.pages[-1].lines.append(self.line)
        elif "ocrx_word" in classes and self.line is not None:
            role = "word"
            conf = _WCONF.search(title)
            self.word = _Word(
                box=_bbox(title), conf=float(conf.group(1)) / 100 if conf else None
            )
            self.line.words.append(self.word)
        if tag not in _VOID:
            self.stack.append((tag, role))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, role = self.stack.pop()
            if role == "word":
                self.word = None
            elif role == "line":
                self.line = None
            elif role == "block":
                self.block.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.word is not None:
            self.word.text += data
        elif self.line is not None and data.strip():
            # Text directly in a line (no word markup): one word of it.
            self.line.words.append(_Word(text=data))


def _bbox(title: str) -> Box | None:
    match = _BBOX.search(title)
    return Box(*(float(v) for v in match.groups())) if match else None


def read_hocr(data: bytes | str) -> list[PageLayout]:
    """One layout per `ocr_page`."""
    reader = _Reader()
    reader.feed(
        data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    )
    reader.close()
    if not reader.pages:
        raise HocrError("no ocr_page or ocr_line in the document")
    return [_layout(page) for page in reader.pages]


def _layout(page: _Page) -> PageLayout:
    lines = [line for line in (_to_line(raw) for raw in page.lines) if line is not None]
    box = page.box or union(ln.box for ln in lines) or Box(0, 0, 1, 1)
    return PageLayout(
        width=box.x1,
        height=box.y1,
        lines=tuple(lines),
        kind="hocr",
        image=page.image,
        size_known=page.box is not None,
    )


def _to_line(raw: _Line) -> Line | None:
    text, chars, confs = "", [], []
    for word in raw.words:
        word_text = " ".join(word.text.split())
        if not word_text:
            continue
        if text and not (_cjk(text[-1]) and _cjk(word_text[0])):
            text += " "
            chars.append(None)
        box = word.box or raw.box
        chars.extend(
            estimate_char_boxes(word_text, box) if box else [None] * len(word_text)
        )
        text += word_text
        if word.conf is not None:
            confs.append(word.conf)
    if not text.strip():
        return None
    box = raw.box or union(b for b in chars if b is not None)
    if box is None:
        raise HocrError("an ocr_line without a bbox")
    if any(b is None and not c.isspace() for b, c in zip(chars, text, strict=True)):
        chars = list(estimate_char_boxes(text, box))
    return Line(
        text=text,
        box=box,
        confidence=sum(confs) / len(confs) if confs else None,
        chars=tuple(chars),
        block=raw.block,
    )


def _cjk(char: str) -> bool:
    return char_weight(char) == 1.0
