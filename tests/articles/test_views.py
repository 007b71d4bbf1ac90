"""The plain home page and article page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.factories import full_issue

pytestmark = pytest.mark.django_db


def home_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_home_lists_issues_and_articles(client):
    issue = full_issue(number=4321)

    _, html = home_queries(client)

    assert "总第4321期" in html
    assert issue.publication.name in html
    for article in Article.objects.all():
        assert article.headline in html


def test_home_query_count_does_not_grow(client, django_assert_num_queries):
    full_issue()
    one, _ = home_queries(client)
    full_issue()

    # Count for the paginator, issues, pages, articles.
    with django_assert_num_queries(one):
        client.get(reverse("home"))
    assert one == 4


def test_home_when_empty(client):
    _, html = home_queries(client)

    assert "No issues yet" in html


def test_article_page_shows_the_corrected_body(client, django_assert_num_queries):
    issue = full_issue(number=4322)
    article = Article.objects.filter(page__issue=issue).order_by("id").first()
    with django_assert_num_queries(2):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert article.headline in html
    assert article.body.split("\n\n")[0] in html
    assert client.get("/article/999999/").status_code == 404
