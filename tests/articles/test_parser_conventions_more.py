"""More conventions of the Chinese press, each on invented text.

As in test_parser_conventions.py, every page, name and sentence is made up
(test_parser_no_sample_text.py holds this file to the same rule), and no
publication profile is given.
"""

from articles.parsing import parse_page
from articles.parsing.classify import fix_letter_errors


def test_a_full_deck_is_rubric_kicker_headline_then_subtitle():
    # Four title lines: one rubric, one kicker, the headline, and a line set
    # under it (a subtitle, or a caption beside it) is not the headline.
    text = (
        "晚间快讯\n"
        "各区加强巡查 违者一律处罚\n"
        "河边乱停车罚款提高到五百元\n"
        "周末起新规在全市施行\n\n"
        "本报讯 从本周六起，在河边步道乱停机动车的，罚款由两百元提高到五百元。\n"
    )
    (article,) = parse_page(text).articles
    assert (article.rubric, article.kicker, article.headline, article.subtitle) == (
        "晚间快讯",
        "各区加强巡查 违者一律处罚",
        "河边乱停车罚款提高到五百元",
        "周末起新规在全市施行",
    )


def test_a_two_line_kicker_over_a_headline_stays_one_kicker():
    text = (
        "夜市回来了\n"
        "摊位多往年\n"
        "老城区重开周末夜市\n\n"
        "本报讯 停办三年的老城区周末夜市昨晚重新开张，吸引市民前往。\n"
    )
    (article,) = parse_page(text).articles
    assert (article.kicker, article.headline) == (
        "夜市回来了摊位多往年",
        "老城区重开周末夜市",
    )


def test_an_s_read_for_a_dollar_sign_beside_an_amount():
    assert fix_letter_errors("车费$3起 违规罚S800") == "车费$3起 违规罚$800"
    # No amount in dollars on the line: an S before digits is a model's name.
    assert fix_letter_errors("新款S90型客车上路") == "新款S90型客车上路"
    assert fix_letter_errors("型号XS100 售价$5") == "型号XS100 售价$5"
