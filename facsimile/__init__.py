"""From scan to text: page sources with geometry, read in reading order.

Pure Python, no Django: PDFs (text layer), page images (OCR, an optional
extra), ALTO and hOCR XML and OCR engines' JSON become a `PageLayout` of text
lines with boxes and confidences; `compose` orders them by the page's
geometry (`order.xy_cut`) into the text the segmenter reads, keeping the box
of every character (`SourceText`).
"""

from .detect import EXTENSIONS, detect_kind, image_format
from .geometry import Box
from .layout import Line, PageLayout, SourceKind
from .read import read_layouts, read_source
from .text import SourceText, compose, type_sizes

__all__ = [
    "EXTENSIONS",
    "Box",
    "Line",
    "PageLayout",
    "SourceKind",
    "SourceText",
    "compose",
    "detect_kind",
    "image_format",
    "read_layouts",
    "read_source",
    "type_sizes",
]
