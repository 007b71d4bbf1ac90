"""On PostgreSQL, search_vector becomes a table in PARTITIONS hash partitions
by id, so that rebuild_index builds the partitions' text indexes at once, one
server process each (PostgreSQL 15 builds a GIN index on one core: a third of
a rebuild of 100,000 articles; search.backends.pg_index). Searches read the
partitioned table as before. Nothing on SQLite."""

from django.db import migrations

PARTITIONS = 2


def _vectors_moved(cursor, *, partitions: int) -> None:
    """search_vector's rows moved into a new table of that many hash
    partitions (0: a plain table), which takes its name; the text index is
    made again."""
    from search.backends import pg_index

    cursor.execute(
        "CREATE TABLE search_vector_new "
        "(LIKE search_vector INCLUDING DEFAULTS INCLUDING STORAGE)"
        + (" PARTITION BY HASH (id)" if partitions else "")
    )
    for number in range(partitions):
        cursor.execute(
            f"CREATE TABLE search_vector_{number} PARTITION OF search_vector_new "
            f"FOR VALUES WITH (MODULUS {partitions}, REMAINDER {number})"
        )
        # Uncompressed, as the table's own (migration 0002).
        cursor.execute(
            f"ALTER TABLE search_vector_{number} ALTER COLUMN vector SET STORAGE EXTERNAL"
        )
    cursor.execute("INSERT INTO search_vector_new SELECT * FROM search_vector")
    cursor.execute(
        "ALTER TABLE search_vector_new ADD CONSTRAINT search_vector_new_pkey "
        "PRIMARY KEY (id)"
    )
    cursor.execute("DROP TABLE search_vector")
    cursor.execute("ALTER TABLE search_vector_new RENAME TO search_vector")
    cursor.execute(
        "ALTER TABLE search_vector RENAME CONSTRAINT search_vector_new_pkey "
        "TO search_vector_pkey"
    )
    pg_index.text_index_forget()
    pg_index.text_index_ensure(cursor)


def partitioned(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            _vectors_moved(cursor, partitions=PARTITIONS)


def plain(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            _vectors_moved(cursor, partitions=0)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_rum_text_index")]

    operations = [migrations.RunPython(partitioned, plain)]
