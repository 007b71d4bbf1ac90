"""The ingest's search indexing in its worker processes, the workers' lower
priority, and its one bump of the archive's revision per batch."""

import os

import pytest
from django.db import transaction
from django.db.models import F
from haystack import connections

from articles.management.commands.ingest import WORKER_NICENESS, _worker_pool
from articles.models import ArchiveRevision, Article
from articles.search_indexes import article_index_rows, indexed_articles
from articles.services import archive_changed, archive_changes_batched
from bench.ingest import generate
from people.models import Mention, MentionStatus
from search.models import SearchQueueEntry
from tests.search.test_commands import index_contents

pytestmark = pytest.mark.django_db


def revision() -> int:
    row = ArchiveRevision.objects.filter(pk=1).first()
    return row.revision if row else 0


def test_workers_index_what_update_index_does_alone(run_command, tmp_path, monkeypatch):
    # Six pages in batches of two: each batch is analysed while the next is
    # written, by workers forked before the run created its people.
    monkeypatch.setattr("articles.management.commands.ingest.BATCH_PAGES", 2)
    generate(tmp_path, 6, seed=3)

    result = run_command("ingest", tmp_path, workers=2)

    assert result.error is None, result.stderr
    assert not SearchQueueEntry.objects.exists()
    in_workers = index_contents()
    assert len(in_workers[0]) == Article.objects.count() > 6
    # In this process, with every name the run created known beforehand.
    assert run_command("update_index", "--restart", "--workers", "0").error is None
    assert index_contents() == in_workers


def test_documents_from_values_are_those_of_loaded_articles(run_command, tmp_path):
    # What the ingest's workers analyse (plain values) against what
    # update_index analyses (articles loaded with the ORM).
    generate(tmp_path, 4, seed=5)
    assert run_command("ingest", tmp_path, workers=0).error is None
    # An editor rejects a person named in an article (not in its bylines).
    rejected = (
        Mention.objects.filter(person__isnull=False)
        .exclude(person__bylines__article=F("article"))
        .first()
    )
    Mention.objects.filter(article=rejected.article, person=rejected.person).update(
        status=MentionStatus.REJECTED
    )
    index = connections["default"].get_unified_index().get_index(Article)
    backend = connections["default"].get_backend()
    ids = list(Article.objects.values_list("pk", flat=True))
    ids.append(max(ids) + 1)  # deleted since it was queued: left out
    loaded = backend.prepare(index, list(index.index_queryset().filter(pk__in=ids)))

    from_values = backend.prepare(index, indexed_articles(article_index_rows(ids)))

    assert from_values == loaded
    assert len(loaded) == len(ids) - 1
    assert any(d.get("person") for d in loaded)
    assert any(d.get("organisation") for d in loaded)
    assert rejected.person.name not in loaded_people(loaded, rejected.article_id)


def loaded_people(documents, article_id):
    (document,) = [d for d in documents if d["django_id"] == str(article_id)]
    return document.get("person") or []


def test_changes_in_a_batch_bump_the_revision_once():
    before = revision()
    with archive_changes_batched():
        for _ in range(3):
            with transaction.atomic():
                archive_changed()
        assert revision() == before  # not before the batch ends
    assert revision() == before + 1


def test_a_change_rolled_back_in_a_batch_is_not_counted():
    before = revision()
    with archive_changes_batched(), transaction.atomic():
        with pytest.raises(ValueError), transaction.atomic():
            archive_changed()  # a refused file's savepoint
            raise ValueError
    assert revision() == before


def test_the_workers_yield_the_cpu_to_the_writer(tmp_path):
    # The writer is the run's one serial stage: on busy cores it goes first.
    files = [tmp_path / f"{number}.txt" for number in range(4)]
    with _worker_pool(files, workers=2) as pool:
        niceness = {pool.submit(os.nice, 0).result() for _ in range(8)}
    assert niceness == {min(19, os.nice(0) + WORKER_NICENESS)}
