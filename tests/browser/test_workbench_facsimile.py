"""The workbench's page image in a real browser: each block's region in its
article's colour; clicking a region selects its block and selecting (or
focusing) a block marks its region; zoom and pan; without JavaScript the
regions link to the blocks; axe finds nothing serious at 1280 and 375 px."""

import pytest
from django.urls import reverse

from articles.models import Article, TextBlock
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_accessibility import axe_violations, report
from tests.browser.test_workbench import log_in, make_editor
from tests.facsimile.conftest import page_source  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bench_url(page_source):  # noqa: F811
    """The test page with two articles (blocks 1-2, blocks 3-4), the rest loose."""
    blocks = list(
        TextBlock.objects.filter(page=page_source.page)
        .exclude(region__isnull=True)
        .order_by("sequence")
    )
    assert len(blocks) >= 5
    for sequence, chunk in ((1, blocks[:2]), (2, blocks[2:4])):
        article = Article.objects.create(
            page=page_source.page,
            sequence=sequence,
            kind="news",
            headline=f"H{sequence}",
        )
        for position, block in enumerate(chunk):
            block.article, block.position = article, position
            block.save(update_fields=["article", "position"])
    make_editor("editor")
    return reverse("admin:articles_page_workbench", args=[page_source.page.pk])


def _blocks(article_sequence: int) -> list[int]:
    return list(
        TextBlock.objects.filter(article__sequence=article_sequence)
        .order_by("position")
        .values_list("pk", flat=True)
    )


def _loaded(ui) -> bool:
    return ui.evaluate(
        "() => { const i = document.querySelector('#wb-facsimile img');"
        " return i.complete && i.naturalWidth > 0; }"
    )


def test_regions_in_article_colours_and_select_both_ways(
    bench_url, live_server, new_context
):
    ui = log_in(new_context(), live_server, "editor", bench_url)
    assert _loaded(ui)
    first, second = _blocks(1), _blocks(2)
    regions = ui.locator("#wb-facsimile .wb-region")
    assert regions.count() == TextBlock.objects.exclude(region=None).count()
    # Drawn in its article's colour: the border the article's section has.
    colour = "el => getComputedStyle(el).borderTopColor"
    section = "el => getComputedStyle(el).borderLeftColor"
    region = ui.locator(f'.wb-region[data-block="{first[0]}"]')
    other = ui.locator(f'.wb-region[data-block="{second[0]}"]')
    article = ui.locator(f"#block-{first[0]}").locator("xpath=ancestor::section")
    assert region.evaluate(colour) == article.evaluate(section)
    assert region.evaluate(colour) != other.evaluate(colour)

    # Region → block: selected (its checkbox) and focused.
    region.click()
    assert ui.locator(f"#select-{first[0]}").is_checked()
    assert ui.evaluate("document.activeElement.id") == f"block-{first[0]}"
    assert "wb-selected" in ui.locator(f"#block-{first[0]}").get_attribute("class")
    assert "wb-region-selected" in region.get_attribute("class")
    region.click()  # again: deselected
    assert not ui.locator(f"#select-{first[0]}").is_checked()

    # Block → region: its checkbox fills the region, its focus rings it.
    ui.locator(f"#select-{second[1]}").check()
    selected = ui.locator(f'.wb-region[data-block="{second[1]}"]')
    assert "wb-region-selected" in selected.get_attribute("class")
    ui.locator(f"#block-{second[0]}").focus()
    assert "wb-region-current" in other.get_attribute("class")
    assert ui.locator(".wb-region-current").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    ui.screenshot(path=str(ARTIFACTS / "workbench-facsimile.png"))


def _scale(ui) -> float:
    return float(ui.locator("#wb-facsimile").get_attribute("data-scale"))


def test_zoom_and_pan_by_keys_buttons_and_drag(bench_url, live_server, new_context):
    ui = log_in(new_context(), live_server, "editor", bench_url)
    view = ui.locator(".wb-fax-view")
    fit = _scale(ui)
    view.focus()
    ui.keyboard.press("+")
    assert _scale(ui) == pytest.approx(fit * 1.5)
    ui.get_by_role("button", name="Zoom in").click()
    assert _scale(ui) == pytest.approx(fit * 2.25)
    stage = ui.locator(".wb-fax-stage")
    before = stage.evaluate("el => el.style.transform")
    box = view.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    ui.mouse.move(cx, cy)
    ui.mouse.down()
    ui.mouse.move(cx + 60, cy + 40, steps=5)
    ui.mouse.up()
    assert stage.evaluate("el => el.style.transform") != before
    assert ui.locator(".wb-select:checked").count() == 0  # a drag is no click
    view.focus()
    ui.keyboard.press("0")
    assert _scale(ui) == pytest.approx(fit)
    ui.keyboard.press("-")  # never smaller than the whole page
    assert _scale(ui) == pytest.approx(fit)


def test_without_javascript_regions_link_to_their_blocks(
    bench_url, live_server, browser
):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    try:
        ui = log_in(context, live_server, "editor", bench_url)
        block = _blocks(1)[0]
        region = ui.locator(f'.wb-region[data-block="{block}"]')
        assert region.get_attribute("href") == f"#block-{block}"
        region.click()
        assert ui.url.endswith(f"#block-{block}")
        assert ui.locator(".wb-fax-tools").is_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("width,height", [(1280, 900), (375, 740)])
def test_axe_finds_nothing_serious(bench_url, live_server, browser, width, height):
    context = browser.new_context(
        viewport={"width": width, "height": height}, bypass_csp=True
    )
    try:
        ui = log_in(context, live_server, "editor", bench_url)
        assert _loaded(ui)
        violations = axe_violations(ui)
        ARTIFACTS.mkdir(exist_ok=True)
        ui.screenshot(path=str(ARTIFACTS / f"workbench-facsimile-{width}.png"))
    finally:
        context.close()
    assert not violations, report({bench_url: violations})
