"""Pairs of neighbouring words in the index (phrases), a narrow table for
PostgreSQL's vectors, and the index state that processes follow.

The index's text changes shape, so every indexed object is queued for
reindexing and the index is emptied: `manage.py update_index` rebuilds it.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

REQUEUE = [
    "INSERT INTO search_searchqueueentry (django_ct, django_id, queued_at)"
    " SELECT django_ct, django_id, CURRENT_TIMESTAMP FROM search_searchdocument",
    "DELETE FROM search_searchfacet",
    "DELETE FROM search_searchdocument",
]
SQLITE_FORWARD = [
    *REQUEUE,
    "DROP TABLE search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, title_pairs, body_pairs, tokenize='unicode61')",
]
SQLITE_BACKWARD = [
    *REQUEUE,
    "DROP TABLE search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize='unicode61')",
]
# The tsvector moves to a narrow table of its own (SearchVector): a query
# matching half the archive then reads a few MB of heap instead of the
# documents' 100 MB.
POSTGRES_FORWARD = [
    *REQUEUE,
    # Vectors (12 KB) are stored uncompressed: pglz saves 8% of the space and
    # costs most of the insert, and of reading each one to rank a match.
    "ALTER TABLE search_vector ALTER COLUMN vector SET STORAGE EXTERNAL",
    "CREATE INDEX search_vector_gin ON search_vector USING GIN (vector)",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]
POSTGRES_BACKWARD = [
    *REQUEUE,
    "DROP INDEX search_vector_gin",
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector",
    "CREATE INDEX search_document_vector ON search_searchdocument USING GIN (vector)",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def state_create(apps, schema_editor):
    apps.get_model("search", "SearchIndexState").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="SearchIndexState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("generation", models.BigIntegerField(default=0)),
                ("removed", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(state_create, migrations.RunPython.noop),
        migrations.CreateModel(
            name="SearchVector",
            fields=[
                (
                    "document",
                    models.OneToOneField(
                        db_column="id",
                        # No foreign key in the database: vectors are deleted with their
                        # documents by the backend, and checking one per insert cost a third
                        # of a bulk load.
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="search.searchdocument",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={"db_table": "search_vector"},
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
