"""The analyser: the same words for documents and queries."""

import pytest

from search import analysis
from tests.factories import PersonFactory


@pytest.mark.django_db
def test_known_person_is_one_token():
    assert "仲旭东" not in analysis.tokens("市委书记仲旭东深入")
    PersonFactory(name="仲旭东")
    analysis.refresh_names()
    assert "仲旭东" in analysis.tokens("市委书记仲旭东深入")
    assert "仲旭东" not in analysis.tokens("仲先生和旭东先生")


def test_traditional_width_case_and_stray_spaces_fold():
    assert analysis.tokens("農貿市場") == analysis.tokens("农贸市场")
    assert analysis.tokens("２０２２年ＡＢＣ") == analysis.tokens("2022年abc")
    assert analysis.tokens("农 贸 市 场") == analysis.tokens("农贸市场")
    assert analysis.segment("文明城市，共建共享。") == "文明城市 共建 共享"


def test_highlight_marks_chinese_words():
    from search.highlight import snippet

    html = snippet("昨天上午，市委书记仲旭東深入农贸市场<b>", ["仲旭东", "农贸市场"])
    assert "<mark>仲旭東</mark>" in html
    assert "<mark>农贸市场</mark>" in html
    assert "&lt;b&gt;" in html
