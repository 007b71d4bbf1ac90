"""Storage of the search tables, for a faster rebuild (PostgreSQL only,
except the facet index, which is dropped on both):

- vectors (search_vector and its partitions) and the documents' display text
  are compressed with lz4 where the server has it (PostgreSQL 14+ built with
  lz4, as Debian's and the official images are): a quarter less to write and
  to log than uncompressed vectors, for the same CPU; pglz, the default,
  cost most of an insert (migration 0002) and is left alone;
- no statistics are gathered on the vectors: a sample's lexemes cost 2 s of
  a partition's ANALYZE at 100,000 articles, and no plan uses them (the
  searches force the text index, search.backends.postgres);
- facets lose the index Django gave their document column: the (document,
  field) index serves the same look-ups.
"""

import django.db.models.deletion
from django.db import migrations, models


def _vector_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT inhrelid::regclass::text FROM pg_inherits "
        "WHERE inhparent = 'search_vector'::regclass ORDER BY 1"
    )
    # SET COMPRESSION does not reach a partitioned table's partitions.
    return ["search_vector", *(name for (name,) in cursor.fetchall())]


def _lz4_available(cursor) -> bool:
    cursor.execute(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
        "WHERE name = 'default_toast_compression'"
    )
    row = cursor.fetchone()
    return bool(row and row[0])


def compressed(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        lz4 = _lz4_available(cursor)
        for table in _vector_tables(cursor):
            cursor.execute(
                f"ALTER TABLE {table} ALTER COLUMN vector SET STATISTICS 0"
                + (
                    ", ALTER COLUMN vector SET STORAGE EXTENDED, "
                    "ALTER COLUMN vector SET COMPRESSION lz4"
                    if lz4
                    else ""
                )
            )
        if lz4:
            cursor.execute(
                "ALTER TABLE search_searchdocument "
                "ALTER COLUMN display SET COMPRESSION lz4"
            )


def uncompressed(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in _vector_tables(cursor):
            cursor.execute(
                f"ALTER TABLE {table} ALTER COLUMN vector SET STATISTICS -1, "
                "ALTER COLUMN vector SET STORAGE EXTERNAL, "
                "ALTER COLUMN vector SET COMPRESSION DEFAULT"
            )
        cursor.execute(
            "ALTER TABLE search_searchdocument "
            "ALTER COLUMN display SET COMPRESSION DEFAULT"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0005_facets_without_foreign_key")]

    operations = [
        migrations.RunPython(compressed, uncompressed),
        migrations.AlterField(
            model_name="searchfacet",
            name="document",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="facets",
                to="search.searchdocument",
            ),
        ),
    ]
