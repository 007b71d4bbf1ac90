"""The public reading site: pages, URLs, 404s and constant query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory, BylineFactory, IssueFactory, full_issue

pytestmark = pytest.mark.django_db

DAY = dt.date(2022, 6, 28)


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def urls_for(issue):
    d = issue.date
    article = Article.objects.filter(page__issue=issue).first()
    return {
        "home": reverse("home"),
        "calendar": reverse("calendar"),
        "year": reverse("calendar-year", args=[d.year]),
        "issue": f"/{d:%Y/%m/%d}/",
        "page": f"/{d:%Y/%m/%d}/1/",
        "article": f"/{d:%Y/%m/%d}/1/{article.sequence}/",
        "permalink": reverse("article-detail", args=[article.pk]),
        "feed": reverse("issue-feed"),
        "sitemap": "/sitemap.xml",
    }


def add_material(issue, n):
    """More articles on the issue's page, more bylines, more issues."""
    page = issue.pages.get()
    for i in range(n):
        article = ArticleFactory(page=page, sequence=100 + i)
        BylineFactory(article=article)
        BylineFactory(article=article)
        full_issue(date=issue.date.replace(year=issue.date.year - 1 - i))


def test_every_page_renders_with_a_constant_number_of_queries(client):
    issue = full_issue(date=DAY, number=4961)
    urls = urls_for(issue)
    before = {}
    for name, url in urls.items():
        response, before[name] = get(client, url)
        assert response.status_code == 200, name
    add_material(issue, 5)
    for name, url in urls.items():
        response, count = get(client, url)
        assert response.status_code == 200, name
        assert count == before[name], name
    assert before["article"] <= 6 and before["home"] <= 4


def test_article_page_reading_features(client):
    issue = full_issue(date=DAY)
    other_year = full_issue(date=dt.date(2021, 6, 28))
    article = Article.objects.get(page__issue=issue)
    article.rubric, article.kicker, article.subtitle = "栏目甲", "引题乙", "——副题丙"
    article.body = "第一段。\n\n小标题\n\n第二段。"
    article.save()
    nxt = ArticleFactory(page=article.page, sequence=article.sequence + 1)
    html = client.get(f"/2022/06/28/1/{article.sequence}/").content.decode()
    for text in ("栏目甲", "引题乙", "——副题丙", "<h2>小标题</h2>", "机器切分,尚未"):
        assert text in html
    assert nxt.headline in html  # next article on the page
    assert "2021年6月28日" in html and str(other_year.pk)  # same day, other year
    assert reverse("article-detail", args=[article.pk]) in html  # permalink
    assert "[N]" in html  # suggested citation
    assert 'rel="canonical"' in html
    article.status = Article.Status.CONFIRMED
    article.save()
    html = client.get(f"/2022/06/28/1/{article.sequence}/").content.decode()
    assert "机器切分,尚未" not in html


def test_html_basics(client):
    full_issue(date=DAY)
    html = client.get("/").content.decode()
    assert '<html lang="zh-CN">' in html
    assert "<main" in html and 'role="search"' in html
    assert '<label for="go-date">' in html


def test_date_picker_redirects_without_javascript(client):
    full_issue(date=DAY)
    response = client.get(reverse("date-go"), {"date": "2022-06-28"})
    assert response.status_code == 302 and response["Location"] == "/2022/06/28/"
    assert client.get(reverse("date-go"), {"date": "x"}).status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/2022/13/01/",
        "/2022/02/30/",
        "/2022/06/28/9/",
        "/2022/06/28/1/999/",
        "/article/999999/",
        "/1999/",
        "/no/such/page/",
    ],
)
def test_missing_things_are_404(client, url):
    full_issue(date=DAY)
    response = client.get(url)
    assert response.status_code == 404
    assert "找不到这个页面" in response.content.decode()


def test_feed_and_sitemap_list_issues_and_articles(client):
    issue = full_issue(date=DAY)
    IssueFactory(date=dt.date(2022, 7, 1))  # no pages: not published
    article = Article.objects.get()
    feed = client.get(reverse("issue-feed")).content.decode()
    assert "/2022/06/28/" in feed and "2022/07/01" not in feed
    assert feed.count("<entry>") == 1
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/2022/06/28/</loc>" in sitemap
    assert f"/2022/06/28/1/{article.sequence}/</loc>" in sitemap
    assert issue.publication.name in feed
