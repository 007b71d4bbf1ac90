"""OCR of page images with RapidOCR (PP-OCR models on ONNX Runtime).

An optional extra: `pip install '.[ocr]'`. The engine is imported when the
first image is read, so nothing else needs it. The models ship inside the
`rapidocr-onnxruntime` wheel; nothing is downloaded at run time.

The engine's own pipeline is split in two so that a detected line that
runs across a column gutter is cut at the gutter (`facsimile.gutters`)
before it is recognised: each column's text is then read on its own
instead of coming out as one line made of two columns' halves.
"""

from __future__ import annotations

import functools
import importlib.util

from .geometry import Box, median
from .gutters import BODY_MAX, ink_gutters
from .layout import Line, PageLayout

# As the dev sample pages were made: detection on the long side up to 2000 px.
ENGINE_OPTIONS = {"det_limit_side_len": 2000, "det_limit_type": "max"}
MIN_SCORE = 0.5  # the engine's own default threshold for keeping a line
PAD = 2  # pixels of margin around a piece cut out for recognition


class OcrUnavailable(RuntimeError):
    """The OCR extra is not installed."""


def ocr_available() -> bool:
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


@functools.cache
def _engine():
    if not ocr_available():
        raise OcrUnavailable(
            "OCR of images needs the optional extra: pip install 'newsroom[ocr]'"
        )
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(**ENGINE_OPTIONS)


def ocr_image(image, *, split_gutters: bool = True) -> PageLayout:
    """The text lines of a Pillow image, with boxes in its pixels and scores."""
    import numpy as np

    engine = _engine()
    rgb = image.convert("RGB")
    bgr = np.ascontiguousarray(np.asarray(rgb)[:, :, ::-1])
    gray = np.asarray(rgb.convert("L"))
    found, _ = engine(bgr, use_det=True, use_cls=False, use_rec=False)
    boxes = [Box.from_points(points) for points in (found or [])]
    pieces = cut_boxes(boxes, gray) if split_gutters else boxes
    crops, kept = [], []
    height, width = gray.shape
    for box in pieces:
        x0, y0 = max(0, int(box.x0) - PAD), max(0, int(box.y0) - PAD)
        x1, y1 = min(width, int(box.x1) + PAD + 1), min(height, int(box.y1) + PAD + 1)
        if x1 - x0 < 2 or y1 - y0 < 2:
            continue
        crop = bgr[y0:y1, x0:x1]
        if crop.shape[0] >= 1.5 * crop.shape[1]:
            crop = np.ascontiguousarray(
                np.rot90(crop)
            )  # a vertical line, as the engine does
        crops.append(crop)
        kept.append(box)
    lines: list[Line] = []
    if crops:
        crops, _, _ = engine.text_cls(crops)
        results, _ = engine.text_rec(crops)
        for box, (text, score) in zip(kept, results, strict=True):
            if text.strip() and score >= MIN_SCORE:
                vertical = box.height >= 1.5 * box.width and len(text) > 1
                lines.append(
                    Line(text=text, box=box, confidence=float(score), vertical=vertical)
                )
    return PageLayout(width=width, height=height, lines=tuple(lines), kind="image")


def cut_boxes(boxes: list[Box], gray) -> list[Box]:
    """Detected line boxes, those of body size cut at the gutters they cross."""
    lh = median((b.height for b in boxes if b.width > b.height), default=0.0)
    out: list[Box] = []
    for box in boxes:
        if box.width <= box.height or box.height > BODY_MAX * lh:
            out.append(box)
            continue
        edges = [box.x0, *ink_gutters(gray, box), box.x1]
        out.extend(
            Box(a, box.y0, b, box.y1)
            for a, b in zip(edges, edges[1:], strict=False)
            if b - a >= box.height
        )
    return out
