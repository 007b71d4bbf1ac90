"""Prepared statements for the hottest reads (the API's article rows).

On PostgreSQL, planning the API's one-statement article reads (a page of 50
with the bylines' subquery, or a detail with four) costs the server more than
running them: about 1 ms against 0.2 for a detail. Django's cursors bind
parameters client-side, so PostgreSQL parses and plans every execution.
`prepared_cursor()` gives a cursor that binds server-side and asks psycopg to
prepare each statement on the connection the first time it runs it; once
PostgreSQL judges its generic plan as good as a custom one (after five
executions), later runs skip planning.

Only the statements run through this cursor are prepared: the rest of the
project keeps Django's client-side binding (Django's default, which some ORM
queries need). Preparing needs the connection's `prepare_threshold` (Django
sets None, which makes psycopg ignore `prepare=True`): newsroom.settings
sets it unless DATABASE_PREPARED_STATEMENTS is off (a pooler that cannot keep
prepared statements), and then these statements still run, unprepared.

The cursor is Django's wrapper around it, so query logging, execute
wrappers and django_assert_num_queries see these statements as any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from newsroom.db_router import read_connection


@contextmanager
def prepared_cursor() -> Iterator:
    """A cursor of the read connection (newsroom.db_router.read_alias) whose
    statements are prepared on PostgreSQL; a plain cursor elsewhere.

    Only for statements whose text repeats: each distinct text is one
    prepared statement on the connection (psycopg keeps the last 100)."""
    connection = read_connection
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    # connection.cursor()'s steps (BaseDatabaseWrapper._cursor), with the
    # preparing cursor class in place of create_cursor()'s.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = _preparing_cursor_class()(connection.connection)
    with connection._prepare_cursor(raw) as cursor:
        yield cursor


_CLASS = None


def _preparing_cursor_class():
    """Django's server-binding psycopg cursor, preparing every statement,
    sending every int as bigint (the ids' type), so that an id's size does not
    make another prepared statement (psycopg keys them on the parameters'
    types), and asking for the results in binary: the stored list JSON
    (bytea) and the numbers arrive as they are, not as text to decode (a
    list page's 50 rows: 0.19 → 0.11 ms of psycopg's CPU, and half the
    bytes). Made on first use: psycopg is imported only on PostgreSQL."""
    global _CLASS
    if _CLASS is None:
        from django.db.backends.postgresql.base import ServerBindingCursor
        from psycopg.types.numeric import Int8Dumper

        class PreparingCursor(ServerBindingCursor):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.adapters.register_dumper(int, Int8Dumper)

            def execute(self, query, params=None, *, prepare=True, binary=True):
                return super().execute(query, params, prepare=prepare, binary=binary)

        _CLASS = PreparingCursor
    return _CLASS
