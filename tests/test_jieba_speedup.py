"""jieba_fast's cutting routine in jieba (newsroom/jieba_speedup.py) cuts the
same words from the same dictionary, names taught at run time included."""

from pathlib import Path

import jieba
import pytest

from newsroom.jieba_speedup import jieba_speedup_install, jieba_speedup_remove

pytest.importorskip("jieba_fast", reason="the optional `fast` extra is absent")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ocr"


def cuts(texts: list[str]) -> list[list[str]]:
    return [jieba.lcut(text, HMM=False) for text in texts] + [
        list(jieba.cut_for_search(text, HMM=False)) for text in texts
    ]


def test_the_same_words_as_jieba_alone():
    texts = [
        path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.txt"))
    ]
    texts.append("ＡＢＣ公司2022年与abc 123、仲旭东和平湖市图书馆")
    jieba.add_word("仲旭东", freq=2_000_000)  # as search.analysis teaches names
    jieba_speedup_remove()
    try:
        alone = cuts(texts)
        assert jieba_speedup_install()
        assert jieba.Tokenizer._Tokenizer__cut_DAG_NO_HMM.__module__ == "jieba_fast"
        assert cuts(texts) == alone
    finally:
        jieba_speedup_install()
    assert "仲旭东" in alone[-1]


def test_past_a_32_bit_total_jieba_cuts_alone(monkeypatch):
    """jieba_fast keeps the total frequency in 32 bits: an archive's many
    names push it past that, and its routes would differ (seen: 用足用 cut
    用/足用); jieba's own routine then cuts."""
    text = "社会组织等用足用好相关政策"
    jieba.initialize()
    jieba_speedup_remove()
    monkeypatch.setattr(jieba.dt, "total", 2**32 + 1_000_000)
    try:
        alone = jieba.lcut(text, HMM=False)
        assert jieba_speedup_install()
        assert jieba.lcut(text, HMM=False) == alone
    finally:
        jieba_speedup_install()
