"""The history is public in what it says changed and when, not in who:
readers of /api/changes/ and of the site see no editor's name (#12)."""

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def corrected(editor_api, archive):
    block = archive.news.blocks.get(position=1)
    response = editor_api.post(f"/api/blocks/{block.pk}/correct/", {"text": "好党课"})
    assert response.status_code == 200
    return archive


def test_readers_see_what_and_when_but_not_who(api, corrected):
    rows = api.get("/api/changes/").json()["results"]

    assert rows[0]["operation"] == "correct" and rows[0]["created_at"]
    assert rows[0]["user"] is None
    assert b"editor" not in api.get(f"/api/changes/{rows[0]['id']}/").content


def test_readers_cannot_find_an_editors_changes_by_name(api, corrected):
    response = api.get("/api/changes/", {"user": "editor"})

    assert response.status_code == 400


def test_staff_see_who_and_their_view_is_never_served_to_readers(api, corrected):
    staff = APIClient()
    staff.force_authenticate(User.objects.create_user("chief", is_staff=True))

    seen = staff.get("/api/changes/").json()["results"]
    assert seen[0]["user"] == "editor"
    assert staff.get("/api/changes/", {"user": "editor"}).status_code == 200

    assert api.get("/api/changes/").json()["results"][0]["user"] is None


def test_public_pages_name_no_editor(client, corrected):
    article = corrected.news
    page = article.page
    date = page.issue.date

    for url in (
        f"/article/{article.pk}/",
        f"/{date:%Y/%m/%d}/{page.number}/",
        f"/{date:%Y/%m/%d}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "editor" not in response.content.decode(), url


def test_undo_and_redo_through_the_api(editor_api, corrected):
    change = editor_api.get("/api/changes/").json()["results"][0]

    undo = editor_api.post(change["undo_url"])
    assert undo.status_code == 200 and undo.json()["operation"] == "undo"
    assert editor_api.post(change["undo_url"]).status_code == 400
    redo = editor_api.post(change["redo_url"])
    assert redo.status_code == 200 and redo.json()["operation"] == "redo"
    assert corrected.news.blocks.get(position=1).text == "好党课"
