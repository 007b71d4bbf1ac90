"""The issue's date line: Gregorian date, printed weekday, lunar date, serial number.

The printed weekday and lunar date are checked against the Gregorian date with
lunar-python (a maintained calendar; `lunardate` silently gives wrong answers
outside its table). A disagreement is a warning on the page: OCR misreads
digits, so neither side can be trusted blindly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from lunar_python import LunarYear, Solar

DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
WEEKDAY_RE = re.compile(r"(?:星期|礼拜|周)\s*([一二三四五六日天])")
LUNAR_RE = re.compile(
    r"农历\s*(?:([甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥])\s*年)?\s*"
    r"(闰?)\s*([正一二三四五六七八九十冬腊]{1,2})\s*月\s*([初十廿卅二三][一二三四五六七八九十])"
)
SERIAL_RE = re.compile(r"总\s*第\s*(\d+)\s*期")
PAGE_RE = re.compile(r"第\s*(\d{1,3})\s*版")

_WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
_LUNAR_MONTHS = {
    "正": 1, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
    "八": 8, "九": 9, "十": 10, "十一": 11, "冬": 11, "十二": 12, "腊": 12,
}  # fmt: skip


_DATE_LINE_FILLER = re.compile(
    r"[\s◆◇■□●·•|｜,，、.:：/\-—]+|公历|农历|年|月|日|号|出版|今日\d+版|本期\d+版"
)


def is_date_line(text: str) -> bool:
    """A line that prints the issue's date and little else (a running date line)."""
    if find_date(text) is None:
        return False
    rest = DATE_RE.sub("", text)
    for pattern in (
        _YMD_RE,
        _DMY_RE,
        _DM_WEEKDAY_Y_RE,
        WEEKDAY_RE,
        LUNAR_RE,
        SERIAL_RE,
    ):
        rest = pattern.sub("", rest)
    return len(_DATE_LINE_FILLER.sub("", rest)) <= 4


_RUNNING_HEAD = re.compile(r"(\d{1,4})\s*([\u4e00-\u9fff·]{2,12})")


def running_head(text: str) -> tuple[int, str] | None:
    """`3 要闻` (a page number and section name) → (3, 要闻).

    A PDF extractor that draws a title twice gives `33 要闻要闻`: the number
    is drawn twice too.
    """
    match = _RUNNING_HEAD.fullmatch(text.strip())
    if not match:
        return None
    digits, section = match.groups()
    half = len(section) // 2
    if len(section) % 2 == 0 and section[:half] == section[half:]:
        section = section[:half]
        size = len(digits) // 2
        if len(digits) % 2 == 0 and digits[:size] == digits[size:]:
            digits = digits[:size]
    number = int(digits)
    return (number, section) if 0 < number <= 200 else None


@dataclass(frozen=True, slots=True)
class DateLine:
    date: dt.date | None = None
    weekday: int | None = None
    lunar_date: str | None = None
    number: int | None = None
    page: int | None = None


# 2011.5.24, 2011-05-24, 2011/5/24
_YMD_RE = re.compile(r"(?<!\d)(\d{4})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})(?!\d)")
# 24/05/2011 (day first, or month first: the printed weekday decides)
_DMY_RE = re.compile(r"(?<!\d)(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?!\d)")
# 18/02 TUE·2025
_DM_WEEKDAY_Y_RE = re.compile(
    r"(?<!\d)(\d{1,2})\s*/\s*(\d{1,2})\s*([A-Za-z]{3})[A-Za-z]*\.?\s*[·•.,\s]?\s*(\d{4})(?!\d)"
)
_LATIN_WEEKDAYS = {
    "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7,
}  # fmt: skip


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def printed_weekday(text: str) -> int | None:
    """The weekday printed in `text` (星期四, 周四, 礼拜天, THU), ISO numbered."""
    if wd := WEEKDAY_RE.search(text):
        return _WEEKDAYS[wd.group(1)]
    if latin := _DM_WEEKDAY_Y_RE.search(text):
        return _LATIN_WEEKDAYS.get(latin.group(3).lower())
    return None


def find_date(text: str, weekday: int | None = None) -> dt.date | None:
    """The first date printed in `text`, in any of the common forms.

    A day and month written as numbers only (08/06/2023) are read day first
    unless the printed weekday says month first.
    """
    if match := DATE_RE.search(text):
        return _make_date(*(int(g) for g in match.groups()))
    if match := _YMD_RE.search(text):
        return _make_date(*(int(g) for g in match.groups()))
    if match := _DM_WEEKDAY_Y_RE.search(text):
        day, month, name, year = match.groups()
        weekday = _LATIN_WEEKDAYS.get(name.lower(), weekday)
        return _day_or_month_first(int(day), int(month), int(year), weekday)
    if match := _DMY_RE.search(text):
        first, second, year = (int(g) for g in match.groups())
        return _day_or_month_first(first, second, year, weekday)
    return None


def _day_or_month_first(
    first: int, second: int, year: int, weekday: int | None
) -> dt.date | None:
    candidates = [
        d
        for d in (_make_date(year, second, first), _make_date(year, first, second))
        if d is not None
    ]
    for candidate in candidates:
        if weekday is None or candidate.isoweekday() == weekday:
            return candidate
    return candidates[0] if candidates else None


def read_header(lines: list[str]) -> tuple[DateLine, list[str]]:
    """Issue metadata from the page's header lines, and any warnings."""
    date = weekday = lunar = number = page = None
    for k, line in enumerate(lines):
        if date is None:
            hint = printed_weekday(line) or printed_weekday(
                " ".join(lines[k + 1 : k + 2])
            )
            date = find_date(line, hint)
            if date:
                weekday = printed_weekday(line)
        if weekday is None and date and (wd := printed_weekday(line)):
            weekday = wd
        if lunar is None and (lu := LUNAR_RE.search(line)):
            lunar = re.sub(r"\s+", "", lu.group(0))
        if number is None and (serial := SERIAL_RE.search(line)):
            number = int(serial.group(1))
        if page is None and (pg := PAGE_RE.search(line)):
            page = int(pg.group(1))
    header = DateLine(
        date=date, weekday=weekday, lunar_date=lunar, number=number, page=page
    )
    return header, check_calendar(header)


def check_calendar(header: DateLine) -> list[str]:
    if header.date is None:
        return []
    warnings = []
    actual_weekday = header.date.isoweekday()
    if header.weekday is not None and header.weekday != actual_weekday:
        warnings.append(
            f"printed weekday ({header.weekday}) disagrees with "
            f"{header.date.isoformat()} (a {header.date.strftime('%A')})"
        )
    if header.lunar_date:
        expected = lunar_parts(header.date)
        printed = LUNAR_RE.search(header.lunar_date)
        year, leap, month, day = printed.groups()
        ok = (
            (year is None or year == expected[0])
            and bool(leap) == expected[1]
            and _LUNAR_MONTHS.get(month) == expected[2]
            and day == expected[3]
        )
        if not ok:
            warnings.append(
                f"printed lunar date {header.lunar_date} disagrees with "
                f"{header.date.isoformat()} (农历{expected[0]}年"
                f"{'闰' if expected[1] else ''}{expected[2]}月{expected[3]})"
            )
    return warnings


_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_DAYS = [
    f"{prefix}{digit}"
    for prefix, digits in (("初", "一二三四五六七八九十"), ("十", "一二三四五六七八九"),
                           ("廿", "十一二三四五六七八九"), ("三", "十"))
    for digit in digits
]  # fmt: skip
_DAYS[19] = "二十"


def lunar_parts(date: dt.date) -> tuple[str, bool, int, str]:
    """(干支 year, leap month?, month number, day in Chinese) of a Gregorian date."""
    julian_day = int(
        Solar.fromYmd(date.year, date.month, date.day).getJulianDay() + 0.5
    )
    for lunar_year in (date.year, date.year - 1):
        for first_day, day_count, month in _lunar_months(lunar_year):
            if first_day <= julian_day < first_day + day_count:
                year_name = (
                    _STEMS[(lunar_year - 4) % 10] + _BRANCHES[(lunar_year - 4) % 12]
                )
                return year_name, month < 0, abs(month), _DAYS[julian_day - first_day]
    raise ValueError(f"no lunar month holds {date}")  # pragma: no cover


@lru_cache(maxsize=256)
def _lunar_months(lunar_year: int) -> tuple[tuple[int, int, int], ...]:
    # lunar-python computes a whole year of new moons (~15 ms) for each date it
    # converts; the ingest of thousands of pages needs it once per year.
    return tuple(
        (int(m.getFirstJulianDay() + 0.5), m.getDayCount(), m.getMonth())
        for m in LunarYear.fromYear(lunar_year).getMonths()
        if m.getYear() == lunar_year
    )
