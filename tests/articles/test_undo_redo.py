"""Undo steps back through a page's changes one by one, redo steps forward,
and the timeline shows what is in effect (services and workbench forms)."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Page, PageChange, TextBlock
from editing.services import (
    change_step_redo,
    change_step_undo,
    page_redo,
    page_undo,
    text_block_correct,
)
from tests.articles.test_segmentation import state

# Messages are asserted by their English msgids (see the `english` fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def version(page):
    return Page.objects.get(pk=page.pk).version


def correct(page, editor, text_start, new_text):
    block = TextBlock.objects.get(page=page, text__startswith=text_start)
    text_block_correct(
        user=editor, block=block, text=new_text, expected_version=version(page)
    )
    return block.pk


def two_corrections(page, editor):
    states = [state(page)]
    first = correct(page, editor, "昨天上午，市委书记仲旭东", "第一次更正。")
    states.append(state(page))
    second = correct(page, editor, "昨天下午，我市举行", "第二次更正。")
    states.append(state(page))
    return first, second, states


def test_undo_steps_back_and_redo_steps_forward(sample_page, editor):
    page = sample_page
    first, second, states = two_corrections(page, editor)

    undo = page_undo(user=editor, page=page, expected_version=version(page))
    assert state(page) == states[1] and undo.operation == "undo"
    assert undo.summary == f"Undid “Corrected block {second}”"
    page_undo(user=editor, page=page, expected_version=version(page))
    assert state(page) == states[0], "the second undo takes back the first change"
    with pytest.raises(ValidationError, match="Nothing to undo"):
        page_undo(user=editor, page=page, expected_version=version(page))

    redo = page_redo(user=editor, page=page, expected_version=version(page))
    assert state(page) == states[1] and redo.operation == "redo"
    assert redo.summary == f"Redid “Corrected block {first}”"
    page_redo(user=editor, page=page, expected_version=version(page))
    assert state(page) == states[2]
    with pytest.raises(ValidationError, match="Nothing to redo"):
        page_redo(user=editor, page=page, expected_version=version(page))

    # And back again: the chain of a change can be walked any number of times.
    page_undo(user=editor, page=page, expected_version=version(page))
    assert state(page) == states[1]


def test_a_new_edit_ends_what_can_be_redone(sample_page, editor):
    page = sample_page
    two_corrections(page, editor)
    page_undo(user=editor, page=page, expected_version=version(page))
    correct(page, editor, "督查过程中", "另一处更正。")

    with pytest.raises(ValidationError, match="Nothing to redo"):
        page_redo(user=editor, page=page, expected_version=version(page))


def test_a_change_of_the_timeline_is_undone_and_redone_by_its_buttons(
    sample_page, editor
):
    page = sample_page
    two_corrections(page, editor)
    original = PageChange.objects.filter(page=page).order_by("id").first()

    undo = change_step_undo(
        user=editor, change=original, expected_version=version(page)
    )
    with pytest.raises(ValidationError, match="already been undone"):
        change_step_undo(user=editor, change=undo, expected_version=version(page))
    change_step_redo(user=editor, change=undo, expected_version=version(page))
    with pytest.raises(ValidationError, match="nothing to redo"):
        change_step_redo(user=editor, change=original, expected_version=version(page))


def timeline(client, page) -> list[tuple[int, str]]:
    """(change id, state) of the workbench's timeline, newest first."""
    html = client.get(reverse("admin:articles_page_workbench", args=[page.pk]))
    found = re.findall(
        r'id="change-(\d+)"\s+data-state="([a-z-]+)"', html.content.decode()
    )
    return [(int(pk), label) for pk, label in found]


def post(client, page, op):
    response = client.post(
        reverse("admin:articles_page_workbench_action", args=[page.pk]),
        {"op": op, "version": version(page)},
    )
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_workbench_undo_undo_redo_redo_and_its_timeline(client, sample_page, editor):
    page = sample_page
    two_corrections(page, editor)
    first, second = PageChange.objects.filter(page=page).order_by("id")
    client.force_login(editor)
    assert timeline(client, page) == [
        (second.pk, "in-effect"),
        (first.pk, "in-effect"),
    ]

    post(client, page, "undo_last")
    messages = post(client, page, "undo_last")

    assert messages[-1].startswith("Undid “Corrected block")
    steps = timeline(client, page)
    assert [label for _, label in steps] == ["undo", "undo", "undone", "undone"]

    post(client, page, "redo_last")
    post(client, page, "redo_last")

    steps = timeline(client, page)
    assert [label for _, label in steps] == [
        "redo",
        "redo",
        "undo",
        "undo",
        "in-effect",
        "in-effect",
    ]
    assert "Nothing to redo" in post(client, page, "redo_last")[-1]
