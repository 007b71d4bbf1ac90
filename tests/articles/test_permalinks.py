"""An article that no longer exists answers with a redirect to where its
text went, or 410 with a link to its page: never a bare 404."""

import pytest

from articles.models import Article, TextBlock
from editing.services import article_delete, change_undo, text_blocks_move

pytestmark = pytest.mark.django_db


def version(article_or_page):
    from articles.models import Page

    page_id = getattr(article_or_page, "page_id", None) or article_or_page.pk
    return Page.objects.get(pk=page_id).version


def test_a_deleted_article_answers_410_with_a_link_to_its_page(
    sample_page, editor, client
):
    article = Article.objects.filter(page=sample_page).order_by("sequence")[1]
    article_delete(user=editor, article=article, expected_version=version(article))

    site = client.get(f"/article/{article.pk}/")
    api = client.get(f"/api/articles/{article.pk}/")

    assert site.status_code == 410
    date = sample_page.issue.date
    assert f'href="/{date:%Y/%m/%d}/{sample_page.number}/"' in site.text
    assert api.status_code == 410
    assert api.json()["page"]["id"] == sample_page.pk


def test_a_merged_article_redirects_to_the_one_holding_its_text(
    sample_page, editor, client
):
    first, second = Article.objects.filter(page=sample_page).order_by("sequence")[:2]
    blocks = list(second.blocks.order_by("position"))
    text_blocks_move(
        user=editor, blocks=blocks, article=first, expected_version=version(first)
    )
    second.refresh_from_db()
    article_delete(user=editor, article=second, expected_version=version(first))

    site = client.get(f"/article/{second.pk}/")
    api = client.get(f"/api/articles/{second.pk}/")

    assert (site.status_code, site.url) == (302, f"/article/{first.pk}/")
    assert api.status_code == 302
    assert api.url.endswith(f"/api/articles/{first.pk}/")
    assert client.get(site.url).status_code == 200


def test_an_undone_delete_brings_the_permalink_back(sample_page, editor, client):
    article = Article.objects.filter(page=sample_page).order_by("sequence")[1]
    change = article_delete(
        user=editor, article=article, expected_version=version(article)
    )
    change_undo(user=editor, change=change, expected_version=version(article))

    assert client.get(f"/article/{article.pk}/").status_code == 200


def test_an_id_that_never_was_is_404(db, client):
    assert client.get("/article/987654/").status_code == 404
    assert client.get("/api/articles/987654/").status_code == 404
    assert not TextBlock.objects.exists()
