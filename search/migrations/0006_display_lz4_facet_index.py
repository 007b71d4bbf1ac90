"""Storage of the search tables (PostgreSQL only, except the facet index,
which is dropped on both):

- the documents' display text is compressed with lz4 where the server has
  it (PostgreSQL 14+ built with lz4, as Debian's and the official images
  are): faster to write and to read than pglz, the default (COPYing the
  vectors compressed took 0.57 ms of server CPU an article in lz4, 0.77 in
  pglz). Vectors stay uncompressed (migration 0002): lz4 made them a
  quarter smaller but a phrase's ranking 1.5 ms slower at 100,000
  articles (p95 28–30 → 31–33 ms). Their statistics stay too: without
  them (SET STATISTICS 0, 2 s less of a rebuild's ANALYZE) the same
  phrases' p95 went from 28 to 32 ms;
- facets lose the index Django gave their document column: the (document,
  field) index serves the same look-ups.
"""

import django.db.models.deletion
from django.db import migrations, models


def _lz4_available(cursor) -> bool:
    cursor.execute(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
        "WHERE name = 'default_toast_compression'"
    )
    row = cursor.fetchone()
    return bool(row and row[0])


def display_lz4(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        if _lz4_available(cursor):
            cursor.execute(
                "ALTER TABLE search_searchdocument "
                "ALTER COLUMN display SET COMPRESSION lz4"
            )


def display_default(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE search_searchdocument "
            "ALTER COLUMN display SET COMPRESSION DEFAULT"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0005_facets_without_foreign_key")]

    operations = [
        migrations.RunPython(display_lz4, display_default),
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
