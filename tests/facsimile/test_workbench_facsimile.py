"""The workbench's page image, server side: the regions of the blocks shown,
in their article's colour, placed in percent of the image, linked to their
rows, at no query; a page without an image shows none."""

import re

import pytest
from django.urls import reverse

from articles.models import Article, TextBlock
from editing.selectors import page_workbench
from editing.templatetags.workbench_facsimile import HUE_STEP, workbench_facsimile

pytestmark = pytest.mark.django_db

REGION = re.compile(
    r'<a class="wb-region[^"]*" tabindex="-1" href="#block-(\d+)" '
    r'data-block="\d+" style="([^"]+)"'
)


def _two_articles(page):
    blocks = list(TextBlock.objects.filter(page=page).order_by("sequence"))
    for sequence, chunk in ((1, blocks[:2]), (2, blocks[2:4])):
        article = Article.objects.create(page=page, sequence=sequence, kind="news")
        TextBlock.objects.filter(pk__in=[b.pk for b in chunk]).update(article=article)
    return blocks


def test_regions_of_the_blocks_in_their_article_colour(
    page_source, django_assert_num_queries
):
    blocks = _two_articles(page_source.page)
    bench = page_workbench(page_id=page_source.page.pk)
    with django_assert_num_queries(0):
        facsimile = workbench_facsimile(bench)["facsimile"]
    assert facsimile["src"] == f"/iiif/{page_source.pk}/full/500,/0/default.jpg"
    regions = {r["block"]: r for r in facsimile["regions"]}
    assert set(regions) == {b.pk for b in blocks if b.region}
    hues = [regions[b.pk]["hue"] for b in blocks]
    assert hues[:4] == [HUE_STEP, HUE_STEP, 2 * HUE_STEP, 2 * HUE_STEP]
    assert all(hue is None for hue in hues[4:])  # loose blocks: no article colour
    x0, y0, x1, y1 = blocks[0].region  # in pixels of the 500 × 400 image
    assert regions[blocks[0].pk]["style"] == (
        f"left: {100 * x0 / 500:.3f}%; top: {100 * y0 / 400:.3f}%; "
        f"width: {100 * (x1 - x0) / 500:.3f}%; height: {100 * (y1 - y0) / 400:.3f}%"
    )


def test_the_workbench_links_each_region_to_its_block(admin_client, page_source):
    blocks = _two_articles(page_source.page)
    url = reverse("admin:articles_page_workbench", args=[page_source.page.pk])
    html = admin_client.get(url).content.decode()
    linked = {int(pk) for pk, _style in REGION.findall(html)}
    assert linked == {b.pk for b in blocks if b.region}
    for pk in linked:
        assert f'id="block-{pk}"' in html  # the link's target is there
    assert "editing/facsimile.js" in html


def test_a_page_without_image_has_no_facsimile(admin_client, page_source):
    page_source.image = ""
    page_source.save(update_fields=["image"])
    bench = page_workbench(page_id=page_source.page.pk)
    assert workbench_facsimile(bench) == {"facsimile": None}
    url = reverse("admin:articles_page_workbench", args=[page_source.page.pk])
    assert "wb-facsimile" not in admin_client.get(url).content.decode()
