"""Every object a workbench or API write names belongs to the page whose
version the write is checked against.

Finding: a POST to one page's workbench edited an article of another page,
comparing the other page's version (both pages at version 1 matched).
"""

import pytest
from django.urls import reverse

from articles.models import Article, Page

from .conftest import assert_unchanged

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_pages(archive):
    here, there = Page.objects.order_by("pk")[:2]
    assert here.version == there.version  # the same number, different pages
    return here, there


def _article(page) -> Article:
    return page.articles.order_by("sequence").first()


def _operations(here, there):
    theirs = _article(there)
    mine = _article(here)
    own_blocks = ",".join(
        str(pk)
        for pk in theirs.blocks.order_by("position").values_list("pk", flat=True)
    )
    return {
        "article_update": {"article": theirs.pk, "headline": "别页的标题"},
        "article_delete": {"article": theirs.pk},
        "confirm": {"article": theirs.pk},
        "reorder": {"article": theirs.pk, "order": own_blocks},
        "move": {
            "block": mine.blocks.values_list("pk", flat=True)[:1],
            "target": theirs.pk,
        },
    }


@pytest.mark.parametrize(
    "op", ["article_update", "article_delete", "confirm", "reorder", "move"]
)
def test_a_page_workbench_cannot_touch_another_page(
    client, admin_user, two_pages, db_snapshot, op
):
    here, there = two_pages
    data = _operations(here, there)[op]
    client.force_login(admin_user)
    before = db_snapshot()

    response = client.post(
        reverse("admin:articles_page_workbench_action", args=[here.pk]),
        {"op": op, "version": here.version, **data},
        follow=True,
    )

    assert_unchanged(before, db_snapshot())
    assert response.status_code in (200, 404)


def test_api_reorder_names_only_the_articles_own_blocks(admin_user, two_pages):
    from rest_framework.test import APIClient

    here, there = two_pages
    mine, theirs = _article(here), _article(there)
    api = APIClient()
    api.force_authenticate(admin_user)
    url = f"/api/articles/{mine.pk}/"
    etag = api.get(url)["ETag"]
    ids = list(mine.blocks.values_list("pk", flat=True))
    ids[-1] = theirs.blocks.values_list("pk", flat=True)[0]

    response = api.post(
        f"{url}reorder/", {"blocks": ids}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 400
    assert theirs.blocks.count() == Article.objects.get(pk=theirs.pk).blocks.count()


def test_api_page_writes_name_only_the_pages_blocks(admin_user, two_pages):
    from rest_framework.test import APIClient

    here, there = two_pages
    api = APIClient()
    api.force_authenticate(admin_user)
    url = f"/api/pages/{here.pk}/"
    etag = api.get(url)["ETag"]
    foreign = list(there.blocks.order_by("sequence").values_list("pk", flat=True)[:2])

    merge = api.post(
        f"{url}merge/", {"blocks": foreign}, format="json", HTTP_IF_MATCH=etag
    )
    move = api.post(
        f"{url}move/",
        {"blocks": foreign[:1], "article": _article(there).pk},
        format="json",
        HTTP_IF_MATCH=etag,
    )

    assert merge.status_code == 400 and move.status_code == 400
