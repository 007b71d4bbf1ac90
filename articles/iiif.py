"""IIIF Image API 3.0, level 1, for page images (parameters: facsimile.iiif).

Each page source with an image is an image service at
/iiif/<page source id>/. Answers are made with Pillow from the smallest of
the image's pyramid levels (made at ingest: articles.page_levels) that holds
the region at the size asked, and kept in the cache (they never change: a
new source is a new id).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from articles import reading
from articles.models import PageSource
from articles.page_levels import open_level
from articles.selectors import page_image_source
from facsimile.iiif import IiifError, info, parse_request
from facsimile.manifest import ArticleAnnotation, CanvasPage, issue_manifest, union
from facsimile.pyramid import best_factor, scale_factors

CACHE_SECONDS = 24 * 3600


# How long an image's name and size are trusted from the cache: a request
# then makes no query. A deleted source's image can still be served for this
# long (its answers are public and cached for a day by browsers anyway).
SOURCE_SECONDS = 300


@dataclass(frozen=True, slots=True)
class PageImage:
    """What an image request needs of a page source: its file and size."""

    pk: int
    name: str
    width: int
    height: int

    def open(self):
        return PageSource._meta.get_field("image").storage.open(self.name, "rb")


def _source(pk: int) -> PageImage:
    key = f"iiif-source:{pk}"
    found = cache.get(key)
    if found is None:
        source = page_image_source(pk)
        found = () if source is None else (source.image.name, *_size(source))
        cache.set(key, found, SOURCE_SECONDS)
    if not found:
        raise Http404("no page image")
    return PageImage(pk, *found)


def _size(source: PageSource) -> tuple[int, int]:
    """The image's size in pixels: the geometry's two numbers that
    page_image_source reads, else the image file's header."""
    if source.geometry_unit == "px" and source.image_width and source.image_height:
        return int(float(source.image_width)), int(float(source.image_height))
    from PIL import Image

    with source.image.open("rb") as fh:
        return Image.open(fh).size


@require_safe
@cache_control(public=True, max_age=CACHE_SECONDS)
def image_info(request, pk: int):
    source = _source(pk)
    width, height = source.width, source.height
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
    width, height = source.width, source.height
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


def _render(source: PageImage, wanted) -> bytes:
    from PIL import Image

    full = source.width, source.height
    factor = best_factor(scale_factors(*full), full, wanted.region, wanted.size)
    x, y, w, h = wanted.region
    with _open_level(source, factor) as fh:
        image = Image.open(fh)
        # JPEG decodes at 1/2, 1/4, 1/8 scale for the price of the smaller
        # image: a thumbnail of a large scan does not decode it whole.
        image.draft(
            "RGB",
            (image.width * wanted.size[0] // w, image.height * wanted.size[1] // h),
        )
        sx, sy = image.width / full[0], image.height / full[1]
        crop = image.convert("RGB").crop(
            (round(x * sx), round(y * sy), round((x + w) * sx), round((y + h) * sy))
        )
    if crop.size != wanted.size:
        crop = crop.resize(wanted.size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    crop.save(out, format="JPEG", quality=85)
    return out.getvalue()


def _open_level(source: PageImage, factor: int):
    """The smallest pyramid level that serves the request, or the image."""
    if factor > 1:
        storage = PageSource._meta.get_field("image").storage
        level = open_level(storage, source.name, factor)
        if level is not None:
            return level
    return source.open()


@require_safe
@cache_control(public=True, max_age=300)
def manifest(request, pk: int):
    """The issue's IIIF Presentation 3 manifest (the newspaper recipe)."""
    issue = reading.issue_for_manifest(pk)
    if issue is None:
        raise Http404("no issue")
    pages = [_canvas_page(request, issue, p) for p in reading.facsimile_pages(issue)]
    if not pages:
        raise Http404("no page image in this issue")
    label = f"{issue.publication.name} {issue.date.isoformat()}"
    body = issue_manifest(
        request.build_absolute_uri(reverse("iiif-manifest", args=[pk])),
        label=label,
        date=issue.date,
        pages=pages,
        homepage=request.build_absolute_uri(reading.issue_url(issue)),
    )
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = (
        'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _canvas_page(request, issue, page: dict) -> CanvasPage:
    width, height = page["width"], page["height"]
    if not width or not height:  # geometry without the image's size
        image = _source(page["source_id"])
        width, height = image.width, image.height
    d = issue.date
    articles = [
        ArticleAnnotation(
            key=str(a["sequence"]),
            text="\n".join(t for t in (a["headline"], a["body"]) if t),
            region=union(a["regions"]),
            homepage=request.build_absolute_uri(
                reverse(
                    "article-reading",
                    args=[d.year, d.month, d.day, page["number"], a["sequence"]],
                )
            ),
        )
        for a in page["articles"]
    ]
    label = _("Page %(number)s") % {"number": page["number"]}
    if page["edition"]:
        label = f"{label} · {page['edition']}"
    return CanvasPage(
        key=str(page["number"]),
        label=label,
        width=int(float(width)),
        height=int(float(height)),
        service=request.build_absolute_uri(f"/iiif/{page['source_id']}"),
        articles=articles,
    )
