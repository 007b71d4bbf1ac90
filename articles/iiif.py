"""IIIF Image API 3.0, level 1, for page images (parameters: facsimile.iiif).

Each page source with an image is an image service at
/iiif/<page source id>/. Answers are made with Pillow from the stored image
and kept in the cache (they never change: a new source is a new id).
"""

from __future__ import annotations

import io

from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from articles.models import PageSource
from articles.selectors import page_image_source
from facsimile.iiif import IiifError, info, parse_request

CACHE_SECONDS = 24 * 3600


def _source(pk: int) -> PageSource:
    source = page_image_source(pk)
    if source is None:
        raise Http404("no page image")
    return source


def _size(source: PageSource) -> tuple[int, int]:
    geometry = source.geometry or {}
    if geometry.get("unit") == "px" and geometry.get("width"):
        return int(geometry["width"]), int(geometry["height"])
    from PIL import Image

    with source.image.open("rb") as fh:
        return Image.open(fh).size


@require_safe
@cache_control(public=True, max_age=CACHE_SECONDS)
def image_info(request, pk: int):
    source = _source(pk)
    width, height = _size(source)
    service = request.build_absolute_uri(f"/iiif/{pk}")
    response = JsonResponse(info(service, width, height))
    response["Content-Type"] = (
        'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@cache_control(public=True, max_age=CACHE_SECONDS)
def image_request(
    request, pk: int, region: str, size: str, rotation: str, quality: str
):
    source = _source(pk)
    width, height = _size(source)
    try:
        wanted = parse_request(region, size, rotation, quality, width, height)
    except IiifError as exc:
        return HttpResponseBadRequest(str(exc))
    key = f"iiif:{pk}:{wanted.key()}"
    body = cache.get(key)
    if body is None:
        body = _render(source, wanted)
        cache.set(key, body, CACHE_SECONDS)
    response = HttpResponse(body, content_type="image/jpeg")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _render(source: PageSource, wanted) -> bytes:
    from PIL import Image

    x, y, w, h = wanted.region
    with source.image.open("rb") as fh:
        image = Image.open(fh)
        # JPEG decodes at 1/2, 1/4, 1/8 scale for the price of the smaller
        # image: a thumbnail of a large scan does not decode it whole.
        image.draft(
            "RGB",
            (image.width * wanted.size[0] // w, image.height * wanted.size[1] // h),
        )
        sx, sy = image.width / _size(source)[0], image.height / _size(source)[1]
        crop = image.convert("RGB").crop(
            (round(x * sx), round(y * sy), round((x + w) * sx), round((y + h) * sy))
        )
    if crop.size != wanted.size:
        crop = crop.resize(wanted.size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    crop.save(out, format="JPEG", quality=85)
    return out.getvalue()
