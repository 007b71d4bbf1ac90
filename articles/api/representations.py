"""An article's JSON as the API lists and details it, made from plain rows
(articles.selectors.article_rows' dicts, or the default listing's SQL
values) without DRF's field machinery: the API's hottest reads.
ArticleListSerializer and ArticleDetailSerializer declare the same fields
(the schema, the browsable API, the ORM path) and call these;
tests/api/test_representations.py holds the two to the same output."""

from __future__ import annotations

from typing import Any, NamedTuple

from articles.api.selectors import ARTICLE_DATE_ORDERING
from articles.selectors import ARTICLE_ROW_NAMES, json_list_of, revision_of
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


def listed_from_row(urls: ArticleUrls, row: dict[str, Any]) -> dict[str, Any]:
    """listed() of an article_rows dict (and its `snippet`, if searched)."""
    return listed(urls, *[row[name] for name in ARTICLE_ROW_NAMES], row.get("snippet"))


def listed_from_values(
    urls: ArticleUrls, values: list[tuple], *, sqlite: bool, revision: bool
) -> list[ListedArticle]:
    """The default listing's articles from the values of
    articles.selectors.article_rows_sql(detail=False, body=False): one pass,
    no dict of the row between the values and their JSON (each row's
    `revision`, if read, is the archive's revision as of the statement)."""
    rows = []
    for value in values:
        # Dates and times come as ISO text (article_rows_sql).
        row = listed(
            urls, *value[:16], json_list_of(value[16], sqlite), into=ListedArticle
        )
        rows.append(row)
    if revision and rows:
        read = revision_of(values[0][17], values[0][18])
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
