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

search_vector is hash-partitioned by id (migration 0004). PostgreSQL 15
builds a GIN index on one core, and at the end of rebuild_index that was a
third of the time (40 s of 120 for 100,000 articles) with the other core idle:
with `parallel`, each partition's index is built by a server process of its
own, at once (19 s), then attached to the table's index, which searches use
as before.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.db import connection, connections, transaction

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


def text_index_ensure(cursor=None, *, parallel: bool = False) -> str:
    """Create the text index the settings and the server allow, dropping the
    other kind; nothing to do when it is there already. Returns its kind.

    `parallel`: the partitions' indexes are built at once, each on a
    connection of its own (outside a transaction only: the others could not
    see this one's rows)."""
    if cursor is None:
        with connection.cursor() as cursor:
            return text_index_ensure(cursor, parallel=parallel)
    wanted = RUM if rum_wanted() and rum_available(cursor) else GIN
    if existing(cursor) != wanted:
        text_index_drop(cursor)
        partitions = _partitions(cursor)
        if parallel and len(partitions) > 1 and not cursor.db.in_atomic_block:
            _partitions_indexed(cursor, wanted, partitions)  # and analysed
        else:
            _index_built(cursor, INDEX_NAMES[wanted], "search_vector", wanted)
            cursor.execute("ANALYZE search_vector")
    _in_use.clear()
    _in_use[cursor.db.alias] = wanted
    return wanted


def _index_built(cursor, name: str, table: str, kind: str, *, only=False) -> None:
    # Inside a transaction with deferred foreign-key checks pending (Django's
    # are deferred), PostgreSQL refuses CREATE INDEX: check them now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(f"SET maintenance_work_mem = '{BUILD_MEMORY}'")
    cursor.execute(
        f"CREATE INDEX {name} ON {'ONLY ' if only else ''}{table} "
        f"{INDEX_DEFINITIONS[kind]}"
    )
    cursor.execute("RESET maintenance_work_mem")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _partitions(cursor) -> list[str]:
    cursor.execute(
        "SELECT inhrelid::regclass::text FROM pg_inherits "
        "WHERE inhparent = 'search_vector'::regclass ORDER BY 1"
    )
    return [name for (name,) in cursor.fetchall()]


def _partitions_indexed(cursor, kind: str, partitions: list[str]) -> None:
    """The table's index of `kind`, its partitions' built at once."""
    alias = cursor.db.alias
    built: list[str] = []
    failures: list[BaseException] = []

    def build(partition: str) -> None:
        # A thread has connections of its own (Django's are per thread).
        try:
            with connections[alias].cursor() as own:
                _index_built(own, f"{partition}_{kind}", partition, kind)
                built.append(f"{partition}_{kind}")
                # The planner reads each partition's statistics (the
                # table's own, sampled from them all, took 4 s more at
                # 100,000 articles, on one core).
                own.execute(f"ANALYZE {partition}")
        except BaseException as exc:  # noqa: BLE001 - raised by the caller
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=build, args=(p,)) for p in partitions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        for name in built:
            cursor.execute(f"DROP INDEX {name}")
        raise failures[0]
    # The table's own index, made of the partitions' (valid once all are
    # attached): what searches and the next ensure see. All or nothing.
    with transaction.atomic(using=alias):
        _index_built(cursor, INDEX_NAMES[kind], "search_vector", kind, only=True)
        for partition in partitions:
            cursor.execute(
                f"ALTER INDEX {INDEX_NAMES[kind]} ATTACH PARTITION {partition}_{kind}"
            )


def text_index_drop(cursor) -> None:
    # A partitioned table's index takes its partitions' along.
    for name in INDEX_NAMES.values():
        cursor.execute(f"DROP INDEX IF EXISTS {name}")
    _in_use.clear()


def text_index_forget() -> None:
    """Look the text index up again (after a migration changed the table)."""
    _in_use.clear()


def text_index(cursor, alias: str) -> str | None:
    """The kind of text index the searches on `alias` use, looked up once per
    process (an index changes kind only by a migration, a rebuild or a
    test; a search on a stale answer is slower, never wrong)."""
    if alias not in _in_use:
        _in_use[alias] = existing(cursor)
    return _in_use[alias]
