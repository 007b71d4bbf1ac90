"""A haystack engine on the database's own full-text search, one module per
vendor as Wagtail's database backend and Django's db.backends are laid out:

- query.py: haystack's query tree compiled into text and filter expressions;
- base.py: what every vendor shares (writes, the search's flow, ordering,
  results, facets);
- sqlite.py: SQLite FTS5; postgres.py: PostgreSQL tsvector + GIN.

The engine (settings: `search.backends.DatabaseSearchEngine`) makes the
backend of the default database's vendor.
"""

from haystack.backends import BaseEngine

from search.backends.base import RANK_WINDOW, DatabaseSearchBackend
from search.backends.query import DatabaseSearchQuery


def database_backend(connection_alias, **connection_options) -> DatabaseSearchBackend:
    """The backend of the database's vendor (haystack calls it as a class)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        from search.backends.postgres import PostgresSearchBackend as backend
    elif connection.vendor == "sqlite":
        from search.backends.sqlite import SQLiteSearchBackend as backend
    else:
        raise NotImplementedError(
            f"no database search backend for {connection.vendor}; "
            "use Elasticsearch (HAYSTACK_URL)"
        )
    return backend(connection_alias, **connection_options)


class DatabaseSearchEngine(BaseEngine):
    backend = staticmethod(database_backend)
    query = DatabaseSearchQuery


__all__ = ["RANK_WINDOW", "DatabaseSearchBackend", "DatabaseSearchEngine"]
