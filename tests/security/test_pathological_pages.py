"""Pages that are small in bytes but huge in lines or articles are refused
with a clear line, and what is ingested is parsed in linear time.

Findings: name extraction grew quadratically (2,500 lines 4 s, 5,000 lines
16 s, 10,000 lines 65 s); a 0.94 MB page with 20,000 headings became 20,000
articles, after which its page view took 6 s and its workbench 34 s and
128 MB of HTML.
"""

import datetime as dt
import time

import pytest

from articles.models import Article, Page
from articles.services import publication_profiles, source_prepare
from tests.conftest import FIXTURES_DIR

from .conftest import deadline

pytestmark = pytest.mark.django_db

OPTIONS = {"publication": "test-gazette", "date": dt.date(2021, 3, 1)}


def _headings_page(headings: int) -> str:
    return "测试报\n" + "".join(
        f"# 标题第{n}条\n本报讯 会议召开。\n" for n in range(headings)
    )


def test_the_20000_heading_page_is_refused(
    run_command, row_counts, tmp_path, test_publications
):
    path = tmp_path / "headings.txt"
    path.write_text(_headings_page(20_000), encoding="utf-8")
    assert path.stat().st_size < 2 * 1024**2  # under the byte limit
    before = row_counts(exclude=("articles.IngestRun",))

    result = run_command("ingest", path, workers=0, **OPTIONS)

    assert result.error_lines == [
        f"{path}: too many lines (40,001 > 5,000, NEWSROOM_MAX_PAGE_LINES)"
    ]
    assert row_counts(exclude=("articles.IngestRun",)) == before


def test_too_many_articles_is_refused(
    run_command, settings, tmp_path, test_publications
):
    settings.NEWSROOM_MAX_PAGE_ARTICLES = 10
    path = tmp_path / "many.txt"
    path.write_text(_headings_page(30), encoding="utf-8")

    result = run_command("ingest", path, workers=0, **OPTIONS)

    assert len(result.error_lines) == 1
    assert result.error_lines[0].startswith(f"{path}: too many articles (")
    assert result.error_lines[0].endswith("> 10, NEWSROOM_MAX_PAGE_ARTICLES)")
    assert not Article.objects.exists()


def test_limits_are_configurable(run_command, settings, tmp_path, test_publications):
    settings.NEWSROOM_MAX_PAGE_LINES = 100_000
    settings.NEWSROOM_MAX_PAGE_ARTICLES = 100_000
    path = tmp_path / "allowed.txt"
    path.write_text(_headings_page(3_000), encoding="utf-8")

    assert run_command("ingest", path, workers=0, **OPTIONS).error is None
    assert Page.objects.get().articles.count() > 2_000


def _generated_lines(count: int) -> bytes:
    """A page of one article `count` lines long, made of the sample pages'
    own body lines over and over (the shape that was slow)."""
    lines = [
        line
        for path in sorted(FIXTURES_DIR.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    head = lines[:8]
    body = [
        line
        for line in lines[8:]
        if len(line) > 60 and not line.startswith(("#", "■", "本报讯"))
    ]
    text = head + ["# 标题"] + [body[i % len(body)] for i in range(count)]
    return "\n".join(text).encode()


def _prepare_seconds(lines: int) -> float:
    """CPU seconds of this process (a loaded machine slows the wall clock of
    one measurement and not the other's)."""
    data = _generated_lines(lines)
    started = time.process_time()
    source_prepare(
        source=data,
        file_name="generated.txt",
        profiles=publication_profiles(),
        max_bytes=len(data) + 1,
    )
    return time.process_time() - started


def test_parsing_and_name_finding_are_linear_in_the_page(settings):
    """10,000 lines parsed (and their names found) in about ten times what
    1,000 take. Asserted loosely, as a ratio: linear gives ~10, quadratic
    ~100; stopped at 15x so that a quadratic parser fails in a minute or
    two, not an hour. bench/pathological.py prints the figures."""
    settings.NEWSROOM_MAX_PAGE_LINES = 100_000  # the parser itself, unlimited
    _prepare_seconds(100)  # warm up: jieba's dictionary, regexes
    small = min(_prepare_seconds(1_000) for _ in range(2))
    with deadline(max(60, int(30 * small) + 1)):  # wall clock, loaded or not
        large = _prepare_seconds(10_000)
    assert large / small < 15, f"1,000 lines {small:.2f} s, 10,000 {large:.2f} s"
