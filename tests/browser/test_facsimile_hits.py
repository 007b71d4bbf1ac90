"""From a search to the printed page, JavaScript off (Chronicling America's
way): a result's page link opens the page view with the words boxed on the
page image, over the printed words."""

import pytest

from articles.models import Article, TextBlock
from search.indexing import articles_index
from tests.browser.conftest import ARTIFACTS
from tests.facsimile.conftest import page_source  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_hits_boxed_on_the_page_image(page_source, live_server, page):  # noqa: F811
    blocks = list(TextBlock.objects.filter(page=page_source.page).order_by("sequence"))
    article = Article.objects.create(
        page=page_source.page,
        sequence=1,
        kind="news",
        headline="测试标题横跨两栏",
        body="右栏第一行文字内容",
    )
    TextBlock.objects.filter(pk__in=[b.pk for b in blocks[:2]]).update(article=article)
    articles_index([[article.pk]])
    page.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/search/?q=标题")
    page.get_by_role("link", name="Page 1").first.click()
    page.wait_for_load_state("load")
    assert "q=" in page.url
    hits = page.locator(".facsimile .hit")
    assert hits.count() == 1
    image = page.locator(".facsimile img").bounding_box()
    hit = hits.first.bounding_box()
    # 标题 is printed at x 290-500, y 60-140 of the 1000 × 800 page.
    assert hit["x"] - image["x"] == pytest.approx(0.29 * image["width"], abs=3)
    assert hit["width"] == pytest.approx(0.21 * image["width"], abs=3)
    assert hit["y"] - image["y"] == pytest.approx(0.075 * image["height"], abs=3)
    assert (
        "1 place on the page matches" in page.locator(".facsimile .hits").inner_text()
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"facsimile-hits-{page.viewport_name}.png"))
