"""A reader's path through the site in a real browser, desktop and phone,
with JavaScript off (the site must work without it)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive(run_command, sample_paths):
    # transaction=True: the ingest commits, so its on-commit indexing runs.
    result = run_command("ingest", *sample_paths)
    assert result.error is None, result.stderr


def test_reading_path(archive, live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    # Date picker → issue → page → article.
    page.fill("#go-date", "2022-06-28")
    page.click("form[action='/go/'] button")
    assert page.url.endswith("/2022/06/28/")
    page.click("text=第1版")
    assert "/2022/06/28/1/" in page.url
    page.locator("article h2 a").first.click()
    # expect() waits for the article's page: click() returns once the
    # navigation has started, not when the new page is there.
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("text=机器切分,尚未经编辑核对")).to_have_count(1)
    assert "[N]" in page.locator(".citation").inner_text()
    # Nothing overflows a phone screen sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1
    # Keyboard: the skip link is the first stop and is visible when focused.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"


def test_search(archive, live_server, page):
    page.goto(live_server.url + "/")
    page.fill("#site-q", "仲旭東")  # traditional characters
    page.click("header form button")
    assert "/search/" in page.url
    assert int(page.locator(".total").inner_text()) >= 2
    assert page.locator(".snippet mark").first.inner_text() == "仲旭东"
    # A facet narrows the results; the filter can be removed again.
    before = int(page.locator(".total").inner_text())
    page.locator(".facet-page a").first.click()
    expect(page.locator("text=✕")).to_have_count(1)  # the narrowed page
    assert int(page.locator(".total").inner_text()) <= before
    # Sorting by date through the form (no JavaScript).
    page.select_option("#id_sort", "-date")
    page.click("main form button")
    assert "sort=-date" in page.url
    # A malformed query gets an answer, not an error.
    page.goto(live_server.url + '/search/?q="')
    assert page.locator("h1").inner_text() == "搜索"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1
