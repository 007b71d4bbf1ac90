"""The analyser: the same words for documents and queries."""

import itertools

import pytest

from search import analysis
from tests.factories import OrganisationFactory, PersonFactory

# The same words whatever the engine's text index (tests/search/conftest.py).
TEXT_INDEX_INDEPENDENT = True


@pytest.mark.django_db
def test_known_person_is_one_token():
    # A name no other test creates: jieba's dictionary is global to the process.
    assert "殳曜岚" not in analysis.tokens("市委书记殳曜岚深入")
    PersonFactory(name="殳曜岚")
    analysis.refresh_names()
    assert "殳曜岚" in analysis.tokens("市委书记殳曜岚深入")
    assert "殳曜岚" not in analysis.tokens("殳先生和曜岚先生")


@pytest.mark.django_db
def test_an_organisation_is_found_by_the_words_in_its_name():
    OrganisationFactory(name="甪直镇文化站")
    analysis.refresh_names()
    words = analysis.tokens("甪直镇文化站今天开放")
    assert "甪直镇文化站" in words and "文化站" in words


def test_an_organisation_inside_another_is_found_once_taught():
    # Names no other test creates. The words inside an organisation's name
    # are kept per name; a name taught later must still be found in it.
    analysis.add_names(["甪里县霞篆社"], compound=True)
    before = analysis.tokens("甪里县霞篆社成立")
    assert "甪里县霞篆社" in before and "霞篆社" not in before
    analysis.add_names(["霞篆社"], compound=True)
    after = analysis.tokens("甪里县霞篆社成立")
    assert "甪里县霞篆社" in after and "霞篆社" in after


def test_traditional_width_case_and_stray_spaces_fold():
    assert analysis.tokens("農貿市場") == analysis.tokens("农贸市场")
    assert analysis.tokens("２０２２年ＡＢＣ") == analysis.tokens("2022年abc")
    assert analysis.tokens("农 贸 市 场") == analysis.tokens("农贸市场")
    assert analysis.spaced_words("文明城市，共建共享。") == "文明城市 共建 共享"


def test_normalise_folds_once_as_it_did_twice(sample_paths):
    # Traditional/simplified and case folding once, after the stray spaces
    # go, gives what folding before and after them gave.
    from articles.parsing.normalise import remove_stray_spaces

    texts = [p.read_text(encoding="utf-8") for p in sample_paths]
    texts += ["頭 髮 農　貿", "２０２２年 ＡＢＣ　Ｄ e", "Ｃ９１９ 大 飛機\n\n平湖"]
    for text in texts:
        twice = analysis.fold(remove_stray_spaces(analysis.fold(text)))
        assert analysis.normalise(text) == twice


def test_highlight_marks_chinese_words():
    from search.highlight import snippet

    html = snippet("昨天上午，市委书记仲旭東深入农贸市场<b>", ["仲旭东", "农贸市场"])
    assert "<mark>仲旭東</mark>" in html
    assert "<mark>农贸市场</mark>" in html
    assert "&lt;b&gt;" in html


@pytest.mark.django_db
def test_wordcut_splits_as_jieba_does(sample_paths):
    import jieba

    from articles.parsing import wordcut

    PersonFactory(name="仲旭东")
    analysis.refresh_names()
    texts = [analysis.normalise(p.read_text(encoding="utf-8")) for p in sample_paths]
    texts += ["ABC 12 x3 农贸市场，C919大飞机\r\n平湖-嘉兴 100%", "", "，。"]
    for text in texts:
        words = wordcut.lcut(text)
        assert wordcut.python_lcut(text) == words  # both routes, always alike
        # jieba's words, but where two routes score exactly the same (a
        # floating-point tie, 用 + 足用 against 用足 + 用, which depends on
        # the dictionary's total): jieba puts the longer word first.
        expected = jieba.lcut(text, HMM=False)
        assert "".join(words) == text
        differing = _word_ends(words) ^ _word_ends(expected)
        assert len(differing) <= max(2, len(expected) // 250), differing


def _word_ends(words: list[str]) -> set[int]:
    return set(itertools.accumulate(len(w) for w in words))


def test_both_routes_cut_ties_alike():
    from articles.parsing import wordcut

    # 平 + 平平 and 平平 + 平 score the same; jieba itself puts 平平 first.
    for text in ["平平平", "谢谢谢谢谢", "看看看书"]:
        assert wordcut.lcut(text) == wordcut.python_lcut(text)
    assert wordcut.lcut("平平平") == ["平", "平平"]


@pytest.mark.django_db
def test_compiled_route_learns_the_archives_names():
    import jieba

    from articles.parsing import wordcut

    if wordcut.jieba_fast_dat is None:
        pytest.skip("jieba_fast_dat has no wheel for this platform")
    text = "记者蔺晓涵报道，蔺晓涵表示"
    assert "蔺晓涵" not in wordcut.lcut(text)
    PersonFactory(name="蔺晓涵")
    analysis.refresh_names()
    assert wordcut._fast_in_step() is not None  # the compiled route cuts
    assert wordcut.lcut(text).count("蔺晓涵") == 2
    assert wordcut.lcut(text) == jieba.lcut(text, HMM=False)


SEGMENT_BEHIND_ITS_BACK = """
import jieba
from articles.parsing import wordcut
wordcut.add_word("蔺晓涵", 2_000_000)
assert wordcut._fast_in_step() is not None
jieba.add_word("蔺晓涵表示", freq=2_000_000)  # not through wordcut.add_word
assert wordcut._fast_in_step() is None
assert wordcut.lcut("记者蔺晓涵表示") == ["记者", "蔺晓涵表示"]
"""


def test_dictionary_changed_elsewhere_leaves_the_compiled_route():
    # In a process of its own: the change lasts the process's life.
    import subprocess
    import sys
    from pathlib import Path

    from articles.parsing import wordcut

    if wordcut.jieba_fast_dat is None:
        pytest.skip("jieba_fast_dat has no wheel for this platform")
    root = Path(__file__).resolve().parents[2]
    subprocess.run(
        [sys.executable, "-c", SEGMENT_BEHIND_ITS_BACK], cwd=root, check=True
    )


def test_tsvector_quotes_only_what_needs_it():
    from search.backends.postgres import _lexeme, _tsvector

    assert _tsvector(["标题"], ["正文", "城市"]) == (
        "'标题':1A '正文':2 '城市':3 '正文城市':2"
    )
    quote, backslash = "a'b", "x\\y"
    assert _tsvector([], [quote, backslash]) == " ".join(
        [
            _lexeme(quote) + ":1",
            _lexeme(backslash) + ":2",
            _lexeme(quote + backslash) + ":1",
        ]
    )


def test_tokens_keep_words_with_punctuation_and_drop_punctuation():
    # Most texts take the filter's fast path (every kept token isalnum());
    # a token such as c++ is kept by the other, punctuation dropped by both.
    assert analysis.tokens("C++语言，文明城市。") == ["c++", "语言", "文明城市"]
    assert analysis.tokens("语言，文明城市。") == ["语言", "文明城市"]


def test_tsvector_positions_stop_at_postgresqls_limit():
    from search.backends.postgres import MAX_TSVECTOR_POSITION, _tsvector

    body = ["词"] * (MAX_TSVECTOR_POSITION + 1)
    entries = _tsvector(["题"], body).split(" ")
    assert entries[0] == "'题':1A"
    assert entries[1] == "'词':2"
    singles = entries[1 : 1 + len(body)]
    assert singles[-3:] == [f"'词':{MAX_TSVECTOR_POSITION}"] * 3
    assert singles[-4] == f"'词':{MAX_TSVECTOR_POSITION - 1}"
    pairs = entries[1 + len(body) :]
    assert len(pairs) == len(body) - 1
    assert pairs[0] == "'词词':2" and pairs[-1] == f"'词词':{MAX_TSVECTOR_POSITION}"
