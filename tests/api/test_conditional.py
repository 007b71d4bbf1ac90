"""ETag, Last-Modified, 304 and the revision-keyed cache."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.utils.http import http_date

from articles.api.views import ArticleViewSet
from articles.models import ArchiveRevision, Article
from tests.api.conftest import assert_same_response

pytestmark = pytest.mark.django_db

URLS = ["/api/articles/", "/api/issues/", "/api/pages/", "/api/people/"]


def detail_urls(archive) -> list[str]:
    return [
        f"/api/articles/{archive.news.pk}/",
        f"/api/issues/{archive.issue_a.pk}/",
        f"/api/pages/{archive.page_a1.pk}/",
        f"/api/blocks/{archive.news.blocks.first().pk}/",
        f"/api/people/{archive.reporter.pk}/",
        f"/api/publications/{archive.issue_a.publication_id}/",
    ]


def test_every_read_has_validators_and_answers_304(api, archive, changed):
    changed()
    for url in URLS + detail_urls(archive):
        response = api.get(url)
        assert response.status_code == 200, url
        etag = response["ETag"]
        assert etag.startswith('"') and len(etag) == 34, url
        assert response["Last-Modified"]
        assert "no-cache" in response["Cache-Control"]

        again = api.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again.content == b""
        assert again["ETag"] == etag

        assert api.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
        assert api.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304


def test_a_change_changes_the_etag_and_last_modified(api, archive, changed):
    changed()
    url = f"/api/articles/{archive.news.pk}/"
    before = api.get(url)

    Article.objects.filter(pk=archive.news.pk).update(headline="新标题")
    changed()
    after = api.get(url, HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert after.json()["headline"] == "新标题"
    assert after["ETag"] != before["ETag"]
    revision = ArchiveRevision.objects.get()
    assert after["Last-Modified"] == http_date(revision.changed_at.timestamp())


def test_if_modified_since(api, archive, changed):
    changed()
    url = "/api/articles/"
    last_modified = api.get(url)["Last-Modified"]

    assert api.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    ArchiveRevision.objects.update(changed_at=ArchiveRevision.objects.get().changed_at)
    changed()  # a later change: the same date no longer validates
    response = api.get(url, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT")
    assert response.status_code == 200


def test_the_cache_serves_until_the_archive_changes(api, archive, changed):
    url = f"/api/articles/{archive.news.pk}/"
    assert api.get(url).json()["headline"] == "深化全国文明城市巩固工作"

    # A change that bypassed every service: the cached answer stands...
    Article.objects.filter(pk=archive.news.pk).update(headline="新标题")
    assert api.get(url).json()["headline"] == "深化全国文明城市巩固工作"
    # ...until the archive records a change.
    changed()
    assert api.get(url).json()["headline"] == "新标题"


def test_a_successful_write_request_anywhere_bumps_the_revision(admin_client, archive):
    before = ArchiveRevision.objects.filter(pk=1).values_list("revision", flat=True)
    start = before.first() or 0

    publication = archive.issue_a.publication
    response = admin_client.post(
        f"/admin/articles/publication/{publication.pk}/change/",
        {"slug": publication.slug, "name": "新名", "edition": "平湖版"},
    )

    assert response.status_code == 302
    assert ArchiveRevision.objects.get(pk=1).revision == start + 1
    # Reads record nothing.
    admin_client.get(f"/admin/articles/publication/{publication.pk}/change/")
    assert ArchiveRevision.objects.get(pk=1).revision == start + 1


def test_ingest_bumps_the_revision(
    api, sample_paths, run_command, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = run_command("ingest", sample_paths[0])
    assert result.error is None

    assert ArchiveRevision.objects.get(pk=1).revision >= 1


def test_browsable_api_is_not_shared_through_the_cache(api, client, archive):
    api.get("/api/articles/")
    html = client.get("/api/articles/", HTTP_ACCEPT="text/html")

    assert html["Content-Type"].startswith("text/html")
    assert html["ETag"] != api.get("/api/articles/")["ETag"]


def test_cached_answers_are_the_same_for_everyone(api, editor_api, archive, changed):
    changed()
    url = f"/api/articles/{archive.news.pk}/"
    first = api.get(url)  # fills the cache
    anonymous = api.get(url)  # answered before DRF's request handling
    editor = editor_api.get(url)  # the full path, from the cache

    assert first["X-Cache"] == "miss"
    assert anonymous["X-Cache"] == editor["X-Cache"] == "hit"
    assert anonymous.content == editor.content == first.content
    for header in ("ETag", "Last-Modified", "Cache-Control", "Content-Type", "Allow"):
        assert anonymous[header] == editor[header] == first[header], header
    assert set(anonymous["Vary"].split(", ")) == set(first["Vary"].split(", "))
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_indented_json_is_not_served_from_the_plain_cache(api, archive):
    url = "/api/articles/"
    plain = api.get(url)
    indented = api.get(url, HTTP_ACCEPT="application/json; indent=2")

    assert indented.content != plain.content
    assert b'\n  "next"' in indented.content


@pytest.mark.parametrize("cache_seconds", [0, 300])
def test_anonymous_details_are_what_the_full_path_sends(
    api,
    editor_api,
    archive,
    settings,
    cache_seconds,
    changed,
    django_assert_num_queries,
):
    # Anonymous plain-JSON details are answered before DRF's request handling
    # (ConditionalMixin._anonymous_read); a token takes DRF's whole path.
    settings.NEWSROOM_API_CACHE_SECONDS = cache_seconds
    changed()
    for article in (archive.news, archive.photo, archive.notice):
        url = f"/api/articles/{article.pk}/"
        editor = editor_api.get(url)
        cache.clear()
        with (
            # The article's row (with the revision, or after it with the cache).
            django_assert_num_queries(2 if cache_seconds else 1),
            mock.patch.object(ArticleViewSet, "initial", side_effect=AssertionError),
        ):
            anonymous = api.get(url)

        assert_same_response(api, url, anonymous, editor)
    missing = api.get("/api/articles/999999/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "No such resource.", "code": "not_found"}


def test_anonymous_details_are_throttled(api, archive, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle

    settings.NEWSROOM_API_CACHE_SECONDS = 0
    url = f"/api/articles/{archive.news.pk}/"
    original = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = {
        **api_settings.DEFAULT_THROTTLE_RATES,
        "anon": "2/minute",
    }
    try:
        statuses = [api.get(url).status_code for _ in range(3)]
    finally:
        AnonRateThrottle.THROTTLE_RATES = original
    assert statuses == [200, 200, 429]
