"""Ingest refuses what is not a page, names every file safely, and its runs
end with the right counts, even after a killed run.

Findings: NUL bytes after the first 8 KB passed the binary check and failed
as "unexpected error: DataError" on PostgreSQL; a file name that is not
UTF-8 crashed ingest and left the run "running" with wrong counts; a FIFO
hung it; a name with a newline or ANSI escapes forged output lines; a run
killed with `kill -9` stayed "running" forever.
"""

import datetime as dt
import os
import socket
import subprocess

import pytest

from articles.models import IngestRun, PageSource

from .conftest import deadline

pytestmark = pytest.mark.django_db

PAGE = "测试报\n\n# 会议召开\n\n本报讯 今天上午，市里召开会议。\n"
OPTIONS = {"publication": "test-gazette", "date": dt.date(2021, 3, 1)}


def _run():
    return IngestRun.objects.order_by("-pk").first()


def test_nul_anywhere_in_a_file_is_binary(
    run_command, row_counts, tmp_path, test_publications
):
    path = tmp_path / "late-nul.txt"
    path.write_bytes(
        PAGE.encode() + "正文。".encode() * 3000 + b"\x00" + "尾。".encode()
    )
    before = row_counts(exclude=("articles.IngestRun",))

    result = run_command("ingest", path, workers=0, **OPTIONS)

    assert result.error_lines == [f"{path}: binary file (contains NUL bytes)"]
    assert row_counts(exclude=("articles.IngestRun",)) == before


def test_a_file_name_that_is_not_utf8(run_command, tmp_path, test_publications):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"bad-\xff-name.txt"), "wb") as fh:
        fh.write(PAGE.encode())
    (tmp_path / "good.txt").write_text(PAGE.replace("会议", "大会"), encoding="utf-8")

    result = run_command("ingest", tmp_path, workers=0, replace=True, **OPTIONS)

    output = result.stdout + result.stderr + (result.error or "")
    assert "Traceback" not in output and "unexpected error" not in output
    run = _run()
    assert run.status != IngestRun.Status.RUNNING
    assert run.sources == 2
    assert run.pages_created + run.pages_replaced + run.pages_failed == 2
    assert run.pages_failed == 0
    names = set(PageSource.objects.values_list("file_name", flat=True))
    assert "bad-\\xff-name.txt" in names


@pytest.mark.parametrize("kind", ["fifo", "socket", "device"])
def test_what_is_not_a_regular_file_is_refused(run_command, tmp_path, kind):
    if kind == "fifo":
        path = tmp_path / "pipe.txt"
        os.mkfifo(path)
    elif kind == "socket":
        path = tmp_path / "sock.txt"
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
    else:
        path = "/dev/zero"

    with deadline(20):
        given = run_command("ingest", path, workers=0)
        walked = (
            run_command("ingest", tmp_path, workers=0) if kind != "device" else None
        )

    assert given.error_lines == [f"{path}: not a regular file"]
    if walked is not None:  # found in a folder: reported, not skipped silently
        assert walked.error_lines == [f"{path}: not a regular file"]
    assert _run().status == IngestRun.Status.FAILED


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("two\nlines: created.txt", "two\\nlines: created.txt"),
        ("\x1b[2J\x1b[31mred.txt", "\\x1b[2J\\x1b[31mred.txt"),
        ("\u202etxt.exe", "\\u202etxt.exe"),
    ],
)
def test_file_names_cannot_forge_output(run_command, tmp_path, name, shown):
    (tmp_path / name).write_bytes(b"")  # empty: refused, with its name

    result = run_command("ingest", tmp_path / name, workers=0)

    assert result.error_lines == [f"{tmp_path}/{shown}: empty file"]
    assert "\x1b" not in result.stderr


def _dead_pid() -> int:
    child = subprocess.Popen(["sleep", "60"])
    child.kill()
    child.wait()
    return child.pid


def test_a_run_left_running_by_a_killed_process_is_interrupted(
    run_command, tmp_path, test_publications
):
    killed = IngestRun.objects.create(
        host=socket.gethostname(), pid=_dead_pid(), options={"paths": ["x"]}
    )
    alive = IngestRun.objects.create(host=socket.gethostname(), pid=os.getppid())
    elsewhere = IngestRun.objects.create(host="another-machine", pid=_dead_pid())
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")

    assert run_command("ingest", tmp_path, workers=0, **OPTIONS).error is None

    statuses = dict(IngestRun.objects.values_list("pk", "status"))
    assert statuses[killed.pk] == "interrupted"
    assert statuses[alive.pk] == "running"  # still working
    assert statuses[elsewhere.pk] == "running"  # cannot tell from here
    killed.refresh_from_db()
    assert killed.finished_at is not None
