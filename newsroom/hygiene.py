"""Text hygiene: the one place where characters that must never reach a
reader, an XML document or a database column are taken out of text.

Pure Python (no Django), so the parser's callers, the services and the API
share it. The verbatim OCR source is never passed through it: it cleans the
*reading* text of blocks and articles and every text an editor or the API
writes.

What it removes, and why:

- **Control characters** (Unicode category Cc) other than tab, line feed and
  carriage return: XML 1.0 forbids them, so one of them in a headline breaks
  the Atom feed and the sitemap; PostgreSQL refuses NUL in text. Vertical
  separators among them (form feed, vertical tab, NEL, the information
  separators) become a line feed, so the words they separated stay apart.
- **Invisible format characters** (category Cf): bidi embeddings, overrides
  and isolates (U+202A–U+202E, U+2066–U+2069) can make a headline read
  backwards on screen; zero-width spaces and joiners (U+200B–U+200D, U+2060,
  U+FEFF) and tag characters (U+E0000–U+E007F) hide text from readers and
  from search. Chinese newspaper text needs none of them.
- **Surrogates and noncharacters** (U+D800–U+DFFF, U+FDD0–U+FDEF, U+xFFFE,
  U+xFFFF): not text; XML forbids them and UTF-8 cannot encode surrogates.

Private-use characters stay: GB18030 maps rare CJK glyphs there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Category Cc minus \t \n \r. A test checks this list against unicodedata.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_VERTICAL = "\x0b\x0c\x1c-\x1e\x85"
# Category Cf as of Unicode 15 (Python 3.11–3.13's unicodedata); the test
# fails if a newer Unicode adds one, so the list is extended then.
_FORMAT_BMP = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
_FORMAT = _FORMAT_BMP + (
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_NONCHARACTER_BMP = "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
_NONCHARACTER = _NONCHARACTER_BMP + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17)
)
_UNWANTED = re.compile(f"[{_CONTROL}{_FORMAT}{_NONCHARACTER}]")
# What text_clean looks for first: the unwanted characters of the BMP and
# every character beyond it. A class with characters beyond the BMP is
# tested range by range; one without them is a table look-up: 20 ns a
# character of the ingest's text instead of 70 (0.6 ms a page). Text beyond
# the BMP (rare CJK) then gets the full search.
_SUSPECT = re.compile(
    f"[{_CONTROL}{_FORMAT_BMP}{_NONCHARACTER_BMP}\U00010000-\U0010ffff]"
)
_VERTICAL_SET = frozenset(_VERTICAL)
_CONTROL_RE = re.compile(f"[{_CONTROL}{_NONCHARACTER}]")
# For one line of output, tab and line breaks are escaped too.
_UNPRINTABLE = re.compile(f"[\t\n\r{_CONTROL}{_FORMAT}{_NONCHARACTER}\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class CleanText:
    """Text with the unwanted characters taken out, and how many of each kind."""

    text: str
    controls: int = 0  # control characters, surrogates, noncharacters
    invisible: int = 0  # bidi controls, zero-width and other format characters

    @property
    def changed(self) -> bool:
        return bool(self.controls or self.invisible)


def text_clean(text: str) -> CleanText:
    """`text` without control, bidi, zero-width and other invisible characters.

    Linear in the length of the text; text with nothing to remove (nearly
    all of it) costs one regular-expression scan and is returned as is.
    """
    if not _SUSPECT.search(text) or not _UNWANTED.search(text):
        return CleanText(text)
    controls = invisible = 0

    def replace(match: re.Match) -> str:
        nonlocal controls, invisible
        char = match.group()
        if _CONTROL_RE.match(char):
            controls += 1
            return "\n" if char in _VERTICAL_SET else ""
        invisible += 1
        return ""

    cleaned = _UNWANTED.sub(replace, text)
    return CleanText(cleaned, controls=controls, invisible=invisible)


def text_cleaned(text: str) -> str:
    """Only the cleaned text (for fields where no warning is kept)."""
    return text_clean(text).text


def escape_for_terminal(name: str) -> str:
    """A file name (or any text) safe to print on one line of a terminal or log.

    Control characters (newlines, ANSI escapes) and invisible characters are
    shown as Python escapes, as are surrogates left by undecodable bytes in a
    file name (`os.fsdecode`), so a name can neither forge an output line nor
    hide what it is.
    """
    if not _UNPRINTABLE.search(name):
        return name
    return _UNPRINTABLE.sub(_escape, name)


def _escape(match: re.Match) -> str:
    char = match.group()
    if "\udc80" <= char <= "\udcff":  # an undecodable byte (surrogateescape)
        return f"\\x{ord(char) - 0xDC00:02x}"
    return char.encode("unicode_escape").decode()
