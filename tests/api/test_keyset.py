"""The default article listing reads its keys with one SQL statement
(articles.api.selectors.ArticleDateKeys) in place of the ORM query DRF's
CursorPagination builds: the same pages, cursors and links, both ways."""

import datetime as dt
from unittest import mock

import pytest
from django.core.cache import cache

from articles.api.views import ArticleViewSet
from articles.models import Article
from articles.services.listings import listings_refresh
from tests.api.conftest import assert_same_response
from tests.api.test_pagination import articles_on

pytestmark = pytest.mark.django_db


def pages(api, url) -> list[dict]:
    """Every page from `url` following `next`, then back following
    `previous` from the last one."""
    seen, response = [], api.get(url).json()
    while True:
        seen.append(response)
        if not response["next"]:
            break
        response = api.get(response["next"]).json()
    while response["previous"]:
        response = api.get(response["previous"]).json()
        seen.append(response)
    return seen


@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_keyset_pages_are_the_orm_pages(api, size, settings):
    settings.NEWSROOM_API_CACHE_SECONDS = 0
    # Several articles a day (cursors with offsets) and days out of order.
    for day, count in ((3, 4), (1, 3), (2, 1), (5, 6)):
        articles_on(dt.date(2021, 5, day), count)
    url = f"/api/articles/?page_size={size}"

    keyset = pages(api, url)
    with mock.patch.object(ArticleViewSet, "_default_listing", return_value=False):
        orm = pages(api, url)

    assert keyset == orm
    last = next(n for n, page in enumerate(keyset) if not page["next"])
    forward = [a["id"] for page in keyset[: last + 1] for a in page["results"]]
    assert len(forward) == len(set(forward)) == 14
    assert keyset[-1]["previous"] is None  # walked back to the start


def test_ordering_by_date_takes_the_keyset(api, settings):
    settings.NEWSROOM_API_CACHE_SECONDS = 0
    articles_on(dt.date(2021, 5, 1), 3)
    with mock.patch(
        "articles.api.selectors.ArticleDateKeys.__getitem__", side_effect=AssertionError
    ):
        with pytest.raises(AssertionError):
            api.get("/api/articles/?ordering=date")
        # Filters and other orderings go through the ORM.
        assert api.get("/api/articles/?ordering=-date").status_code == 200
        assert api.get("/api/articles/?kind=news").status_code == 200


def test_a_forged_cursor_is_refused(api):
    from base64 import b64encode

    cursor = b64encode(b"o=0&r=0&p=not-a-date").decode()
    response = api.get("/api/articles/", {"cursor": cursor})
    assert response.status_code == 404


@pytest.mark.parametrize("stored", [True, False])
@pytest.mark.parametrize("cache_seconds", [0, 300])
def test_anonymous_lists_are_what_the_full_path_sends(
    api, editor_api, cache_seconds, stored, settings, changed, django_assert_num_queries
):
    # Anonymous plain-JSON default listings are answered before DRF's request
    # handling (ArticleViewSet.plain_list), from the articles' stored list
    # JSON if made (articles.models.listing) or from their rows; a token
    # takes DRF's whole path.
    settings.NEWSROOM_API_CACHE_SECONDS = cache_seconds
    for day, count in ((3, 4), (1, 3)):
        articles_on(dt.date(2021, 5, day), count)
    if stored:
        assert (
            listings_refresh(article_ids=Article.objects.values_list("pk", flat=True))
            == 7
        )
    changed()
    url = "/api/articles/?page_size=3"
    while url:
        editor = editor_api.get(url)
        cache.clear()
        with (
            # The page's entries (with the revision, or after it with the
            # cache), and the rows of the articles without one.
            django_assert_num_queries(1 + bool(cache_seconds) + (not stored)),
            mock.patch.object(ArticleViewSet, "initial", side_effect=AssertionError),
        ):
            anonymous = api.get(url)

        assert_same_response(api, url, anonymous, editor)
        url = editor.json()["next"]
