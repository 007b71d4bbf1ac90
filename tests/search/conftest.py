import os

import pytest

from search.indexing import search_queue_process


def _text_indexes() -> list[str]:
    """On PostgreSQL every search test runs with each text index: RUM (the
    optional extension; skipped when the server lacks it) and GIN (search.
    backends.pg_index); SQLite has its one FTS5 table."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return ["rum", "gin"]
    return ["fts5"]


def pytest_generate_tests(metafunc):
    # A module about the analyser alone (same words on every engine) says so
    # with TEXT_INDEX_INDEPENDENT = True and runs once.
    independent = getattr(metafunc.module, "TEXT_INDEX_INDEPENDENT", False)
    if "text_index" in metafunc.fixturenames and not independent:
        metafunc.parametrize("text_index", _text_indexes(), indirect=True)


@pytest.fixture(autouse=True)
def text_index(request):
    """The kind of text index the test searches (see _text_indexes)."""
    kind = getattr(request, "param", "fts5")
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    if kind == "fts5" or not uses_db:
        yield kind
        return
    from django.conf import settings
    from django.db import connection

    from search.backends import pg_index

    request.getfixturevalue("db")
    if kind == "rum":
        with connection.cursor() as cursor:
            if not pg_index.rum_available(cursor):
                pytest.skip("the PostgreSQL server has no rum extension")
    wanted = settings.NEWSROOM_SEARCH_RUM
    settings.NEWSROOM_SEARCH_RUM = kind == "rum"
    try:
        assert pg_index.text_index_ensure() == kind
        yield kind
    finally:
        settings.NEWSROOM_SEARCH_RUM = wanted
        # A transactional test keeps its DDL: the default index comes back.
        pg_index.text_index_ensure()


@pytest.fixture
def ingested(run_command, sample_paths, django_capture_on_commit_callbacks):
    """The two sample pages ingested and indexed as the ingest command does."""
    with django_capture_on_commit_callbacks(execute=True):
        result = run_command("ingest", *sample_paths)
    assert result.error is None, result.stderr
    search_queue_process()


@pytest.fixture
def index_now(django_capture_on_commit_callbacks):
    """Run a write path and the reindexing its commit triggers."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
