"""An article as the API lists it: its JSON made from plain values
(articles.selectors.article_rows' dicts), the same for the list's responses
and for the entries stored ready for them (articles.models.listing, made by
articles.services.listings). Neither a service nor a face: both use it.
ArticleListSerializer declares the same fields (the schema, the browsable
API, the ORM path); tests/api/test_representations.py holds the two to the
same output."""

from __future__ import annotations

from typing import Any, NamedTuple

import orjson
from django.urls import get_script_prefix

from articles.selectors import ARTICLE_ROW_NAMES
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


def listed_text(urls: ArticleUrls, row: dict[str, Any]) -> str:
    """listed_from_row() as JSON text, as the API writes it."""
    return orjson.dumps(listed_from_row(urls, row)).decode()


def path_urls() -> ArticleUrls:
    """The links' templates as paths after the script prefix ("/api/…"),
    whatever prefix this process runs under: what the listing stores."""
    # Reversed paths start with the script prefix ("/" or "/archive/").
    cut = len(get_script_prefix()) - 1
    return ArticleUrls(
        *((before[cut:], after) for before, after in ArticleUrls.of(None))
    )
