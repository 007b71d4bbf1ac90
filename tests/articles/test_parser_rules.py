"""The parser's rules on invented pages of layouts it was not written from.

Every text here is made up for the test; none comes from the sample pages.
"""

import datetime as dt

import pytest

from articles.parsing import ArticleKind, BlockKind, Role, parse_page
from articles.parsing.classify import parse_byline, parse_credits
from articles.parsing.dates import lunar_parts
from articles.parsing.normalise import clean_body, clean_heading


def fw(text):
    """Write expectations with ASCII , ; : ? ! ( ); Chinese text has them full-width."""
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in ",;:?!()"})


UNSEEN_PAGE = """\
东海晚报
２０１８ 年 １ 月 １０ 日 星期三
农历丁酉年十一月廿四  总第 10234 期
第3版

区政府召开冬季安全生产会议时要求
抓 实 抓 细 安 全 责 任
■本报记者 林 海 通讯员 方晓燕
本报讯 昨天下午,区政府召开冬季安全生产工作会议。副区长陈立新 出席会议并讲话。
会议要求,各部门要压实责任,加强隐患排查,确保群众过一个平 安祥和的节日。

海边的灯塔
■摄影 周 明
昨天傍晚,渔港码头的灯塔亮起,归航的渔船陆续靠岸。

理论理论
新时代的基层治理
——一名社区干部的思考
■文 郑小燕
基层治理千头万绪,关键在人。我们坚持问题导向,把群众的小事当作大事来办。
一、把网格建起来
社区划分为十二个网格,每个网格配备专职网格员。
二、让居民动起来
居民议事会每月召开一次,大事小事大家商量着办。
责任编辑:吴 峰 美编:孙 莉 校对:钱 程
明天多云转晴,气温3℃到9℃,西北风3到4级。
"""


@pytest.fixture(scope="module")
def page():
    return parse_page(UNSEEN_PAGE)


def test_header_of_an_unknown_paper(page):
    meta = page.meta
    assert meta.date == dt.date(2018, 1, 10)  # full-width digits, spaced out
    assert meta.weekday == 3
    assert meta.lunar_date == "农历丁酉年十一月廿四"
    assert meta.number == 10234
    assert meta.page == 3
    assert meta.publication is None
    assert "publication not identified from the masthead" in page.warnings
    assert not [w for w in page.warnings if "disagrees" in w]


def test_articles_of_an_unknown_paper(page):
    summary = [
        (
            a.kind,
            a.kicker,
            a.headline,
            a.subtitle,
            [(c.role, c.name) for c in a.bylines],
        )
        for a in page.articles
    ]
    assert summary == [
        (
            ArticleKind.NEWS,
            "区政府召开冬季安全生产会议时要求",
            "抓实抓细安全责任",  # justified text, a space after every character
            None,
            [(Role.REPORTER, "林海"), (Role.CORRESPONDENT, "方晓燕")],
        ),
        (ArticleKind.PHOTO, None, "海边的灯塔", None, [(Role.PHOTOGRAPHER, "周明")]),
        (
            ArticleKind.NEWS,
            None,
            "新时代的基层治理",
            "——一名社区干部的思考",
            [(Role.REPORTER, "郑小燕")],
        ),
    ]
    # 理论理论: a column label whose glyphs the PDF extractor doubled.
    assert page.articles[2].rubric == "理论"


def test_body_cleaning_and_subheads(page):
    first, _, third = page.articles
    assert first.body == fw(
        "本报讯 昨天下午,区政府召开冬季安全生产工作会议。副区长陈立新出席会议并讲话。"
        "\n\n会议要求,各部门要压实责任,加强隐患排查,确保群众过一个平安祥和的节日。"
    )
    subheads = [
        page.blocks[j].text
        for j in third.blocks
        if page.blocks[j].kind is BlockKind.SUBHEAD
    ]
    assert subheads == ["一、把网格建起来", "二、让居民动起来"]


def test_credits_and_weather_of_an_unknown_paper(page):
    assert [(c.role, c.name) for c in page.credits] == [
        (Role.EDITOR, "吴峰"),
        (Role.LAYOUT, "孙莉"),
        (Role.PROOFREADER, "钱程"),
    ]
    kinds = {b.kind for b in page.blocks if b.article is None}
    assert {BlockKind.MASTHEAD, BlockKind.CREDIT, BlockKind.WEATHER} <= kinds
    for article in page.articles:
        assert "气温" not in article.body and "编辑" not in article.body


def test_detached_opening_is_moved_to_the_front():
    text = (
        "# 新建大桥今日通车\n\n"
        "长江口的第三座大桥今天正式通车,两岸\n\n"
        "居民往来只需十分钟。\n\n"
        "# 本报讯 今天上午,新建大桥举行通车仪式,\n\n"
        "## 下一条新闻的标题\n\n"
        "本报讯 另一件事情发生了。\n"
    )
    draft = parse_page(text)
    first = draft.articles[0]
    assert first.headline == "新建大桥今日通车"
    assert first.body.startswith(fw("本报讯 今天上午,新建大桥举行通车仪式,"))
    assert fw("两岸居民往来只需十分钟。") in first.body
    assert draft.articles[1].headline == "下一条新闻的标题"


def test_markdown_heading_levels_decide_kicker_and_headline():
    text = (
        "##### 专栏名称\n\n"
        "### 放在上面的引题\n\n"
        "## 更醒目的主标题\n\n"
        "#### ■记者 王小明\n\n"
        "本报讯 正文第一段。\n\n"
        "#### 另一个栏目\n\n"
        "# 第二篇的标题\n\n"
        "本报讯 正文。\n"
    )
    first, second = parse_page(text).articles
    assert (first.rubric, first.kicker, first.headline) == (
        "专栏名称",
        "放在上面的引题",
        "更醒目的主标题",
    )
    assert [(c.role, c.name) for c in first.bylines] == [(Role.REPORTER, "王小明")]
    assert (second.rubric, second.kicker, second.headline) == (
        "另一个栏目",
        None,
        "第二篇的标题",
    )


def test_vertical_title_is_one_block():
    text = "春\n\n风\n\n十\n\n里\n\n本报讯 正文在这里。\n"
    draft = parse_page(text)
    assert draft.articles[0].headline == "春风十里"
    headline_blocks = [b for b in draft.blocks if b.kind is BlockKind.HEADLINE]
    assert len(headline_blocks) == 1


def test_calendar_disagreements_are_warnings():
    text = "2022年6月28日 星期三\n农历壬寅年五月廿九 总第1期\n\n标题\n\n本报讯 正文。\n"
    warnings = parse_page(text).warnings
    assert any("weekday" in w for w in warnings)
    assert any("lunar" in w for w in warnings)


def test_no_date_is_a_warning():
    assert "no date found in the page header" in parse_page("标题\n\n正文。\n").warnings


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("市委书记 仲某某深入", "市委书记仲某某深入"),
        ("Xi Jinping 会见了 2 位客人", "Xi Jinping会见了2位客人"),
        ('他说:"好。"', "他说:“好。”"),
        ("-件件小事", "一件件小事"),
        ("ＡＢＣ１２３", "ABC123"),
    ],
)
def test_clean_body(raw, clean):
    from articles.parsing.classify import fix_dash_yi

    assert fix_dash_yi(clean_body(raw)) == fw(clean)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("坚 持“ 一 国 两 制 ”", "坚持“一国两制”"),
        ("理论理论", "理论"),
        ("东风吹  战鼓擂", "东风吹 战鼓擂"),
        ("'一件事\" 办成了", "“一件事”办成了"),
    ],
)
def test_clean_heading(raw, clean):
    assert clean_heading(raw) == clean


@pytest.mark.parametrize(
    ("line", "credits"),
    [
        ("■记者 张三", [(Role.REPORTER, "张三")]),
        ("■记 者 通讯员", [(Role.REPORTER, None), (Role.CORRESPONDENT, None)]),
        (
            "李四 ■记 者 通讯员 王五",
            [(Role.REPORTER, "李四"), (Role.CORRESPONDENT, "王五")],
        ),
        ("■摄影 王 五", [(Role.PHOTOGRAPHER, "王五")]),
        ("本报记者 赵六 钱七", [(Role.REPORTER, "赵六"), (Role.REPORTER, "钱七")]),
    ],
)
def test_parse_byline(line, credits):
    assert [(c.role, c.name) for c in parse_byline(line)] == credits


def test_parse_credits_ignores_telephone():
    assert [
        (c.role, c.name) for c in parse_credits("编辑/王 五 电话/12345678 校对/赵六")
    ] == [
        (Role.EDITOR, "王五"),
        (Role.PROOFREADER, "赵六"),
    ]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2022, 6, 28), ("壬寅", False, 5, "三十")),
        (dt.date(2020, 1, 10), ("己亥", False, 12, "十六")),
        (dt.date(2020, 5, 23), ("庚子", True, 4, "初一")),  # leap fourth month
        (dt.date(2023, 1, 21), ("壬寅", False, 12, "三十")),  # New Year's Eve
        (dt.date(2023, 1, 22), ("癸卯", False, 1, "初一")),
    ],
)
def test_lunar_parts(date, expected):
    assert lunar_parts(date) == expected
