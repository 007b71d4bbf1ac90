"""The text index of search_vector on PostgreSQL: RUM when it can be, else GIN.

RUM (the `rum` extension, Debian's postgresql-15-rum) keeps each word's
positions in the index, so a query's best matches come out of the index in
relevance order (`vector <=> query`) without reading the documents' vectors
from the table; GIN only says which documents match, and ranking them reads
each vector (search.backends.postgres). The extension is optional: without
it, or with NEWSROOM_SEARCH_RUM = False (the default: measured, GIN with
a bounded window of ranked matches builds faster and answers phrases
faster), the index is GIN and everything works the same.

`text_index_ensure()` makes the index what the settings and the server allow
(migration 0003, rebuild_index's bulk load, tests of both kinds);
`text_index()` says which one the searches of this process use.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction

GIN, RUM = "gin", "rum"
INDEX_NAMES = {GIN: "search_vector_gin", RUM: "search_vector_rum"}
INDEX_DEFINITIONS = {
    GIN: "USING gin (vector)",
    RUM: "USING rum (vector rum_tsvector_ops)",
}
# Building a GIN or RUM index of 100,000 articles sorts ~100 M entries: in
# memory it is several times faster than in 64 MB runs on disk.
BUILD_MEMORY = "512MB"

_in_use: dict[str, str | None] = {}  # database alias -> kind, as last seen


def rum_wanted() -> bool:
    return bool(getattr(settings, "NEWSROOM_SEARCH_RUM", False))


def rum_available(cursor) -> bool:
    """The extension is installed in this database, or can be (a superuser
    and the server's package); never raises."""
    cursor.execute(
        "SELECT installed_version FROM pg_available_extensions WHERE name = 'rum'"
    )
    row = cursor.fetchone()
    if row is None:
        return False
    if row[0] is not None:
        return True
    try:
        with transaction.atomic():  # a savepoint: a refusal leaves no trace
            cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    except Exception:  # noqa: BLE001 - not allowed here: GIN it is
        return False
    return True


def existing(cursor) -> str | None:
    """The kind of text index search_vector has (None while a bulk load runs)."""
    cursor.execute(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'search_vector' "
        "AND indexname = ANY(%s)",
        [list(INDEX_NAMES.values())],
    )
    names = {name for (name,) in cursor.fetchall()}
    return next((kind for kind, name in INDEX_NAMES.items() if name in names), None)


def text_index_ensure(cursor=None) -> str:
    """Create the text index the settings and the server allow, dropping the
    other kind; nothing to do when it is there already. Returns its kind."""
    if cursor is None:
        with connection.cursor() as cursor:
            return text_index_ensure(cursor)
    wanted = RUM if rum_wanted() and rum_available(cursor) else GIN
    if existing(cursor) != wanted:
        text_index_drop(cursor)
        # Inside a transaction with deferred foreign-key checks pending
        # (Django's are deferred), PostgreSQL refuses CREATE INDEX: check
        # them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"SET maintenance_work_mem = '{BUILD_MEMORY}'")
        cursor.execute(
            f"CREATE INDEX {INDEX_NAMES[wanted]} ON search_vector "
            f"{INDEX_DEFINITIONS[wanted]}"
        )
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("ANALYZE search_vector")
    _in_use.clear()
    _in_use[cursor.db.alias] = wanted
    return wanted


def text_index_drop(cursor) -> None:
    for name in INDEX_NAMES.values():
        cursor.execute(f"DROP INDEX IF EXISTS {name}")
    _in_use.clear()


def text_index(cursor, alias: str) -> str | None:
    """The kind of text index the searches on `alias` use, looked up once per
    process (an index changes kind only by a migration, a rebuild or a
    test; a search on a stale answer is slower, never wrong)."""
    if alias not in _in_use:
        _in_use[alias] = existing(cursor)
    return _in_use[alias]
