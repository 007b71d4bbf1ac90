"""The one text-cleaning function (newsroom.hygiene): pure, no database."""

import sys
import unicodedata
from xml.sax.saxutils import XMLGenerator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsroom.hygiene import escape_for_terminal, text_clean

KEPT_CONTROLS = {"\t", "\n", "\r"}


def _unwanted(char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cc":
        return char not in KEPT_CONTROLS
    return category in {"Cf", "Cs"} or (
        ord(char) & 0xFFFE == 0xFFFE or 0xFDD0 <= ord(char) <= 0xFDEF
    )


def test_every_control_format_and_noncharacter_is_removed():
    # The module lists the ranges by hand (a table over all of Unicode would
    # cost every process a second at import); this checks the list.
    unwanted = "".join(chr(c) for c in range(sys.maxunicode + 1) if _unwanted(chr(c)))
    cleaned = text_clean(unwanted)
    assert cleaned.text.strip("\n") == ""
    assert cleaned.controls + cleaned.invisible == len(unwanted)


def test_chinese_text_and_private_use_glyphs_are_kept():
    text = "市委书记仲旭东\t深入基层。\r\nABC 123，“引号”\ue000"
    assert text_clean(text).text == text
    assert not text_clean(text).changed


@pytest.mark.parametrize(
    ("dirty", "clean", "controls", "invisible"),
    [
        ("标题\x1b[31m红", "标题[31m红", 1, 0),
        ("退格\x08字", "退格字", 1, 0),
        ("NUL\x00在中间", "NUL在中间", 1, 0),
        ("分页\x0c下一页", "分页\n下一页", 1, 0),
        ("\u202e反向标题\u202c", "反向标题", 0, 2),
        ("零\u200b宽\u200d字\ufeff符\u2060", "零宽字符", 0, 4),
        ("隔离\u2066内容\u2069", "隔离内容", 0, 2),
        ("标签\U000e0041\U000e007f", "标签", 0, 2),
    ],
)
def test_removes_and_counts(dirty, clean, controls, invisible):
    result = text_clean(dirty)
    assert (result.text, result.controls, result.invisible) == (
        clean,
        controls,
        invisible,
    )
    assert result.changed


@given(st.text())
def test_cleaned_text_is_valid_xml_and_utf8(text):
    cleaned = text_clean(text).text
    cleaned.encode("utf-8")  # no surrogates
    assert "\x00" not in cleaned
    assert text_clean(cleaned).text == cleaned  # idempotent
    import io

    out = io.StringIO()
    gen = XMLGenerator(out)
    gen.characters(cleaned)
    from xml.dom.minidom import parseString

    parseString(f"<a>{out.getvalue()}</a>")


def test_linear_in_the_text():
    # 2 MB of text with a dirty character every 10: one pass, no backtracking.
    text = ("正文\u200b内容\x1b文字" * 200_000)[: 2 * 1024**2]
    result = text_clean(text)
    assert "\u200b" not in result.text and "\x1b" not in result.text


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("page\nforged: created.txt", "page\\nforged: created.txt"),
        ("\x1b[2Jclear.txt", "\\x1b[2Jclear.txt"),
        ("bad-\udcff-byte.txt", "bad-\\xff-byte.txt"),
        ("\u202etxt.exe", "\\u202etxt.exe"),
        ("正常的名字.txt", "正常的名字.txt"),
    ],
)
def test_file_names_are_escaped_for_one_output_line(name, shown):
    assert escape_for_terminal(name) == shown
