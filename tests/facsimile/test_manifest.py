"""IIIF Presentation 3 manifest of an issue, after the newspaper recipe.

Every manifest the tests make is validated against the specification's
schema (presentation3.validate_manifest: iiif-prezi3's models generated
from it, with the rules the generation lost), and the structure the
newspaper recipe asks is asserted explicitly.
"""

import copy
import datetime as dt
import re

import pytest
from django.urls import reverse
from pydantic import ValidationError

from articles.models import Article, TextBlock
from articles.services.ingest import source_ingest
from facsimile.manifest import union, xywh
from tests.articles.conftest import SAMPLE_0628

from .presentation3 import SchemaError, validate_manifest

LANGUAGE_MAP = re.compile(r"^[a-z]{2,3}(-[A-Za-z]+)*$|^none$")


def _language_map(value):
    assert isinstance(value, dict) and value
    for language, strings in value.items():
        assert LANGUAGE_MAP.match(language)
        assert isinstance(strings, list) and all(isinstance(s, str) for s in strings)


def _assert_presentation3(manifest, base):
    validate_manifest(manifest)
    assert manifest["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert manifest["type"] == "Manifest" and manifest["id"].startswith(base)
    _language_map(manifest["label"])
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", manifest["navDate"])
    assert manifest["items"], "a Manifest must have at least one Canvas"
    for canvas in manifest["items"]:
        assert canvas["type"] == "Canvas" and canvas["id"].startswith("http")
        assert canvas["width"] > 0 and canvas["height"] > 0
        _language_map(canvas["label"])
        (painting_page,) = canvas["items"]
        assert painting_page["type"] == "AnnotationPage"
        (painting,) = painting_page["items"]
        assert painting["type"] == "Annotation"
        assert painting["motivation"] == "painting"
        assert painting["target"] == canvas["id"]
        image = painting["body"]
        assert image["type"] == "Image" and image["format"] == "image/jpeg"
        (service,) = image["service"]
        assert service["type"] == "ImageService3" and service["profile"] == "level1"
        assert image["id"] == f"{service['id']}/full/max/0/default.jpg"
        for page in canvas.get("annotations", []):
            assert page["type"] == "AnnotationPage" and page["items"]
            for annotation in page["items"]:
                assert annotation["type"] == "Annotation"
                assert annotation["motivation"] == "supplementing"
                assert annotation["body"]["type"] == "TextualBody"
                target = annotation["target"]
                assert target["type"] == "SpecificResource"
                assert target["source"] == {"id": canvas["id"], "type": "Canvas"}
                selector = target["selector"]
                assert selector["type"] == "FragmentSelector"
                assert selector["conformsTo"] == "http://www.w3.org/TR/media-frags/"
                assert re.match(r"^xywh=\d+,\d+,\d+,\d+$", selector["value"])
    ids = [canvas["id"] for canvas in manifest["items"]]
    assert len(set(ids)) == len(ids)


def test_union_and_fragment():
    assert union([[10, 20, 30, 40], None, [5, 30, 25, 60]]) == (5, 20, 30, 60)
    assert union([]) is None
    assert xywh((5, 20, 30, 60)) == "xywh=5,20,25,40"


@pytest.mark.django_db
def test_issue_manifest_follows_the_newspaper_recipe(
    client, page_source, django_assert_max_num_queries
):
    page = page_source.page
    # The test page is too small for the segmenter to make articles: one
    # article of the headline and the left column, as an editor would make.
    blocks = list(TextBlock.objects.filter(page=page).order_by("sequence"))
    article = Article.objects.create(
        page=page, sequence=1, kind="news", headline="H", body="B"
    )
    TextBlock.objects.filter(pk__in=[b.pk for b in blocks[:3]]).update(article=article)
    url = reverse("iiif-manifest", args=[page.issue_id])
    with django_assert_max_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    manifest = response.json()
    _assert_presentation3(manifest, "http://testserver/")
    assert manifest["navDate"] == "2024-03-05T00:00:00Z"
    (canvas,) = manifest["items"]
    assert (canvas["width"], canvas["height"]) == (500, 400)  # the scan's pixels
    service = canvas["items"][0]["items"][0]["body"]["service"][0]["id"]
    assert client.get(f"{service}/info.json").status_code == 200
    # Each article with regions: the union of its blocks' regions, its text.
    articles = [
        a for a in Article.objects.filter(page=page) if a.blocks.exclude(region=None)
    ]
    assert articles == [article]
    assert union([b.region for b in blocks[:3]]) == (40, 30, 460, 135)
    annotations = canvas["annotations"][0]["items"]
    assert len(annotations) == len(articles)
    for article, annotation in zip(articles, annotations, strict=True):
        regions = TextBlock.objects.filter(article=article).values_list(
            "region", flat=True
        )
        expected = xywh(union([r for r in regions if r]))
        assert annotation["target"]["selector"]["value"] == expected
        assert (article.headline or "") in annotation["body"]["value"]
        assert annotation["homepage"][0]["id"].endswith(
            f"/2024/03/05/{page.number}/{article.sequence}/"
        )


def _broken(manifest, change) -> dict:
    broken = copy.deepcopy(manifest)
    change(broken, broken["items"][0])
    return broken


BROKEN = {
    "canvas type": lambda m, c: c.update(type="Canvs"),
    "id not a URL": lambda m, c: c.update(id="canvas 1"),
    "navDate without zone": lambda m, c: m.update(navDate="2024-03-05"),
    "painting without target": lambda m, c: c["items"][0]["items"][0].pop("target"),
    "language tag": lambda m, c: c.update(label={"zh Hans": ["1"]}),
    "canvas without height": lambda m, c: c.pop("height"),
    "canvas of width 0": lambda m, c: c.update(width=0),
    "canvas without items": lambda m, c: c.pop("items"),
    "label as a string": lambda m, c: m.update(label="2024-03-05"),
    "text without value": lambda m, c: c["annotations"][0]["items"][0]["body"].pop(
        "value"
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("fault", BROKEN)
def test_a_broken_manifest_fails_the_schema(client, page_source, fault):
    page = page_source.page
    article = Article.objects.create(page=page, sequence=1, kind="news", body="B")
    TextBlock.objects.filter(page=page).update(article=article)
    manifest = client.get(reverse("iiif-manifest", args=[page.issue_id])).json()
    validate_manifest(manifest)
    with pytest.raises((ValidationError, SchemaError)):
        validate_manifest(_broken(manifest, BROKEN[fault]))


@pytest.mark.django_db
def test_an_issue_without_page_images_has_no_manifest(client):
    page = source_ingest(source=SAMPLE_0628).page
    response = client.get(reverse("iiif-manifest", args=[page.issue_id]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_issue_page_links_its_manifest_only_with_page_images(client, page_source):
    text_page = source_ingest(
        source=SAMPLE_0628,
        publication_override="test-gazette",
        date_override=dt.date(2024, 3, 6),
        page_override=1,
    ).page
    manifest = reverse("iiif-manifest", args=[page_source.page.issue_id])
    with_images = client.get("/2024/03/05/").content.decode()
    assert f'href="{manifest}"' in with_images
    d = text_page.issue.date
    text_only = client.get(f"/{d:%Y/%m/%d}/").content.decode()
    assert "/manifest.json" not in text_only
