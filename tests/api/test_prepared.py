"""The API's article reads are prepared statements on PostgreSQL
(newsroom.prepared): planning them cost the server more than running them.
Turned off (DATABASE_PREPARED_STATEMENTS=false, for poolers that cannot keep
them) the same reads run unprepared and answer the same."""

import pytest
from django.db import connection

from articles.models import Article
from articles.services.listings import listings_refresh
from newsroom.prepared import prepared_cursor
from newsroom.settings.base import _postgresql

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements: PostgreSQL"
)


def prepared_article_reads() -> list[str]:
    """The article reads prepared on this connection (the test client's)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [
            statement
            for (statement,) in cursor.fetchall()
            if 'FROM "articles_article" a ' in statement
        ]


@on_postgres
def test_article_reads_are_prepared(api, archive):
    assert prepared_article_reads() == []
    # The list reads the articles' stored JSON (articles.models.listing),
    # made from their rows (prepared too).
    listings_refresh(article_ids=Article.objects.values_list("pk", flat=True))
    made = set(prepared_article_reads())
    assert api.get(f"/api/articles/{archive.news.pk}/").status_code == 200
    assert api.get(f"/api/articles/{archive.photo.pk}/").status_code == 200
    assert api.get("/api/articles/").status_code == 200
    # One statement for every detail, whatever the id; one for the list page.
    reads = set(prepared_article_reads()) - made
    [detail, page] = sorted(reads, key=len, reverse=True)
    assert "a.id IN ($1)" in detail
    assert "LIMIT 51 OFFSET 0" in page


@on_postgres
def test_prepared_reads_take_their_results_in_binary():
    # Bytes and numbers as the server keeps them, not text to decode.
    with prepared_cursor() as cursor:
        cursor.execute("SELECT %s::bigint, convert_to('平湖', 'UTF8')", [7])
        assert cursor.fetchall() == [(7, "平湖".encode())]
        result = cursor.cursor.pgresult
        assert [result.fformat(0), result.fformat(1)] == [1, 1]  # binary


@on_postgres
def test_unprepared_reads_answer_the_same(api, archive):
    urls = [f"/api/articles/{archive.news.pk}/", "/api/articles/"]
    prepared = [api.get(url).json() for url in urls]
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    connection.connection.prepare_threshold = None  # what the setting's off does
    try:
        connection.connection.execute("DEALLOCATE ALL")
        assert [api.get(url).json() for url in urls] == prepared
        assert prepared_article_reads() == []
    finally:
        connection.connection.prepare_threshold = threshold


def test_prepared_statements_setting(monkeypatch):
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    postgres = {"ENGINE": "django.db.backends.postgresql"}
    assert _postgresql(dict(postgres)) == {
        "ENGINE": "newsroom.postgresql",
        "OPTIONS": {"prepare_threshold": 5},
    }
    # A threshold in DATABASE_URL's options stands.
    assert _postgresql({**postgres, "OPTIONS": {"prepare_threshold": 0}})[
        "OPTIONS"
    ] == {"prepare_threshold": 0}
    sqlite = {"ENGINE": "django.db.backends.sqlite3"}
    assert _postgresql(dict(sqlite)) == sqlite
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "false")
    assert _postgresql(dict(postgres)) == {"ENGINE": "newsroom.postgresql"}
