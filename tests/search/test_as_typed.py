"""Search as Chinese readers type (#12 item 5): an unspaced run is its words,
quotes are a phrase highlighted as one, the count and the title stay short."""

import re

import pytest
from django.urls import reverse

from search.indexing import articles_changed
from search.query import query_parse
from search.services import article_search
from tests.factories import ArticleFactory, PageFactory

pytestmark = pytest.mark.django_db


def ids(outcome):
    return sorted(r.object.pk for r in outcome.results)


def test_unspaced_query_is_its_words(ingested, client):
    spaced = article_search(q="平湖 文明城市")
    unspaced = article_search(q="平湖文明城市")
    assert spaced.total >= 1
    assert unspaced.total == spaced.total
    assert ids(unspaced) == ids(spaced)
    pages = [
        client.get(reverse("search"), {"q": q}).content.decode()
        for q in ("平湖文明城市", "平湖 文明城市")
    ]
    found = [
        # The links, without the query a page link carries for its hits.
        sorted(set(re.findall(r'href="(/article/\d+/|/\d{4}/[^"?]+)', p)))
        for p in pages
    ]
    assert found[0] == found[1] and found[0]


def test_unspaced_words_need_not_be_adjacent(index_now):
    page = PageFactory()
    with index_now():
        article = ArticleFactory(
            page=page, headline="城市", body="平湖今年创建全国文明城市。"
        )
        articles_changed(article_ids=[article.pk])
    assert article.pk in ids(article_search(q="平湖文明城市"))
    assert article.pk not in ids(article_search(q='"平湖文明城市"'))


def test_quoted_phrase_is_highlighted_as_one(index_now):
    page = PageFactory()
    with index_now():
        article = ArticleFactory(
            page=page,
            headline="会议",
            body="省党代会召开。代表们在省第十五次党代会上发言。",
        )
        articles_changed(article_ids=[article.pk])
    outcome = article_search(q='"省党代会"')
    assert [r.object.pk for r in outcome.results] == [article.pk]
    snippet = str(outcome.results[0].highlighted["text"][0])
    assert "<mark>省党代会</mark>" in snippet
    assert "<mark>党代会</mark>" not in snippet  # not inside 省第十五次党代会
    assert query_parse('"省党代会"').words == ["省党代会"]


def test_count_and_title_stay_short(ingested, client):
    query = "平湖文明城市" * 30
    html = client.get(reverse("search"), {"q": query}).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert len(title) < 60
    status = re.search(r'<p role="status">(.*?)</p>', html, re.S)
    if status:
        assert len(re.sub(r"<[^>]+>", "", status.group(1))) < 60
