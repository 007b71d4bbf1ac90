"""An editor fixes the 2022-06-28 front page in a real browser; a second
editor working from a stale view gets the conflict message."""

import importlib
import os

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from articles.models import Article, PageChange, TextBlock
from articles.services import article_body_sync, source_ingest
from tests.conftest import FIXTURES_DIR

pytestmark = pytest.mark.django_db(transaction=True)

groups = importlib.import_module("articles.migrations.0003_editor_groups")


def make_editor(username: str) -> User:
    # A transactional test's flush drops the groups the data migration made.
    group, _ = Group.objects.get_or_create(name="Editor")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="articles", codename__in=groups.EDITOR
        )
    )
    user = User.objects.create_user(username, password="secret-pw", is_staff=True)
    user.groups.add(group)
    return user


def detach_opening(page) -> Article:
    """Put 本报讯 昨天上午，市长周军 back at the end of its article, where the
    OCR surfaced it (the parser would otherwise have moved it up already)."""
    opening = TextBlock.objects.get(page=page, text__startswith="昨天上午，市长周军")
    dateline = TextBlock.objects.get(page=page, sequence=opening.sequence - 1)
    article = opening.article
    rest = [
        b
        for b in article.blocks.order_by("position")
        if b.pk not in (opening.pk, dateline.pk)
    ]
    for position, block in enumerate([*rest, dateline, opening]):
        block.position = position
        block.save(update_fields=["position"])
    article_body_sync(article=article)
    return article


def log_in(context, live_server, username: str, next_url: str):
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('admin:login')}?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", "secret-pw")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url.endswith(next_url), page.url
    return page


def submit(page, action) -> None:
    """Do something that submits a form and wait for the workbench to reload."""
    with page.expect_navigation():
        action()


def messages(page) -> str:
    """The workbench's messages once workbench.js has put them back into its
    live region: it empties the region when the page loads and refills it
    150 ms later, so that screen readers announce them. Read at once after a
    navigation they may not be there yet (empty reads failed CI runs)."""
    page.wait_for_selector("#wb-status li")
    return page.inner_text("#wb-status")


def test_editor_fixes_the_front_page_and_a_stale_editor_gets_a_conflict(
    live_server, new_context
):
    page = source_ingest(source=FIXTURES_DIR / "000_ddfb3c66dc3d3638.txt").page
    article = detach_opening(page)
    assert article.body.startswith("波主持召开")
    bylined = Article.objects.get(page=page, headline__startswith="平湖首个顶尖人才")
    make_editor("editor")
    make_editor("editor2")
    workbench = reverse("admin:articles_page_workbench", args=[page.pk])
    dateline = TextBlock.objects.get(page=page, article=article, text="本报讯")
    opening = TextBlock.objects.get(page=page, text__startswith="昨天上午，市长周军")

    stale = log_in(new_context(), live_server, "editor2", workbench)
    ui = log_in(new_context(), live_server, "editor", workbench)

    # Move the opening to the start of its article: one by button, one by key.
    submit(ui, lambda: ui.click(f"#block-{opening.pk} .wb-top"))
    ui.focus(f"#block-{dateline.pk}")
    submit(ui, lambda: ui.keyboard.press("Alt+Home"))
    first_two = ui.locator(f"#article-{article.pk} .wb-block").evaluate_all(
        "els => els.slice(0, 2).map(e => e.dataset.block)"
    )
    assert first_two == [str(dateline.pk), str(opening.pk)]

    # Merge it with the next block: select both (click and key), press m.
    ui.check(f"#block-{dateline.pk} .wb-select")
    ui.focus(f"#block-{opening.pk}")
    ui.keyboard.press("x")
    submit(ui, lambda: ui.keyboard.press("m"))
    assert "Merged blocks" in messages(ui)
    merged = ui.input_value(f"#block-{dateline.pk} .wb-text")
    assert merged == "本报讯 昨天上午，市长周军"

    if os.environ.get("WORKBENCH_SCREENSHOT"):  # to look at the workbench
        ui.screenshot(path=os.environ["WORKBENCH_SCREENSHOT"], full_page=False)

    # Fix a byline: the page prints the reporter's role without a name.
    ui.click(f"#article-{bylined.pk} summary")
    ui.fill(f"#article-{bylined.pk} input[name=byline_name] >> nth=0", "王 强")
    submit(ui, lambda: ui.click(f"#article-{bylined.pk} >> text=Save article"))
    assert "Edited article" in messages(ui)

    # A wrong correction, undone from the timeline with the u key.
    wrong = TextBlock.objects.get(page=page, text__startswith="在学习《中华人民共和国")
    ui.fill(f"#block-{wrong.pk} .wb-text", "错误的修改")
    submit(ui, lambda: ui.press(f"#block-{wrong.pk} .wb-text", "Control+Enter"))
    assert "<ins>" in ui.inner_html(".wb-timeline li >> nth=0")
    ui.press(f"#block-{wrong.pk} .wb-text", "Escape")  # back to the block
    submit(ui, lambda: ui.keyboard.press("u"))
    assert "Undid" in messages(ui)
    assert ui.input_value(f"#block-{wrong.pk} .wb-text").startswith("在学习")
    assert ui.locator(".wb-timeline li").count() == 6

    # The reader sees the fixed article.
    ui.goto(live_server.url + article.get_absolute_url())
    paragraphs = ui.locator("article p").all_inner_texts()
    body = [p for p in paragraphs if p.startswith("本报讯")]
    assert body and body[0].startswith(
        "本报讯 昨天上午，市长周军波主持召开市十六届政府第五次常务会议。"
    )
    assert not any("错误的修改" in p for p in paragraphs)
    ui.goto(live_server.url + bylined.get_absolute_url())
    assert "王强" in ui.inner_text("article .meta")

    # The second editor's view is stale: a clear message, nothing changed.
    changes = PageChange.objects.count()
    before = TextBlock.objects.get(pk=wrong.pk).text
    stale.fill(f"#block-{wrong.pk} .wb-text", "另一位编辑的修改")
    submit(stale, lambda: stale.click(f"#block-{wrong.pk} .wb-correct"))
    message = messages(stale)
    assert "changed by editor at" in message and "Nothing was saved" in message
    assert TextBlock.objects.get(pk=wrong.pk).text == before
    assert PageChange.objects.count() == changes
    # ... and loses nothing: the workbench offers their text again.
    assert stale.input_value(f"#block-{wrong.pk} .wb-text") == "另一位编辑的修改"
    assert "Your unsaved text" in stale.inner_text(f"#block-{wrong.pk}")
    assert f"version {page.version + 6}" in stale.inner_text("#page-version")


def make_reviewer(username: str) -> User:
    user = make_editor(username)
    group, _ = Group.objects.get_or_create(name="Reviewer")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="articles", codename__in=groups.REVIEWER
        )
    )
    user.groups.add(group)
    return user


def test_every_other_operation_from_the_workbench(live_server, new_context):
    page = source_ingest(source=FIXTURES_DIR / "000_ddfb3c66dc3d3638.txt").page
    make_reviewer("reviewer")
    workbench = reverse("admin:articles_page_workbench", args=[page.pk])
    ui = log_in(new_context(), live_server, "reviewer", workbench)
    block = TextBlock.objects.get(page=page, text__startswith="波主持召开")

    # Split at the caret (Alt+S in the text box).
    text_box = f"#block-{block.pk} .wb-text"
    ui.focus(text_box)
    ui.evaluate("sel => document.querySelector(sel).setSelectionRange(5, 5)", text_box)
    submit(ui, lambda: ui.keyboard.press("Alt+s"))
    assert "Split block" in messages(ui)
    assert TextBlock.objects.get(pk=block.pk).text == "波主持召开"

    # Move the head to a new article with the n key.
    ui.check(f"#block-{block.pk} .wb-select")
    ui.focus(f"#block-{block.pk}")  # keys act only on the block list
    submit(ui, lambda: ui.keyboard.press("n"))
    new = TextBlock.objects.get(pk=block.pk).article
    assert new.page_id == page.pk and new.body == "波主持召开"

    # Change its kind, confirm the new article, delete it.
    ui.select_option(f"#block-{block.pk} select[name=kind]", "subhead")
    submit(ui, lambda: ui.click(f"#block-{block.pk} button[value=retype]"))
    assert TextBlock.objects.get(pk=block.pk).kind == "subhead"
    # A new article has no headline: its fields are already open.
    submit(ui, lambda: ui.click(f"#article-{new.pk} button[value=confirm]"))
    assert Article.objects.get(pk=new.pk).status == "confirmed"
    asked = []  # each button that asks first asks once (click or key)
    ui.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    submit(ui, lambda: ui.click(f"#article-{new.pk} button[value=article_delete]"))
    assert len(asked) == 1
    assert not Article.objects.filter(pk=new.pk).exists()
    assert TextBlock.objects.get(pk=block.pk).article_id is None

    # Re-run the segmentation: the edited article (which kept the split's
    # tail) stays; the loose head is re-read, and as the parser's block would
    # overlap the kept tail, it becomes an "unknown" block of its own.
    submit(ui, lambda: ui.click("button:has-text('Re-run segmentation')"))
    assert len(asked) == 2
    assert "Re-segmented" in messages(ui)
    assert TextBlock.objects.get(page=page, text="波主持召开").kind == "unknown"
    assert TextBlock.objects.get(page=page, text="市十六届政府第五次常").article_id
    assert Article.objects.filter(page=page, headline__startswith="平湖首个").exists()
    assert ui.locator(".wb-timeline li").count() == 6
