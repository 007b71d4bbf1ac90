"""IIIF Presentation API 3.0 manifest of a newspaper issue (no Django).

Following the IIIF cookbook's newspaper recipe (0068): an issue is a
Manifest with its `navDate`; each page with an image is a Canvas painted by
that image through its Image API service; each article on the page is a
`supplementing` annotation whose body is its text and whose target is its
region on the canvas (a media fragment `xywh=`, the union of its blocks'
regions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
MEDIA_FRAGMENTS = "http://www.w3.org/TR/media-frags/"


@dataclass
class ArticleAnnotation:
    key: str  # unique within the manifest
    text: str  # headline and body
    region: tuple[int, int, int, int]  # x0, y0, x1, y1 in canvas pixels
    homepage: str | None = None  # the article's page on the reading site


@dataclass
class CanvasPage:
    key: str  # unique within the manifest (the page number)
    label: str
    width: int
    height: int
    service: str  # the Image API 3 service id of the page image
    articles: list[ArticleAnnotation] = field(default_factory=list)


def union(
    regions: list[list[int] | tuple[int, ...]],
) -> tuple[int, int, int, int] | None:
    """The box around all `regions` ([x0, y0, x1, y1] each), None for none."""
    boxes = [r for r in regions if r]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def xywh(region: tuple[int, int, int, int]) -> str:
    x0, y0, x1, y1 = (round(v) for v in region)
    return f"xywh={x0},{y0},{max(1, x1 - x0)},{max(1, y1 - y0)}"


def _lang(value: str, language: str) -> dict:
    return {language: [value]}


def _canvas(base: str, page: CanvasPage, language: str) -> dict:
    canvas_id = f"{base}/canvas/{page.key}"
    image = {
        "id": f"{page.service}/full/max/0/default.jpg",
        "type": "Image",
        "format": "image/jpeg",
        "width": page.width,
        "height": page.height,
        "service": [{"id": page.service, "type": "ImageService3", "profile": "level1"}],
    }
    canvas = {
        "id": canvas_id,
        "type": "Canvas",
        "label": _lang(page.label, language),
        "width": page.width,
        "height": page.height,
        "items": [
            {
                "id": f"{canvas_id}/painting",
                "type": "AnnotationPage",
                "items": [
                    {
                        "id": f"{canvas_id}/painting/image",
                        "type": "Annotation",
                        "motivation": "painting",
                        "body": image,
                        "target": canvas_id,
                    }
                ],
            }
        ],
    }
    if page.articles:
        canvas["annotations"] = [
            {
                "id": f"{canvas_id}/articles",
                "type": "AnnotationPage",
                "items": [_article(canvas_id, a, language) for a in page.articles],
            }
        ]
    return canvas


def _article(canvas_id: str, article: ArticleAnnotation, language: str) -> dict:
    annotation = {
        "id": f"{canvas_id}/articles/{article.key}",
        "type": "Annotation",
        "motivation": "supplementing",
        "body": {
            "type": "TextualBody",
            "value": article.text,
            "format": "text/plain",
            "language": language,
        },
        "target": {
            "type": "SpecificResource",
            "source": {"id": canvas_id, "type": "Canvas"},
            "selector": {
                "type": "FragmentSelector",
                "conformsTo": MEDIA_FRAGMENTS,
                "value": xywh(article.region),
            },
        },
    }
    if article.homepage:
        annotation["homepage"] = [
            {
                "id": article.homepage,
                "type": "Text",
                "label": _lang(article.text.split("\n", 1)[0], language),
                "format": "text/html",
            }
        ]
    return annotation


def issue_manifest(
    manifest_id: str,
    *,
    label: str,
    date: dt.date,
    pages: list[CanvasPage],
    homepage: str | None = None,
    language: str = "zh-Hans",
) -> dict:
    """The issue's manifest; `pages` should hold at least one page."""
    base = manifest_id.rsplit("/", 1)[0]
    manifest = {
        "@context": CONTEXT,
        "id": manifest_id,
        "type": "Manifest",
        "label": _lang(label, language),
        "navDate": f"{date.isoformat()}T00:00:00Z",
        "behavior": ["paged"],
        "items": [_canvas(base, page, language) for page in pages],
    }
    if homepage:
        manifest["homepage"] = [
            {
                "id": homepage,
                "type": "Text",
                "label": _lang(label, language),
                "format": "text/html",
            }
        ]
    return manifest
