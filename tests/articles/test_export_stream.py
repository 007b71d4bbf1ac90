"""`export --format jsonl|json` streams, and stops quietly when the reader does."""

import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import FIXTURES_DIR

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_jsonl_is_one_issue_per_line_and_json_one_document(run_command, sample_paths):
    run_command("ingest", *sample_paths, workers=0)

    lines = run_command("export", format="jsonl").stdout.splitlines()
    document = json.loads(run_command("export", format="json").stdout)

    assert len(lines) == 2
    assert [json.loads(line) for line in lines] == document["issues"]


class ClosingReader(StringIO):
    """A pipe whose reader goes away after the first line."""

    def write(self, text):
        if "\n" in self.getvalue():
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)


@pytest.mark.django_db
def test_a_closed_pipe_ends_the_export_quietly(run_command, sample_paths):
    run_command("ingest", *sample_paths, workers=0)
    out = ClosingReader()

    call_command("export", format="jsonl", stdout=out)  # raises nothing

    assert json.loads(out.getvalue().splitlines()[0])["pages"]


ISSUES = 8  # ~20 KB each: more than a pipe holds, so `head` closes it early


def test_export_piped_into_head_exits_zero(tmp_path):
    """The README's pipeline, in a real shell with real processes."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'export.sqlite3'}",
        "NEWSROOM_SEARCH_QUEUE": "",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    # A sample page without its serial number, filed under several dates.
    text = sorted(FIXTURES_DIR.glob("*.txt"))[0].read_text(encoding="utf-8")
    sample = tmp_path / "page.txt"
    sample.write_text(re.sub(r"总第\d+期", "", text), encoding="utf-8")
    script = (
        "import datetime as dt, pathlib\n"
        "from articles.services import source_ingest\n"
        f"for day in range(1, {ISSUES + 1}):\n"
        f"    source_ingest(source=pathlib.Path({str(sample)!r}),"
        " date_override=dt.date(2001, 1, day))\n"
    )
    subprocess.run([*manage, "shell", "-c", script], env=env, check=True, cwd=ROOT)

    pipeline = subprocess.run(
        [
            "bash",
            "-o",
            "pipefail",
            "-c",
            f"{sys.executable} manage.py export --format jsonl | head -1"
            f" | {sys.executable} -m json.tool",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )

    assert pipeline.returncode == 0, pipeline.stderr
    assert pipeline.stderr == ""
    assert json.loads(pipeline.stdout)["date"] == "2001-01-01"
