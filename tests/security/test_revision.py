"""Only real writes change the archive's revision (and so the API's cache).

Finding: the revision middleware bumped the archive revision after every
successful non-GET request, anonymous POSTs to `/` and `/search/` and failed
admin logins included: one anonymous client posting 8 times a second cut the
API's cache hits from 100 % to 21 %.
"""

import pytest
from django.urls import reverse

from articles.models import ArchiveRevision, Page
from articles.services import archive_revision_bump

from .conftest import assert_unchanged

pytestmark = pytest.mark.django_db


@pytest.fixture
def revision(archive):
    archive_revision_bump()
    return ArchiveRevision.objects.get().revision


ANONYMOUS_POSTS = [
    "/",
    "/search/",
    "/calendar/",
    "/people/",
    "/organisations/",
    "/feed/issues.atom",
    "/sitemap.xml",
    "/api/articles/",
    "/api/issues/",
    "/no/such/page/",
]


@pytest.mark.parametrize("url", ANONYMOUS_POSTS)
def test_an_anonymous_post_changes_nothing(client, revision, db_snapshot, url):
    before = db_snapshot()

    client.post(url, {"q": "标题", "x": "1"})

    assert_unchanged(before, db_snapshot())
    assert ArchiveRevision.objects.get().revision == revision


def test_a_failed_admin_login_changes_nothing(client, revision, db_snapshot, viewer):
    before = db_snapshot()

    response = client.post(
        reverse("admin:login"), {"username": "viewer", "password": "wrong"}
    )

    assert response.status_code == 200  # the form again, with its error
    assert_unchanged(before, db_snapshot())


def test_a_failed_token_request_changes_nothing(client, revision, db_snapshot, viewer):
    before = db_snapshot()

    response = client.post(
        reverse("api-token"), {"username": "viewer", "password": "wrong"}
    )

    assert response.status_code == 400
    assert_unchanged(before, db_snapshot())


def test_a_refused_workbench_write_changes_nothing(
    client, viewer, revision, db_snapshot
):
    page = Page.objects.order_by("pk").first()
    block = page.blocks.order_by("sequence").first()
    client.force_login(viewer)
    before = db_snapshot()

    response = client.post(
        reverse("admin:articles_page_workbench_action", args=[page.pk]),
        {
            "op": "retype",
            "block": block.pk,
            "kind": "furniture",
            "version": page.version,
        },
    )

    assert response.status_code in (302, 403)
    assert_unchanged(before, db_snapshot())


def test_a_stale_workbench_write_changes_nothing(client, editor, revision, db_snapshot):
    page = Page.objects.order_by("pk").first()
    block = page.blocks.order_by("sequence").first()
    client.force_login(editor)
    before = db_snapshot()

    client.post(
        reverse("admin:articles_page_workbench_action", args=[page.pk]),
        {
            "op": "retype",
            "block": block.pk,
            "kind": "furniture",
            "version": page.version + 5,
        },
    )

    assert_unchanged(before, db_snapshot())
