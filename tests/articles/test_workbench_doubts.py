"""Editors see the machine's doubts: the workbench counts the page's machine
decisions below the threshold, lists them least sure first, and marks the
doubtful articles and blocks; what an editor confirmed is no longer a doubt."""

import re

import pytest
from django.urls import reverse

from articles.models import Article, TextBlock
from editing.selectors import DOUBT_THRESHOLD, page_workbench

# Messages are asserted by their English msgids (see the `english` fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def doubtful(page) -> tuple[list[Article], list[TextBlock]]:
    articles = Article.objects.filter(
        page=page, status="machine", confidence__lt=DOUBT_THRESHOLD
    )
    blocks = TextBlock.objects.filter(
        page=page, origin="machine", confidence__lt=DOUBT_THRESHOLD
    )
    return list(articles), list(blocks)


def test_the_page_counts_and_lists_its_doubts_least_sure_first(
    client, editor, sample_page
):

    articles, blocks = doubtful(sample_page)
    assert articles and blocks, "the sample has doubtful decisions"
    bench = page_workbench(page_id=sample_page.pk)
    assert len(bench.doubts) == len(articles) + len(blocks)
    confidences = [d.confidence for d in bench.doubts]
    assert confidences == sorted(confidences)

    client.force_login(editor)
    url = reverse("admin:articles_page_workbench", args=[sample_page.pk])
    html = client.get(url).content.decode()
    count = len(articles) + len(blocks)
    assert f"{count} machine decisions below 80%" in html
    listed = re.findall(r'<li><a href="#((?:article|block)-\d+)">', html)
    assert listed == [d.anchor for d in bench.doubts]
    for article in articles:
        summary = html.split(f'id="article-{article.pk}"')[1].split("</summary>")[0]
        assert 'class="wb-doubt ' in summary  # the doubt in words


def test_a_confirmed_article_is_no_longer_a_doubt(client, editor, sample_page):
    articles, blocks = doubtful(sample_page)
    article = articles[0]
    Article.objects.filter(pk=article.pk).update(status="confirmed")
    bench = page_workbench(page_id=sample_page.pk)
    anchors = {d.anchor for d in bench.doubts}
    assert f"article-{article.pk}" not in anchors
    assert len(bench.doubts) == len(articles) + len(blocks) - 1
