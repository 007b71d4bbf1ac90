"""Search hits on the page image (Chronicling America's way): the page view
reached from a search boxes the query's words where they are printed, and
so does the article view on its clipping."""

import re

import pytest

HIT = re.compile(
    r'<span class="hit" style="left: ([\d.]+)%; top: ([\d.]+)%; '
    r'width: ([\d.]+)%; height: ([\d.]+)%"'
)


def _hits(html: str) -> list[tuple[float, ...]]:
    return [tuple(float(v) for v in m) for m in HIT.findall(html)]


@pytest.mark.django_db
def test_the_words_are_boxed_where_they_are_printed(client, page_source, english):
    html = client.get("/2024/03/05/1/", {"q": "标题"}).content.decode()
    # 测试标题横跨两栏 spans x 80-920 and y 60-140 of the 1000 × 800 ALTO
    # page: its 3rd and 4th of 8 characters are 290-500.
    ((left, top, width, height),) = _hits(html)
    assert left == pytest.approx(29, abs=0.5) and width == pytest.approx(21, abs=0.5)
    assert top == pytest.approx(7.5, abs=0.5) and height == pytest.approx(10, abs=0.5)
    assert "1 place on the page matches “标题”" in html


@pytest.mark.django_db
def test_each_match_is_boxed_and_a_miss_says_so(client, page_source, english):
    html = client.get("/2024/03/05/1/", {"q": "内容"}).content.decode()
    hits = _hits(html)
    assert len(hits) == 2  # 右栏第一行文字内容, 右栏第二行文字内容
    assert {h[1] for h in hits} == {25, 30}  # the two lines, y 200 and 240
    html = client.get("/2024/03/05/1/", {"q": "没有的词"}).content.decode()
    assert not _hits(html) and "0 places on the page match" in html


@pytest.mark.django_db
def test_a_query_costs_one_query_more_and_none_without(client, page_source):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for params in ({}, {"q": "内容"}):
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/2024/03/05/1/", params).content.decode()
        counts.append(len(ctx))
    assert counts[1] == counts[0] + 1  # the source's geometry
    assert _hits(html)


def _article(page):
    from articles.models import Article, TextBlock

    blocks = list(TextBlock.objects.filter(page=page).order_by("sequence"))
    article = Article.objects.create(
        page=page, sequence=1, kind="news", headline="H", body="B"
    )
    TextBlock.objects.filter(pk__in=[b.pk for b in blocks[:3]]).update(article=article)
    return article  # its clipping: (40, 30, 460, 135) of the 500 × 400 scan


@pytest.mark.django_db
def test_the_words_are_boxed_on_the_article_clipping(client, page_source, english):
    _article(page_source.page)
    html = client.get("/2024/03/05/1/1/", {"q": "内容"}).content.decode()
    hits = _hits(html)
    # 右栏…内容, the last 2 of 9 characters of the lines at x 260-460 and
    # y 100-115, 120-135 of the scan: in percent of the 420 × 105 clipping.
    assert len(hits) == 2
    for (left, top, width, height), line_top in zip(
        sorted(hits, key=lambda h: h[1]), (70, 90), strict=True
    ):
        assert left == pytest.approx(100 * (260 + 200 * 7 / 9 - 40) / 420, abs=0.5)
        assert left + width == pytest.approx(100, abs=0.5)
        assert top == pytest.approx(100 * line_top / 105, abs=1)
        assert height == pytest.approx(100 * 15 / 105, abs=1)
    assert "2 places in the clipping match “内容”" in html
    assert "/2024/03/05/1/?q=%E5%86%85%E5%AE%B9#facsimile" in html


@pytest.mark.django_db
def test_a_clipping_boxes_only_what_shows_in_it(page_source):
    from articles.facsimile_hits import clipping_hits

    # The left half of the clipping: no 内容 there (it is at x 415-460).
    assert clipping_hits(page_source.pk, "内容", (40, 30, 250, 135)) == []
    # A region ending inside the words: their boxes are cut at its edge.
    (box,) = clipping_hits(page_source.pk, "内容", (260, 100, 440, 115))
    assert box["left"] + box["width"] == pytest.approx(100, abs=0.01)
    assert (box["top"], box["height"]) == (0, 100)


@pytest.mark.django_db
def test_a_query_costs_the_article_view_one_query_more(client, page_source):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _article(page_source.page)
    counts = []
    for params in ({}, {"q": "Newsroom"}):
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/2024/03/05/1/1/", params).content.decode()
        counts.append(len(ctx))
    assert counts[1] == counts[0] + 1  # the source's geometry
    assert len(_hits(html)) == 1 and 'class="hits"' in html
