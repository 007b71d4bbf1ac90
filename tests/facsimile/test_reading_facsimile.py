"""The reading site shows the printed page: the page view's facsimile with
its articles' regions as links, the article view's clipping."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, TextBlock
from articles.services.ingest import source_ingest
from tests.articles.conftest import SAMPLE_0628


def _with_article(page):
    blocks = list(TextBlock.objects.filter(page=page).order_by("sequence"))
    article = Article.objects.create(
        page=page, sequence=1, kind="news", headline="Headline H", body="B"
    )
    TextBlock.objects.filter(pk__in=[b.pk for b in blocks[:3]]).update(article=article)
    return article  # region (40, 30, 460, 135) on the 500 × 400 scan


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


@pytest.mark.django_db
def test_page_view_shows_the_facsimile_with_article_links(client, page_source):
    article = _with_article(page_source.page)
    text_page = source_ingest(
        source=SAMPLE_0628,
        publication_override="test-gazette",
        date_override=dt.date(2024, 3, 6),
        page_override=1,
    ).page
    text_count, text_html = _queries(client, "/2024/03/06/1/")
    count, html = _queries(client, "/2024/03/05/1/")
    assert 'class="facsimile"' not in text_html and text_page.source.image == ""
    assert count == text_count + 2  # the image's size, the blocks' regions
    src = re.search(r'<img src="([^"]+)"', html).group(1)
    assert src == f"/iiif/{page_source.pk}/full/500,/0/default.jpg"
    assert client.get(src)["Content-Type"] == "image/jpeg"
    link = re.search(r'<a href="([^"]+)" style="([^"]+)"><span[^>]*>([^<]+)<', html)
    assert link.group(1) == "/2024/03/05/1/1/"
    assert link.group(3) == article.headline  # the link's accessible name
    assert link.group(2) == "left: 8.0%; top: 7.5%; width: 84.0%; height: 26.25%"


@pytest.mark.django_db
def test_article_view_shows_its_clipping(client, page_source):
    _with_article(page_source.page)
    html = _queries(client, "/2024/03/05/1/1/")[1]
    clip = re.search(r'<figure class="clipping">.*?<img src="([^"]+)"', html).group(1)
    assert clip == f"/iiif/{page_source.pk}/40,30,420,105/420,/0/default.jpg"
    assert client.get(clip)["Content-Type"] == "image/jpeg"
