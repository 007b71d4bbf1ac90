"""bench/search.py's --reuse: an archive and its index kept between runs,
and recognised when a run (or another checkout's code, --compare-with)
finds them built."""

from __future__ import annotations


def already_built(args) -> bool:
    """With --reuse: the database holds the archive of this size, indexed."""
    if not args.reuse:
        return False
    from django.db import connection
    from django.db.utils import DatabaseError

    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT count(*) FROM articles_article), "
                "(SELECT count(*) FROM search_searchdocument)"
            )
            articles, documents = cursor.fetchone()
    except DatabaseError:  # not migrated yet
        return False
    if connection.vendor == "postgresql":
        from search.backends import pg_index

        pg_index.text_index_ensure()  # the kind asked for, made if need be
    return articles == documents == args.articles


def kept_postgres(server_url: str, name: str) -> str:
    """A database kept between runs (--reuse), created when missing."""
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not found:
            conn.execute(f"CREATE DATABASE {name}")
    return f"{server_url}/{name}"


def as_figure(value) -> str:
    return f"{value:,}" if isinstance(value, int | float) else str(value)
