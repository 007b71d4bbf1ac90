"""Text clean-up shared by the parser and (later) the search analyser.

The reading text and the search index must see the same characters, so every
folding done here (width, punctuation, spacing) is one the search analyser
repeats: a query typed with half-width punctuation or stray spaces must find
the cleaned text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

# Full-width ASCII variants (digits, Latin letters, ％ ＋ etc.) fold to ASCII;
# the ideographic space to a plain one.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
# …but full-width Chinese punctuation is the correct form in Chinese text and
# must stay full-width.
for _ch in "\uff0c\uff1b\uff1a\uff1f\uff01\uff08\uff09":  # ,;:?!()
    _WIDTH.pop(ord(_ch), None)

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\u2014\u2018-\u201f\u2026\u00b7"
_CJK_OR_PUNCT = f"[{_CJK}{_CJK_PUNCT}]"
CJK_RE = re.compile(f"[{_CJK}]")
_NOT_CJK_RUN = re.compile(f"[^{_CJK}]+")

# A run of spaces is kept only between two Latin letters or digits ("Xi Jinping",
# "2.1 亿" loses it, "JIAXING 2022" keeps it). Any other space inside Chinese
# text is an artefact of line breaks or justified PDF text.
_SPACE_RUN = re.compile(r"[ \t\u3000\u00a0]+")

# , ; : ? ! ( ) → their full-width forms (U+FF0C, U+FF1B, …)
_HALF_TO_FULL = {c: chr(ord(c) + 0xFEE0) for c in ",;:?!()"}
_HALF_PUNCT_NEAR_CJK = re.compile(
    rf"(?<={_CJK_OR_PUNCT})[,;:?!()]|[,;:?!()](?={_CJK_OR_PUNCT})"
)
TERMINAL_PUNCT = "。\uff01\uff1f…\uff1b.!?;"  # 。!?…; and ASCII .!?;
CLOSING_QUOTES = "”’」』)》"


_NEEDS_FOLDING = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in sorted(_WIDTH)) + "]"
)


def fold_width(text: str) -> str:
    """Full-width digits and Latin letters to ASCII; keeps Chinese punctuation."""
    return text.translate(_WIDTH) if _NEEDS_FOLDING.search(text) else text


_LONE_SPACE = re.compile(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])")


def remove_stray_spaces(text: str) -> str:
    """Drop spaces inside Chinese text, keep them between Latin letters/digits."""
    # Most lines hold none: one search instead of two substitutions.
    if _SPACE_RUN.search(text):
        return _LONE_SPACE.sub("", _SPACE_RUN.sub(" ", text)).strip()
    return text.strip()


_SPACE_NEAR_PUNCT = re.compile(rf"\s+(?=[{_CJK_PUNCT}])|(?<=[{_CJK_PUNCT}])\s+")


def collapse_spaces(text: str) -> str:
    """Spaces to single spaces; used where a space is meaningful (headlines).

    A space next to Chinese punctuation is never a deliberate break.
    """
    return _SPACE_NEAR_PUNCT.sub("", _SPACE_RUN.sub(" ", text)).strip()


def is_spaced_out(text: str) -> bool:
    """True for justified PDF text with a space after (nearly) every character."""
    chars = [c for c in text if not c.isspace()]
    if len(chars) < 4:
        return False
    gaps = len(re.findall(rf"{_CJK_OR_PUNCT} +(?={_CJK_OR_PUNCT})", text))
    return gaps >= 0.6 * (len(chars) - 1)


_STRAIGHT_QUOTE = re.compile("[\"']")


@dataclass(slots=True)
class QuoteState:
    """Open quotations carried from one block to the next of a paragraph."""

    double_open: bool = False
    single_open: bool = False


def fix_punctuation(text: str, *, quotes: QuoteState | None = None) -> str:
    """Half-width punctuation in Chinese text to the full-width forms."""
    # Twice: `(单位),1598` only has Chinese next to its comma once the
    # parenthesis before it is full-width.
    # (A first pass that changed nothing leaves the second nothing to do.)
    text, changed = _HALF_PUNCT_NEAR_CJK.subn(_full_width, text)
    if changed:
        text = _HALF_PUNCT_NEAR_CJK.sub(_full_width, text)
    return _pair_quotes(text, quotes or QuoteState())


def _full_width(match: re.Match[str]) -> str:
    return _HALF_TO_FULL[match.group()]


def _pair_quotes(text: str, state: QuoteState) -> str:
    # OCR gives straight quotes; Chinese text uses “…” and ‘…’. A paragraph cut
    # by a column break carries its open quotation into the next block. A
    # leading apostrophe where a double quote is missing its partner is a known
    # OCR letter error (' for ").
    if not state.double_open and text.count('"') % 2 == 1 and text[:1] in "'‘":
        text = '"' + text[1:]
    if '"' not in text and "'" not in text:
        return text

    def curl(match: re.Match[str]) -> str:
        if match.group() == '"':
            state.double_open = not state.double_open
            return "“" if state.double_open else "”"
        if _between_latin(text, match.start()):
            return "'"  # an apostrophe: don't
        state.single_open = not state.single_open
        return "‘" if state.single_open else "’"

    return _STRAIGHT_QUOTE.sub(curl, text)


def _between_latin(text: str, i: int) -> bool:
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return before.isascii() and before.isalpha() and after.isascii() and after.isalpha()


def clean_body(text: str, *, quotes: QuoteState | None = None) -> str:
    """Reading text of a body paragraph."""
    return fix_punctuation(remove_stray_spaces(fold_width(text)), quotes=quotes)


def clean_heading(text: str) -> str:
    """Reading text of a headline-like line.

    A single space between two Chinese phrases of a headline marks a line break
    the editor chose, so it is kept; justified text with a space after every
    character is closed up, and a title printed twice (理论理论) once.
    """
    text = fix_punctuation(fold_width(text))
    if is_spaced_out(text):
        text = remove_stray_spaces(text)
    else:
        text = collapse_spaces(text)
    return undouble(undouble_shadow(text))


def undouble(text: str) -> str:
    """`理论理论` → `理论`: a title glyph run duplicated by the PDF extractor."""
    half = len(text) // 2
    if len(text) >= 4 and len(text) % 2 == 0 and text[:half] == text[half:]:
        return text[:half]
    return text


_SHADOW = re.compile(r"^(\S{2,8}?)\1([\uff1a:\uff0c,])\2")


def undouble_shadow(text: str) -> str:
    """`标题标题：：正文` → `标题：正文`: a title whose start is drawn twice."""
    return _SHADOW.sub(r"\1\2", text) if len(text) >= 6 else text


def clean_name(text: str) -> str:
    """`何 苗` → `何苗`: personal names are typeset with spaces."""
    return re.sub(r"\s+", "", fold_width(text))


def ends_sentence(text: str) -> bool:
    """Does this text end a sentence (so the next block starts a new one)?"""
    stripped = text.rstrip()
    while stripped and stripped[-1] in CLOSING_QUOTES + "“\"'":
        stripped = stripped[:-1]
    return bool(stripped) and stripped[-1] in TERMINAL_PUNCT


def visible_length(text: str) -> int:
    return len("".join(text.split()))


# --- traditional characters ---------------------------------------------------
# Rules are written in simplified characters; a page printed in traditional
# ones is folded (opencc t2s) for the rules only: its text is kept as printed.
_TRADITIONAL_SHARE = 0.03


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency
        return lambda text: text
    return opencc.OpenCC("t2s").convert


def script_folder(text: str) -> Callable[[str], str]:
    """A function folding this page's text for the rules: t2s when traditional."""
    sample = _NOT_CJK_RUN.sub("", text[:6000])[:1500]  # its Chinese characters
    if not sample:
        return _identity
    convert = _t2s()
    changed = sum(a != b for a, b in zip(sample, convert(sample), strict=False))
    if changed < _TRADITIONAL_SHARE * len(sample):
        return _identity

    def fold(line: str) -> str:
        folded = convert(line)
        return folded if len(folded) == len(line) else line

    return fold


def _identity(text: str) -> str:
    return text
