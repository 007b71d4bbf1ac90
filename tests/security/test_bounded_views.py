"""Page, issue and workbench views render a bounded number of articles,
however many a page holds (pages ingested before the limits, or allowed by a
raised NEWSROOM_MAX_PAGE_ARTICLES).

Finding: after a 20,000-article page was accepted, its page view took 6 s
and its workbench 34 s and 128 MB of HTML.
"""

import re

import pytest
from django.urls import reverse

from articles.models import Article, Page, TextBlock
from tests.factories import IssueFactory, PageFactory

pytestmark = pytest.mark.django_db

SHOWN = 20


@pytest.fixture
def crowded_page(settings) -> Page:
    settings.NEWSROOM_RENDER_ARTICLES = SHOWN
    page = PageFactory(issue=IssueFactory(), number=1)
    articles = Article.objects.bulk_create(
        Article(page=page, sequence=n, headline=f"标题{n:04d}", body="正文。")
        for n in range(3 * SHOWN + 5)
    )
    TextBlock.objects.bulk_create(
        TextBlock(
            page=page,
            article=a,
            position=0,
            sequence=n,
            start=n * 10,
            end=n * 10 + 5,
            kind="body",
            text="正文。",
            machine_text="正文。",
        )
        for n, a in enumerate(articles)
    )
    return page


def _headlines(html: str) -> list[str]:
    return re.findall(r"标题(\d{4})", html)


def _page_url(page) -> str:
    d = page.issue.date
    return reverse("page-detail", args=[d.year, d.month, d.day, page.number])


def test_page_view_paginates_articles(
    client, crowded_page, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        first = client.get(_page_url(crowded_page)).content.decode()
    last = client.get(_page_url(crowded_page), {"p": 4}).content.decode()

    assert len(set(_headlines(first))) == SHOWN
    assert "?p=2" in first
    assert set(_headlines(last)) == {
        f"{n:04d}" for n in range(3 * SHOWN, 3 * SHOWN + 5)
    }


def test_issue_view_caps_each_page(client, crowded_page):
    d = crowded_page.issue.date
    html = client.get(reverse("issue-detail", args=[d.year, d.month, d.day]))
    html = html.content.decode()

    assert len(set(_headlines(html))) <= SHOWN
    assert _page_url(crowded_page) in html


def test_workbench_renders_a_window_of_articles(admin_client, crowded_page):
    url = reverse("admin:articles_page_workbench", args=[crowded_page.pk])

    first = admin_client.get(url).content.decode()
    second = admin_client.get(url, {"part": 2}).content.decode()

    shown = {int(n) for n in re.findall(r'id="article-(\d+)"', first)}
    assert len(shown) == SHOWN
    assert "part=2" in first
    assert not shown & {int(n) for n in re.findall(r'id="article-(\d+)"', second)}
