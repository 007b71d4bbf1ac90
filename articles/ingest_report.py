"""What ingest tells about a page beyond its articles (pure: no database).

The parser finds a date only when it exists; a date line that prints a day
that does not exist (2月30日, an OCR misreading of a digit) then reads as "no
date found", which sends the editor looking for a line that is right there.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# As printed in a date line: 2022年2月30日 (full-width digits are folded first).
_PRINTED_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# Date lines are at the top of a page; an impossible date in an article's text
# ("the 35th day") is not the page's date.
HEADER_CHARACTERS = 2_000


def impossible_date(text: str) -> str | None:
    """The first date printed near the top of `text` that is no real day, as
    printed (spaces removed), or None."""
    head = unicodedata.normalize("NFKC", text[:HEADER_CHARACTERS])
    for match in _PRINTED_DATE.finditer(head):
        year, month, day = (int(g) for g in match.groups())
        try:
            dt.date(year, month, day)
        except ValueError:
            return re.sub(r"\s+", "", match.group(0))
    return None
