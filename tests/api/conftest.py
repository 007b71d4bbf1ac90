"""Fixtures of the API tests: clients, users with the admin's roles, and a
small archive with something for every filter to find."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article, Issue, Page, TextBlock
from articles.parsing import ArticleKind, BlockKind, Role
from articles.services import archive_revision_bump
from newsroom.api.permissions import EDITOR_GROUP, REVIEWER_GROUP
from people.models import Mention, Organisation, Person
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    IssueFactory,
    OrganisationFactory,
    PageCreditFactory,
    PageFactory,
    PersonFactory,
    PublicationFactory,
    TextBlockFactory,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The API caches responses per archive revision; test databases roll back
    # to the same revision, so each test starts with an empty cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


# What the admin's groups may do (#3 creates the groups with these).
GROUP_PERMISSIONS = {
    EDITOR_GROUP: ["change_textblock", "change_article"],
    REVIEWER_GROUP: ["change_textblock", "change_article"],
}


def _user_with_token(username: str, *groups: str) -> tuple[User, str]:
    user = User.objects.create_user(username, password="pw-" + username)
    for name in groups:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="articles",
                codename__in=GROUP_PERMISSIONS[name],
            )
        )
        user.groups.add(group)
    return user, Token.objects.create(user=user).key


@pytest.fixture
def editor_token(db) -> str:
    return _user_with_token("editor", EDITOR_GROUP)[1]


@pytest.fixture
def reviewer_token(db) -> str:
    return _user_with_token("reviewer", REVIEWER_GROUP)[1]


@pytest.fixture
def reader_token(db) -> str:
    """An account in no editorial group."""
    return _user_with_token("reader")[1]


@pytest.fixture
def editor_api(editor_token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {editor_token}")
    return client


@pytest.fixture
def changed():
    """Record a change of the archive made behind the API's back (as a
    request or an ingest would)."""
    return archive_revision_bump


@dataclass
class Archive:
    issue_a: Issue
    issue_b: Issue
    page_a1: Page
    page_a2: Page
    page_b1: Page
    news: Article  # issue_a, page 1, rubric, reporter 华婷婷, corrected block
    photo: Article  # issue_a, page 2, confirmed, edition 城市版
    notice: Article  # issue_b, page 1, mentions the organisation
    reporter: Person
    organisation: Organisation


def add_article(page, **kwargs) -> Article:
    article = ArticleFactory(page=page, **kwargs)
    TextBlockFactory(
        page=page,
        article=article,
        position=0,
        machine_text=article.body,
        text=article.body,
    )
    return article


@pytest.fixture
def archive(db) -> Archive:
    publication = PublicationFactory(slug="pinghu", name="嘉兴日报·平湖版")
    issue_a = IssueFactory(
        publication=publication, date=dt.date(2022, 6, 28), number=4961
    )
    issue_b = IssueFactory(
        publication=publication, date=dt.date(2023, 1, 5), number=5100
    )
    page_a1 = PageFactory(issue=issue_a, number=1, edition="平湖版")
    page_a2 = PageFactory(issue=issue_a, number=2, edition="城市版")
    page_b1 = PageFactory(issue=issue_b, number=1, edition="平湖版")
    reporter = PersonFactory(name="华婷婷")
    organisation = OrganisationFactory(name="平湖市图书馆")
    PageCreditFactory(page=page_a1, role=Role.EDITOR, person=PersonFactory(name="戴琰"))
    TextBlockFactory(page=page_a1, kind=BlockKind.MASTHEAD, machine_text="平湖版")

    news = add_article(
        page_a1,
        sequence=0,
        kind=ArticleKind.NEWS,
        rubric="学习贯彻省党代会精神",
        headline="深化全国文明城市巩固工作",
        body="本报讯 昨天上午,市委书记仲旭东督查文明城市巩固工作。",
    )
    BylineFactory(article=news, role=Role.REPORTER, person=reporter, name="华婷婷")
    # An editor's correction: the text differs from what the machine read.
    TextBlockFactory(
        page=page_a1,
        article=news,
        position=1,
        machine_text="-堂生动党课",
        text="一堂生动党课",
    )
    photo = add_article(
        page_a2,
        sequence=0,
        kind=ArticleKind.PHOTO,
        headline="智能生产",
        body="工人在车间里操作机器。",
        status=Article.Status.CONFIRMED,
    )
    BylineFactory(
        article=photo, role=Role.PHOTOGRAPHER, person=PersonFactory(name="王强")
    )
    notice = add_article(
        page_b1,
        sequence=0,
        kind=ArticleKind.NOTICE,
        headline="闭馆通知",
        body="平湖市图书馆春节期间闭馆。",
    )
    Mention.objects.create(
        article=notice,
        kind=Mention.Kind.ORGANISATION,
        organisation=organisation,
        start=0,
        end=6,
        text="平湖市图书馆",
        rule="test",
    )
    # The API's `q` goes through the site's search index (#4).
    from search.indexing import articles_changed, search_queue_process

    articles_changed(article_ids=[news.pk, photo.pk, notice.pk])
    search_queue_process()
    return Archive(
        issue_a,
        issue_b,
        page_a1,
        page_a2,
        page_b1,
        news,
        photo,
        notice,
        reporter,
        organisation,
    )


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


__all__ = ["TextBlock", "ids"]


def assert_same_response(api, url, anonymous, editor) -> None:
    """An anonymous reader's response (the plain path) is the one DRF's whole
    path gave an editor: status, bytes, validators and caching headers, and
    its ETag answers a conditional request with 304."""
    assert anonymous.status_code == editor.status_code == 200
    assert anonymous.content == editor.content
    for header in ("ETag", "Last-Modified", "Cache-Control", "Content-Type"):
        assert anonymous[header] == editor[header], header
    assert anonymous["Allow"] == editor["Allow"]
    assert set(anonymous["Vary"].split(", ")) == set(editor["Vary"].split(", "))
    assert anonymous.get("X-Cache") == editor.get("X-Cache")
    assert api.get(url, HTTP_IF_NONE_MATCH=editor["ETag"]).status_code == 304
