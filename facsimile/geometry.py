"""Boxes on a page: top-left origin, x to the right, y down, in the page's unit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def scaled(self, sx: float, sy: float | None = None) -> Box:
        sy = sx if sy is None else sy
        return Box(self.x0 * sx, self.y0 * sy, self.x1 * sx, self.y1 * sy)

    def as_list(self, digits: int = 1) -> list[float]:
        return [round(v, digits) for v in (self.x0, self.y0, self.x1, self.y1)]

    @classmethod
    def from_points(cls, points: Iterable[Iterable[float]]) -> Box:
        """The upright box around a polygon (OCR engines give four corners)."""
        xs, ys = zip(*((float(p[0]), float(p[1])) for p in points), strict=True)
        return cls(min(xs), min(ys), max(xs), max(ys))


def union(boxes: Iterable[Box]) -> Box | None:
    """The smallest box holding all of them, None for none."""
    x0 = y0 = float("inf")
    x1 = y1 = float("-inf")
    for box in boxes:
        x0, y0 = min(x0, box.x0), min(y0, box.y0)
        x1, y1 = max(x1, box.x1), max(y1, box.y1)
    return None if x0 == float("inf") else Box(x0, y0, x1, y1)


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    """Length of the overlap of two intervals (0 when apart)."""
    return max(0.0, min(a1, b1) - max(a0, b0))


def median(values: Iterable[float], default: float = 0.0) -> float:
    ordered = sorted(values)
    if not ordered:
        return default
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2
