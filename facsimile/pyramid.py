"""A page image's pyramid: the image at halving scales, made once at ingest.

Level n is the image reduced by the scale factor 2**n, its size rounded up
(ceil(width / factor), as the IIIF Image API 3.0 counts a scale factor's
size, section 5.6). Levels stop before the image's longer side falls under
MIN_SIDE pixels. An image request is answered from the smallest level that
still holds the region at the size asked, so a 1000 px view of a 4600 px
scan decodes a level a quarter or less of the scan's pixels.
"""

from __future__ import annotations

import io

MIN_SIDE = 128
QUALITY = 90


def scale_factors(width: int, height: int) -> list[int]:
    """The pyramid's scale factors (2, 4, …) for an image of this size."""
    factors = []
    factor = 2
    while max(_ceil_div(width, factor), _ceil_div(height, factor)) >= MIN_SIDE:
        factors.append(factor)
        factor *= 2
    return factors


def level_size(width: int, height: int, factor: int) -> tuple[int, int]:
    return _ceil_div(width, factor), _ceil_div(height, factor)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def make_levels(data: bytes) -> dict[int, bytes]:
    """Each scale factor's level of the image `data`, as JPEG bytes.

    Each level is the one before halved by a 2×2 box (Image.reduce, which
    rounds the size up as level_size does); the first, of a JPEG, is
    decoded at half scale by libjpeg itself (draft mode), so the scan is
    never decoded whole."""
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    width, height = image.size
    factors = scale_factors(width, height)
    if not factors:
        return {}
    image.draft("RGB", level_size(width, height, 2))
    image = image.convert("RGB")
    levels = {}
    for factor in factors:
        wanted = level_size(width, height, factor)
        while image.width > wanted[0] * 1.5:  # not yet at this level
            image = image.reduce(2)
        if image.size != wanted:
            image = image.resize(wanted, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=QUALITY)
        levels[factor] = out.getvalue()
    return levels


def best_factor(
    factors: list[int],
    full: tuple[int, int],
    region: tuple[int, int, int, int],
    size: tuple[int, int],
) -> int:
    """The largest scale factor whose level holds `region` (full-image
    pixels) at `size` or more (within a pixel, as a tile at the image's edge
    asks ceil(region / factor)); 1, the original, if none does."""
    width, height = full
    for factor in sorted(factors, reverse=True):
        lw, lh = level_size(width, height, factor)
        if (
            region[2] * lw / width >= size[0] - 1
            and region[3] * lh / height >= size[1] - 1
        ):
            return factor
    return 1


def info_sizes_tiles(width: int, height: int, tile: int = 512) -> dict:
    """info.json's `sizes` (the levels and the full image, smallest first)
    and `tiles` (3.0, sections 5.6 and 5.7)."""
    factors = scale_factors(width, height)
    sizes = [
        dict(zip(("width", "height"), level_size(width, height, f), strict=True))
        for f in reversed(factors)
    ]
    sizes.append({"width": width, "height": height})
    return {
        "sizes": sizes,
        "tiles": [{"width": tile, "height": tile, "scaleFactors": [1, *factors]}],
    }
