"""update_index / rebuild_index: batches, resuming, removal."""

import pytest

from articles.models import Article
from search.models import SearchDocument, SearchIndexRun
from search.services import article_search

pytestmark = pytest.mark.django_db


def test_rebuild_index_indexes_everything_in_batches(ingested, run_command):
    SearchDocument.objects.all().delete()
    assert article_search(q="仲旭东").total == 0
    result = run_command("rebuild_index", "--noinput", "--batch-size", "4")
    assert result.error is None
    assert SearchDocument.objects.count() == Article.objects.count()
    assert article_search(q="仲旭东").total >= 1
    run = SearchIndexRun.objects.get()
    assert run.finished_at and run.done == Article.objects.count()


def test_update_index_resumes_an_interrupted_run(ingested, run_command):
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    run_command("rebuild_index", "--noinput")
    # An interrupted run: it got as far as the fifth article.
    SearchIndexRun.objects.create(model="articles.article", last_pk=ids[4], done=5)
    result = run_command("update_index", "--batch-size", "3")
    assert f"resuming after article {ids[4]}" in result.stdout
    assert f"indexed {len(ids)} articles" in result.stdout


def test_update_index_dry_run_and_remove(ingested, run_command):
    article = Article.objects.order_by("pk").first()
    dry = run_command("update_index", "--dry-run")
    assert "would index" in dry.stdout
    Article.objects.filter(pk=article.pk).delete()  # behind the services' back
    run_command("update_index", "--remove")
    assert not SearchDocument.objects.filter(django_id=str(article.pk)).exists()
