"""Each article's list JSON kept ready (articles.models.listing): made by the
ingest and by every service that changes what a listed article shows,
forgotten by the database when a row changes behind the services, and
served only while current, so that the anonymous list is always what DRF's
whole path makes from the rows."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db.models import F
from django.test.utils import override_script_prefix
from django.urls import reverse

from articles.models import Article, ArticleListing, Byline, Issue, Page
from articles.services.listings import listings_refresh
from editing.services import article_update
from editing.services.undo_redo import page_undo
from people.models import Mention, Person
from people.services.curation import person_merge, person_split
from tests.api.conftest import assert_same_response

pytestmark = pytest.mark.django_db

URL = "/api/articles/?page_size=100"


@pytest.fixture
def ingested(run_command, sample_paths, settings):
    settings.NEWSROOM_API_CACHE_SECONDS = 0
    for path in sample_paths:
        result = run_command("ingest", path)
        assert result.error is None, result.stderr
    return sample_paths


def outdated() -> set[int]:
    """Articles without an entry made at their page's current version."""
    stale = Article.objects.exclude(listing__page_version=F("page__version"))
    return set(stale.values_list("pk", flat=True))


def assert_listed_as_the_rows_say(api, editor_api, *, queries, assert_num_queries):
    """The anonymous list (entries, and rows for any article without a
    current one) is the full path's (rows only), in `queries` statements."""
    editor = editor_api.get(URL)
    with assert_num_queries(queries):
        anonymous = api.get(URL)
    assert_same_response(api, URL, anonymous, editor)
    assert len(anonymous.json()["results"]) == Article.objects.count()
    return anonymous.json()["results"]


def test_the_ingest_makes_every_entry(
    ingested, api, editor_api, django_assert_num_queries
):
    assert Article.objects.count() > 10
    assert outdated() == set()
    # One statement: the page of entries (with the archive's revision).
    assert_listed_as_the_rows_say(
        api, editor_api, queries=1, assert_num_queries=django_assert_num_queries
    )


def test_an_edit_makes_its_pages_entries_again(
    ingested, api, editor_api, django_assert_num_queries
):
    editor = User.objects.get(username="editor")  # editor_api's
    article = Article.objects.order_by("pk").first()
    page = article.page
    article_update(
        user=editor,
        article=article,
        fields={"headline": "新的标题"},
        expected_version=page.version,
    )
    assert outdated() == set()
    entry = ArticleListing.objects.get(article=article)
    assert "新的标题" in entry.json
    assert entry.page_version == page.version + 1
    results = assert_listed_as_the_rows_say(
        api, editor_api, queries=1, assert_num_queries=django_assert_num_queries
    )
    assert {r["headline"] for r in results if r["id"] == article.pk} == {"新的标题"}

    page_undo(
        user=editor,
        page=Page.objects.get(pk=page.pk),
        expected_version=page.version + 1,
    )
    assert outdated() == set()
    assert "新的标题" not in ArticleListing.objects.get(article=article).json


def test_merging_people_makes_their_bylines_entries_again(
    ingested, api, editor_api, django_assert_num_queries
):
    byline = Byline.objects.exclude(person=None).select_related("person").first()
    assert byline is not None, "the samples print bylined reporters"
    target = Person.objects.create(name=byline.person.name + "乙")
    person_merge(target=target, others=[byline.person])
    assert outdated() == set()
    results = assert_listed_as_the_rows_say(
        api, editor_api, queries=1, assert_num_queries=django_assert_num_queries
    )
    (listed,) = [r for r in results if r["id"] == byline.article_id]
    assert target.pk in [b["person"]["id"] for b in listed["bylines"] if b["person"]]


def test_splitting_a_person_makes_the_moved_bylines_entries_again(
    ingested, api, editor_api, django_assert_num_queries
):
    byline = Byline.objects.exclude(person=None).select_related("person").first()
    # A mention of the byline's person in its article: what a split moves
    # (with the article's bylines of that person).
    mention = Mention.objects.filter(article_id=byline.article_id).first()
    assert mention is not None, "the samples' bylined articles name someone"
    Mention.objects.filter(pk=mention.pk).update(person=byline.person)
    new = person_split(
        person=byline.person, mentions=[Mention.objects.get(pk=mention.pk)]
    )
    assert Byline.objects.get(pk=byline.pk).person == new
    assert outdated() == set()
    results = assert_listed_as_the_rows_say(
        api, editor_api, queries=1, assert_num_queries=django_assert_num_queries
    )
    (listed,) = [r for r in results if r["id"] == byline.article_id]
    assert new.pk in [b["person"]["id"] for b in listed["bylines"] if b["person"]]


def _article_updated(article):
    Article.objects.filter(pk=article.pk).update(kicker="引题")
    return {article.pk}


def _byline_updated(article):
    Byline.objects.filter(article=article).update(name="某某")
    return {article.pk}


def _byline_deleted(article):
    Byline.objects.filter(article=article).delete()
    return {article.pk}


def _person_deleted(article):
    person = Byline.objects.filter(article=article).first().person
    affected = set(
        Byline.objects.filter(person=person).values_list("article_id", flat=True)
    )
    person.delete()  # bylines SET_NULL
    return affected


def _page_renumbered(article):
    Page.objects.filter(pk=article.page_id).update(number=99, edition="B")
    return set(
        Article.objects.filter(page_id=article.page_id).values_list("pk", flat=True)
    )


def _issue_redated(article):
    Issue.objects.filter(pk=article.page.issue_id).update(date=dt.date(1999, 9, 9))
    return set(
        Article.objects.filter(page__issue_id=article.page.issue_id).values_list(
            "pk", flat=True
        )
    )


def _page_version_bumped(article):
    Page.objects.filter(pk=article.page_id).update(version=F("version") + 1)
    return set(
        Article.objects.filter(page_id=article.page_id).values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    "change",
    [
        _article_updated,
        _byline_updated,
        _byline_deleted,
        _person_deleted,
        _page_renumbered,
        _issue_redated,
        _page_version_bumped,
    ],
)
def test_a_change_behind_the_services_is_never_served_from_an_entry(
    change, ingested, api, editor_api, django_assert_num_queries, run_command
):
    article = Article.objects.exclude(bylines__person=None).order_by("pk").first()
    affected = change(article)
    assert article.pk in affected
    # The database deleted the affected entries, or the page's version
    # outdated them; no other.
    assert outdated() == affected
    # Their JSON is made from their rows: one more statement.
    assert_listed_as_the_rows_say(
        api, editor_api, queries=2, assert_num_queries=django_assert_num_queries
    )

    result = run_command("listings_refresh")
    assert result.stdout.strip() == f"{len(affected)} listing entries made."
    assert outdated() == set()
    assert_listed_as_the_rows_say(
        api, editor_api, queries=1, assert_num_queries=django_assert_num_queries
    )


def test_links_follow_the_script_prefix(ingested, api, editor_api):
    # Entries keep paths, whatever prefix made them; a request makes them
    # absolute under its own.
    with override_script_prefix("/elsewhere/"):
        listings_refresh(article_ids=Article.objects.values_list("pk", flat=True))
    with override_script_prefix("/archive/"):
        anonymous = api.get(URL)
        editor = editor_api.get(URL)
    assert anonymous.content == editor.content
    first = anonymous.json()["results"][0]
    assert first["url"].startswith("http://testserver/archive/api/articles/")
    assert first["page"]["url"].startswith("http://testserver/archive/api/pages/")


def _admin_save(admin_client, url: str, **changes) -> None:
    """Submit the admin's change form as it stands, with `changes`."""
    page = admin_client.get(url)
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        forms += [management, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is False or value is None:
                continue
            data[form.add_prefix(name)] = value
    data.update(changes)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


@pytest.mark.parametrize(
    ("model", "changes"),
    [(Issue, {"date": "1999-09-09"}), (Page, {"number": "99"})],
)
def test_an_admin_change_of_date_or_number_makes_the_entries_again(
    model, changes, ingested, admin_client, api, editor_api, django_assert_num_queries
):
    article = Article.objects.select_related("page").order_by("pk").first()
    obj = article.page.issue if model is Issue else article.page
    url = reverse(f"admin:articles_{model._meta.model_name}_change", args=[obj.pk])
    _admin_save(admin_client, url, **changes)
    obj.refresh_from_db()
    assert str(getattr(obj, next(iter(changes)))) == next(iter(changes.values()))
    # The triggers deleted the entries; the admin made them again.
    assert outdated() == set()
    results = assert_listed_as_the_rows_say(
        api, editor_api, queries=1, assert_num_queries=django_assert_num_queries
    )
    (listed,) = [r for r in results if r["id"] == article.pk]
    shown = {"date": listed["date"], "number": str(listed["page_number"])}
    assert shown[next(iter(changes))] == next(iter(changes.values()))
