"""Conventions of the Chinese press the parser follows, each on invented text.

Every page, name and sentence here is made up for the test; none comes from
the sample pages or the development pages (test_parser_no_sample_text.py).
No publication profile is given: the parser must read a paper it has never
seen.
"""

import datetime as dt

import pytest

from articles.parsing import BlockKind, Role, parse_page
from articles.parsing.authors import name_line
from articles.parsing.classify import parse_byline, parse_credits
from articles.parsing.dates import find_date, printed_weekday
from articles.parsing.lines import split_lines
from articles.parsing.pagemodel import Evidence, decode
from articles.parsing.pagemodel import Role as LineRole


def credits(article):
    return [(c.role, c.name) for c in article.bylines]


def kinds_of(draft, article):
    return [draft.blocks[j].kind for j in article.blocks]


# --- hard-wrapped lines ----------------------------------------------------------

WRAPPED = """\
2019年3月5日 星期二

山区学校迎来新图书馆

周明远

春天来临的时候，青石镇中心小学
的孩子们终于等到了自己的图书馆。
这座图书馆由一家企业捐建，藏书两
万余册，每天放学后向全镇开放。
校长说，过去孩子们只能围着一台旧
电视看新闻，如今可以在书架间自由
挑选喜欢的读物，眼界开阔了许多。

阅读改变了什么

图书馆开放半年来，借阅人次超过一
万，不少家长也跟着孩子走进阅览室
成为常客，小镇的夜晚因此安静了许
多，书店也多了起来，生意越来越好。

（作者为青石镇文化站站长）
"""


def test_hard_wrapped_paragraphs_are_rejoined():
    lines = [line.content for line in split_lines(WRAPPED)]
    assert "春天来临的时候，青石镇中心小学的孩子们终于等到了自己的图书馆。" in "".join(
        lines
    )
    # A paragraph's lines are one line: no short piece of running text is left
    # to be taken for a title.
    assert not any(line == "的孩子们终于等到了自己的图书馆。" for line in lines)
    assert len([line for line in lines if line.startswith("图书馆开放半年来")]) == 1


def test_a_short_line_inside_running_text_is_not_a_headline():
    draft = parse_page(WRAPPED)
    assert [a.headline for a in draft.articles] == ["山区学校迎来新图书馆"]
    article = draft.articles[0]
    assert credits(article) == [(Role.AUTHOR, "周明远")]
    subheads = [b.text for b in draft.blocks if b.kind is BlockKind.SUBHEAD]
    assert subheads == ["阅读改变了什么"]
    assert article.body.startswith("春天来临的时候，青石镇中心小学的孩子们")
    assert "作者为" not in article.body  # the author line closes the article


# --- bylines ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "本报记者 孙立平 赵雅琴",
            [(Role.REPORTER, "孙立平"), (Role.REPORTER, "赵雅琴")],
        ),
        (
            "记者 孙立平 通讯员 赵雅琴",
            [(Role.REPORTER, "孙立平"), (Role.CORRESPONDENT, "赵雅琴")],
        ),
        ("何文涛/文", [(Role.REPORTER, "何文涛")]),
        ("文/何文涛", [(Role.REPORTER, "何文涛")]),
        ("何文涛 摄", [(Role.PHOTOGRAPHER, "何文涛")]),
        ("图/文 何文涛", [(Role.REPORTER, "何文涛"), (Role.PHOTOGRAPHER, "何文涛")]),
        ("何文涛/摄", [(Role.PHOTOGRAPHER, "何文涛")]),
        ("（鄭家明攝）", [(Role.PHOTOGRAPHER, "鄭家明")]),
        ("■記者 鄭家明", [(Role.REPORTER, "鄭家明")]),
    ],
)
def test_byline_forms(line, expected):
    assert [(c.role, c.name) for c in parse_byline(line)] == expected


BYLINE_PAGE = """\
江北新区开通首条夜间公交线路

> 本报记者 钱思远

本报讯 昨晚十点，江北新区首条夜间公交线路正式开通，沿途设站二十个。

沿江步道改造完工

本报讯（记者 孔令辉 实习生 罗佳琪）记者昨天获悉，沿江步道改造工程已经完工。

外地游客增多

新华社南京1月9日电（记者 蒋文斌）今年元旦假期，来宁游客明显增多。

渔港晨曦

清晨的渔港，归来的渔船依次靠岸。（梁振宇 摄）
"""


def test_bylines_on_a_page():
    draft = parse_page(BYLINE_PAGE)
    assert [(a.headline, credits(a)) for a in draft.articles] == [
        ("江北新区开通首条夜间公交线路", [(Role.REPORTER, "钱思远")]),
        (
            "沿江步道改造完工",
            [(Role.REPORTER, "孔令辉"), (Role.CORRESPONDENT, "罗佳琪")],
        ),
        ("外地游客增多", [(Role.REPORTER, "蒋文斌")]),
        ("渔港晨曦", [(Role.PHOTOGRAPHER, "梁振宇")]),
    ]


COMMENTARY = """\
让城市更有温度

韩雪松

城市的温度，体现在细节之中。一条无障碍通道、一张休息长椅，都能让行人感到
被尊重。管理者要多从市民的角度想问题，把小事办好、办实。

（作者为某大学城市规划系教授）
"""


def test_an_author_alone_under_a_commentary_headline():
    (article,) = parse_page(COMMENTARY).articles
    assert article.headline == "让城市更有温度"
    assert credits(article) == [(Role.AUTHOR, "韩雪松")]
    assert "作者为" not in article.body


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("韩雪松", ["韩雪松"]),
        ("韩 松", ["韩松"]),
        ("韩雪松 许 静", ["韩雪松", "许静"]),
        ("欧阳明", ["欧阳明"]),
        ("阅读改变了什么", None),
        ("生活", None),
    ],
)
def test_a_line_of_names(line, names):
    assert name_line(line) == names


# --- furniture ---------------------------------------------------------------------


def test_a_citation_line_is_furniture_not_body():
    text = (
        "乡村小路变了样\n\n"
        "本报讯 过去坑洼不平的乡村小路，如今铺上了平整的柏油。\n\n"
        "《东海晨报》（2025年01月10日第 18 版）\n"
    )
    draft = parse_page(text)
    (article,) = draft.articles
    assert "东海晨报" not in article.body
    citation = next(b for b in draft.blocks if "东海晨报" in b.text)
    assert citation.kind is BlockKind.NOTICE and citation.article is None


def test_page_header_furniture_and_credits_in_any_order():
    text = (
        "DONGHAI MORNING POST\n\n"
        "3 要闻\n\n"
        "新码头启用\n\n"
        "本报讯 昨天，新建的货运码头正式启用，首日吞吐集装箱三百标箱。\n\n"
        "责任编辑：冯晓东 /版式设计：蔡丽娟 /文字校对：潘志强 郑雨桐\n"
    )
    draft = parse_page(text)
    assert draft.meta.page == 3 and draft.meta.section == "要闻"
    assert [a.headline for a in draft.articles] == ["新码头启用"]
    furniture = {b.text: b.kind for b in draft.blocks if b.article is None}
    assert furniture["DONGHAI MORNING POST"] is BlockKind.MASTHEAD
    assert [(c.role, c.name) for c in draft.credits] == [
        (Role.EDITOR, "冯晓东"),
        (Role.LAYOUT, "蔡丽娟"),
        (Role.PROOFREADER, "潘志强"),
        (Role.PROOFREADER, "郑雨桐"),
    ]


def test_credit_names_letter_spaced_or_listed():
    assert [(c.role, c.name) for c in parse_credits("校对/潘 强 编辑/郑雨桐")] == [
        (Role.PROOFREADER, "潘强"),
        (Role.EDITOR, "郑雨桐"),
    ]


def test_captions():
    text = (
        "湿地迎来候鸟\n\n"
        "本报讯 入冬以来，城西湿地迎来大批越冬候鸟，观鸟爱好者纷至沓来。\n\n"
        "图①：白鹭在浅滩觅食。\n\n"
        "■ 志愿者在湿地清理垃圾。\n"
    )
    draft = parse_page(text)
    (article,) = draft.articles
    captions = [b.text for b in draft.blocks if b.kind is BlockKind.CAPTION]
    assert captions == ["图①：白鹭在浅滩觅食。", "■志愿者在湿地清理垃圾。"]
    assert all(draft.blocks[j].article == 0 for j in article.blocks)


# --- headings ----------------------------------------------------------------------


def test_a_column_tag_after_a_headline_becomes_its_rubric():
    text = (
        "老街坊的新菜园（话说新农村）\n\n"
        "本报讯 村口的荒地变成了菜园，老人们每天都来侍弄蔬菜。\n"
    )
    (article,) = parse_page(text).articles
    assert (article.headline, article.rubric) == ("老街坊的新菜园", "话说新农村")


def test_a_kicker_above_every_headline_and_two_line_headlines():
    text = (
        "市民热线一年受理诉求十万件\n"
        "办好群众身边事\n\n"
        "本报讯 过去一年，市民热线共受理各类诉求十万余件，办结率九成以上。\n\n"
        "守护一江清水 共建美丽家园\n"
        "沿江十镇签订\n"
        "生态保护公约\n\n"
        "本报讯 昨天，沿江十个乡镇共同签订生态保护公约，约定联合巡河。\n"
    )
    first, second = parse_page(text).articles
    assert (first.kicker, first.headline) == (
        "市民热线一年受理诉求十万件",
        "办好群众身边事",
    )
    assert (second.kicker, second.headline) == (
        "守护一江清水 共建美丽家园",
        "沿江十镇签订生态保护公约",
    )


def test_a_subtitle_named_by_its_genre():
    text = (
        "古镇焕新颜\n"
        "城南古镇保护利用工作综述\n\n"
        "本报讯 三年来，城南古镇修缮老宅四十余栋，游客量翻了一番。\n"
    )
    (article,) = parse_page(text).articles
    assert (article.kicker, article.headline, article.subtitle) == (
        None,
        "古镇焕新颜",
        "城南古镇保护利用工作综述",
    )


def test_a_title_drawn_twice_is_one_title():
    text = "春风春风：：吹绿江南岸\n\n本报讯 江南大地春意渐浓，田野里一片忙碌景象。\n"
    (article,) = parse_page(text).articles
    assert article.headline == "春风：吹绿江南岸"


# --- dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2011.5.24", dt.date(2011, 5, 24)),
        ("2011年5月24日", dt.date(2011, 5, 24)),
        ("18/02 TUE·2025", dt.date(2025, 2, 18)),
        ("07/03/2024 星期四", dt.date(2024, 3, 7)),  # day first: a Thursday
        ("03/07/2024 星期三", dt.date(2024, 7, 3)),  # the weekday says month first
    ],
)
def test_date_forms(text, date):
    assert find_date(text, printed_weekday(text)) == date


def test_traditional_weekday_names_and_a_date_line_at_the_end():
    text = (
        "港灣新渡輪投入服務\n\n"
        "本報訊 新一代渡輪昨日投入服務，乘客可享更寬敞座位。\n\n"
        "2024年3月7日 禮拜四\n"
    )
    draft = parse_page(text)
    assert (draft.meta.date, draft.meta.weekday) == (dt.date(2024, 3, 7), 4)
    assert [a.headline for a in draft.articles] == ["港灣新渡輪投入服務"]


# --- traditional characters --------------------------------------------------------


def test_a_traditional_page_is_read_by_the_rules_and_kept_as_printed():
    text = (
        "東海日報\n"
        "2024年3月7日 星期四\n\n"
        "區議會通過新預算\n\n"
        "■記者 鄭家明\n\n"
        "本報訊 區議會昨日通過新一年度預算，撥款興建兩座公園。\n\n"
        "氣溫 18℃至25℃ 多雲\n"
    )
    draft = parse_page(text)
    assert draft.meta.date == dt.date(2024, 3, 7)
    assert draft.meta.masthead == "東海日報"
    (article,) = draft.articles
    assert article.headline == "區議會通過新預算"
    assert credits(article) == [(Role.REPORTER, "鄭家明")]
    assert article.body.startswith("本報訊 區議會昨日通過")
    assert any(b.kind is BlockKind.WEATHER for b in draft.blocks)


# --- briefs ------------------------------------------------------------------------


def test_a_briefs_column_gives_each_item_its_credit():
    text = (
        "简讯\n"
        "城东街道开展消防演练\n\n"
        "本报讯 昨天上午，城东街道组织消防演练，三百余名居民参加。（通讯员 陆一鸣）\n\n"
        "本报讯 日前，西湖社区举办迎新书法展，展出作品六十余幅。（记者 苏晓雯）\n"
    )
    draft = parse_page(text)
    assert [(a.rubric, credits(a)) for a in draft.articles] == [
        ("简讯", [(Role.CORRESPONDENT, "陆一鸣")]),
        ("简讯", [(Role.REPORTER, "苏晓雯")]),
    ]


# --- the page model ----------------------------------------------------------------


def evidence(**kw):
    base = {
        "title_like": False,
        "subhead_shape": False,
        "byline": False,
        "names": False,
        "author_line": False,
        "dateline": False,
    }
    return Evidence(**(base | kw))


def test_the_page_model_decides_roles_jointly():
    title = evidence(title_like=True, length=8)
    body = evidence(wrapped=3, length=60)
    names = evidence(title_like=True, names=True, length=3)
    # The same short line is a headline when an author's name follows it, and
    # a subhead inside the body on a page whose authors are bare names.
    roles, confidences = decode(
        [title, names, body, title, body, title, names, body], named_page=True
    )
    assert roles == [
        LineRole.TITLE,
        LineRole.BYLINE,
        LineRole.BODY,
        LineRole.SUBHEAD,
        LineRole.BODY,
        LineRole.TITLE,
        LineRole.BYLINE,
        LineRole.BODY,
    ]
    assert all(0.5 < c <= 1 for c in confidences)
    assert confidences[3] < confidences[2]  # the subhead is the doubtful one


def test_no_profile_needed_and_the_masthead_text_is_exposed():
    text = (
        "南湖晚报\n"
        "2023年11月2日 星期四 第8版\n\n"
        "湖畔新添口袋公园\n\n"
        "本报讯 湖畔三处闲置地块改建为口袋公园，本周起向市民开放。\n"
    )
    draft = parse_page(text)
    assert draft.meta.publication is None
    assert draft.meta.masthead == "南湖晚报"
    assert (draft.meta.date, draft.meta.page) == (dt.date(2023, 11, 2), 8)
    assert [a.headline for a in draft.articles] == ["湖畔新添口袋公园"]
    assert all(0 < a.confidence <= 1 for a in draft.articles)


def test_one_name_like_line_does_not_turn_headlines_into_subheads():
    text = (
        "节前市场检查全面展开\n\n"
        "■记者 石浩然\n\n"
        "本报讯 节日临近，市场监管部门对全市商超开展专项检查，重点检查食品安全。\n\n"
        "任思远\n\n"
        "雪后初晴\n\n"
        "昨天雪后初晴，公园里游人如织，孩子们在草坪上堆起了一个个雪人，笑声不断。\n"
    )
    draft = parse_page(text)
    assert [a.headline for a in draft.articles][-1] == "雪后初晴"
    assert not [b for b in draft.blocks if b.kind is BlockKind.SUBHEAD]


def test_markdown_ish_bold_titles_and_blockquotes():
    text = (
        "**老码头变身文创街区**\n\n"
        "> 记者 石浩然\n\n"
        "本报讯 废弃多年的老码头经过改造，变身为文创街区，吸引了众多年轻人前来打卡。\n"
    )
    draft = parse_page(text)
    (article,) = draft.articles
    assert article.headline == "老码头变身文创街区"
    assert credits(article) == [(Role.REPORTER, "石浩然")]
    headline = next(b for b in draft.blocks if b.kind is BlockKind.HEADLINE)
    assert text[headline.start : headline.end] == "**老码头变身文创街区**"


@pytest.mark.parametrize(
    "line", ["文化馆今天开馆", "图书馆", "摄影展开幕", "记者节到了"]
)
def test_words_that_start_like_a_role_are_not_bylines(line):
    from articles.parsing.classify import is_byline

    assert not is_byline(line)


def test_a_name_the_archive_taught_jieba_is_still_a_name():
    from articles.parsing import wordcut
    from articles.parsing.authors import is_name

    is_name.cache_clear()
    # As search.analysis.add_names does; the archive's names stay in jieba's
    # dictionary for the process's life, as here.
    wordcut.add_word("柏晓岚", 2_000_000)
    try:
        assert name_line("柏晓岚") == ["柏晓岚"]
    finally:
        is_name.cache_clear()
