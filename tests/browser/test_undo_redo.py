"""Undo, undo, redo, redo in the workbench with the keyboard, as in any
editor; the timeline says at each step which changes are in effect."""

import pytest
from django.urls import reverse

from articles.models import TextBlock
from articles.services import source_ingest
from tests.browser.test_workbench import log_in, make_editor, messages, submit
from tests.conftest import FIXTURES_DIR

pytestmark = pytest.mark.django_db(transaction=True)


def states(ui) -> list[str]:
    """The timeline's entries, newest first: in-effect, undone, undo, redo."""
    return ui.locator(".wb-timeline li.wb-change").evaluate_all(
        "els => els.map(e => e.dataset.state)"
    )


def test_undo_undo_redo_redo_with_the_keyboard(live_server, new_context):
    page = source_ingest(source=FIXTURES_DIR / "000_ddfb3c66dc3d3638.txt").page
    make_editor("editor")
    workbench = reverse("admin:articles_page_workbench", args=[page.pk])
    ui = log_in(new_context(), live_server, "editor", workbench)
    first = TextBlock.objects.get(page=page, text__startswith="在学习《中华人民共和国")
    second = TextBlock.objects.get(page=page, text__startswith="督查过程中")
    originals = {first.pk: first.text, second.pk: second.text}

    def correct(block, text):
        ui.fill(f"#block-{block.pk} .wb-text", text)
        submit(ui, lambda: ui.press(f"#block-{block.pk} .wb-text", "Control+Enter"))

    def text(block):
        return ui.input_value(f"#block-{block.pk} .wb-text")

    def key(name):
        # Shortcuts act only on a block (never from a text box, link or
        # button); the reload after each step left the focus on one.
        assert ui.evaluate("document.activeElement.classList.contains('wb-block')")
        submit(ui, lambda: ui.keyboard.press(name))

    correct(first, "第一处更正。")
    correct(second, "第二处更正。")
    assert states(ui) == ["in-effect", "in-effect"]

    key("Control+z")
    assert text(second) == originals[second.pk] and text(first) == "第一处更正。"
    assert states(ui) == ["undo", "undone", "in-effect"]

    key("u")  # the second undo steps further back, it does not redo
    assert text(first) == originals[first.pk]
    assert states(ui) == ["undo", "undo", "undone", "undone"]
    assert ui.is_disabled("#wb-undo-step")

    key("Control+Shift+z")
    assert text(first) == "第一处更正。" and text(second) == originals[second.pk]
    assert states(ui) == ["redo", "undo", "undo", "undone", "in-effect"]

    key("U")
    assert text(second) == "第二处更正。"
    assert states(ui) == ["redo", "redo", "undo", "undo", "in-effect", "in-effect"]
    assert ui.is_disabled("#wb-redo-step")
    assert "Redid" in messages(ui)
