"""The workbench's page image: each block's region on it, in its article's
colour, linked to the block's row (editing/static/editing/facsimile.js adds
click-to-select, zoom and pan).

Everything comes from what the workbench already loaded (the page's source
and the blocks shown): no query.
"""

from django import template
from django.utils.translation import gettext as _

register = template.Library()

# The page image the workbench asks for first (facsimile.js asks for a larger
# one when zoomed in) and the colour step between articles, the same as the
# block list's (workbench.html: --hue is the article's counter × 67).
SHOWN_WIDTH = 800
HUE_STEP = 67


def _percent(region, width: float, height: float) -> str:
    x0, y0, x1, y1 = region
    left, top = 100 * x0 / width, 100 * y0 / height
    across, down = 100 * (x1 - x0) / width, 100 * (y1 - y0) / height
    return (
        f"left: {left:.3f}%; top: {top:.3f}%; width: {across:.3f}%; height: {down:.3f}%"
    )


def _region(block, width, height, *, hue: int | None, article: str) -> dict:
    name = _("Block %(number)s") % {"number": block.pk}
    return {
        "block": block.pk,
        "hue": hue,
        "style": _percent(block.region, width, height),
        "name": f"{name}, {article}" if article else name,
    }


@register.inclusion_tag("admin/articles/page/_facsimile.html")
def workbench_facsimile(bench) -> dict:
    """{"facsimile": None} when the page has no image; else its IIIF service,
    sizes and the regions of the blocks shown (the current part's articles
    and the blocks of no article)."""
    source = bench.page.source
    geometry = (source.geometry or {}) if source else {}
    width, height = geometry.get("width"), geometry.get("height")
    if not source or not source.image or not width or not height:
        return {"facsimile": None}
    regions = []
    for index, article in enumerate(bench.articles, start=1):
        label = _("Article %(number)s") % {"number": article.pk}
        regions += [
            _region(block, width, height, hue=index * HUE_STEP, article=label)
            for block in article.block_list
            if block.region
        ]
    regions += [
        _region(block, width, height, hue=None, article="")
        for block in bench.unassigned
        if block.region
    ]
    shown = min(int(width), SHOWN_WIDTH)
    return {
        "facsimile": {
            "service": f"/iiif/{source.pk}",
            "width": int(width),
            "src": f"/iiif/{source.pk}/full/{shown},/0/default.jpg",
            "shown": shown,
            "shown_height": max(1, round(height * shown / width)),
            "regions": regions,
        }
    }
