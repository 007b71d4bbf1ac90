"""The editors' operations: each one works, keeps the source partitioned, is
recorded as one change, and its undo restores every row exactly."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles.models import Article, Byline, Page, PageChange, TextBlock
from articles.parsing import BlockKind, compose_body
from articles.selectors import correction_counts
from editing.services import (
    ConflictError,
    article_blocks_reorder,
    article_confirm,
    article_delete,
    article_update,
    change_undo,
    page_resegment,
    text_block_correct,
    text_block_retype,
    text_block_split,
    text_blocks_merge,
    text_blocks_move,
)

pytestmark = pytest.mark.django_db


def state(page: Page) -> dict:
    """Every row an editor can change on the page, as plain values."""
    return {
        "blocks": sorted(
            TextBlock.objects.filter(page=page).values_list(
                "pk",
                "sequence",
                "start",
                "end",
                "kind",
                "text",
                "machine_text",
                "article_id",
                "position",
                "joins_previous",
                "origin",
            )
        ),
        "articles": sorted(
            Article.objects.filter(page=page).values_list(
                "pk",
                "sequence",
                "kind",
                "rubric",
                "kicker",
                "headline",
                "subtitle",
                "body",
                "status",
            )
        ),
        "bylines": sorted(
            Byline.objects.filter(article__page=page).values_list(
                "pk", "article_id", "role", "name", "person_id", "position"
            )
        ),
    }


def assert_partition(page: Page) -> None:
    source = page.source.text
    covered = [0] * len(source)
    for block in page.blocks.all():
        for i in range(block.start, block.end):
            covered[i] += 1
    for i, ch in enumerate(source):
        if not ch.isspace():
            assert covered[i] == 1, (i, ch, source[max(0, i - 10) : i + 10])


def assert_bodies_in_sync(page: Page) -> None:
    for article in Article.objects.filter(page=page):
        blocks = article.blocks.order_by("position", "sequence")
        expected = compose_body((b.kind, b.text, b.joins_previous) for b in blocks)
        assert article.body == expected, article.pk


def version(page: Page) -> int:
    return Page.objects.get(pk=page.pk).version


def block_with(page: Page, text: str) -> TextBlock:
    return TextBlock.objects.get(page=page, text__startswith=text)


def article_with(page: Page, headline: str) -> Article:
    return Article.objects.get(page=page, headline__startswith=headline)


def undo_restores(page, user, change, before) -> None:
    undo = change_undo(user=user, change=change, expected_version=version(page))
    assert undo.undo_of == change
    assert state(page) == before
    assert_partition(page)
    assert_bodies_in_sync(page)


def test_split_cuts_the_source_span_where_the_character_comes_from(sample_page, editor):
    page = sample_page
    before = state(page)
    block = block_with(page, "昨天上午，市委书记仲旭东")
    cut_at = block.text.index("深入")

    change = text_block_split(
        user=editor, block=block, position=cut_at, expected_version=page.version
    )

    head = TextBlock.objects.get(pk=block.pk)
    tail = TextBlock.objects.get(page=page, sequence=block.sequence + 1)
    assert head.text == "昨天上午，市委书记仲旭东"
    assert tail.text.startswith("深入居民小区")
    source = page.source.text
    # The verbatim span is cut between the characters, spaces included.
    assert source[head.start : head.end].endswith("市委书记 仲旭东")
    assert source[tail.start : tail.end].startswith("深入")
    assert head.end <= tail.start and tail.end == block.end
    assert tail.article_id == block.article_id
    assert tail.position == block.position + 1
    assert_partition(page)
    assert_bodies_in_sync(page)
    # The reading body does not change: the tail continues the paragraph.
    assert Article.objects.get(pk=block.article_id).body == next(
        row[7] for row in before["articles"] if row[0] == block.article_id
    )
    assert version(page) == page.version + 1
    assert change.operation == "split" and change.user == editor
    assert change.rows.count() > 2  # the block, the new one, the renumbered ones

    undo_restores(page, editor, change, before)


@pytest.mark.parametrize("position", [0, -1, 10_000])
def test_split_beyond_the_text_is_refused_and_changes_nothing(
    sample_page, editor, position
):
    before = state(sample_page)
    block = block_with(sample_page, "昨天上午，市委书记仲旭东")

    with pytest.raises(ValidationError, match="Cannot split at"):
        text_block_split(
            user=editor,
            block=block,
            position=position,
            expected_version=sample_page.version,
        )

    assert state(sample_page) == before
    assert version(sample_page) == sample_page.version
    assert not PageChange.objects.exists()


def test_merge_source_neighbours_then_undo(sample_page, editor):
    page = sample_page
    opening = block_with(page, "昨天上午，市长周军")
    dateline = TextBlock.objects.get(page=page, sequence=opening.sequence - 1)
    assert dateline.text == "本报讯"
    before = state(page)

    change = text_blocks_merge(
        user=editor, blocks=[dateline, opening], expected_version=page.version
    )

    merged = TextBlock.objects.get(pk=dateline.pk)
    assert merged.text == "本报讯 昨天上午，市长周军"
    assert merged.kind == BlockKind.BODY
    assert (merged.start, merged.end) == (dateline.start, opening.end)
    assert not TextBlock.objects.filter(pk=opening.pk).exists()
    article = Article.objects.get(pk=dateline.article_id)
    assert article.body.startswith("本报讯 昨天上午，市长周军波主持召开")
    assert article.status == Article.Status.EDITED
    assert_partition(page)
    assert_bodies_in_sync(page)

    undo_restores(page, editor, change, before)


def test_merge_of_blocks_apart_in_the_source_is_refused(sample_page, editor):
    page = sample_page
    opening = block_with(page, "昨天上午，市长周军")
    continuation = block_with(page, "波主持召开")
    before = state(page)

    with pytest.raises(ValidationError, match="follow each other in the source"):
        text_blocks_merge(
            user=editor,
            blocks=[opening, continuation],
            expected_version=page.version,
        )

    assert state(page) == before


def test_move_to_another_article_to_a_new_one_and_out(sample_page, editor):
    page = sample_page
    block = block_with(page, "波主持召开")
    source_article = Article.objects.get(pk=block.article_id)
    target = article_with(page, "平湖首个顶尖人才")
    before = state(page)

    change = text_blocks_move(
        user=editor, blocks=[block], article=target, expected_version=page.version
    )

    block.refresh_from_db()
    assert block.article_id == target.pk
    assert block.position == target.blocks.exclude(pk=block.pk).count()
    target.refresh_from_db()
    source_article.refresh_from_db()
    assert target.body.endswith("波主持召开市十六届政府第五次常")
    assert "波主持召开" not in source_article.body
    assert_bodies_in_sync(page)
    undo_restores(page, editor, change, before)

    change = text_blocks_move(
        user=editor, blocks=[block], new_article=True, expected_version=version(page)
    )
    new = Article.objects.get(pk=TextBlock.objects.get(pk=block.pk).article_id)
    assert new.pk != source_article.pk and new.body.startswith("波主持召开")
    undo_restores(page, editor, change, before)
    assert not Article.objects.filter(pk=new.pk).exists()

    change = text_blocks_move(
        user=editor, blocks=[block], expected_version=version(page)
    )
    assert TextBlock.objects.get(pk=block.pk).article_id is None
    undo_restores(page, editor, change, before)


def test_move_to_an_article_of_another_page_is_refused(sample_page, editor):
    other = source_ingest_second_page()
    foreign = Article.objects.filter(page=other).first()
    block = block_with(sample_page, "波主持召开")
    before = state(sample_page)

    with pytest.raises(ValidationError, match="another page"):
        text_blocks_move(
            user=editor,
            blocks=[block],
            article=foreign,
            expected_version=sample_page.version,
        )

    assert state(sample_page) == before
    assert version(sample_page) == sample_page.version


def source_ingest_second_page() -> Page:
    from articles.services import source_ingest
    from tests.conftest import FIXTURES_DIR

    return source_ingest(source=FIXTURES_DIR / "002_78004bad7335606d.txt").page


def test_reorder_blocks_of_an_article(sample_page, editor):
    page = sample_page
    article = article_with(page, "市十六届政府")
    ids = list(article.blocks.order_by("position").values_list("pk", flat=True))
    by_source = list(article.blocks.order_by("sequence").values_list("pk", flat=True))
    before = state(page)

    change = article_blocks_reorder(
        user=editor, article=article, block_ids=by_source, expected_version=page.version
    )

    assert (
        list(article.blocks.order_by("position").values_list("pk", flat=True))
        == by_source
    )
    assert by_source != ids
    article.refresh_from_db()
    assert not article.body.startswith("本报讯")
    undo_restores(page, editor, change, before)

    with pytest.raises(ValidationError, match="every block"):
        article_blocks_reorder(
            user=editor,
            article=article,
            block_ids=ids[1:],
            expected_version=version(page),
        )


def test_retype_to_furniture_takes_the_block_out_of_its_article(sample_page, editor):
    page = sample_page
    block = block_with(page, "波主持召开")
    before = state(page)

    change = text_block_retype(
        user=editor, block=block, kind="ad", expected_version=page.version
    )

    block.refresh_from_db()
    assert (block.kind, block.article_id, block.origin) == ("ad", None, "editor")
    undo_restores(page, editor, change, before)


def test_correct_text_keeps_the_source_and_shows_as_a_diff(sample_page, editor):
    page = sample_page
    source_before = page.source.text
    block = block_with(page, "波主持召开")
    article = Article.objects.get(pk=block.article_id)
    before = state(page)

    change = text_block_correct(
        user=editor,
        block=block,
        text="周军波主持召开市十六届政府第五次常",
        expected_version=page.version,
    )

    block.refresh_from_db()
    assert block.text == "周军波主持召开市十六届政府第五次常"
    assert block.machine_text == "波主持召开市十六届政府第五次常"
    assert Page.objects.get(pk=page.pk).source.text == source_before
    assert "周军波主持召开" in Article.objects.get(pk=article.pk).body
    row = change.rows.get(model="textblock")
    assert row.before["text"] == "波主持召开市十六届政府第五次常"
    assert row.after["text"] == "周军波主持召开市十六届政府第五次常"
    assert correction_counts(article_ids=[article.pk]) == {article.pk: {"editor": 1}}
    change_undo(user=editor, change=change, expected_version=version(page))
    assert correction_counts(article_ids=[article.pk]) == {}
    assert state(page) == before

    with pytest.raises(ValidationError, match="cannot be empty"):
        text_block_correct(
            user=editor, block=block, text="  ", expected_version=version(page)
        )


def test_article_update_fields_and_bylines(sample_page, editor):
    page = sample_page
    article = article_with(page, "平湖首个顶尖人才")
    before = state(page)

    change = article_update(
        user=editor,
        article=article,
        fields={"headline": "平湖首个顶尖人才项目签约落户", "rubric": ""},
        bylines=[{"role": "reporter", "name": "王 强"}],
        expected_version=page.version,
    )

    article.refresh_from_db()
    assert article.headline == "平湖首个顶尖人才项目签约落户"
    assert article.rubric is None
    assert article.status == Article.Status.EDITED
    assert [(b.role, b.name, b.person.name) for b in article.bylines.all()] == [
        ("reporter", "王强", "王强")
    ]
    undo_restores(page, editor, change, before)

    with pytest.raises(ValidationError, match="role"):
        article_update(
            user=editor,
            article=article,
            fields={},
            bylines=[{"role": "chef", "name": "x"}],
            expected_version=version(page),
        )
    assert state(page) == before


def test_delete_article_keeps_its_blocks(sample_page, editor):
    page = sample_page
    article = article_with(page, "平湖首个顶尖人才")
    blocks = list(article.blocks.values_list("pk", flat=True))
    before = state(page)

    change = article_delete(user=editor, article=article, expected_version=page.version)

    assert not Article.objects.filter(pk=article.pk).exists()
    assert set(
        TextBlock.objects.filter(pk__in=blocks).values_list("article_id", flat=True)
    ) == {None}
    assert_partition(page)
    undo_restores(page, editor, change, before)


def test_confirm_needs_a_reviewer(sample_page, editor, reviewer):
    article = article_with(sample_page, "平湖首个顶尖人才")
    with pytest.raises(PermissionDenied):
        article_confirm(
            user=editor, article=article, expected_version=sample_page.version
        )
    before = state(sample_page)

    change = article_confirm(
        user=reviewer, article=article, expected_version=sample_page.version
    )

    assert Article.objects.get(pk=article.pk).status == Article.Status.CONFIRMED
    undo_restores(sample_page, reviewer, change, before)


def test_resegment_keeps_edited_articles_and_rebuilds_the_rest(
    sample_page, editor, reviewer
):
    page = sample_page
    article = article_with(page, "市十六届政府")
    block = block_with(page, "波主持召开")
    text_block_correct(
        user=editor, block=block, text="周军波主持召开", expected_version=page.version
    )
    machine = article_with(page, "平湖首个顶尖人才")
    kept_before = state(page)
    kept_blocks = [b for b in kept_before["blocks"] if b[7] == article.pk]
    kept_article = [a for a in kept_before["articles"] if a[0] == article.pk]
    with pytest.raises(PermissionDenied):
        page_resegment(user=editor, page=page, expected_version=version(page))

    change = page_resegment(user=reviewer, page=page, expected_version=version(page))

    after = state(page)
    assert [b for b in after["blocks"] if b[7] == article.pk] == kept_blocks
    assert [a for a in after["articles"] if a[0] == article.pk] == kept_article
    assert not Article.objects.filter(pk=machine.pk).exists()
    assert Article.objects.filter(
        page=page, headline__startswith="平湖首个顶尖人才"
    ).exists()
    assert Article.objects.filter(page=page).count() == len(kept_before["articles"])
    assert_partition(page)
    assert_bodies_in_sync(page)
    undo_restores(page, reviewer, change, kept_before)


def test_stale_version_is_a_conflict_and_changes_nothing(
    sample_page, editor, other_editor
):
    page = sample_page
    opened = page.version  # both editors open the page
    text_block_correct(
        user=editor,
        block=block_with(page, "波主持召开"),
        text="周军波主持召开",
        expected_version=opened,
    )
    before = state(page)

    with pytest.raises(ConflictError, match="changed by editor"):
        text_block_retype(
            user=other_editor,
            block=block_with(page, "昨天上午，市委书记"),
            kind="ad",
            expected_version=opened,
        )

    assert state(page) == before
    assert PageChange.objects.count() == 1


def test_no_permission_changes_nothing(sample_page, nobody):
    before = state(sample_page)
    with pytest.raises(PermissionDenied):
        text_block_correct(
            user=nobody,
            block=block_with(sample_page, "波主持召开"),
            text="x",
            expected_version=sample_page.version,
        )
    assert state(sample_page) == before


def test_undo_refuses_when_a_later_change_touched_the_same_rows(
    sample_page, editor, other_editor
):
    page = sample_page
    block = block_with(page, "波主持召开")
    first = text_block_correct(
        user=editor, block=block, text="一", expected_version=page.version
    )
    text_block_correct(
        user=other_editor, block=block, text="二", expected_version=version(page)
    )

    with pytest.raises(ConflictError, match="later change"):
        change_undo(user=editor, change=first, expected_version=version(page))

    assert TextBlock.objects.get(pk=block.pk).text == "二"


def test_undo_of_an_undo_redoes(sample_page, editor):
    page = sample_page
    block = block_with(page, "波主持召开")
    change = text_block_correct(
        user=editor, block=block, text="周军波主持召开", expected_version=page.version
    )
    undo = change_undo(user=editor, change=change, expected_version=version(page))
    with pytest.raises(ValidationError, match="already been undone"):
        change_undo(user=editor, change=change, expected_version=version(page))

    change_undo(user=editor, change=undo, expected_version=version(page))

    assert TextBlock.objects.get(pk=block.pk).text == "周军波主持召开"


def test_body_sync_costs_a_fixed_number_of_queries(
    sample_page, django_assert_num_queries
):
    from articles.services import article_body_sync

    article = article_with(sample_page, "市十六届政府")
    assert article.blocks.count() > 5
    # The blocks (the body is unchanged), inside a savepoint and its release.
    with django_assert_num_queries(3):
        article_body_sync(article=article)


@pytest.mark.parametrize("seed", range(1, 7))
def test_random_edits_keep_the_partition_and_undo_back_to_the_start(
    sample_page, editor, seed
):
    """Nothing is lost: after any run of operations the blocks still partition
    the source, and undoing them newest first gives back the machine's page."""
    import random

    page = sample_page
    rng = random.Random(seed)
    start = state(page)
    done = []
    for _ in range(15):
        blocks = list(TextBlock.objects.filter(page=page).order_by("sequence"))
        articles = list(Article.objects.filter(page=page))
        block = rng.choice([b for b in blocks if b.kind not in ("masthead",)])
        v = version(page)
        operation = rng.choice(
            ["split", "merge", "move", "correct", "retype", "reorder", "delete", "new"]
        )
        article = rng.choice(articles)
        try:
            if operation == "split" and len(block.text) > 2:
                change = text_block_split(
                    user=editor,
                    block=block,
                    position=rng.randrange(1, len(block.text)),
                    expected_version=v,
                )
            elif operation == "merge":
                following = [b for b in blocks if b.sequence > block.sequence][:1]
                change = text_blocks_merge(
                    user=editor, blocks=[block, *following], expected_version=v
                )
            elif operation == "move":
                change = text_blocks_move(
                    user=editor,
                    blocks=[block],
                    article=rng.choice(articles),
                    expected_version=v,
                )
            elif operation == "reorder":
                ids = list(article.blocks.values_list("pk", flat=True))
                rng.shuffle(ids)
                change = article_blocks_reorder(
                    user=editor, article=article, block_ids=ids, expected_version=v
                )
            elif operation == "delete":
                change = article_delete(
                    user=editor, article=article, expected_version=v
                )
            elif operation == "new":
                change = text_blocks_move(
                    user=editor, blocks=[block], new_article=True, expected_version=v
                )
            elif operation == "correct":
                change = text_block_correct(
                    user=editor, block=block, text=block.text + "。", expected_version=v
                )
            else:
                change = text_block_retype(
                    user=editor, block=block, kind="subhead", expected_version=v
                )
        except ValidationError:
            assert version(page) == v  # refused: nothing changed
            continue
        done.append(change)
        assert_partition(page)
        assert_bodies_in_sync(page)
    assert len(done) >= 5

    for change in reversed(done):
        change_undo(user=editor, change=change, expected_version=version(page))

    assert state(page) == start


def test_every_operation_bumps_the_archive_revision_with_its_change(
    sample_page, editor
):
    """Outside any request (a shell, a command): the service itself tells the
    API's cache that the archive changed, in the change's own transaction."""
    from articles.selectors import archive_revision

    block = block_with(sample_page, "波主持召开")
    revision, _ = archive_revision()

    text_block_correct(
        user=editor,
        block=block,
        text="周军波",
        expected_version=version(sample_page),
    )
    assert archive_revision()[0] == revision + 1

    with pytest.raises(ConflictError):
        text_block_correct(user=editor, block=block, text="x", expected_version=0)
    assert archive_revision()[0] == revision + 1  # a refused change bumps nothing
