"""Editors' writes: permissions, If-Match/412, services, JSON errors."""

import pytest
from rest_framework.test import APIClient

from articles.models import Article, Page, TextBlock

pytestmark = pytest.mark.django_db


def client_with(token: str | None) -> APIClient:
    client = APIClient()
    if token:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_editor_edits_an_article(editor_api, archive):
    url = f"/api/articles/{archive.news.pk}/"
    read = editor_api.get(url)
    version = read.json()["page_version"]

    response = editor_api.patch(
        url,
        {"headline": "新标题", "kicker": ""},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["headline"] == "新标题"
    assert data["kicker"] is None
    assert data["status"] == "edited"
    assert data["page_version"] == version + 1
    assert response["ETag"] != read["ETag"]
    # The new ETag is the one a read now returns, and the read is fresh.
    again = editor_api.get(url)
    assert again.json()["headline"] == "新标题"
    assert again["ETag"] == response["ETag"]
    assert Article.objects.get(pk=archive.news.pk).headline == "新标题"


def test_stale_if_match_is_412_and_saves_nothing(editor_api, archive):
    url = f"/api/articles/{archive.news.pk}/"
    stale = editor_api.get(url)["ETag"]
    assert editor_api.patch(url, {"headline": "第一"}, format="json").status_code == 200

    response = editor_api.patch(
        url, {"headline": "第二"}, format="json", HTTP_IF_MATCH=stale
    )

    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    assert "changed since you read it" in response.json()["detail"]
    assert Article.objects.get(pk=archive.news.pk).headline == "第一"


def test_a_change_elsewhere_on_the_page_is_a_conflict(editor_api, archive):
    """Versions are per page, as in the workbench: an article's ETag includes
    its page's version, so a write based on an older view of the page is
    refused rather than risk undoing a neighbour's segmentation fix."""
    url = f"/api/articles/{archive.news.pk}/"
    etag = editor_api.get(url)["ETag"]
    masthead = TextBlock.objects.get(page=archive.page_a1, kind="masthead")
    assert (
        editor_api.post(
            f"/api/blocks/{masthead.pk}/correct/", {"text": "平湖"}
        ).status_code
        == 200
    )

    response = editor_api.patch(
        url, {"headline": "不保存"}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 412
    fresh = editor_api.get(url)["ETag"]
    response = editor_api.patch(
        url, {"headline": "保存"}, format="json", HTTP_IF_MATCH=fresh
    )
    assert response.status_code == 200


def test_a_version_bumped_between_check_and_write_is_412(
    editor_api, archive, monkeypatch
):
    """The service refuses a stale page version (ConflictError) even when the
    If-Match check passed: the API answers 412, not 400 or 500."""
    from editing import services

    real = services.article_update

    def racing(**kwargs):
        Page.objects.filter(pk=archive.page_a1.pk).update(version=99)
        return real(**kwargs)

    monkeypatch.setattr(services, "article_update", racing)

    response = editor_api.patch(
        f"/api/articles/{archive.news.pk}/", {"headline": "x"}, format="json"
    )

    assert response.status_code == 412
    assert "nothing was saved" in response.json()["detail"].lower()


def test_correct_a_block(editor_api, archive):
    block = archive.news.blocks.get(position=0)
    url = f"/api/blocks/{block.pk}/"
    etag = editor_api.get(url)["ETag"]

    response = editor_api.post(
        f"{url}correct/",
        {"text": "本报讯 昨天上午,市委书记仲旭东督查。"},
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 200, response.content
    assert response.json()["corrected"] is True
    assert response.json()["machine_text"] == archive.news.body
    article = editor_api.get(f"/api/articles/{archive.news.pk}/").json()
    assert article["body"].startswith("本报讯 昨天上午,市委书记仲旭东督查。")
    stale = editor_api.post(f"{url}correct/", {"text": "又改"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412


@pytest.mark.parametrize(
    ("body", "field"),
    [({"text": "   "}, "text"), ({}, "text")],
)
def test_bad_correction_is_400_with_a_message(editor_api, archive, body, field):
    block = archive.news.blocks.first()

    response = editor_api.post(f"/api/blocks/{block.pk}/correct/", body, format="json")

    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid"
    assert data["detail"]
    assert TextBlock.objects.get(pk=block.pk).text == block.text


def test_bad_article_edit_is_400(editor_api, archive):
    url = f"/api/articles/{archive.news.pk}/"

    assert editor_api.patch(url, {}, format="json").status_code == 400
    bad_kind = editor_api.patch(url, {"kind": "poem"}, format="json")
    assert bad_kind.status_code == 400
    assert "kind" in bad_kind.json()["errors"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        ("reader_token", 403),
        ("editor_token", 200),
        ("reviewer_token", 200),
    ],
)
def test_write_permissions(request, archive, who, status):
    token = request.getfixturevalue(who) if who else None
    client = client_with(token)

    response = client.patch(
        f"/api/articles/{archive.news.pk}/", {"headline": "试"}, format="json"
    )

    assert response.status_code == status
    if status != 200:
        assert response.json()["code"] in {"not_authenticated", "permission_denied"}
        assert Article.objects.get(pk=archive.news.pk).headline != "试"


def test_session_auth_for_the_browsable_api(archive, editor_token):
    client = APIClient(enforce_csrf_checks=True)
    assert client.login(username="editor", password="pw-editor")

    # Session writes need the CSRF token, as any form of the site.
    response = client.patch(
        f"/api/articles/{archive.news.pk}/", {"headline": "试"}, format="json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_token_endpoint(api, editor_token):
    response = api.post(
        "/api/auth/token/", {"username": "editor", "password": "pw-editor"}
    )

    assert response.status_code == 200
    assert response.json()["token"] == editor_token


def test_anonymous_reads_are_throttled(api, editor_api, archive, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    rates = {**AnonRateThrottle.THROTTLE_RATES, "anon": "3/minute"}
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", rates)

    statuses = [api.get("/api/articles/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    throttled = api.get("/api/articles/")
    assert throttled.json()["code"] == "throttled"
    assert int(throttled["Retry-After"]) > 0
    # Editors' scripts are not throttled.
    assert all(editor_api.get("/api/articles/").status_code == 200 for _ in range(5))
