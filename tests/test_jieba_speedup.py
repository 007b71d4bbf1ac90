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
