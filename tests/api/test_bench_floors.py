"""bench/api.py's floor view reads what the article list sends: the same
articles, page by page, from the list's own cursors (otherwise the floor
would measure another query and bound nothing)."""

import datetime as dt

import pytest
from django.test import Client

from bench.api import statement_path
from tests.api.conftest import add_article
from tests.factories import IssueFactory, PageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.api_urls")]


def test_the_list_statement_floor_reads_each_page_the_list_sends():
    # 60 articles on one day (a cursor holding an offset into a date), then
    # two more days: 130 articles, three pages of 50.
    for day, count in ((1, 60), (2, 30), (3, 40)):
        page = PageFactory(issue=IssueFactory(date=dt.date(2021, 5, day)))
        for sequence in range(count):
            add_article(page, sequence=sequence)
    client = Client(HTTP_ACCEPT="application/json")
    path, walked = "/api/articles/", []
    while path:
        listed = client.get(path).json()
        floor = client.get(statement_path(path))
        assert floor.status_code == 200
        assert [row["id"] for row in floor.json()] == [
            row["id"] for row in listed["results"]
        ]
        walked.append(statement_path(path))
        path = listed["next"]
    assert len(walked) == 3
    assert "offset=50" in walked[1]  # the page that starts inside a date
    # What it cannot read the same, it refuses: a backward cursor, another
    # page size.
    with pytest.raises(ValueError):
        statement_path(listed["previous"])
    with pytest.raises(ValueError):
        statement_path("/api/articles/?page_size=3")
