"""An article's JSON as the API lists and details it, made from plain rows
(articles.selectors.article_rows' dicts, or the default listing's SQL
values) without DRF's field machinery: the API's hottest reads.
ArticleListSerializer and ArticleDetailSerializer declare the same fields
(the schema, the browsable API, the ORM path) and call these;
tests/api/test_representations.py holds the two to the same output."""

from __future__ import annotations

from typing import Any, NamedTuple

from articles.api.selectors import ARTICLE_DATE_ORDERING
from articles.selectors import (
    ARTICLE_ROW_NAMES,
    article_rows,
    revision_of,
)
from newsroom.api.fields import url_template
from newsroom.api.renderers import JSONFragment


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


class ListedArticle(dict):
    """An article of the default listing as the list shows it. Also answers
    the listing's first ordering key (the issue's date), the position
    CursorPagination reads of a row, with the `date` shown, and keeps the
    archive's revision read with it: neither is part of the representation."""

    __slots__ = ("revision",)

    def __missing__(self, key: str) -> Any:
        if key == ARTICLE_DATE_ORDERING[0]:
            return self["date"]
        raise KeyError(key)


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
    *,
    into: type[dict] = dict,
) -> dict[str, Any]:
    """What ArticleListSerializer's fields make of an article, from its
    values in the order of articles.selectors.ARTICLE_ROW_NAMES."""
    article, issue, page, person = urls
    return into(
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


def listed_from_row(
    urls: ArticleUrls, row: dict[str, Any], *, into: type[dict] = dict
) -> dict[str, Any]:
    """listed() of an article_rows dict (and its `snippet`, if searched)."""
    values = [row[name] for name in ARTICLE_ROW_NAMES]
    return listed(urls, *values, row.get("snippet"), into=into)


class StoredListing(JSONFragment):
    """An article of the default listing as its stored JSON
    (articles.models.listing), made absolute: the renderer writes it as it
    is. Answers the listing's first ordering key as ListedArticle does (DRF's
    CursorPagination reads it as an attribute of a row that is no dict)."""

    __slots__ = ("date", "revision")

    def __init__(self, json: str, date: str):
        super().__init__(json)
        self.date = date

    def __getattr__(self, name: str) -> Any:
        if name == ARTICLE_DATE_ORDERING[0]:
            return self.date
        raise AttributeError(name)


def listed_from_stored(
    urls: ArticleUrls,
    base: str,
    values: list[tuple],
    *,
    sqlite: bool,
    revision: bool,
) -> list[ListedArticle | StoredListing]:
    """The default listing's articles from the values of
    articles.selectors.article_listing_sql: each current stored entry as it
    is, its links made absolute with `base` (newsroom.api.fields.
    absolute_base), and the others (not made yet, or outdated) made
    from their rows, read by one more statement."""
    # The stored links are paths after the script prefix: "url":"/api/…".
    # Only a key is written `"url":"/` in JSON: inside a string, its quotes
    # would be escaped.
    path, absolute = '"url":"/', f'"url":"{base}/'
    rows: list = []
    outdated: dict[int, int] = {}
    for pk, date, json, *_ in values:
        if json is None:
            outdated[pk] = len(rows)
            rows.append(None)
        else:
            rows.append(StoredListing(json.replace(path, absolute), date))
    if outdated:
        for row in article_rows(ids=list(outdated)):
            rows[outdated[row["id"]]] = listed_from_row(urls, row, into=ListedArticle)
        rows = [row for row in rows if row is not None]  # deleted meanwhile
    if revision and rows:
        read = revision_of(values[0][3], values[0][4])
        for row in rows:
            row.revision = read
    return rows


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
