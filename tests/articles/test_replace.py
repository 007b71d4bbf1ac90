"""`ingest --replace` keeps the editors' work: ids, corrections, splits,
merges, confirmations and permalinks survive a new source, the replace is one
change in the page's history, and its undo brings the old source back."""

import pytest

from articles.models import Article, Byline, Page, PageChange, PageCredit, TextBlock
from editing.services import (
    article_confirm,
    page_redo,
    page_undo,
    text_block_correct,
    text_block_split,
    text_blocks_merge,
    text_blocks_move,
)
from people.models import Mention
from tests.articles.conftest import SAMPLE_0628
from tests.articles.test_segmentation import (
    assert_bodies_in_sync,
    assert_partition,
    state,
)

pytestmark = pytest.mark.django_db


def version(page):
    return Page.objects.get(pk=page.pk).version


def block_with(page, text):
    return TextBlock.objects.get(page=page, text__startswith=text)


def edit(page, editor, reviewer) -> dict[str, int]:
    """Split, merge, correct and confirm: one article each. Their ids."""
    split = block_with(page, "昨天上午，市委书记仲旭东")
    text_block_split(
        user=editor,
        block=split,
        position=split.text.index("深入"),
        expected_version=version(page),
    )
    opening = block_with(page, "昨天上午，市人大常委会召开")
    dateline = TextBlock.objects.get(page=page, sequence=opening.sequence - 1)
    text_blocks_merge(
        user=editor, blocks=[dateline, opening], expected_version=version(page)
    )
    corrected = block_with(page, "会议指出，省第十五次党代会")
    text_block_correct(
        user=editor,
        block=corrected,
        text=corrected.text.replace("会议指出", "会议明确指出", 1),
        expected_version=version(page),
    )
    photo = Article.objects.get(page=page, headline="“智能”生产")
    article_confirm(user=reviewer, article=photo, expected_version=version(page))
    return {
        "split": split.article_id,
        "merged": opening.article_id,
        "corrected": corrected.article_id,
        "confirmed": photo.pk,
        "split_block": split.pk,
        "merged_block": dateline.pk,
        "corrected_block": corrected.pk,
    }


def names_found(page):
    return sorted(
        Mention.objects.filter(article__page=page).values_list(
            "article_id", "field", "start", "end", "kind"
        )
    )


def rescanned(tmp_path):
    """The page again, as a new OCR run might give it: a letter fixed in a
    machine article, a word changed inside the split article, text added."""
    text = SAMPLE_0628.read_text(encoding="utf-8")
    assert text.count("-堂生动党课") == 1 and text.count("农贸市场等") == 1
    text = text.replace("-堂生动党课", "一堂生动党课").replace("农贸市场等", "菜市场等")
    path = tmp_path / "rescanned.txt"
    path.write_text(text + "\n补充一句话。\n", encoding="utf-8")
    return path


def test_replace_keeps_every_edit_and_its_undo_restores_the_old_source(
    sample_page, editor, reviewer, run_command, tmp_path, client
):
    page = sample_page
    ids = edit(page, editor, reviewer)
    edited = {k: v for k, v in ids.items() if not k.endswith("_block")}
    before = state(page)
    old_source = Page.objects.get(pk=page.pk).source
    machine = set(
        Article.objects.filter(page=page, status="machine").values_list("pk", flat=True)
    )
    mentions = names_found(page)
    party_lesson = Article.objects.get(page=page, headline__endswith="一场初心洗礼").pk
    credits = list(PageCredit.objects.filter(page=page).values_list("role", "name"))
    path = rescanned(tmp_path)

    dry = run_command("ingest", path, replace=True, dry_run=True, workers=0)
    assert dry.error is None, dry.stderr
    for article_id in edited.values():
        assert f"article {article_id} (" in dry.stdout
    assert "4 edited article(s) kept, 0 lost" in dry.stdout
    assert state(page) == before, "a dry run writes nothing"

    result = run_command(
        "ingest", path, replace=True, workers=0, user=reviewer.username
    )

    assert result.error is None, result.stderr
    page = Page.objects.get(pk=page.pk)
    assert page.source.file_name == "rescanned.txt"
    assert_partition(page)
    assert_bodies_in_sync(page)
    # Every edited article is there with its id, status and edits.
    articles = {a.pk: a for a in Article.objects.filter(page=page)}
    assert set(edited.values()) <= set(articles)
    assert articles[edited["confirmed"]].status == "confirmed"
    for key in ("split", "merged", "corrected"):
        assert articles[edited[key]].status == "edited"
    split = TextBlock.objects.get(pk=ids["split_block"])
    assert split.text == "昨天上午，市委书记仲旭东"
    tail = TextBlock.objects.get(page=page, sequence=split.sequence + 1)
    assert tail.article_id == edited["split"]
    assert tail.text.startswith("深入居民小区、菜市场等地"), tail.text
    merged = TextBlock.objects.get(pk=ids["merged_block"])
    assert merged.text.startswith("本报讯 昨天上午，市人大常委会召开")
    corrected = TextBlock.objects.get(pk=ids["corrected_block"])
    assert corrected.text.startswith("会议明确指出")
    assert "会议明确指出" in articles[edited["corrected"]].body
    # Machine articles are made again from the new text: "-堂" reads "一堂",
    # and the old article's permalink leads to the new one.
    remade = Article.objects.get(page=page, headline="一堂生动党课 一场初心洗礼")
    assert client.get(f"/article/{party_lesson}/").url == f"/article/{remade.pk}/"
    assert client.get(f"/api/articles/{party_lesson}/").url.endswith(
        f"/api/articles/{remade.pk}/"
    )
    # Every permalink answers: kept ones in place, re-made ones redirect.
    for article_id in edited.values():
        assert client.get(f"/article/{article_id}/").status_code == 200
        assert client.get(f"/api/articles/{article_id}/").status_code == 200
    for article_id in machine:
        response = client.get(f"/article/{article_id}/")
        assert response.status_code in (301, 302, 410), article_id
        if response.status_code == 410:
            assert page.issue.date.strftime("/%Y/%m/%d/") in response.text
        response = client.get(f"/api/articles/{article_id}/")
        assert response.status_code in (301, 302, 410), article_id
    # The replace is one change in the history: who, when, both sources.
    change = PageChange.objects.filter(page=page).first()
    assert change.operation == "replace" and change.user == reviewer
    page_row = change.rows.get(model="page")
    assert page_row.before["source_id"] == old_source.pk
    assert page_row.after["source_id"] == page.source_id

    after = state(page)

    page_undo(user=reviewer, page=page, expected_version=page.version)

    page = Page.objects.get(pk=page.pk)
    assert page.source == old_source
    assert state(page) == before
    # Redo puts the new source back with the same ids.
    page_redo(user=reviewer, page=page, expected_version=page.version)
    page = Page.objects.get(pk=page.pk)
    assert page.source.file_name == "rescanned.txt" and state(page) == after
    page_undo(user=reviewer, page=page, expected_version=page.version)
    page = Page.objects.get(pk=page.pk)
    assert page.source == old_source and state(page) == before
    assert names_found(page) == mentions, "the names of every article found again"
    assert_partition(page)
    assert list(PageCredit.objects.filter(page=page).values_list("role", "name")) == (
        credits
    )
    assert Byline.objects.filter(article__page=page).exists()


def test_a_kept_article_whose_text_is_gone_stays_with_a_warning(
    sample_page, editor, reviewer, run_command, tmp_path
):
    page = sample_page
    photo = Article.objects.get(page=page, headline="“智能”生产")
    article_confirm(user=reviewer, article=photo, expected_version=page.version)
    body = photo.body
    text = SAMPLE_0628.read_text(encoding="utf-8")
    caption = photo.blocks.get(kind="caption")
    source = Page.objects.get(pk=page.pk).source.text
    path = tmp_path / "without-photo.txt"
    path.write_text(
        text.replace(source[caption.start : caption.end], ""), encoding="utf-8"
    )

    result = run_command("ingest", path, replace=True, workers=0)

    assert result.error is None, result.stderr
    photo.refresh_from_db()
    assert photo.status == "confirmed" and photo.body == body
    page = Page.objects.get(pk=page.pk)
    assert any(
        str(photo.pk) in w and "not in the new source" in w for w in page.warnings
    )
    assert f"  warning: article {photo.pk} (" in result.stdout
    assert_partition(page)
    change = PageChange.objects.filter(page=page).first()
    assert change.operation == "replace" and change.user is None


def test_a_block_an_editor_moved_out_of_its_article_stays_out(
    sample_page, editor, run_command, tmp_path
):
    page = sample_page
    block = block_with(page, "督查过程中")
    text_blocks_move(user=editor, blocks=[block], expected_version=version(page))

    result = run_command("ingest", rescanned(tmp_path), replace=True, workers=0)

    assert result.error is None, result.stderr
    block.refresh_from_db()
    assert block.article_id is None and block.text.startswith("督查过程中")
    assert_partition(Page.objects.get(pk=page.pk))
