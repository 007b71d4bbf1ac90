"""Bulk export endpoints: streamed JSON and text, by issue or date range."""

import json

import pytest

from articles.models import Issue
from articles.selectors import issue_export_data

pytestmark = pytest.mark.django_db


def body(response) -> str:
    assert response.status_code == 200
    assert response.streaming  # never built in memory as a whole
    return b"".join(response.streaming_content).decode()


def test_json_export_of_a_date_range(api, archive):
    response = api.get(
        "/api/export/json/", {"date_after": "2022-01-01", "date_before": "2022-12-31"}
    )

    data = json.loads(body(response))
    expected = issue_export_data(
        issue=Issue.objects.for_export().get(pk=archive.issue_a.pk)
    )
    assert data == {"issues": [expected]}
    assert response["Content-Type"] == "application/json"


def test_json_export_of_everything_in_date_order(api, archive):
    data = json.loads(body(api.get("/api/export/json/")))

    assert [i["date"] for i in data["issues"]] == ["2022-06-28", "2023-01-05"]


def test_text_export_of_one_issue(api, archive):
    response = api.get("/api/export/text/", {"number": 5100})

    text = body(response)
    assert response["Content-Type"].startswith("text/plain")
    assert "总第5100期" in text and "闭馆通知" in text
    assert "深化全国文明城市巩固工作" not in text


def test_export_filters_are_validated(api, archive):
    response = api.get("/api/export/json/", {"date_after": "someday"})

    assert response.status_code == 400
    assert response.json()["errors"]["date_after"]


def test_export_query_count_does_not_grow(api, archive, django_assert_max_num_queries):
    from tests.api.conftest import add_article

    with django_assert_max_num_queries(8):
        body(api.get("/api/export/json/"))
    for n in range(5):
        add_article(archive.page_b1, sequence=10 + n)
    with django_assert_max_num_queries(8):
        body(api.get("/api/export/json/"))
