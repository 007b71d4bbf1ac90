"""The page workbench in the admin: renders a big page in a fixed number of
queries, runs every operation through its forms, reports bad requests."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Article, Page, PageChange, TextBlock
from articles.services import source_ingest
from bench.pages import big_page_text

# Messages are asserted by their English msgids (see the `english` fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def bench_url(page) -> str:
    return reverse("admin:articles_page_workbench", args=[page.pk])


def action_url(page) -> str:
    return reverse("admin:articles_page_workbench_action", args=[page.pk])


def post(client, page, **data):
    data.setdefault("version", Page.objects.get(pk=page.pk).version)
    response = client.post(action_url(page), data)
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_workbench_of_a_200_block_page_renders_in_at_most_15_queries(
    client, editor, django_assert_max_num_queries
):

    page = source_ingest(source=big_page_text().encode(), file_name="big.txt").page
    block = page.blocks.filter(article__isnull=False).first()
    client.force_login(editor)
    post(client, page, op="correct", block=block.pk, text=block.text + "。")
    assert page.blocks.count() >= 200

    with django_assert_max_num_queries(15):
        response = client.get(bench_url(page))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="wb-block ') == page.blocks.count()
    assert "<ins>。</ins>" in html  # the correction as a diff
    assert "Undo</button>" in html


def test_anonymous_users_get_nothing(client, sample_page):
    response = client.get(bench_url(sample_page))
    assert response.status_code == 302 and "/login/" in response.url
    before = TextBlock.objects.count()
    response = client.post(action_url(sample_page), {"op": "resegment"})
    assert response.status_code == 302 and "/login/" in response.url
    assert TextBlock.objects.count() == before


def test_workbench_shows_blocks_articles_and_source(client, editor, sample_page):
    client.force_login(editor)
    html = client.get(bench_url(sample_page)).content.decode()
    assert "市十六届政府 第五次常务会议召开" in html
    assert 'class="wb-source"' in html and "总第4961期" in html
    assert "Re-run segmentation" not in html  # editors may not
    assert "Confirm as checked" not in html


def test_operations_through_the_forms(client, editor, sample_page):
    page = sample_page
    client.force_login(editor)
    block = TextBlock.objects.get(page=page, text__startswith="波主持召开")

    messages = post(client, page, op="split", block=block.pk, position=5)
    assert messages[-1].startswith("Split block")
    tail = TextBlock.objects.get(page=page, sequence=block.sequence + 1)
    assert tail.text == "市十六届政府第五次常"

    messages = post(client, page, op="merge", block=[block.pk, tail.pk])
    assert messages[-1].startswith("Merged")
    assert TextBlock.objects.get(pk=block.pk).text == "波主持召开市十六届政府第五次常"

    post(client, page, op="top", block=block.pk)
    assert TextBlock.objects.get(pk=block.pk).position == 0

    post(client, page, op="move", block=[block.pk], target="new")
    new = Article.objects.get(pk=TextBlock.objects.get(pk=block.pk).article_id)
    assert new.status == "edited"

    post(
        client,
        page,
        op="article_update",
        article=new.pk,
        headline="新标题",
        kind="news",
        byline_role=["reporter"],
        byline_name=["华 婷婷"],
    )
    new.refresh_from_db()
    assert new.headline == "新标题"
    assert [b.name for b in new.bylines.all()] == ["华婷婷"]

    post(client, page, op="retype", block=block.pk, kind="subhead")
    assert TextBlock.objects.get(pk=block.pk).kind == "subhead"

    post(client, page, op="article_delete", article=new.pk)
    assert not Article.objects.filter(pk=new.pk).exists()

    last = PageChange.objects.first()
    messages = post(client, page, op="undo", change=last.pk)
    assert messages[-1].startswith("Undid")
    assert Article.objects.filter(pk=new.pk).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"op": "split", "position": 999}, "Cannot split at 999"),
        ({"op": "correct", "text": "x", "version": 0}, "This page was changed"),
        ({"op": "resegment"}, "permission"),
        ({"op": "nonsense"}, "Unknown operation"),
    ],
)
def test_bad_requests_get_a_clear_message_and_change_nothing(
    client, editor, sample_page, data, message
):
    client.force_login(editor)
    block = TextBlock.objects.get(page=sample_page, text__startswith="波主持召开")
    before = list(TextBlock.objects.values_list("pk", "text", "start", "end"))

    messages = post(client, sample_page, block=block.pk, **data)

    assert message in messages[-1]
    assert list(TextBlock.objects.values_list("pk", "text", "start", "end")) == before
    assert not PageChange.objects.exists()


def test_move_to_an_article_of_another_page_is_refused(client, editor, sample_page):
    from tests.conftest import FIXTURES_DIR

    other = source_ingest(source=FIXTURES_DIR / "002_78004bad7335606d.txt").page
    client.force_login(editor)
    block = TextBlock.objects.get(page=sample_page, text__startswith="波主持召开")

    messages = post(
        client,
        sample_page,
        op="move",
        block=[block.pk],
        target=other.articles.first().pk,
    )

    assert "another page" in messages[-1]
    assert TextBlock.objects.get(pk=block.pk).article_id == block.article_id


def test_block_text_is_escaped_and_forms_carry_the_csrf_token(
    client, editor, sample_page
):
    block = TextBlock.objects.get(page=sample_page, text__startswith="波主持召开")
    TextBlock.objects.filter(pk=block.pk).update(text="<script>alert(1)</script>")
    client.force_login(editor)

    response = client.get(bench_url(sample_page))

    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    token = response.context["csrf_token"]
    row = html[html.index(f'id="block-{block.pk}"') :]
    assert f'name="csrfmiddlewaretoken" value="{token}"' in row[:600]


def test_editors_review_the_names_found_beside_the_text(client, editor, sample_page):
    from people.models import Mention, MentionStatus, PeopleChange

    client.force_login(editor)
    html = client.get(bench_url(sample_page)).content.decode()
    mentions = list(
        Mention.objects.filter(article__page=sample_page).order_by("pk")[:3]
    )
    assert len(mentions) == 3
    boxes = re.findall(r'name="mention" value="([\d,]+)"', html)
    for mention in mentions:
        assert any(str(mention.pk) in box.split(",") for box in boxes)
        assert f"<mark>{mention.text}</mark>" in html

    confirm, reject = mentions[0], mentions[1]
    assert post(client, sample_page, op="mention_confirm", mention=[confirm.pk]) == [
        "Confirmed 1 mention(s) of names."
    ]
    post(client, sample_page, op="mention_reject", mention=[reject.pk])
    statuses = dict(Mention.objects.values_list("pk", "status"))
    assert statuses[confirm.pk] == MentionStatus.CONFIRMED
    assert statuses[reject.pk] == MentionStatus.REJECTED
    assert statuses[mentions[2].pk] == MentionStatus.MACHINE
    assert PeopleChange.objects.count() == 2

    stale = post(
        client,
        sample_page,
        op="mention_confirm",
        mention=[mentions[2].pk],
        version=sample_page.version - 1,
    )
    assert any("changed since" in message for message in stale)
    assert Mention.objects.get(pk=mentions[2].pk).status == MentionStatus.MACHINE


def test_names_are_grouped_per_person_with_their_count(client, editor, sample_page):
    """One row and one checkbox per person or organisation, however often the
    name occurs; ticking it reviews every mention (issue 12)."""
    from collections import Counter

    from people.models import Mention, MentionStatus

    client.force_login(editor)
    html = client.get(bench_url(sample_page)).content.decode()
    counts = Counter(
        (m.article_id, m.person_id)
        for m in Mention.objects.filter(article__page=sample_page, person__isnull=False)
    )
    (article_id, person_id), count = counts.most_common(1)[0]
    assert count > 1
    ids = sorted(
        Mention.objects.filter(article_id=article_id, person_id=person_id).values_list(
            "pk", flat=True
        )
    )
    boxes = [
        sorted(int(pk) for pk in box.split(","))
        for box in re.findall(r'name="mention" value="([\d,]+)"', html)
    ]
    assert ids in boxes
    assert f"×{count}" in html
    post(client, sample_page, op="mention_confirm", mention=[",".join(map(str, ids))])
    assert set(Mention.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        MentionStatus.CONFIRMED
    }


def test_one_number_per_block_and_article(client, editor, sample_page):
    """The label, the checkbox, the text box, the move menu and the messages
    all use the id: "Block 123", "Article 45" (issue 12)."""
    client.force_login(editor)
    html = client.get(bench_url(sample_page)).content.decode()
    block = TextBlock.objects.filter(page=sample_page, article__isnull=False).first()
    nxt = TextBlock.objects.get(article=block.article, position=block.position + 1)
    assert f'class="wb-num" id="block-{block.pk}-name">Block {block.pk}</label>' in html
    assert f'aria-label="Text of Block {block.pk}"' in html
    assert f'<option value="{block.article_id}">Article {block.article_id} ' in html
    messages = post(client, sample_page, op="merge", block=[block.pk, nxt.pk])
    assert f"blocks {block.pk}, {nxt.pk}" in messages[0], messages


def test_refused_split_and_merge_say_what_to_do(client, editor, sample_page):
    client.force_login(editor)
    block = TextBlock.objects.filter(page=sample_page).first()
    messages = post(client, sample_page, op="split", block=block.pk, position="")
    assert "Click in its text" in messages[0]
    messages = post(client, sample_page, op="merge", block=[block.pk])
    assert "at least two blocks" in messages[-1]
