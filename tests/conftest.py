"""Shared fixtures: the sample pages, running commands, counting rows."""

from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import translation

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "ocr"

TEST_PUBLICATIONS = """
[[publication]]
slug = "test-gazette"
name = "测试报"
edition = "城市版"
masthead_patterns = ["^测试报$", "测试报社"]
"""


@dataclass
class CommandResult:
    stdout: str
    stderr: str
    error: str | None  # the CommandError message, if the command failed

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


@pytest.fixture
def sample_paths() -> list[Path]:
    paths = sorted(FIXTURES_DIR.glob("*.txt"))
    assert len(paths) >= 2, "the sample pages are missing from fixtures/ocr/"
    return paths


@pytest.fixture
def run_command():
    """Run a management command; return its output instead of raising."""

    def run(name: str, *args, language: str = "en", **options) -> CommandResult:
        # Commands' messages are asserted in their English msgids; that every
        # one reads in Chinese by default is tests/test_translations.py's job.
        out, err = StringIO(), StringIO()
        try:
            with translation.override(language):
                call_command(
                    name,
                    *map(str, args),
                    stdout=out,
                    stderr=err,
                    no_color=True,
                    **options,
                )
        except CommandError as exc:
            return CommandResult(out.getvalue(), err.getvalue(), str(exc))
        return CommandResult(out.getvalue(), err.getvalue(), None)

    return run


@pytest.fixture
def english(client, settings):
    """The site and services in English, for tests that assert messages by
    their English msgids (the Chinese default is tested in tests/browser/
    test_chinese.py and tests/test_translations.py)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def row_counts():
    """Row counts of every model of the archive, keyed by model label."""

    def counts(*, exclude: tuple[str, ...] = ()) -> dict[str, int]:
        return {
            model._meta.label: model.objects.count()
            for app in ("articles", "people")
            for model in apps.get_app_config(app).get_models()
            if model._meta.label not in exclude
        }

    return counts


@pytest.fixture
def test_publications(tmp_path, settings):
    """Point NEWSROOM_PUBLICATIONS_FILE at a file naming only "test-gazette"."""
    path = tmp_path / "publications.toml"
    path.write_text(TEST_PUBLICATIONS, encoding="utf-8")
    settings.NEWSROOM_PUBLICATIONS_FILE = path
    return path


@pytest.fixture(autouse=True)
def _search_names_reset():
    """Each test's database starts without people: let the search analyser
    reload the names it knows from that database. Likewise the documents
    table, which holds ids that the test's rollback gives out again."""
    from search import analysis
    from search.documents import document_table_reset

    analysis.reset_names()
    document_table_reset()
