"""Reads of the archive: the export of issues as JSON or plain text.

Exports stream issue by issue: issues are fetched in chunks, each chunk with a
fixed number of prefetch queries, so neither memory nor the number of queries
grows with the size of a chunk, and an archive of any size can be written out.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Iterator
from typing import Any

import orjson
from django.db.models import Count, QuerySet

from articles.models import (
    ArchiveRevision,
    Article,
    ArticleListing,
    Byline,
    Issue,
    Page,
    PageChange,
    PageChangeRow,
    PageSource,
    Publication,
    TextBlock,
)

# Raw reads go where the ORM's would: a replica for public requests.
from newsroom.db_router import read_connection as connection
from newsroom.prepared import prepared_cursor
from people.models import Mention, MentionStatus, Organisation, Person

EXPORT_CHUNK_SIZE = 100  # issues per round of queries

ROLE_LABELS = {
    "reporter": "记者",
    "correspondent": "通讯员",
    "photographer": "摄影",
    "editor": "编辑",
    "layout": "版式",
    "proofreader": "校对",
}
WEEKDAY_LABELS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "日"}


def issue_export_iter(
    *,
    date: dt.date | None = None,
    chunk_size: int = EXPORT_CHUNK_SIZE,
    issues: QuerySet[Issue] | None = None,
) -> Iterator[Issue]:
    """Issues in date order with everything the export needs, fetched in chunks.

    `issues` narrows the export to a filtered queryset (the API's date ranges).
    """
    base = Issue.objects.all() if issues is None else issues
    return (
        base.on_date(date)
        .for_export()
        .order_by("date", "publication__name", "id")
        .iterator(chunk_size=chunk_size)
    )


def issue_export_data(*, issue: Issue) -> dict[str, Any]:
    """One issue as the export (and API) represent it; None where absent.

    `issue` must come from Issue.objects.for_export(), or this costs queries.
    """
    return {
        "publication": issue.publication.name,
        "date": issue.date.isoformat(),
        "weekday": issue.weekday,
        "lunar_date": issue.lunar_date or None,
        "number": issue.number,
        "pages": [_page_data(page) for page in issue.pages.all()],
    }


def _page_data(page: Page) -> dict[str, Any]:
    return {
        "number": page.number,
        "edition": page.edition or None,
        "source_file": page.source.file_name if page.source else None,
        "warnings": list(page.warnings),
        "credits": [
            {"role": c.role, "name": c.name or None} for c in page.credits.all()
        ],
        "furniture": [{"kind": b.kind, "text": b.text} for b in page.furniture],
        "articles": [_article_data(a) for a in page.articles.all()],
    }


def _article_data(article: Article) -> dict[str, Any]:
    return {
        "id": article.pk,
        "kind": article.kind,
        "rubric": article.rubric,
        "kicker": article.kicker,
        "headline": article.headline,
        "subtitle": article.subtitle,
        "bylines": [
            {"role": b.role, "name": b.name or None} for b in article.bylines.all()
        ],
        "body": article.body,
        **_named_data(article),
    }


def _named_data(article: Article) -> dict[str, list[dict[str, Any]]]:
    """The people ({name, title}) and organisations ({name}) an article names,
    each once, in reading order; rejected mentions left out."""
    return _named_from(
        (
            m.person_id,
            m.person.name if m.person_id is not None else None,
            m.title,
            m.organisation_id,
            m.organisation.name if m.organisation_id is not None else None,
        )
        for m in getattr(article, "standing_mentions", ())
    )


def _named_from(
    mentions: Iterable[tuple[int | None, str | None, str, int | None, str | None]],
) -> dict[str, list[dict[str, Any]]]:
    """_named_data of (person id, person name, title, organisation id,
    organisation name) rows, standing mentions only, in reading order."""
    people: dict[int, dict[str, Any]] = {}
    organisations: dict[int, dict[str, Any]] = {}
    for person_id, person_name, title, organisation_id, organisation_name in mentions:
        if person_id is not None:
            entry = people.setdefault(person_id, {"name": person_name, "title": None})
            entry["title"] = entry["title"] or title or None
        elif organisation_id is not None:
            organisations.setdefault(organisation_id, {"name": organisation_name})
    return {
        "people": list(people.values()),
        "organisations": list(organisations.values()),
    }


def article_rows(
    *, ids: list[int], body: bool = False, detail: bool = False, revision: bool = False
) -> list[dict[str, Any]]:
    """The articles with these ids, in that order (missing ones left out), as
    plain dicts for the API: the article's columns, `issue_id`, `date` (ISO
    text), `page_number`, `edition`, `page_version`, `has_corrections` and
    `bylines` ((role, name, person id) in order); with `body` the body; with
    `detail` also `publication`, `blocks` ((id, position, sequence, kind,
    text) in reading order) and `named` (_named_data); with `revision`,
    `revision` (archive_revision(), read in the same statement: a reader's
    Last-Modified without a query of its own).

    One query whatever the number of ids: the bylines (and the blocks and
    mentions of a detail) come aggregated as JSON in the article's row. In
    SQL: for a page of 50 articles, compiling the ORM's queries and building
    its rows cost several times running them (and this is the API's hottest
    read); on PostgreSQL each further statement is a round trip to another
    process. tests/api/test_representations.py compares the result with the
    ORM's. Prepared on PostgreSQL (newsroom.prepared): planning it costs more
    than running it.
    """
    if not ids:
        return []
    sql = article_rows_sql(body=body, detail=detail, revision=revision)
    with prepared_cursor() as cursor:
        cursor.execute(f"{sql} WHERE a.id IN ({', '.join(['%s'] * len(ids))})", ids)
        rows = article_rows_from(
            cursor.fetchall(), body=body, detail=detail, revision=revision
        )
    found = {row["id"]: row for row in rows}
    return [found[pk] for pk in ids if pk in found]


def article_rows_from(
    values: list[tuple],
    *,
    body: bool = False,
    detail: bool = False,
    revision: bool = False,
) -> list[dict[str, Any]]:
    """article_rows' dicts from the rows of article_rows_sql."""
    names = ARTICLE_ROW_NAMES + (("body",) if body or detail else ())
    names += ("publication", "blocks", "mentions") if detail else ()
    names += ("revision", "changed_at") if revision else ()
    sqlite = connection.vendor == "sqlite"
    rows = []
    for value in values:
        row = dict(zip(names, value, strict=True))
        if not isinstance(row["date"], str):  # SQLite answers ISO text
            row["date"] = row["date"].isoformat()
        row["has_corrections"] = bool(row["has_corrections"])
        row["bylines"] = json_list_of(row["bylines"], sqlite)
        if detail:
            row["blocks"] = json_list_of(row["blocks"], sqlite)
            row["named"] = _named_from(json_list_of(row.pop("mentions"), sqlite))
        rows.append(row)
    if revision and rows:
        # The same in every row: made once.
        first = rows[0]
        first["revision"] = revision_of(first["revision"], first["changed_at"])
        for row in rows:
            row["revision"] = first["revision"]
            del row["changed_at"]
    return rows


def json_list_of(text: str | None, sqlite: bool) -> list[list]:
    """The items of a _json_list column."""
    if not text:
        return []
    items = orjson.loads(text)
    if sqlite:
        # SQLite's json_group_array() follows no ORDER BY (before 3.44): each
        # item comes as [sort keys, item].
        items.sort()
        return [item for _, item in items]
    return items


# The columns every article row starts with, in order (article_rows_sql).
ARTICLE_ROW_NAMES = (
    "id",
    "page_id",
    "sequence",
    "kind",
    "status",
    "rubric",
    "kicker",
    "headline",
    "subtitle",
    "confidence",
    "issue_id",
    "date",
    "page_number",
    "edition",
    "page_version",
    "has_corrections",
    "bylines",
)


@functools.cache
def article_rows_sql(*, body: bool, detail: bool, revision: bool = False) -> str:
    """The SELECT and FROM of article_rows (article `a`, page `p`, issue
    `i`): the caller adds the WHERE (and any ORDER BY and LIMIT)."""
    t = _tables(
        article=Article,
        page=Page,
        issue=Issue,
        publication=Publication,
        block=TextBlock,
        byline=Byline,
        mention=Mention,
        person=Person,
        organisation=Organisation,
    )
    q = connection.ops.quote_name
    date = _date_sql()
    # Each aggregate: (item columns, ORDER BY, FROM and WHERE, and SQLite's
    # sort keys: the ORDER BY, NULLs first as SQLite puts them, unique).
    aggregates = [
        (
            "x.role, x.name, x.person_id",
            "x.position, x.id",
            f"{t['byline']} x WHERE x.article_id = a.id",
            "x.position, x.id",
        )
    ]
    if detail:
        assert MentionStatus.REJECTED.isidentifier()  # a literal of the SQL
        aggregates += [
            (
                "x.id, x.position, x.sequence, x.kind, x.text",
                "x.position, x.sequence",
                f"{t['block']} x WHERE x.article_id = a.id",
                "x.position IS NOT NULL, x.position, x.sequence, x.id",
            ),
            # Standing mentions (_named_data), in reading order.
            (
                "x.person_id, pe.name, x.title, x.organisation_id, o.name",
                f"x.{q('field')}, x.{q('start')}, x.id",
                f"{t['mention']} x "
                f"LEFT JOIN {t['person']} pe ON pe.id = x.person_id "
                f"LEFT JOIN {t['organisation']} o ON o.id = x.organisation_id "
                f"WHERE x.article_id = a.id AND x.status <> '{MentionStatus.REJECTED}'",
                f"x.{q('field')}, x.{q('start')}, x.id",
            ),
        ]
    extra = (", a.body" if body or detail else "") + (", pub.name" if detail else "")
    extra += "".join(f", {_json_list(*aggregate)}" for aggregate in aggregates[1:])
    joins = ""
    if detail:
        joins += f" JOIN {t['publication']} pub ON pub.id = i.publication_id"
    if revision:
        extra += f", {_revision_columns()}"
        joins += f" {_revision_join()}"
    # Columns in the order of ARTICLE_ROW_NAMES. The corrections' test is
    # the condition of the index text_block_corrected, word for word, so that
    # the planner uses that index.
    return (
        "SELECT a.id, a.page_id, a.sequence, a.kind, a.status, a.rubric, "
        "a.kicker, a.headline, a.subtitle, a.confidence, "
        f"p.issue_id, {date}, p.number, p.edition, p.version, "
        f"EXISTS (SELECT 1 FROM {t['block']} b WHERE b.article_id = a.id "
        f"AND NOT (b.text = b.machine_text)), {_json_list(*aggregates[0])}{extra} "
        f"FROM {t['article']} a JOIN {t['page']} p ON p.id = a.page_id "
        f"JOIN {t['issue']} i ON i.id = p.issue_id{joins}"
    )


@functools.cache
def article_listing_sql(*, revision: bool = False) -> str:
    """The SELECT and FROM (article `a`, page `p`, issue `i`) of each
    article's id, date (ISO text) and stored list JSON
    (articles.models.listing) as UTF-8 bytes if current, else NULL; with
    `revision`, the archive's revision and its time as article_rows_sql gives
    them. The caller adds the WHERE, ORDER BY and LIMIT."""
    t = _tables(article=Article, page=Page, issue=Issue, listing=ArticleListing)
    columns = f", {_revision_columns()}" if revision else ""
    joins = f" {_revision_join()}" if revision else ""
    # Bytes, as the response writes them: not decoded into str and encoded
    # back (a tenth of a millisecond a page of 50 on SQLite).
    if connection.vendor == "sqlite":
        json = "CAST(s.json AS BLOB)"
    else:
        json = "convert_to(s.json, 'UTF8')"
    return (
        f"SELECT a.id, {_date_sql()}, "
        f"CASE WHEN s.page_version = p.version THEN {json} END"
        f"{columns} FROM {t['article']} a JOIN {t['page']} p ON p.id = a.page_id "
        f"JOIN {t['issue']} i ON i.id = p.issue_id "
        f"LEFT JOIN {t['listing']} s ON s.article_id = a.id{joins}"
    )


def _tables(**models) -> dict[str, str]:
    """The models' quoted table names, by the names given."""
    return {
        name: connection.ops.quote_name(model._meta.db_table)
        for name, model in models.items()
    }


def _date_sql() -> str:
    """The issue's date as ISO text, which the rows keep: no converter to
    run for each row."""
    if connection.vendor == "sqlite":
        return "CAST(i.date AS TEXT)"  # as stored
    return "to_char(i.date, 'YYYY-MM-DD')"  # whatever the DateStyle


def _revision_columns() -> str:
    """The archive's revision and its time, as naive UTC text (revision_of
    makes it aware), as SQLite stores it: the same in every row, and parsed
    once."""
    if connection.vendor == "sqlite":
        return "r.revision, CAST(r.changed_at AS TEXT)"
    return (
        "r.revision, to_char(r.changed_at AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
    )


def _revision_join() -> str:
    return f"LEFT JOIN {_tables(r=ArchiveRevision)['r']} r ON r.id = 1"


def _json_list(columns: str, order: str, source: str, sqlite_keys: str) -> str:
    """A correlated subquery: the rows of `source` as a JSON list of lists
    in `order` (text, NULL for none on PostgreSQL); on SQLite, unordered
    [[sort keys], [columns]] pairs (json_list_of sorts them)."""
    if connection.vendor == "sqlite":
        items = f"json_array(json_array({sqlite_keys}), json_array({columns}))"
        return f"(SELECT json_group_array({items}) FROM {source})"
    return (
        f"(SELECT json_agg(json_build_array({columns}) ORDER BY {order})::text "
        f"FROM {source})"
    )


def issue_export_json(
    *, date: dt.date | None = None, issues: QuerySet[Issue] | None = None
) -> Iterator[str]:
    """The export as one JSON document, in pieces (an issue per line inside it)."""
    yield '{"issues": ['
    separator = "\n"
    for issue in issue_export_iter(date=date, issues=issues):
        yield separator + json.dumps(issue_export_data(issue=issue), ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


def issue_export_jsonl(
    *, date: dt.date | None = None, issues: QuerySet[Issue] | None = None
) -> Iterator[str]:
    """The export as JSON Lines: one issue, one JSON document, per line."""
    for issue in issue_export_iter(date=date, issues=issues):
        yield json.dumps(issue_export_data(issue=issue), ensure_ascii=False) + "\n"


def issue_export_text(
    *, date: dt.date | None = None, issues: QuerySet[Issue] | None = None
) -> Iterator[str]:
    """The export as readable plain text, in pieces: one issue at a time."""
    for issue in issue_export_iter(date=date, issues=issues):
        yield _issue_text(issue_export_data(issue=issue))


def _issue_text(issue: dict[str, Any]) -> str:
    weekday = issue["weekday"]
    header = [
        issue["publication"],
        issue["date"],
        f"星期{WEEKDAY_LABELS[weekday]}" if weekday else None,
        issue["lunar_date"],
        f"总第{issue['number']}期" if issue["number"] else None,
    ]
    title = "  ".join(part for part in header if part)
    lines = [title, "=" * _width(title), ""]
    for page in issue["pages"]:
        heading = "  ".join(
            part
            for part in (f"第{page['number']}版", page["edition"], page["source_file"])
            if part
        )
        lines += [heading, "-" * _width(heading)]
        if page["credits"]:
            lines.append(_people_line(page["credits"]))
        lines.append("")
        for article in page["articles"]:
            if article["rubric"]:
                lines.append(f"【{article['rubric']}】")
            lines += [
                article[key]
                for key in ("kicker", "headline", "subtitle")
                if article[key]
            ]
            if article["bylines"]:
                lines.append(_people_line(article["bylines"]))
            lines += ["", article["body"], "", "* * *", ""]
    return "\n".join(lines) + "\n"


def _people_line(credits: list[dict[str, Any]]) -> str:
    return "  ".join(
        f"{ROLE_LABELS.get(c['role'], c['role'])} {c['name'] or ''}".strip()
        for c in credits
    )


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


# --- the editors' history -----------------------------------------------------


def correction_counts(
    *, article_ids: Iterable[int], undone: Iterable[int] | None = None
) -> dict[int, dict[str, int]]:
    """Text corrections per article and editor, not counting undone ones
    (and not the undos themselves): {article_id: {username: count}}.

    `undone`: ids of the changes not in effect (a page's replayed history);
    without it, a change counts as undone when anything reversed it."""
    rows = PageChangeRow.objects.filter(
        article_id__in=list(article_ids),
        model=PageChangeRow.Model.TEXT_BLOCK,
        change__operation=PageChange.Operation.CORRECT,
    )
    if undone is None:
        rows = rows.filter(change__undone_by__isnull=True)
    else:
        rows = rows.exclude(change_id__in=list(undone))
    rows = rows.values_list("article_id", "change__user__username").annotate(
        n=Count("change_id", distinct=True)
    )
    counts: dict[int, dict[str, int]] = {}
    for article_id, username, n in rows:
        counts.setdefault(article_id, {})[username] = n
    return counts


def archive_revision() -> tuple[int, dt.datetime | None]:
    """The archive's change counter and the time of its last change.

    Read on every API request, so in raw SQL: compiling the ORM query would
    cost more than running it.
    """
    table = connection.ops.quote_name(ArchiveRevision._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT revision, changed_at FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    return (0, None) if row is None else revision_of(*row)


def revision_of(revision: int | None, changed_at) -> tuple[int, dt.datetime | None]:
    """archive_revision() of the row's columns."""
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    if revision is None:  # no row yet
        return (0, None)
    if isinstance(changed_at, str):  # SQLite: naive UTC text
        changed_at = parse_datetime(changed_at)
    if changed_at is not None and timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, dt.UTC)
    return (revision, changed_at)


def page_image_source(pk: int) -> PageSource | None:
    """The page source `pk` if it has a page image (IIIF), else None, with
    the image's size from its geometry (`image_width`, `image_height`, None
    when the geometry does not say it in pixels). The geometry itself (every
    glyph's box: a megabyte on a broadsheet page) stays in the database,
    which reads the two numbers out of it."""
    from django.db.models.fields.json import KeyTextTransform

    return (
        PageSource.objects.only("id", "image")
        .exclude(image="")
        .filter(pk=pk)
        .annotate(
            geometry_unit=KeyTextTransform("unit", "geometry"),
            image_width=KeyTextTransform("width", "geometry"),
            image_height=KeyTextTransform("height", "geometry"),
        )
        .first()
    )
