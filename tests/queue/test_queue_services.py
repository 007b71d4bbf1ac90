"""The queued ingest's bookkeeping, without a broker: tasks are collected as
they are sent and run here, in order, by calling the service a worker calls.
(The broker and real workers: test_queued_ingest.py.)"""

from __future__ import annotations

import base64

import pytest
from django.urls import reverse

from articles.models import IngestRun, IngestRunFile, Page, PageSource
from articles.services import queue as ingest_queue
from tests.conftest import FIXTURES_DIR

pytestmark = pytest.mark.django_db


def _enqueue(files, missing=()):
    tasks, indexes = [], []
    run = ingest_queue.ingest_run_enqueue(
        files=files,
        missing=missing,
        options={"paths": [str(f) for f in files]},
        send=tasks.append,
        send_index=indexes.append,
    )
    return run, tasks, indexes


def _work(task) -> str | None:
    return ingest_queue.ingest_file_process(
        run_id=task.run_id,
        sha256=task.sha256,
        file_name=task.file_name,
        data=task.data,
        worker="w@test",
    )


@pytest.fixture
def files(tmp_path, sample_paths):
    copy = tmp_path / "copy.txt"  # the same content as the first page
    copy.write_bytes(sample_paths[0].read_bytes())
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01 not a page")
    return [*sample_paths, copy, bad]


def test_one_task_per_content_and_a_redelivered_task_changes_nothing(
    files, tmp_path, row_counts
):
    run, tasks, indexes = _enqueue(files, missing=[tmp_path / "absent.txt"])
    # The copy's task has the first page's key; the bad file's task will fail.
    assert len(tasks) == len(files)
    assert tasks[0].sha256 == tasks[2].sha256
    assert indexes == [run.pk]
    assert {t.sha256 for t in tasks} == set(
        IngestRunFile.objects.exclude(sha256="").values_list("sha256", flat=True)
    )
    assert base64.b64decode(tasks[0].data) == files[0].read_bytes()

    outcomes = [_work(t) for t in tasks]
    # The first of the same content settles the copy too.
    assert outcomes == ["created", "created", None, "failed"]
    before = row_counts()
    assert [_work(t) for t in tasks] == [None] * 4  # redelivered
    assert row_counts() == before

    by_name = dict(IngestRunFile.objects.values_list("file_name", "status"))
    assert by_name == {
        str(files[0]): "created",
        str(files[1]): "created",
        str(files[2]): "unchanged",
        str(files[3]): "failed",
        str(tmp_path / "absent.txt"): "failed",
    }
    run = ingest_queue.ingest_run_close(run_id=run.pk)
    assert (run.status, run.sources, run.pages_created, run.pages_failed) == (
        IngestRun.Status.PARTIAL,
        5,
        2,
        2,
    )
    assert {e["file"] for e in run.errors} == {
        str(files[3]),
        str(tmp_path / "absent.txt"),
    }
    assert Page.objects.count() == PageSource.objects.count() == 2


def test_a_run_closes_only_when_no_file_is_pending(sample_paths):
    run, tasks, _ = _enqueue(sample_paths)
    _work(tasks[0])
    assert ingest_queue.ingest_run_close(run_id=run.pk).finished_at is None
    _work(tasks[1])
    run = ingest_queue.ingest_run_close(run_id=run.pk)
    assert (run.status, run.pages_created) == (IngestRun.Status.SUCCEEDED, 2)


def test_a_file_that_meets_a_concurrent_write_is_retried_not_failed(
    sample_paths, monkeypatch
):
    from django.db import IntegrityError

    run, tasks, _ = _enqueue(sample_paths[:1])

    def collide(**kwargs):
        raise IntegrityError("duplicate key value (another worker's issue)")

    monkeypatch.setattr(ingest_queue, "source_ingest", collide)
    with pytest.raises(ingest_queue.TransientError):
        _work(tasks[0])
    assert IngestRunFile.objects.get().status == IngestRunFile.Status.QUEUED
    monkeypatch.undo()
    assert _work(tasks[0]) == "created"


def test_status_shows_progress_failures_and_summary(files, run_command):
    run, tasks, _ = _enqueue(files)
    _work(tasks[0])
    status = run_command("ingest", status=run.pk)
    assert f"Ingest run {run.pk} (running): 2/4 files done" in status.stdout
    assert "2 queued" in status.stdout
    assert "Finished" not in status.stdout

    for task in tasks[1:]:
        _work(task)
    ingest_queue.ingest_run_close(run_id=run.pk)
    status = run_command("ingest", status=run.pk)
    assert "4/4 files done: 2 created, 1 unchanged, 0 replaced, 1 failed" in (
        status.stdout
    )
    assert f"{files[3]}: " in status.stdout  # the failed file and its problem
    assert "Finished" in status.stdout and "partial" in status.stdout


def test_status_of_a_run_ingested_in_one_process(run_command):
    result = run_command("ingest", FIXTURES_DIR)
    run = IngestRun.objects.get()
    status = run_command("ingest", status=run.pk)
    assert result.error is None
    assert "Finished" in status.stdout and "2 created" in status.stdout
    missing = run_command("ingest", status=run.pk + 1)
    assert missing.error == f"no ingest run {run.pk + 1}"


def test_queue_refuses_dry_run_and_paths_are_required(run_command, sample_paths):
    assert (
        "without --queue"
        in run_command("ingest", sample_paths[0], queue=True, dry_run=True).error
    )
    assert "PATH" in run_command("ingest").error


def test_admin_shows_progress_and_failed_files(admin_client, files):
    run, tasks, _ = _enqueue(files)
    for task in tasks:
        _work(task)
    changelist = admin_client.get(reverse("admin:articles_ingestrun_changelist"))
    assert "4/4" in changelist.content.decode()
    detail = admin_client.get(
        reverse("admin:articles_ingestrun_change", args=[run.pk])
    ).content.decode()
    # The inline lists the failed file with its problem, not the others.
    failed = IngestRunFile.objects.get(status=IngestRunFile.Status.FAILED)
    assert failed.problem in detail
    assert "1 of 1" in detail or detail.count("field-problem") == 1
