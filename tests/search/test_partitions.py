"""On PostgreSQL, rebuild_index builds the text indexes of search_vector's
partitions at once, each on a connection of its own, and attaches them to
the table's index, which searches use (search.backends.pg_index)."""

import pytest
from django.db import connection

from articles.models import Article
from search.backends import pg_index
from search.services import article_search

TEXT_INDEX_INDEPENDENT = True  # the default kind (GIN), outside a transaction
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="partitions are PostgreSQL's"
    ),
]


def index_state() -> dict[str, bool]:
    """Each index of search_vector and its partitions: valid?"""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, i.indisvalid FROM pg_index i "
            "WHERE i.indrelid IN (SELECT 'search_vector'::regclass UNION ALL "
            "SELECT inhrelid FROM pg_inherits "
            "WHERE inhparent = 'search_vector'::regclass) "
            "AND NOT i.indisprimary"
        )
        return dict(cursor.fetchall())


def test_rebuild_builds_each_partitions_index_and_searches_use_them(
    run_command, sample_paths
):
    assert run_command("ingest", *sample_paths).error is None
    with connection.cursor() as cursor:
        partitions = pg_index._partitions(cursor)
    assert len(partitions) == 2

    result = run_command("rebuild_index", "--noinput", "--batch-size", "5")

    assert result.error is None, result.stderr
    assert index_state() == {
        "search_vector_gin": True,
        **{f"{partition}_gin": True for partition in partitions},
    }
    # Both partitions hold documents, and the search finds them all.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text, count(*) FROM search_vector GROUP BY 1"
        )
        assert set(dict(cursor.fetchall())) == set(partitions)
    outcome = article_search(q="仲旭东")
    assert outcome.total >= 1
    assert Article.objects.filter(pk__in=[r.pk for r in outcome.results]).exists()


def test_a_failed_partition_build_leaves_no_half_index(run_command, sample_paths):
    assert run_command("ingest", *sample_paths).error is None
    with connection.cursor() as cursor:
        pg_index.text_index_drop(cursor)
        partitions = pg_index._partitions(cursor)
        # The second partition's index name is taken: its build fails.
        cursor.execute(f"CREATE TABLE {partitions[1]}_gin (id int)")
        try:
            with pytest.raises(Exception, match="already exists"):
                pg_index.text_index_ensure(cursor, parallel=True)
            assert index_state() == {}
        finally:
            cursor.execute(f"DROP TABLE {partitions[1]}_gin")
        assert pg_index.text_index_ensure(cursor, parallel=True) == pg_index.GIN
    assert set(index_state()) == {
        "search_vector_gin",
        *(f"{partition}_gin" for partition in partitions),
    }


def search_storage() -> dict[str, tuple[str, str, int]]:
    """(storage, compression, statistics target) of the vectors of each
    table, and of the documents' display text."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attstorage, attcompression, "
            "COALESCE(attstattarget, -1) FROM pg_attribute "
            "WHERE (attname = 'vector' AND attrelid IN "
            "(SELECT 'search_vector'::regclass UNION ALL SELECT inhrelid "
            "FROM pg_inherits WHERE inhparent = 'search_vector'::regclass)) "
            "OR (attname = 'display' "
            "AND attrelid = 'search_searchdocument'::regclass)"
        )
        return {table: tuple(rest) for table, *rest in cursor.fetchall()}


def test_display_lz4_and_back(run_command, sample_paths):
    # Migration 0006, both ways, with the archive's rows still found; the
    # vectors (every partition) stay uncompressed, with statistics.
    import importlib

    from django.db.migrations.executor import MigrationExecutor

    migration = importlib.import_module(
        "search.migrations.0006_display_lz4_facet_index"
    )
    with connection.cursor() as cursor:
        lz4 = migration._lz4_available(cursor)
    assert run_command("ingest", *sample_paths).error is None
    latest = search_storage()
    vectors = ["search_vector", "search_vector_0", "search_vector_1"]
    assert {latest[table] for table in vectors} == {("e", "", -1)}
    assert latest["search_searchdocument"] == ("x", "l" if lz4 else "", -1)

    executor = MigrationExecutor(connection)
    executor.migrate([("search", "0005_facets_without_foreign_key")])
    try:
        before = search_storage()
        assert {before[table] for table in vectors} == {("e", "", -1)}
        assert before["search_searchdocument"] == ("x", "", -1)
        assert article_search(q="仲旭东").total >= 1
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert search_storage() == latest
    assert article_search(q="仲旭东").total >= 1
