"""The page's header: masthead lines, the issue's date line, the running head.

Every paper prints its name, the date and the page's number and section,
but where the text puts them depends on the extraction (a PDF extractor may
put the date line in the middle of the page). What is found here is page
furniture, never part of an article.
"""

from __future__ import annotations

import re

from .dates import is_date_line, running_head
from .normalise import visible_length
from .profile import PublicationProfile

HEADER_SCAN_LINES = 12
_GENERIC_MASTHEAD = re.compile(
    r"日报|晚报|早报|时报|商报|报社|主办|联办|出版|总第\s*\d+\s*期|农历|星期|第\s*\d+\s*版"
    r"|^[A-Z][A-Z .]{2,}$|^[\u4e00-\u9fff·]{2,10}报$"
)
_MAX_MASTHEAD_LINE = 40
_ISSUE_LINE = re.compile(
    r"农历|星期|礼拜|总第\s*\d+\s*期|第\s*\d+\s*版|^[A-Z][A-Z .]{2,}$"
)


def header_length(rules: list[str], profile: PublicationProfile | None) -> int:
    """How many lines at the top are masthead and issue date lines."""
    count = 0
    for rule in rules[:HEADER_SCAN_LINES]:
        is_masthead = (profile and profile.is_masthead_line(rule)) or (
            (_GENERIC_MASTHEAD.search(rule) or is_date_line(rule))
            and visible_length(rule) <= _MAX_MASTHEAD_LINE
        )
        if not is_masthead:
            break
        count += 1
    return count


def is_running_furniture(rule: str) -> bool:
    """A date line or a running head (`3 要闻`) wherever the page puts it."""
    if visible_length(rule) > _MAX_MASTHEAD_LINE:
        return False
    return is_date_line(rule) or running_head(rule) is not None


def page_head(rules: list[str]) -> tuple[int, str] | None:
    """(page number, section) of the first running head on the page."""
    for rule in rules:
        if visible_length(rule) <= _MAX_MASTHEAD_LINE and (head := running_head(rule)):
            return head
    return None


def masthead_text(header: list[str]) -> str | None:
    """The paper's name as the page prints it: the header lines that are not
    the date, the issue number or a running head (`嘉兴日报社 … 联办`)."""
    names = [
        " ".join(line.split())
        for line in header
        if not is_date_line(line)
        and not _ISSUE_LINE.search(line)
        and running_head(line) is None
    ]
    return " / ".join(names[:2]) or None
