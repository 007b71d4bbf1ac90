"""The text check of decoding (is it page text?), counted with regular
expressions, says what the character-by-character count said."""

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.parsing.decoding import _looks_like_text


def looks_like_text_by_characters(text: str, *, need_cjk: bool) -> bool:
    """The check as it was first written, one character at a time."""
    sample = text[:20000]
    visible = [c for c in sample if not c.isspace()]
    if not visible:
        return True
    control = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f")
    if control > len(sample) * 0.01:
        return False
    if need_cjk:
        cjk = sum(1 for c in visible if "\u4e00" <= c <= "\u9fff")
        return cjk >= len(visible) * 0.3
    return True


# Control characters, every kind of Unicode space, CJK and its edges, Latin.
CHARACTERS = st.sampled_from(
    [chr(c) for c in range(0, 33)]
    + ["\x85", "\xa0", "\u1680", "\u2000", "\u2028", "\u3000", "\u200b", "\ufeff"]
    + ["\u4e00", "\u4e2d", "\u9fff", "\u9fa5", "\u4dff", "\ua000", "文", "报"]
    + ["a", "Z", "0", "。", "，", "\x7f", "é"]
)


@settings(max_examples=500)
@given(st.text(CHARACTERS, max_size=300), st.booleans())
def test_the_same_answer_as_counting_characters(text, need_cjk):
    assert _looks_like_text(text, need_cjk=need_cjk) == looks_like_text_by_characters(
        text, need_cjk=need_cjk
    )


def test_only_the_first_20000_characters_count():
    text = "报" * 19_900 + "\x01" * 100 + "\x01" * 5_000
    assert _looks_like_text(text, need_cjk=False)
    assert looks_like_text_by_characters(text, need_cjk=False)
    text = "a" * 19_990 + "报" * 10_000
    assert not _looks_like_text(text, need_cjk=True)
    assert not looks_like_text_by_characters(text, need_cjk=True)


def test_mostly_control_characters_is_not_text():
    assert not _looks_like_text("报" * 90 + "\x01" * 10, need_cjk=False)
    assert _looks_like_text("报" * 99 + "\x01", need_cjk=False)


def test_gb18030_needs_a_third_cjk():
    assert _looks_like_text("报纸新闻 abc", need_cjk=True)
    assert not _looks_like_text("报 abcdefghij", need_cjk=True)
