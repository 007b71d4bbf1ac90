"""The API's hottest reads made without DRF's field machinery: an article's
detail from its row (articles.selectors.article_rows), and the default
listing's pages made of the articles' list JSON (articles.listed), stored
(articles.models.listing) or made from their rows.
ArticleListSerializer and ArticleDetailSerializer declare the same fields
(the schema, the browsable API, the ORM path) and call these;
tests/api/test_representations.py holds the two to the same output."""

from __future__ import annotations

from typing import Any, NamedTuple

import orjson

from articles.api.selectors import ARTICLE_DATE_ORDERING
from articles.listed import ArticleUrls, listed_from_row, listed_text, path_urls
from articles.selectors import article_rows, revision_of
from newsroom.api.fields import url_template


class ListedRow(NamedTuple):
    """An article of the default listing: its list JSON as UTF-8 bytes
    (stored, or made from its rows), links as paths after the script
    prefix. Answers the listing's first ordering key as an attribute, as
    DRF's CursorPagination reads it of a row that is no dict, and keeps the
    archive's revision read with it."""

    page__issue__date: str
    json: bytes
    revision: tuple | None


assert ListedRow._fields[0] == ARTICLE_DATE_ORDERING[0]
_new = tuple.__new__


def listed_from_stored(values: list[tuple], *, revision: bool) -> list[ListedRow]:
    """The default listing's articles from the values of
    articles.selectors.article_listing_sql: each current stored entry as it
    is, the others (not made yet, or outdated) made from their rows, read by
    one more statement."""
    read = revision_of(values[0][3], values[0][4]) if revision and values else None
    # tuple.__new__: a NamedTuple's own __new__ is a Python call a row.
    rows = [_new(ListedRow, (value[1], value[2], read)) for value in values]
    outdated = {value[0]: i for i, value in enumerate(values) if value[2] is None}
    if outdated:
        urls = path_urls()
        for row in article_rows(ids=list(outdated)):
            json = listed_text(urls, row).encode()
            index = outdated[row["id"]]
            rows[index] = rows[index]._replace(json=json)
        rows = [row for row in rows if row.json is not None]  # deleted meanwhile
    return rows


def listed_json(rows: list[ListedRow], base: str) -> orjson.Fragment:
    """The rows' JSON as one list, their links made absolute with `base`
    (newsroom.api.fields.absolute_base): written into the response as it is."""
    # Only a key is written `"url":"/` in JSON (inside a string, its quotes
    # would be escaped): each link's path.
    text = b"[" + b",".join([row.json for row in rows]) + b"]"
    return orjson.Fragment(text.replace(b'"url":"/', f'"url":"{base}/'.encode()))


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
