"""The reading site in Chinese by default, English on request (#12 items 3,
5, 9): labels through gettext, the nearest issues for a day without one, a
calendar that links only years with issues, the favicon and the header."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from articles.models import Article
from search.views import facet_display
from tests.factories import BylineFactory, full_issue

pytestmark = pytest.mark.django_db

DAY = dt.date(2022, 6, 28)


def test_site_speaks_chinese_by_default_and_english_on_request(client):
    full_issue(date=DAY)
    chinese = client.get("/2022/06/28/1/").content.decode()
    assert '<html lang="zh-CN">' in chinese
    assert "第1版" in chinese and "报纸日历" in chinese
    # An English browser still gets Chinese: the reader chooses English.
    browser = client.get("/2022/06/28/1/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert "第1版" in browser.content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/2022/06/28/1/").content.decode()
    assert '<html lang="en">' in english and "Page 1" in english


def test_api_messages_follow_accept_language(client, db):
    chinese = client.get("/api/no-such-thing/").json()["detail"]
    english = client.get("/api/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert chinese == "没有这个资源。" and english["detail"] == "No such resource."


def test_language_switch_posts_to_set_language(client):
    full_issue(date=DAY)
    html = client.get("/").content.decode()
    form = re.search(r'<form class="language" action="([^"]+)" method="post">', html)
    assert form and form.group(1) == reverse("set_language")
    assert 'name="language" value="en"' in html
    button = re.search(r'<button[^>]*value="en"[^>]*>([^<]*)</button>', html)
    assert button.group(1) == "English"  # in its own name, not 英语
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/calendar/"}
    )
    assert response.status_code == 302 and response["Location"] == "/calendar/"
    assert "Calendar" in client.get("/calendar/").content.decode()


def test_roles_in_chinese_and_unnamed_roles_said_so(client):
    full_issue(date=DAY)
    article = Article.objects.get()
    article.bylines.all().delete()
    BylineFactory(article=article, role="reporter", name="某记者", position=0)
    BylineFactory(article=article, role="correspondent", name="", position=1)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "记者 " in html and "通讯员 (未署名)" in html
    assert "Reporter" not in html and "Correspondent" not in html


def test_day_without_issue_offers_nearest_issues(client):
    full_issue(date=DAY)
    full_issue(date=dt.date(2022, 7, 2))
    response = client.get("/2022/06/30/")
    assert response.status_code == 200
    html = response.content.decode()
    nearest = re.search(r'<ul class="plain nearest">(.*?)</ul>', html, re.S).group(1)
    assert 'href="/2022/06/28/"' in nearest and 'href="/2022/07/02/"' in nearest
    assert "这一天没有出版报纸" in html


def test_year_calendar_links_only_years_with_issues(client):
    full_issue(date=DAY)
    full_issue(date=dt.date(2019, 3, 1))
    html = client.get("/2022/").content.decode()
    years = set(re.findall(r'href="/(\d{4})/"', html))
    assert years == {"2019"}  # not 2021 nor 2023, which have none
    assert all(client.get(f"/{y}/").status_code == 200 for y in years)


def test_favicon_and_directory_links_in_header(client):
    html = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
    assert icon.endswith("favicon.svg")
    header = re.search(r"<header.*?</header>", html, re.S).group(0)
    assert f'href="{reverse("person-list")}">人物<' in header
    assert f'href="{reverse("organisation-list")}">机构<' in header
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == icon


def test_search_facet_kinds_in_chinese():
    assert facet_display("kind", "news") == "新闻"
    assert facet_display("year", 2022) == "2022"
