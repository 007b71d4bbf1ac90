"""The page view's facsimile in a real browser: the image shows, the article
regions are links one reaches by keyboard and follows to the article, whose
clipping shows."""

import pytest

from articles.models import Article, TextBlock
from tests.facsimile.conftest import ARTIFACTS_DIR, page_source  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def _loaded(page, selector) -> bool:
    return page.evaluate(
        "s => { const i = document.querySelector(s);"
        " return !!i && i.complete && i.naturalWidth > 0; }",
        selector,
    )


def test_facsimile_links_to_the_articles(page_source, live_server, page):  # noqa: F811
    blocks = list(TextBlock.objects.filter(page=page_source.page).order_by("sequence"))
    article = Article.objects.create(
        page=page_source.page, sequence=1, kind="news", headline="Headline H", body="B"
    )
    TextBlock.objects.filter(pk__in=[b.pk for b in blocks[:3]]).update(article=article)
    page.goto(live_server.url + "/2024/03/05/1/")
    page.wait_for_load_state("load")
    assert _loaded(page, ".facsimile img")
    region = page.get_by_role("link", name="Headline H").first
    box = region.bounding_box()
    image = page.locator(".facsimile img").bounding_box()
    assert box["width"] > 0.5 * image["width"]  # 84 % of the page's width
    region.focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # a visible focus
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "facsimile-page.png"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/2024/03/05/1/1/")
    assert _loaded(page, ".clipping img")
    # From a search: the words boxed on the clipping, inside its image.
    page.goto(live_server.url + "/2024/03/05/1/1/?q=内容")
    page.wait_for_load_state("load")
    assert _loaded(page, ".clipping img")
    clip = page.locator(".clipping img").bounding_box()
    hits = [h.bounding_box() for h in page.locator(".clipping .hit").all()]
    assert len(hits) == 2
    for hit in hits:
        assert hit["x"] >= clip["x"] + 0.8 * clip["width"]  # the lines' ends
        assert hit["x"] + hit["width"] <= clip["x"] + clip["width"] + 1
        assert hit["y"] >= clip["y"] and hit["height"] > 5
    page.locator(".clipping").screenshot(path=str(ARTIFACTS_DIR / "clipping-hits.png"))
