"""An article's JSON as the API lists and details it, made from plain rows
(articles.selectors.article_rows' dicts) without DRF's field machinery, and
the default listing's pages made of the articles' stored list JSON
(articles.models.listing): the API's hottest reads.
ArticleListSerializer and ArticleDetailSerializer declare the same fields
(the schema, the browsable API, the ORM path) and call these;
tests/api/test_representations.py holds the two to the same output."""

from __future__ import annotations

from typing import Any, NamedTuple

import orjson
from django.urls import get_script_prefix, set_script_prefix

from articles.api.selectors import ARTICLE_DATE_ORDERING
from articles.selectors import ARTICLE_ROW_NAMES, article_rows, revision_of
from newsroom.api.fields import url_template


class ArticleUrls(NamedTuple):
    """The detail URL templates (newsroom.api.fields.url_template) a listed
    article links to, made once per request."""

    article: tuple[str, str]
    issue: tuple[str, str]
    page: tuple[str, str]
    person: tuple[str, str]

    @classmethod
    def of(cls, request) -> ArticleUrls:
        return cls(
            *(
                url_template(f"{name}-api-detail", request)
                for name in ("article", "issue", "page", "person")
            )
        )


def listed(
    urls: ArticleUrls,
    pk: int,
    page_id: int,
    sequence: int,
    kind: str,
    status: str,
    rubric: str,
    kicker: str,
    headline: str,
    subtitle: str,
    confidence: float,
    issue_id: int,
    date: str,
    page_number: int,
    edition: str,
    page_version: int,
    has_corrections: Any,
    bylines: list[list],
    snippet: str | None = None,
) -> dict[str, Any]:
    """What ArticleListSerializer's fields make of an article, from its
    values in the order of articles.selectors.ARTICLE_ROW_NAMES."""
    article, issue, page, person = urls
    return dict(
        id=pk,
        url=f"{article[0]}{pk}{article[1]}",
        issue={"id": issue_id, "url": f"{issue[0]}{issue_id}{issue[1]}"},
        page={"id": page_id, "url": f"{page[0]}{page_id}{page[1]}"},
        date=date,
        page_number=page_number,
        edition=edition,
        sequence=sequence,
        kind=kind,
        status=status,
        rubric=rubric,
        kicker=kicker,
        headline=headline,
        subtitle=subtitle,
        bylines=[
            {
                "role": role,
                "name": name or None,
                "person": None
                if person_id is None
                else {"id": person_id, "url": f"{person[0]}{person_id}{person[1]}"},
            }
            for role, name, person_id in bylines
        ],
        confidence=float(confidence),
        page_version=page_version,
        has_corrections=bool(has_corrections),
        snippet=snippet,
    )


def listed_from_row(urls: ArticleUrls, row: dict[str, Any]) -> dict[str, Any]:
    """listed() of an article_rows dict (and its `snippet`, if searched)."""
    return listed(urls, *[row[name] for name in ARTICLE_ROW_NAMES], row.get("snippet"))


class ListedRow(NamedTuple):
    """An article of the default listing: its list JSON (stored, or made
    from its rows), links as paths after the script prefix. Answers the
    listing's first ordering key as an attribute, as DRF's CursorPagination
    reads it of a row that is no dict, and keeps the archive's revision read
    with it."""

    page__issue__date: str
    json: str
    revision: tuple | None


assert ListedRow._fields[0] == ARTICLE_DATE_ORDERING[0]


def listed_from_stored(
    values: list[tuple], *, sqlite: bool, revision: bool
) -> list[ListedRow]:
    """The default listing's articles from the values of
    articles.selectors.article_listing_sql: each current stored entry as it
    is, the others (not made yet, or outdated) made from their rows, read by
    one more statement."""
    read = revision_of(values[0][3], values[0][4]) if revision and values else None
    rows: list = []
    outdated: dict[int, int] = {}
    for pk, date, json, *_ in values:
        if json is None:
            outdated[pk] = len(rows)
        rows.append(ListedRow(date, json, read))
    if outdated:
        urls = path_urls()
        for row in article_rows(ids=list(outdated)):
            json = orjson.dumps(listed_from_row(urls, row)).decode()
            index = outdated[row["id"]]
            rows[index] = rows[index]._replace(json=json)
        rows = [row for row in rows if row.json is not None]  # deleted meanwhile
    return rows


def listed_json(rows: list[ListedRow], base: str) -> orjson.Fragment:
    """The rows' JSON as one list, their links made absolute with `base`
    (newsroom.api.fields.absolute_base): written into the response as it is."""
    # Only a key is written `"url":"/` in JSON (inside a string, its quotes
    # would be escaped): each link's path.
    text = "[" + ",".join(row.json for row in rows) + "]"
    return orjson.Fragment(text.replace('"url":"/', f'"url":"{base}/'))


def path_urls() -> ArticleUrls:
    """The links' templates as paths after the script prefix ("/api/…"),
    whatever prefix this process runs under: what the listing stores."""
    prefix = get_script_prefix()
    set_script_prefix("/")
    try:
        return ArticleUrls.of(None)
    finally:
        set_script_prefix(prefix)


def detailed(urls: ArticleUrls, request, row: dict[str, Any]) -> dict[str, Any]:
    """What ArticleDetailSerializer's fields make of an article_rows(detail=
    True) dict."""
    data = listed_from_row(urls, row)
    block = url_template("textblock-api-detail", request)
    data["publication"] = row["publication"]
    data["body"] = row["body"]
    data["blocks"] = [
        {
            "id": pk,
            "url": f"{block[0]}{pk}{block[1]}",
            "position": position,
            "sequence": sequence,
            "kind": kind,
            "text": text,
        }
        for pk, position, sequence, kind, text in row["blocks"]
    ]
    data["people"] = row["named"]["people"]
    data["organisations"] = row["named"]["organisations"]
    return data
