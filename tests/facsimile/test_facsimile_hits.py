"""Search hits on the page image (Chronicling America's way): the page view
reached from a search boxes the query's words where they are printed."""

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
