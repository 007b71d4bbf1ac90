"""`manage.py ingest --queue` with a real RabbitMQ and real worker processes.

Not Celery's eager mode: two `celery -A newsroom worker` processes take the
tasks from the broker and write to the test's database; one of them is
killed with SIGKILL in the middle of a page.
"""

from __future__ import annotations

import re

import psycopg
import pytest
from django.db.models import F

from articles.models import (
    Article,
    IngestRun,
    IngestRunFile,
    Page,
    PageSource,
)
from articles.services import publication_profiles, publication_seed, source_prepare
from articles.tasks import app
from bench.ingest import generate
from people.models import Organisation, Person
from search.models import SearchDocument, SearchQueueEntry
from tests.queue.conftest import database_url
from tests.waiting import wait_for

PAGES = 6
RUN_SECONDS = 180


def _run_id(result) -> int:
    assert result.error is None, result.stderr
    return int(re.search(r"Ingest run (\d+)", result.stdout).group(1))


def _finished(run_id: int) -> IngestRun | None:
    run = IngestRun.objects.get(pk=run_id)
    return run if run.finished_at is not None else None


def _waiting(db, workers) -> dict:
    """The workers whose database session waits for a lock, with what it is
    ("relation": a table, mid-page; "advisory": its turn to write a page)."""
    rows = db.execute(
        "SELECT application_name, wait_event FROM pg_stat_activity "
        "WHERE wait_event_type = 'Lock' AND application_name = ANY(%s)",
        [[w.name for w in workers]],
    ).fetchall()
    by_name = {w.name: w for w in workers}
    return {by_name[name]: event for name, event in rows}


def _assert_pages_complete(files) -> None:
    """Each file's page is in the archive exactly once, with all it holds."""
    profiles = publication_profiles()
    for path in files:
        prepared = source_prepare(source=path, profiles=profiles, max_bytes=2**22)
        source = PageSource.objects.get(sha256=prepared.sha256)
        page = Page.objects.get(source=source)
        assert page.blocks.count() == len(prepared.draft.blocks), path.name
        assert page.articles.count() == len(prepared.draft.articles), path.name
    assert Page.objects.count() == PageSource.objects.count() == len(files)


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_page_loses_nothing_and_rerun_changes_nothing(
    tmp_path, start_worker, run_command
):
    folder = tmp_path / "pages"
    folder.mkdir()
    generate(folder, PAGES, seed=3)
    files = sorted(folder.iterdir())

    # Hold every page at its text blocks: the first rows (page, source,
    # articles) are written, the transaction is open when the kill comes.
    with psycopg.connect(database_url()) as holder:
        holder.execute("LOCK TABLE articles_textblock IN EXCLUSIVE MODE")
        workers = [start_worker("queue-w1"), start_worker("queue-w2")]
        run_id = _run_id(run_command("ingest", folder, queue=True))
        with psycopg.connect(database_url(), autocommit=True) as watcher:
            waiting = wait_for(
                lambda: (
                    (found := _waiting(watcher, workers)).keys() == set(workers)
                    and found
                ),
                seconds=60,
                what="both workers to be busy with a page",
            )
        # The one writing its page (the other waits for its turn) is killed.
        (doomed,) = (w for w, event in waiting.items() if event == "relation")
        (survivor,) = set(workers) - {doomed}
        doomed.kill()
        # Nothing of a page is visible before its transaction commits.
        assert Page.objects.count() == 0
        holder.rollback()  # releases the lock

    run = wait_for(
        lambda: _finished(run_id), seconds=RUN_SECONDS, what="the run to finish"
    )
    assert (run.status, run.sources, run.pages_created) == (
        IngestRun.Status.SUCCEEDED,
        PAGES,
        PAGES,
    ), survivor.output()
    # The killed worker committed nothing; its page was redone by the other.
    assert set(IngestRunFile.objects.values_list("worker", flat=True)) == {
        f"{survivor.name}@{_host(survivor)}"
    }
    _assert_pages_complete(files)
    # Each article's entry in the API's listing was made with its page.
    assert not Article.objects.exclude(listing__page_version=F("page__version"))
    # Search indexing is a task of the same queue.
    wait_for(
        lambda: (
            not SearchQueueEntry.objects.exists()
            and SearchDocument.objects.count() == Article.objects.count()
        ),
        seconds=RUN_SECONDS,
        what="the run's articles to be indexed",
    )

    # Rerunning the same files finishes nothing new and changes nothing.
    articles = Article.objects.count()
    rerun_id = _run_id(run_command("ingest", folder, queue=True))
    rerun = wait_for(
        lambda: _finished(rerun_id), seconds=RUN_SECONDS, what="the rerun to finish"
    )
    assert (rerun.status, rerun.pages_unchanged, rerun.pages_created) == (
        IngestRun.Status.SUCCEEDED,
        PAGES,
        0,
    )
    assert Article.objects.count() == articles
    _assert_pages_complete(files)

    status = run_command("ingest", status=run_id)
    assert f"{PAGES}/{PAGES} files done: {PAGES} created" in status.stdout
    assert "succeeded" in status.stdout


@pytest.mark.django_db(transaction=True)
def test_two_workers_writing_at_once_create_each_person_once(
    tmp_path, start_worker, run_command
):
    """The generated pages name the same people: two workers released at
    the same moment in the middle of their pages must not both create them."""
    folder = tmp_path / "pages"
    folder.mkdir()
    generate(folder, 8, seed=5)
    for path in sorted(folder.iterdir())[1::2]:
        path.unlink()  # pages alternate between the samples: keep one's
    # The paper exists already: the workers' first collision would be on it.
    publication_seed(publication_profiles()[0])
    with psycopg.connect(database_url()) as holder:
        holder.execute("LOCK TABLE articles_textblock IN EXCLUSIVE MODE")
        workers = [start_worker("queue-w1"), start_worker("queue-w2")]
        run_id = _run_id(run_command("ingest", folder, queue=True))
        with psycopg.connect(database_url(), autocommit=True) as watcher:
            wait_for(
                lambda: _waiting(watcher, workers).keys() == set(workers),
                seconds=60,
                what="both workers to be busy with a page",
            )
        holder.rollback()
    run = wait_for(
        lambda: _finished(run_id), seconds=RUN_SECONDS, what="the run to finish"
    )
    assert (run.status, run.pages_created) == (IngestRun.Status.SUCCEEDED, 4)
    for model in (Person, Organisation):
        names = list(model.objects.values_list("name", flat=True))
        assert names and len(names) == len(set(names)), model.__name__


def _host(worker) -> str:
    return re.search(rf"{worker.name}@([^\s]+) ", worker.output()).group(1)


def test_the_app_acknowledges_late_one_message_at_a_time():
    """What the kill test relies on, stated: ack after the commit, prefetch 1,
    and a message given back when its worker dies."""
    conf = app.conf
    assert (conf.task_acks_late, conf.worker_prefetch_multiplier) == (True, 1)
    assert conf.task_reject_on_worker_lost is True
