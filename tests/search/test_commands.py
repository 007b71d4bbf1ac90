"""update_index / rebuild_index: batches, resuming, removal."""

import pytest
from django.db import connection
from haystack import connections

from articles.models import Article
from search.models import SearchDocument, SearchIndexRun
from search.services import article_search

pytestmark = pytest.mark.django_db


def test_rebuild_index_indexes_everything_in_batches(ingested, run_command, text_index):
    connections["default"].get_backend().clear()
    assert not SearchDocument.objects.exists()
    assert article_search(q="仲旭东").total == 0
    result = run_command("rebuild_index", "--noinput", "--batch-size", "4")
    assert result.error is None
    assert SearchDocument.objects.count() == Article.objects.count()
    assert article_search(q="仲旭东").total >= 1
    run = SearchIndexRun.objects.get()
    assert run.finished_at and run.done == Article.objects.count()
    if connection.vendor == "postgresql":  # dropped for the load, built again
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT to_regclass('search_vector_{text_index}')")
            assert cursor.fetchone()[0] is not None


def test_update_index_resumes_an_interrupted_run(ingested, run_command):
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    run_command("rebuild_index", "--noinput")
    # An interrupted run: it got as far as the fifth article.
    SearchIndexRun.objects.create(model="articles.article", last_pk=ids[4], done=5)
    result = run_command("update_index", "--batch-size", "3", language="zh-hans")
    # Chinese, the default language, also on the command line.
    assert f"从文章 {ids[4]} 之后继续" in result.stdout
    assert f"已索引 {len(ids)} 篇文章" in result.stdout


def test_update_index_dry_run_and_remove(ingested, run_command):
    article = Article.objects.order_by("pk").first()
    dry = run_command("update_index", "--dry-run", language="zh-hans")
    assert "将索引" in dry.stdout
    Article.objects.filter(pk=article.pk).delete()  # behind the services' back
    run_command("update_index", "--remove")
    assert not SearchDocument.objects.filter(django_id=str(article.pk)).exists()


def index_contents():
    """Every index entry by object: its facets and the engine's text."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT d.django_id, v.vector::text FROM search_searchdocument d "
                "JOIN search_vector v ON v.id = d.id"
            )
        else:
            cursor.execute(
                "SELECT d.django_id, f.title || '|' || f.body || '|' || "
                "f.title_pairs || '|' || f.body_pairs FROM search_searchdocument d "
                "JOIN search_fts f ON f.rowid = d.id"
            )
        text = dict(cursor.fetchall())
    facets = {}
    for django_id, field, value in SearchDocument.objects.values_list(
        "django_id", "facets__field", "facets__value"
    ):
        facets.setdefault(django_id, set()).add((field, value))
    return text, facets


def test_worker_processes_index_exactly_what_this_process_does(ingested, run_command):
    run_command("rebuild_index", "--noinput", "--batch-size", "5")
    # rebuild_index passes no --workers: update_index's default is used.
    alone = run_command("update_index", "--restart", "--workers", "0")
    assert alone.error is None
    in_process = index_contents()
    result = run_command("update_index", "--restart", "--workers", "2", "-b", "3")
    assert result.error is None, result.stderr
    assert index_contents() == in_process
    text, facets = in_process
    assert len(text) == Article.objects.count() and all(text.values())
    assert any(("kind", "news") in values for values in facets.values())


@pytest.fixture
def whoosh_engine(tmp_path, settings):
    """haystack's stock Whoosh backend (with jieba's analyser) as the default
    connection: an engine other than search.backends'."""
    info = connections.connections_info
    settings.HAYSTACK_CONNECTIONS = connections.connections_info = {
        "default": {
            "ENGINE": "bench.whoosh_baseline.ChineseWhooshEngine",
            "PATH": str(tmp_path / "whoosh"),
        }
    }
    connections.reload("default")
    yield connections["default"]
    connections.connections_info = info
    connections.reload("default")


def test_update_index_works_with_another_haystack_engine(
    ingested, run_command, whoosh_engine
):
    result = run_command("update_index", "--workers", "2", "-b", "7")
    assert result.error is None, result.stderr
    whoosh_engine.get_backend().setup()
    found = whoosh_engine.get_backend().search("仲旭东")
    assert found["hits"] >= 1
    assert SearchIndexRun.objects.get().done == Article.objects.count()
