"""What `ingest` says about a page: its warnings, an impossible date."""

import pytest

from articles.ingest_report import impossible_date
from articles.models import Page

pytestmark = pytest.mark.django_db

# The weekday printed (星期一) is not the weekday of 2021-03-02 (a Tuesday).
WRONG_WEEKDAY_PAGE = (
    "测试报\n\n2021年3月2日 星期一\n\n# 会议召开\n\n本报讯 今天上午，市里召开会议。\n"
)
IMPOSSIBLE_DATE_PAGE = "测试报\n\n2022年2月30日 星期三\n\n# 会议召开\n\n本报讯 会议。\n"


def test_impossible_date_is_found_as_printed():
    assert impossible_date("报头\n２０２２年２月３０日\n正文") == "2022年2月30日"
    assert impossible_date("2022年 2月 28日") is None
    assert impossible_date("没有日期") is None


def test_each_warning_is_printed_under_its_file(
    run_command, tmp_path, test_publications
):
    path = tmp_path / "weekday.txt"
    path.write_text(WRONG_WEEKDAY_PAGE, encoding="utf-8")

    result = run_command("ingest", path, workers=0, publication="test-gazette")

    assert result.error is None, result.stderr
    page = Page.objects.get()
    assert page.warnings, "the sample must make the parser warn"
    lines = result.stdout.splitlines()
    header = lines.index(f"{path}: created")
    assert lines[header + 1 : header + 1 + len(page.warnings)] == [
        f"  warning: {warning}" for warning in page.warnings
    ]


def test_a_dry_run_prints_the_warnings_too(run_command, tmp_path, test_publications):
    path = tmp_path / "weekday.txt"
    path.write_text(WRONG_WEEKDAY_PAGE, encoding="utf-8")

    result = run_command(
        "ingest", path, workers=0, dry_run=True, publication="test-gazette"
    )

    assert "  warning: printed weekday" in result.stdout
    assert not Page.objects.exists()


def test_an_impossible_date_is_named_as_such(run_command, tmp_path, test_publications):
    path = tmp_path / "feb30.txt"
    path.write_text(IMPOSSIBLE_DATE_PAGE, encoding="utf-8")

    result = run_command("ingest", path, workers=0, publication="test-gazette")

    assert result.error is not None
    assert f"{path}: impossible date 2022年2月30日 printed" in result.stderr
    assert "no date found" not in result.stderr
