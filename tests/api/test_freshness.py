"""A write made by a service outside any request (a command, a shell) is
seen at once through the API, with the response cache on: the service bumps
the archive's revision, no middleware is needed (issue #11)."""

import pytest
from django.core.cache import cache

from articles.models import Article
from articles.services import source_ingest
from people.models import Mention, MentionStatus
from people.services import mention_review, mentions_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.NEWSROOM_API_CACHE_SECONDS = 300
    cache.clear()


def cached(api, url: str) -> dict:
    """Read twice: the second answer must come from the cache."""
    first = api.get(url)
    assert first.status_code == 200
    second = api.get(url)
    assert second["X-Cache"] == "hit"
    return second.json()


def test_a_mention_rejected_by_a_service_is_gone_from_the_api_at_once(api, archive):
    url = f"/api/articles/{archive.notice.pk}/"
    assert cached(api, url)["organisations"] == [{"name": "平湖市图书馆"}]

    mention_review(
        mentions=Mention.objects.filter(article=archive.notice),
        status=MentionStatus.REJECTED,
    )

    fresh = api.get(url)
    assert fresh["X-Cache"] == "miss"
    assert fresh.json()["organisations"] == []


def test_extract_mentions_outside_a_request_is_seen_at_once(api, archive, run_command):
    url = "/api/people/?name=仲旭东"
    assert cached(api, url)["results"] == []
    assert cached(api, f"/api/articles/{archive.news.pk}/")["people"] == []

    result = run_command("extract_mentions")  # the command: no request at all
    assert result.error is None

    assert [p["name"] for p in api.get(url).json()["results"]] == ["仲旭东"]
    people = api.get(f"/api/articles/{archive.news.pk}/").json()["people"]
    assert [p["name"] for p in people] == ["仲旭东"]


def test_an_ingest_is_seen_at_once_through_the_search(
    api, sample_paths, django_capture_on_commit_callbacks
):
    url = "/api/articles/?q=平湖"
    assert cached(api, url)["results"] == []

    # The ingest service, as the command or a shell calls it; the index is
    # written once the ingest commits.
    with django_capture_on_commit_callbacks(execute=True):
        source_ingest(source=sample_paths[0])

    assert Article.objects.exists()
    assert api.get(url).json()["results"]


def test_refreshing_mentions_through_the_service_bumps_the_revision(api, archive):
    url = f"/api/articles/{archive.news.pk}/"
    cached(api, url)
    news = Article.objects.select_related("page__issue").get(pk=archive.news.pk)

    mentions_refresh(articles=[news], date=news.page.issue.date)

    assert api.get(url)["X-Cache"] == "miss"
