"""IIIF Image API 3.0 request parameters (level 1), parsed without Django.

    {region}/{size}/{rotation}/{quality}.{format}

Level 1 (https://iiif.io/api/image/3.0/compliance/): regions `full`,
`square` and `x,y,w,h` in pixels; sizes `max`, `w,`, `,h` and `w,h`;
rotation `0`; quality `default`; format `jpg`. `pct:` regions, `!w,h` and
`^` (upscaling) are level 2 features and are refused, as the specification
lets a level 1 server do (400 Bad Request).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from facsimile.pyramid import info_sizes_tiles

_PX = re.compile(r"^(\d+),(\d+),(\d+),(\d+)$")
_SIZE = re.compile(r"^(\d*),(\d*)$")
LEVEL1_FORMATS = {"jpg": "image/jpeg"}


class IiifError(ValueError):
    """A request this server cannot answer (the view says 400)."""


@dataclass(frozen=True, slots=True)
class ImageRequest:
    region: tuple[int, int, int, int]  # x, y, w, h in full-image pixels
    size: tuple[int, int]  # of the image returned
    format: str

    def key(self) -> str:
        """A cache key part of safe characters."""
        x, y, w, h = self.region
        return f"{x}_{y}_{w}_{h}_{self.size[0]}_{self.size[1]}.{self.format}"


def parse_region(spec: str, width: int, height: int) -> tuple[int, int, int, int]:
    if spec == "full":
        return 0, 0, width, height
    if spec == "square":
        side = min(width, height)
        return (width - side) // 2, (height - side) // 2, side, side
    match = _PX.match(spec)
    if not match:
        raise IiifError(f"region {spec!r} is not supported at level 1")
    x, y, w, h = (int(v) for v in match.groups())
    if w == 0 or h == 0 or x >= width or y >= height:
        raise IiifError(f"region {spec!r} is outside the image")
    # A region reaching past the edge is cut at it (3.0, section 4.1).
    return x, y, min(w, width - x), min(h, height - y)


def parse_size(spec: str, w: int, h: int) -> tuple[int, int]:
    if spec == "max":
        return w, h
    match = _SIZE.match(spec)
    if not match or match.groups() == ("", ""):
        raise IiifError(f"size {spec!r} is not supported at level 1")
    sw, sh = match.groups()
    if sw and sh:
        size = int(sw), int(sh)
    elif sw:
        size = int(sw), max(1, round(h * int(sw) / w))
    else:
        size = max(1, round(w * int(sh) / h)), int(sh)
    if size[0] < 1 or size[1] < 1:
        raise IiifError(f"size {spec!r} is empty")
    if size[0] > w or size[1] > h:
        raise IiifError(f"size {spec!r} would upscale (level 2)")
    return size


def parse_request(
    region: str, size: str, rotation: str, quality_format: str, width: int, height: int
) -> ImageRequest:
    """The request, checked against the image's size; IiifError if not level 1."""
    if rotation != "0":
        raise IiifError("only rotation 0 is supported")
    quality, _, fmt = quality_format.rpartition(".")
    if quality != "default" or fmt not in LEVEL1_FORMATS:
        raise IiifError("only default.jpg is supported")
    box = parse_region(region, width, height)
    return ImageRequest(box, parse_size(size, box[2], box[3]), fmt)


def info(service_id: str, width: int, height: int) -> dict:
    """The image's info.json (Image API 3.0)."""
    return {
        "@context": "http://iiif.io/api/image/3/context.json",
        "id": service_id,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level1",
        "width": width,
        "height": height,
        # The pyramid levels made at ingest, as sizes and tiles.
        **info_sizes_tiles(width, height),
    }
