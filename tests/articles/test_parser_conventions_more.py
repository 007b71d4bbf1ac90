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


def _sizes(text: str, sizes: dict[str, float]) -> list[tuple[int, int, float]]:
    """(start, end, size) of each line of `text`: the given size, else 1."""
    out, offset = [], 0
    for line in text.split("\n"):
        out.append((offset, offset + len(line), sizes.get(line, 1.0)))
        offset += len(line) + 1
    return out


SIZED = (
    "湖边新添三座驿站\n"
    "本报讯 入夏以来，湖边步道新添三座驿站，供游人歇脚、饮水和避雨。\n"
    "驿站由附近居民轮流照看\n"
    "每天清晨，志愿者打开驿站大门，烧好开水，摆上折叠椅，等候晨练的市民。\n"
)


def test_type_sizes_tell_a_headline_from_a_subhead():
    # From the geometry: the first title in display type, the second in
    # body type inside the text (a subhead, not a second article).
    sizes = _sizes(SIZED, {"湖边新添三座驿站": 3.0})
    (article,) = parse_page(SIZED, sizes=sizes).articles
    assert article.headline == "湖边新添三座驿站"
    assert "驿站由附近居民轮流照看" in article.body
    # Without sizes the same text reads as two articles.
    assert len(parse_page(SIZED).articles) == 2


def test_a_title_in_display_type_is_never_rejoined_with_the_text_under_it():
    # A narrow column: the title is as wide as the lines of text under it.
    title = "十个字的大标题在这里"
    text = title + "\n" + "十个字的正文，接着写\n" * 8
    sizes = _sizes(text, {title: 3.0})
    draft = parse_page(text, sizes=sizes)
    first = draft.blocks[0]
    assert text[first.start : first.end] == title
    assert draft.articles[0].headline == title


def test_a_name_after_an_author_line_belongs_to_the_next_article():
    # Commentary pages: the author's name set above the next headline (or
    # beside it, read first) comes after the previous piece's author line.
    text = (
        "守住乡村的烟火气\n\n"
        "孟小川\n\n"
        "乡村振兴，不只是盖新房、修新路，更要留住乡亲们熟悉的生活方式。"
        "集市、庙会、晒谷场，都是乡村的烟火气。\n\n"
        "（作者为某大学农村发展研究院教授）\n\n"
        "骆云舒\n\n"
        "让老手艺走进新课堂\n\n"
        "不少学校把剪纸、竹编请进课堂，请老艺人手把手地教，孩子们学得有滋有味，"
        "老手艺也有了传人。\n"
    )
    first, second = parse_page(text).articles
    assert [c.name for c in first.bylines] == ["孟小川"]
    assert (second.headline, [c.name for c in second.bylines]) == (
        "让老手艺走进新课堂",
        ["骆云舒"],
    )


def test_labels_without_a_sentence_are_no_article():
    # An infographic's or an advertisement's lines: figures and labels with
    # no clause, however many characters they add up to.
    text = (
        "各区公园数量\n"
        "城东区 十二座 城西区 九座 城南区 十五座 城北区 八座 新区 二十座 合计 六十座\n"
        "开放时间 早六点至晚十点 节假日照常开放 免费入园 停车位 一千二百个\n\n"
        "新公园开门迎客\n"
        "本报讯 昨天，城北植物园正式开放，首日接待游客两万余人次。\n"
    )
    headlines = [a.headline for a in parse_page(text).articles]
    assert headlines == ["新公园开门迎客"]
