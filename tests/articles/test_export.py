"""Export: `manage.py export` and the selectors behind it."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Issue, Page
from articles.parsing import FURNITURE_KINDS
from articles.selectors import issue_export_data, issue_export_iter, issue_export_json
from tests.factories import BylineFactory, full_issue

pytestmark = pytest.mark.django_db

ISSUE_KEYS = {"publication", "date", "weekday", "lunar_date", "number", "pages"}
PAGE_KEYS = {
    "number",
    "edition",
    "source_file",
    "warnings",
    "credits",
    "furniture",
    "articles",
}
ARTICLE_KEYS = {
    "id",
    "kind",
    "rubric",
    "kicker",
    "headline",
    "subtitle",
    "bylines",
    "body",
    "people",
    "organisations",
}
ROLES = {"reporter", "correspondent", "photographer", "editor", "layout", "proofreader"}


@pytest.fixture
def ingested(run_command, sample_paths):
    result = run_command("ingest", *sample_paths)
    assert result.error is None, result.stderr
    return sample_paths


def export_json(run_command, *args) -> dict:
    result = run_command("export", "--format", "json", *args)
    assert result.error is None
    return json.loads(result.stdout)


def test_json_shape(run_command, ingested):
    data = export_json(run_command)

    assert set(data) == {"issues"}
    assert len(data["issues"]) == 2
    dates = [issue["date"] for issue in data["issues"]]
    assert dates == sorted(dates)
    for issue in data["issues"]:
        assert set(issue) == ISSUE_KEYS
        dt.date.fromisoformat(issue["date"])
        assert issue["weekday"] is None or 1 <= issue["weekday"] <= 7
        assert isinstance(issue["publication"], str)
        for page in issue["pages"]:
            assert set(page) == PAGE_KEYS
            assert page["source_file"] in {path.name for path in ingested}
            assert all(isinstance(w, str) for w in page["warnings"])
            for credit in page["credits"]:
                assert set(credit) == {"role", "name"} and credit["role"] in ROLES
            for item in page["furniture"]:
                assert set(item) == {"kind", "text"}
                assert item["kind"] in FURNITURE_KINDS
            assert page["articles"], "the samples have articles"
            for article in page["articles"]:
                assert set(article) == ARTICLE_KEYS
                # What they name is tested in tests/people/.
                assert all(set(p) == {"name", "title"} for p in article["people"])
                assert all(set(o) == {"name"} for o in article["organisations"])
                for byline in article["bylines"]:
                    assert set(byline) == {"role", "name"}
                    assert byline["role"] in ROLES
                for key in ("rubric", "kicker", "headline", "subtitle"):
                    assert article[key] is None or article[key]


def test_json_matches_the_database(run_command, ingested):
    data = export_json(run_command)

    for issue_data in data["issues"]:
        issue = Issue.objects.get(date=issue_data["date"])
        assert issue_data["number"] == issue.number
        assert issue_data["publication"] == issue.publication.name
        for page_data in issue_data["pages"]:
            page = issue.pages.get(number=page_data["number"])
            furniture = page.blocks.furniture().order_by("sequence")
            assert page_data["furniture"] == [
                {"kind": b.kind, "text": b.text} for b in furniture
            ]
            articles = list(page.articles.order_by("sequence"))
            assert [a["id"] for a in page_data["articles"]] == [a.pk for a in articles]
            for article_data, article in zip(
                page_data["articles"], articles, strict=True
            ):
                assert article_data["body"] == article.body
                assert article_data["headline"] == article.headline


def test_date_filter(run_command, ingested):
    every = export_json(run_command)["issues"]
    wanted = every[-1]["date"]

    assert export_json(run_command, "--date", wanted)["issues"] == [every[-1]]
    assert export_json(run_command, "--date", "1999-01-01") == {"issues": []}


def test_absent_fields_are_null():
    issue = full_issue(lunar_date="", number=None, weekday=None)
    page = issue.pages.get()
    page.edition = ""
    page.save()
    article = Article.objects.get()
    BylineFactory(article=article, name="", person=None)

    data = issue_export_data(issue=next(issue_export_iter()))

    assert (data["lunar_date"], data["number"], data["weekday"]) == (None, None, None)
    page_data = data["pages"][0]
    assert page_data["edition"] is None
    article_data = page_data["articles"][0]
    assert (article_data["rubric"], article_data["kicker"]) == (None, None)
    assert article_data["bylines"][-1] == {"role": "reporter", "name": None}


def test_output_file(run_command, ingested, tmp_path):
    target = tmp_path / "archive.json"

    result = run_command("export", "--output", target)

    assert result.error is None and str(target) in result.stdout
    assert json.loads(target.read_text(encoding="utf-8")) == export_json(run_command)
    assert not list(tmp_path.glob("*.part"))


def test_output_to_a_missing_folder_fails_cleanly(run_command, tmp_path):
    target = tmp_path / "no-such-folder" / "archive.json"

    result = run_command("export", "--output", target)

    assert result.error is not None and str(target) in result.error


def test_text_format(run_command, ingested):
    result = run_command("export", "--format", "text")

    assert result.error is None
    for issue in Issue.objects.all():
        assert issue.date.isoformat() in result.stdout
    for article in Article.objects.exclude(headline=None):
        assert article.headline in result.stdout
    first = Article.objects.order_by("page__issue__date", "sequence").first()
    assert first.body.split("\n\n")[0] in result.stdout


def test_text_format_date_filter(run_command, ingested):
    issue = Issue.objects.order_by("date").first()
    other = Issue.objects.order_by("date").last()

    text = run_command("export", "--format", "text", "--date", issue.date).stdout

    assert issue.date.isoformat() in text
    assert other.date.isoformat() not in text


def export_queries(**kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        "".join(issue_export_json(**kwargs))
    return len(queries)


def test_export_queries_do_not_grow_with_the_archive(django_assert_num_queries):
    full_issue()
    one = export_queries()
    full_issue()
    full_issue()

    # Issues, pages (with their source), credits, furniture, articles, bylines,
    # mentions (with their people and organisations).
    with django_assert_num_queries(one):
        "".join(issue_export_json())
    assert one == 7


def test_export_of_real_pages_queries(run_command, sample_paths):
    run_command("ingest", sample_paths[0])
    one = export_queries()
    run_command("ingest", sample_paths[1])

    assert export_queries() == one
    assert Page.objects.count() == 2


def test_export_streams_in_chunks():
    for _ in range(5):
        full_issue()

    with CaptureQueriesContext(connection) as queries:
        issues = list(issue_export_iter(chunk_size=2))

    assert len(issues) == 5
    # Each chunk of issues brings its own round of prefetch queries.
    assert len(queries) == 3 * 7 - 2
