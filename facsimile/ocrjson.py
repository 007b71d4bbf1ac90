"""OCR engines' JSON line lists: `[{"box": [[x, y] × 4], "text", "score"}, …]`.

This is what RapidOCR (and PaddleOCR) return for an image, written out as
JSON: one record per detected line, corners in image pixels.
"""

from __future__ import annotations

import json

from .geometry import Box
from .layout import Line, PageLayout


def looks_like_ocr_json(data: bytes) -> bool:
    head = data[:4096].lstrip().lstrip(b"\xef\xbb\xbf")
    return head.startswith(b"[") and b'"box"' in head and b'"text"' in head


def read_ocr_json(
    data: bytes | str, *, width: float | None = None, height: float | None = None
) -> PageLayout:
    """The lines of an OCR JSON list; the page size defaults to their extent."""
    records = json.loads(data)
    if not isinstance(records, list):
        raise ValueError("an OCR JSON file is a list of line records")
    lines = []
    for record in records:
        text = str(record.get("text", ""))
        if not text.strip():
            continue
        score = record.get("score")
        lines.append(
            Line(
                text=text,
                box=Box.from_points(record["box"]),
                confidence=None if score is None else float(score),
            )
        )
    right = max((ln.box.x1 for ln in lines), default=1.0)
    bottom = max((ln.box.y1 for ln in lines), default=1.0)
    return PageLayout(
        width=width or right,
        height=height or bottom,
        lines=tuple(lines),
        kind="ocr-json",
        size_known=bool(width and height),
    )
