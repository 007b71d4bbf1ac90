"""The segmentation operations as endpoints: each calls #3's service, records
a change, honours If-Match, and can be undone through the API."""

import pytest

from articles.models import Article, PageChange, TextBlock
from articles.parsing import BlockKind
from tests.factories import ArticleFactory, TextBlockFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(archive):
    """Page 1 of issue A: the news article's two blocks plus a masthead."""
    return archive.page_a1


def etag(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


def test_split_merge_and_undo(editor_api, archive, page):
    block = archive.news.blocks.get(position=0)
    before = block.text
    url = f"/api/blocks/{block.pk}/"

    split = editor_api.post(
        f"{url}split/",
        {"position": 4},
        format="json",
        HTTP_IF_MATCH=etag(editor_api, url),
    )
    assert split.status_code == 200, split.content
    assert split.json()["operation"] == "split"
    halves = list(archive.news.blocks.order_by("position")[:2])
    assert [b.text for b in halves] == [before[:4], before[4:].strip()] or (
        halves[0].text + halves[1].text
    ).replace(" ", "") == before.replace(" ", "")

    page_url = f"/api/pages/{page.pk}/"
    merge = editor_api.post(
        f"{page_url}merge/",
        {"blocks": [halves[0].pk, halves[1].pk]},
        format="json",
        HTTP_IF_MATCH=etag(editor_api, page_url),
    )
    assert merge.status_code == 200, merge.content
    assert TextBlock.objects.get(pk=halves[0].pk).text.replace(
        " ", ""
    ) == before.replace(" ", "")

    undo = editor_api.post(merge.json()["undo_url"])
    assert undo.status_code == 200, undo.content
    assert undo.json()["operation"] == "undo"
    assert undo.json()["undo_of"]["id"] == merge.json()["id"]
    assert TextBlock.objects.filter(pk=halves[1].pk).exists()
    again = editor_api.post(merge.json()["undo_url"])
    assert again.status_code == 400
    assert again.json()["detail"] == "这项修改已经撤销。"  # already undone


def test_move_blocks_to_a_new_article_and_reorder(editor_api, archive, page):
    blocks = list(archive.news.blocks.order_by("position"))
    page_url = f"/api/pages/{page.pk}/"

    moved = editor_api.post(
        f"{page_url}move/",
        {"blocks": [blocks[1].pk], "new_article": True},
        format="json",
        HTTP_IF_MATCH=etag(editor_api, page_url),
    )

    assert moved.status_code == 200, moved.content
    new = TextBlock.objects.get(pk=blocks[1].pk).article
    assert new is not None and new.pk != archive.news.pk

    back = editor_api.post(
        f"{page_url}move/",
        {"blocks": [blocks[1].pk], "article": archive.news.pk},
        format="json",
    )
    assert back.status_code == 200, back.content
    article_url = f"/api/articles/{archive.news.pk}/"
    reorder = editor_api.post(
        f"{article_url}reorder/",
        {"blocks": [blocks[1].pk, blocks[0].pk]},
        format="json",
        HTTP_IF_MATCH=etag(editor_api, article_url),
    )
    assert reorder.status_code == 200, reorder.content
    assert [b["id"] for b in reorder.json()["blocks"]] == [blocks[1].pk, blocks[0].pk]


def test_move_refuses_blocks_of_another_page(editor_api, archive, page):
    other = archive.photo.blocks.first()

    response = editor_api.post(
        f"/api/pages/{page.pk}/move/", {"blocks": [other.pk]}, format="json"
    )

    assert response.status_code == 400
    # In the API's default language (Chinese), naming the block and the page.
    detail = response.json()["detail"]
    assert detail == f"blocks: 版面 {page.pk} 上没有文本块 {other.pk}。"


def test_retype_and_edit_bylines(editor_api, archive):
    block = archive.news.blocks.get(position=1)
    retyped = editor_api.post(
        f"/api/blocks/{block.pk}/retype/", {"kind": "subhead"}, format="json"
    )
    assert retyped.status_code == 200, retyped.content
    assert retyped.json()["kind"] == BlockKind.SUBHEAD

    edited = editor_api.patch(
        f"/api/articles/{archive.news.pk}/",
        {
            "bylines": [
                {"role": "reporter", "name": "华婷婷"},
                {"role": "photographer", "name": "王 强"},
            ]
        },
        format="json",
    )
    assert edited.status_code == 200, edited.content
    assert [b["name"] for b in edited.json()["bylines"]] == ["华婷婷", "王强"]


def test_delete_keeps_the_blocks(editor_api, archive):
    block_ids = set(archive.news.blocks.values_list("pk", flat=True))

    response = editor_api.delete(f"/api/articles/{archive.news.pk}/")

    assert response.status_code == 200, response.content
    assert response.json()["operation"] == "article_delete"
    assert not Article.objects.filter(pk=archive.news.pk).exists()
    assert (
        set(
            TextBlock.objects.filter(pk__in=block_ids, article=None).values_list(
                "pk", flat=True
            )
        )
        == block_ids
    )


def test_confirm_needs_a_reviewer(editor_api, archive, reviewer_token):
    from django.contrib.auth.models import Permission

    from tests.api.test_writes import client_with

    url = f"/api/articles/{archive.news.pk}/confirm/"
    refused = editor_api.post(url)
    assert refused.status_code == 403
    assert "Reviewer" in refused.json()["detail"]

    reviewer = client_with(reviewer_token)
    # The Reviewer group of #3's migration has this permission; the test
    # group of the fixture gets it here.
    from django.contrib.auth.models import Group

    Group.objects.get(name="Reviewer").permissions.add(
        Permission.objects.get(codename="confirm_article")
    )
    response = reviewer.post(url)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed"


def test_stale_page_etag_is_412_for_page_commands(editor_api, archive, page):
    page_url = f"/api/pages/{page.pk}/"
    stale = etag(editor_api, page_url)
    block = archive.news.blocks.get(position=1)
    assert (
        editor_api.post(f"/api/blocks/{block.pk}/correct/", {"text": "改"}).status_code
        == 200
    )
    blocks = list(archive.news.blocks.order_by("position").values_list("pk", flat=True))

    response = editor_api.post(
        f"{page_url}merge/", {"blocks": blocks}, format="json", HTTP_IF_MATCH=stale
    )

    assert response.status_code == 412
    assert archive.news.blocks.count() == 2


def test_changes_are_listed_per_page(editor_api, api, archive, page):
    block = archive.news.blocks.get(position=1)
    editor_api.post(f"/api/blocks/{block.pk}/correct/", {"text": "一堂好党课"})

    rows = api.get("/api/changes/", {"page_id": page.pk}).json()["results"]

    assert [r["operation"] for r in rows] == ["correct"]
    # Readers see what was corrected and when, not who (#12); editors see who.
    assert rows[0]["user"] is None
    staff_rows = editor_api.get("/api/changes/", {"page_id": page.pk}).json()
    assert staff_rows["results"][0]["user"] == "editor"
    assert api.get("/api/changes/", {"page_id": page.pk}).json()["results"] == rows
    assert (
        api.get("/api/changes/", {"page_id": archive.page_b1.pk}).json()["results"]
        == []
    )
    assert PageChange.objects.count() == 1
    # Anonymous users may read the history but not undo.
    assert api.post(rows[0]["undo_url"]).status_code == 401


def test_commands_need_editors(api, reader_token, archive, page):
    from tests.api.test_writes import client_with

    reader = client_with(reader_token)
    for client, status in ((api, 401), (reader, 403)):
        response = client.post(
            f"/api/pages/{page.pk}/merge/",
            {"blocks": list(archive.news.blocks.values_list("pk", flat=True))},
            format="json",
        )
        assert response.status_code == status


__all__ = ["ArticleFactory", "TextBlockFactory"]
