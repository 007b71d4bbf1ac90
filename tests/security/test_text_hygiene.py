"""Control, bidi and zero-width characters never reach readers or XML.

Finding: a headline with `\\x1b` or `\\x08` passed ingest, and
/feed/issues.atom then answered 500 for everyone (XML 1.0 forbids them); an
API PATCH could do the same; U+202E and zero-width characters were stored
and shown as they were, so a headline could be visually spoofed.
"""

import datetime as dt
from xml.dom.minidom import parseString

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article, Page, PageSource, TextBlock

pytestmark = pytest.mark.django_db

DIRTY_PAGE = (
    "测试报\n\n# 会议\x1b[31m召开\x08\n\n本报讯 今天\u202e上午，市里\u200b召开会议。"
    + "会议听取了各部门的汇报。" * 40
    + "\n"
)
BAD = ("\x1b", "\x08", "\u202e", "\u200b")


@pytest.fixture
def dirty_page(run_command, tmp_path, test_publications) -> Page:
    path = tmp_path / "dirty.txt"
    path.write_text(DIRTY_PAGE, encoding="utf-8")
    result = run_command(
        "ingest",
        path,
        workers=0,
        publication="test-gazette",
        date=dt.date(2021, 3, 1),
    )
    assert result.error is None, result.stderr
    return Page.objects.get()


def _clean(text: str) -> bool:
    return not any(char in text for char in BAD)


def test_ingest_cleans_the_reading_text_and_keeps_the_source(dirty_page):
    article = Article.objects.get(page=dirty_page)
    fields = [article.rubric, article.kicker, article.headline, article.subtitle]
    assert "会议[31m召开" in fields  # whichever the segmenter makes it
    assert all(_clean(field or "") for field in fields)
    assert _clean(article.body) and "今天上午" in article.body
    for block in TextBlock.objects.filter(page=dirty_page):
        assert _clean(block.text) and _clean(block.machine_text)
    assert PageSource.objects.get().text == DIRTY_PAGE  # verbatim, always
    warning = " ".join(dirty_page.warnings)
    assert "2 control characters" in warning
    assert "2 invisible" in warning


def _feed_and_sitemap_are_valid_xml(client):
    for url in ("/feed/issues.atom", "/sitemap.xml", "/sitemap-articles.xml"):
        response = client.get(url)
        if url == "/sitemap-articles.xml" and response.status_code == 404:
            continue
        assert response.status_code == 200, url
        parseString(
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )


def test_feed_and_sitemap_never_fail_on_stored_text(client, dirty_page):
    # Text stored before the cleaning existed (or by a path that skipped it).
    Article.objects.update(
        # (No NUL: PostgreSQL cannot store it at all.)
        headline="旧\x1b标\x08题\ufffe",
        body="正\x0c文",
        rubric="\x01栏目",
    )
    _feed_and_sitemap_are_valid_xml(client)
    feed = client.get("/feed/issues.atom").content.decode()
    assert "旧标题" in feed


@pytest.fixture
def editor_api(editor):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor)}")
    return api


def test_api_writes_are_cleaned(editor_api, dirty_page, client):
    article = Article.objects.get(page=dirty_page)
    url = f"/api/articles/{article.pk}/"
    etag = editor_api.get(url)["ETag"]

    response = editor_api.patch(
        url,
        {"headline": "新\x1b标\u202e题\u200d", "kicker": "引\x08题"},
        format="json",
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 200, response.content
    article.refresh_from_db()
    assert (article.headline, article.kicker) == ("新标题", "引题")
    block = article.blocks.order_by("position").last()
    etag = editor_api.get(f"/api/blocks/{block.pk}/")["ETag"]
    response = editor_api.post(
        f"/api/blocks/{block.pk}/correct/",
        {"text": "改\u2066正\u2069文\x1b"},
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    block.refresh_from_db()
    assert block.text == "改正文"
    _feed_and_sitemap_are_valid_xml(client)


def test_workbench_writes_are_cleaned(client, editor, dirty_page):
    article = Article.objects.get(page=dirty_page)
    block = article.blocks.order_by("position").last()
    client.force_login(editor)

    client.post(
        reverse("admin:articles_page_workbench_action", args=[dirty_page.pk]),
        {
            "op": "correct",
            "block": block.pk,
            "text": "工作台\u202e改\x1b正",
            "version": dirty_page.version,
        },
    )

    block.refresh_from_db()
    assert block.text == "工作台改正"
