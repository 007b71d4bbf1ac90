"""On PostgreSQL, the RUM text index instead of GIN when the server has the
extension and NEWSROOM_SEARCH_RUM allows it (search.backends.pg_index);
otherwise the GIN index stays. Nothing on SQLite."""

from django.db import migrations


def text_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends import pg_index

    with schema_editor.connection.cursor() as cursor:
        pg_index.text_index_ensure(cursor)


def gin_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends import pg_index

    with schema_editor.connection.cursor() as cursor:
        if pg_index.existing(cursor) != pg_index.GIN:
            pg_index.text_index_drop(cursor)
            cursor.execute(
                "CREATE INDEX search_vector_gin ON search_vector USING gin (vector)"
            )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_narrow_vector_index_state")]

    operations = [migrations.RunPython(text_index, gin_index)]
