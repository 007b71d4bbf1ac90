"""Bulk inserts for the ingest's hot path: COPY on PostgreSQL, multi-row
INSERTs elsewhere.

`bulk_create` builds a model instance and compiles SQL for every row; at
ingest, for the ~100 blocks and ~50 mentions of each page, that cost more than
the inserts themselves (bench/ingest.py). These rows come from the parser and
the extractor (enum values, integers, text), so they need neither instances
nor validation.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

# 500 rows × ~15 values stays far below SQLite's 32,766 bound variables.
INSERT_BATCH = 500
# Field types whose Python values both drivers take as they are; any other
# (dates, JSON, …) goes through the field's get_db_prep_save.
_PASS_THROUGH = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "FloatField",
    "ForeignKey",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


def rows_insert(model, rows: list[dict], *, returning: bool = False) -> list[int]:
    """Insert `rows` (dicts keyed by field attname): COPY on PostgreSQL,
    multi-row INSERTs in batches elsewhere.

    Fields a row leaves out take their default, so a new field with a
    default needs no change in callers. Values are passed as they are: ints,
    floats, bools, str and None, which both database drivers adapt; other
    field types are prepared by the field. With `returning`, the new primary
    keys come back in the order of `rows` (drawn from the sequence on
    PostgreSQL, RETURNING on SQLite ≥ 3.35).
    """
    if not rows:
        return []
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    suffix = f" RETURNING {quote(model._meta.pk.column)}" if returning else ""
    # Rows may leave out different fields (a person mention has no
    # organisation): every field gets its default ready.
    defaults = {
        f.attname: f.get_db_prep_save(f.get_default(), connection) for f in fields
    }

    # Per field, once: its attname, its default, and how to prepare a value
    # (None: as it is). Called for every value of every row.
    plan = [
        (
            f.attname,
            defaults[f.attname],
            None
            if f.get_internal_type() in _PASS_THROUGH
            else (lambda v, f=f: f.get_db_prep_save(v, connection)),
        )
        for f in fields
    ]

    def value(field_plan, row):
        attname, default, prepare = field_plan
        if attname not in row:
            return default
        return row[attname] if prepare is None else prepare(row[attname])

    pks: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _rows_copy(
                cursor,
                model,
                [f.column for f in fields],
                ([value(f, row) for f in plan] for row in rows),
                len(rows),
                returning=returning,
            )
        row_placeholders = "({})".format(", ".join(["%s"] * len(fields)))
        for start in range(0, len(rows), INSERT_BATCH):
            batch = rows[start : start + INSERT_BATCH]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES "
                + ", ".join([row_placeholders] * len(batch))
                + suffix,
                [value(f, row) for row in batch for f in plan],
            )
            if returning:
                pks.extend(pk for (pk,) in cursor.fetchall())
    return pks


def _rows_copy(cursor, model, columns, values, count, *, returning) -> list[int]:
    """COPY the rows' values into the model's table (PostgreSQL). COPY has no
    RETURNING: with `returning`, the primary keys are drawn from the table's
    sequence first (one statement, in order) and copied with the rows.

    COPY instead of INSERT … SELECT FROM unnest(arrays): psycopg quotes array
    elements in Python, which was a third of the ingest writer's time; COPY
    rows are formatted in C, and the server parses no statement.
    """
    quote = connection.ops.quote_name
    pks: list[int] = []
    if returning:
        key_column = model._meta.pk.column
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [quote(model._meta.db_table), key_column, count],
        )
        pks = [key for (key,) in cursor.fetchall()]
        columns = [key_column, *columns]
        values = ([key, *row] for key, row in zip(pks, values, strict=True))
    names = ", ".join(quote(c) for c in columns)
    table = quote(model._meta.db_table)
    rows_copy(cursor, f"COPY {table} ({names}) FROM STDIN", values)
    return pks


def rows_copy(cursor, sql: str, rows: Iterable) -> None:
    """Run a COPY … FROM STDIN of `rows` (PostgreSQL; Django logs it with the
    connection's queries). The driver's errors become Django's, as for any
    statement (a duplicate is an IntegrityError, which the ingest catches to
    retry a batch file by file)."""
    with cursor.db.wrap_database_errors, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def rows_clean(model, rows: list[dict]) -> None:
    """Field validation of `rows` (choices, lengths, bounds), as full_clean
    does it but without instances: relations and uniqueness are left to the
    database (checking them here would cost a query per row). Raises
    ValidationError naming the field."""
    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key or f.is_relation)
    ]
    for row in rows:
        for field in fields:
            if field.attname in row:
                field.clean(row[field.attname], None)
