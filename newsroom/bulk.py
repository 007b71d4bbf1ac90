"""Multi-row INSERTs for the ingest's hot path.

`bulk_create` builds a model instance and compiles SQL for every row; at
ingest, for the ~100 blocks and ~50 mentions of each page, that cost more than
the inserts themselves (bench/ingest.py). These rows come from the parser and
the extractor (enum values, integers, text), so they need neither instances
nor validation.
"""

from __future__ import annotations

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
    """INSERT `rows` (dicts keyed by field attname) in batches.

    Fields a row leaves out take their default, so a new field with a
    default needs no change in callers. Values are passed as they are: ints,
    floats, bools, str and None, which both database drivers adapt; other
    field types are prepared by the field. With `returning`, the new primary
    keys come back in the order of `rows` (as bulk_create relies on, with
    RETURNING on PostgreSQL and SQLite ≥ 3.35).
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
            # One INSERT … SELECT FROM unnest(arrays), as Django's own
            # bulk_create does there: the statement is the same for every
            # page, so psycopg parses it once; a VALUES list of ~1,000
            # placeholders was parsed anew for each page and cost more than
            # the insert.
            arrays = ", ".join(f"%s::{f.cast_db_type(connection)}[]" for f in fields)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays})"
                + suffix,
                [[value(f, row) for row in rows] for f in plan],
            )
            return [pk for (pk,) in cursor.fetchall()] if returning else []
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
