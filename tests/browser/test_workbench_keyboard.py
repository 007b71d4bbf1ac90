"""The workbench by keyboard alone (issue 18): single-key shortcuts act only
from the block list, the focus follows the block an action changed, and
split, merge, move, undo and redo each take fewer than 20 key presses from a
freshly loaded workbench (every press counted, Tab included)."""

import pytest
from django.urls import reverse

from articles.models import PageChange, TextBlock
from articles.services import source_ingest
from tests.browser.test_workbench import log_in, make_editor, messages
from tests.conftest import FIXTURES_DIR

pytestmark = pytest.mark.django_db(transaction=True)

REACH_BLOCKS = ["Tab", "Enter", "Tab", "Enter"]  # admin skip link, "Blocks" link


class Keyboard:
    """Presses keys on the workbench and counts them."""

    def __init__(self, ui):
        self.ui = ui
        self.count = 0

    def press(self, *keys: str, reloads: bool = False) -> None:
        for i, key in enumerate(keys):
            self.count += 1
            if reloads and i == len(keys) - 1:
                with self.ui.expect_navigation():
                    self.ui.keyboard.press(key)
            else:
                self.ui.keyboard.press(key)

    def to_block(self, block_id: int) -> None:
        """From anywhere: into the block list, then down to the block."""
        self.press(*REACH_BLOCKS)
        steps = self.ui.evaluate(
            """id => Array.from(document.querySelectorAll('.wb-block'))
                 .indexOf(document.getElementById('block-' + id))""",
            block_id,
        )
        assert steps >= 0
        self.press(*["ArrowDown"] * steps)
        assert self.focused() == f"block-{block_id}"

    def focused(self) -> str:
        return self.ui.evaluate("document.activeElement.id")


def fresh(ui) -> None:
    """Load the workbench anew, as an editor opening it (no block in the URL)."""
    ui.goto(ui.url.split("#")[0])


def focus_visible(ui) -> dict:
    """Where the focused element is against the viewport and the sticky bar,
    and whether it draws an outline."""
    return ui.evaluate(
        """() => {
        const el = document.activeElement, box = el.getBoundingClientRect();
        const bar = document.getElementById('bulk-form').getBoundingClientRect();
        return {id: el.id, top: box.top, barBottom: bar.bottom,
                bottom: Math.min(box.bottom, box.top + 40), height: innerHeight,
                outline: getComputedStyle(el).outlineStyle};
        }"""
    )


def assert_focus_on(ui, block_id: int) -> None:
    seen = focus_visible(ui)
    assert seen["id"] == f"block-{block_id}", seen
    assert seen["top"] >= seen["barBottom"] - 1, seen  # not under the sticky bar
    assert seen["bottom"] <= seen["height"], seen
    assert seen["outline"] != "none", seen


@pytest.fixture
def workbench(live_server, new_context):
    page = source_ingest(source=FIXTURES_DIR / "000_ddfb3c66dc3d3638.txt").page
    make_editor("editor")
    url = reverse("admin:articles_page_workbench", args=[page.pk])
    ui = log_in(new_context(), live_server, "editor", url)
    return page, ui


def first_article_blocks(ui) -> list[int]:
    return [
        int(pk)
        for pk in ui.locator(".wb-article >> nth=0")
        .locator(".wb-block")
        .evaluate_all("els => els.map(e => e.dataset.block)")
    ]


def test_split_merge_move_undo_redo_by_keyboard(workbench):
    page, ui = workbench
    first, second, *_ = first_article_blocks(ui)
    text = TextBlock.objects.get(pk=first).text

    # Split: to the block, into its text, two characters right, Alt+S.
    keys = Keyboard(ui)
    keys.to_block(first)
    keys.press("e", "ArrowRight", "ArrowRight")
    keys.press("Alt+s", reloads=True)
    assert TextBlock.objects.get(pk=first).text == text[:2]
    assert "Split block" in messages(ui)
    assert_focus_on(ui, first)
    assert keys.count < 20, keys.count
    split_keys = keys.count

    # Undo (u) says what it undid; redo (U) puts it back.
    keys = Keyboard(ui)
    keys.press("u", reloads=True)
    assert TextBlock.objects.get(pk=first).text == text
    assert "Undid" in messages(ui)
    assert_focus_on(ui, first)
    keys.press("U", reloads=True)
    assert TextBlock.objects.get(pk=first).text == text[:2]
    assert_focus_on(ui, first)
    keys.press("u", reloads=True)
    assert TextBlock.objects.get(pk=first).text == text
    assert keys.count < 20

    # The same from a fresh load: reach the list, then u.
    fresh(ui)
    keys = Keyboard(ui)
    keys.press(*REACH_BLOCKS)
    keys.press("U", reloads=True)
    assert TextBlock.objects.get(pk=first).text == text[:2]
    undo_keys = keys.count
    keys.press("u", reloads=True)

    # Merge: select the first two blocks (x, down, x), m.
    fresh(ui)
    keys = Keyboard(ui)
    keys.to_block(first)
    keys.press("x", "ArrowDown", "x")
    keys.press("m", reloads=True)
    merged = TextBlock.objects.get(pk=first)
    assert not TextBlock.objects.filter(pk=second).exists()
    assert merged.text.startswith(text)
    assert "Merged" in messages(ui)
    assert_focus_on(ui, first)
    assert keys.count < 20, keys.count
    merge_keys = keys.count

    # Move: down one place (Alt+Down), and back to the top (Alt+Home).
    fresh(ui)
    keys = Keyboard(ui)
    keys.to_block(first)
    keys.press("Alt+ArrowDown", reloads=True)
    assert first_article_blocks(ui).index(first) == 1
    assert_focus_on(ui, first)
    keys.press("Alt+Home", reloads=True)
    assert first_article_blocks(ui)[0] == first
    assert keys.count < 20, keys.count
    move_keys = keys.count
    print(  # the figures of the report  # noqa: T201
        f"KEYS split={split_keys} merge={merge_keys} move={move_keys} "
        f"redo-from-load={undo_keys}"
    )


def test_single_keys_do_nothing_outside_the_block_list(workbench):
    page, ui = workbench
    first, second, *_ = first_article_blocks(ui)
    keys = Keyboard(ui)
    keys.to_block(first)
    keys.press("Alt+ArrowDown", reloads=True)  # a change: u would undo it
    ui.check(f"#block-{first} .wb-select")  # two blocks ticked: m would merge
    ui.check(f"#block-{second} .wb-select")
    changes = PageChange.objects.filter(page=page).count()
    assert changes == 1
    # Undo is six keys from a fresh load: the admin's skip link, then ours.
    fresh(ui)
    keys = Keyboard(ui)
    keys.press("Tab", "Enter", "Tab", "Tab", "Enter", "Tab")
    assert keys.focused() == "wb-undo-step"
    ui.check(f"#block-{first} .wb-select")
    ui.check(f"#block-{second} .wb-select")
    url = ui.url

    for target in (".wb-article-title a", ".skip-to-content-link", "#merge-button"):
        ui.focus(target)
        for key in ("u", "m", "n", "U"):
            ui.keyboard.press(key)
        ui.wait_for_load_state()
        assert ui.url == url, target
        assert PageChange.objects.filter(page=page).count() == changes, target
    assert TextBlock.objects.filter(pk=second).exists()
    # The same key on a block does act: u undoes the move.
    ui.focus(f"#block-{first}")
    with ui.expect_navigation():
        ui.keyboard.press("u")
    assert PageChange.objects.filter(page=page).count() == changes + 1
    assert first_article_blocks(ui)[:2] == [first, second]


def test_help_dialog_and_the_off_switch(workbench):
    page, ui = workbench
    first, second, *_ = first_article_blocks(ui)
    keys = Keyboard(ui)
    keys.to_block(first)
    keys.press("?")
    assert ui.locator("#wb-help").is_visible()
    ui.uncheck("#wb-keys-on")
    ui.keyboard.press("Escape")
    assert not ui.locator("#wb-help").is_visible()
    assert keys.focused() == f"block-{first}"  # back where the editor was
    keys.press("x", "ArrowDown", "x", "m")
    ui.wait_for_load_state()
    assert TextBlock.objects.filter(pk=second).exists()  # m is off
    fresh(ui)  # the choice is kept (this browser, this account)
    keys.press(*REACH_BLOCKS, "x")
    assert not ui.locator(f"#block-{first} .wb-select").is_checked()
    # The arrow keys and the help button still work with single keys off.
    ui.click("#wb-help-open")
    ui.check("#wb-keys-on")
    ui.keyboard.press("Escape")
    assert PageChange.objects.filter(page=page).count() == 0


def test_split_without_a_position_says_where_to_click(live_server, browser):
    """Without JavaScript: every operation is a form, a refused one explains."""
    page = source_ingest(source=FIXTURES_DIR / "000_ddfb3c66dc3d3638.txt").page
    make_editor("editor")
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, java_script_enabled=False
    )
    context.add_cookies(
        [
            {"name": "django_language", "value": "en", "domain": host, "path": "/"}
            for host in ("localhost", "127.0.0.1")
        ]
    )
    try:
        url = reverse("admin:articles_page_workbench", args=[page.pk])
        ui = log_in(context, live_server, "editor", url)
        block = ui.locator(".wb-article >> nth=0").locator(".wb-block").first
        block_id = block.get_attribute("data-block")
        with ui.expect_navigation():
            block.locator(".wb-split").click()
        message = messages(ui)
        assert "Click in its text" in message, message
        assert ui.url.endswith(f"#block-{block_id}")
        # One column on a phone: the text box has the width of the screen.
        width = ui.locator(f"#block-{block_id} .wb-text").bounding_box()["width"]
        assert width > 250, width
        wide = ui.evaluate(
            """() => Array.from(document.querySelectorAll('body *'))
              .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
              .slice(0, 5).map(e => e.tagName + '.' + e.className + ' '
                               + Math.round(e.getBoundingClientRect().right))"""
        )
        assert not wide, wide
        # The merge of one block is refused with what to do instead.
        ui.check(f"#block-{block_id} .wb-select")
        with ui.expect_navigation():
            ui.click("#merge-button")
        assert "at least two blocks" in messages(ui)
    finally:
        context.close()
