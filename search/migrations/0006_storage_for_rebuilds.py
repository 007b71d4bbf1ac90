"""Storage of the search tables, for a faster rebuild (PostgreSQL only,
except the facet index, which is dropped on both):

- no statistics are gathered on the vectors: a sample's lexemes cost 2 s of
  a partition's ANALYZE at 100,000 articles, and no plan uses them (the
  searches force the text index, search.backends.postgres);
- the documents' display text is compressed with lz4 where the server has it
  (PostgreSQL 14+ built with lz4, as Debian's and the official images are),
  faster to write and to read than pglz, the default. Vectors stay
  uncompressed (migration 0002): lz4 made them a quarter smaller but a
  phrase's ranking 1.5 ms slower at 100,000 articles (p95 28–30 → 31–33 ms);
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
    return ["search_vector", *(name for (name,) in cursor.fetchall())]


def _lz4_available(cursor) -> bool:
    cursor.execute(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
        "WHERE name = 'default_toast_compression'"
    )
    row = cursor.fetchone()
    return bool(row and row[0])


def _set(schema_editor, *, statistics: int, display: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in _vector_tables(cursor):
            cursor.execute(
                f"ALTER TABLE {table} ALTER COLUMN vector SET STATISTICS {statistics}"
            )
        if display != "lz4" or _lz4_available(cursor):
            cursor.execute(
                "ALTER TABLE search_searchdocument "
                f"ALTER COLUMN display SET COMPRESSION {display}"
            )


def storage_for_rebuilds(apps, schema_editor):
    _set(schema_editor, statistics=0, display="lz4")


def storage_as_before(apps, schema_editor):
    _set(schema_editor, statistics=-1, display="DEFAULT")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_facets_without_foreign_key")]

    operations = [
        migrations.RunPython(storage_for_rebuilds, storage_as_before),
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
