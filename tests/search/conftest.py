import pytest

from search.indexing import search_queue_process


@pytest.fixture
def ingested(run_command, sample_paths, django_capture_on_commit_callbacks):
    """The two sample pages ingested and indexed as the ingest command does."""
    with django_capture_on_commit_callbacks(execute=True):
        result = run_command("ingest", *sample_paths)
    assert result.error is None, result.stderr
    search_queue_process()


@pytest.fixture
def index_now(django_capture_on_commit_callbacks):
    """Run a write path and the reindexing its commit triggers."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
