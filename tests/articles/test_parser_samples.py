"""What the parser makes of the two real sample pages (fixtures/ocr/).

These assert the expected articles of pages the parser's rules were *not*
written from alone: the same rules are exercised on invented pages of other
layouts in test_parser_rules.py.
"""

import datetime as dt
from pathlib import Path

import pytest

from articles.parsing import (
    FURNITURE_KINDS,
    ArticleKind,
    BlockKind,
    Role,
    load_profiles,
    parse_page,
)

ROOT = Path(__file__).resolve().parents[2]
PROFILES = load_profiles(ROOT / "newsroom" / "publications.toml")
REPORTER, CORRESPONDENT, PHOTOGRAPHER = (
    Role.REPORTER,
    Role.CORRESPONDENT,
    Role.PHOTOGRAPHER,
)


def fw(text):
    """Write expectations with ASCII , ; : ? ! ( ); Chinese text has them full-width."""
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in ",;:?!()"})


def parse_sample(name):
    text = (ROOT / "fixtures" / "ocr" / name).read_text(encoding="utf-8")
    return parse_page(text, profiles=PROFILES, source_name=name)


@pytest.fixture(scope="module")
def page_2022():
    return parse_sample("000_ddfb3c66dc3d3638.txt")


@pytest.fixture(scope="module")
def page_2020():
    return parse_sample("002_78004bad7335606d.txt")


def summary(article):
    return {
        "kind": article.kind,
        "rubric": article.rubric,
        "kicker": article.kicker,
        "headline": article.headline,
        "subtitle": article.subtitle,
        "bylines": [(c.role, c.name) for c in article.bylines],
    }


def test_issue_metadata_2022(page_2022):
    meta = page_2022.meta
    assert meta.publication == "jiaxing-daily-pinghu"
    assert meta.publication_name == "嘉兴日报·平湖版"
    assert meta.edition == "平湖版"
    assert meta.date == dt.date(2022, 6, 28)
    assert meta.weekday == 2
    assert meta.lunar_date == "农历壬寅年五月三十"
    assert meta.number == 4961
    assert meta.page == 1
    assert page_2022.warnings == ()


def test_issue_metadata_2020(page_2020):
    meta = page_2020.meta
    assert (meta.date, meta.weekday, meta.number) == (dt.date(2020, 1, 10), 5, 4364)
    assert meta.lunar_date == "农历己亥年十二月十六"
    assert meta.publication == "jiaxing-daily-pinghu"
    assert page_2020.warnings == ()


@pytest.mark.parametrize("page", ["page_2022", "page_2020"])
def test_page_credits(page, request):
    draft = request.getfixturevalue(page)
    assert [(c.role, c.name) for c in draft.credits] == [
        (Role.EDITOR, "戴琰"),
        (Role.LAYOUT, "李春霞"),
        (Role.PROOFREADER, "张真"),
    ]


ARTICLES_2022 = [
    (
        {
            "kind": ArticleKind.NEWS,
            "rubric": None,
            "kicker": "仲旭东在督查全国文明城市巩固工作时强调",
            "headline": "深化全国文明城市巩固工作 开创文明城市共建共享新格局",
            "subtitle": None,
            "bylines": [],
        },
        fw("本报讯 昨天上午,市委书记仲旭东深入居民小区、农贸市场等地,实地督查"),
    ),
    (
        {
            "kind": ArticleKind.NEWS,
            "rubric": None,
            "kicker": None,
            "headline": "平湖首个顶尖人才 项目签约落户",
            "subtitle": None,
            "bylines": [(REPORTER, None), (CORRESPONDENT, None)],
        },
        fw("本报讯 昨天下午,我市举行中科健齿华东创新中心项目签约仪式。"),
    ),
    (
        {
            "kind": ArticleKind.NEWS,
            "rubric": None,
            "kicker": None,
            "headline": "市十六届政府 第五次常务会议召开",
            "subtitle": None,
            "bylines": [],
        },
        # The detached opening (`# 本报讯 昨天上午,市长周军`, printed after the
        # body) is moved back in front, and the cut paragraph rejoined.
        fw("本报讯 昨天上午,市长周军波主持召开市十六届政府第五次常务会议。常务副市长"),
    ),
    (
        {
            "kind": ArticleKind.NEWS,
            "rubric": "学习贯彻省党代会精神",
            "kicker": None,
            "headline": fw("市人大党组(扩大)会议 传达学习省党代会精神"),
            "subtitle": None,
            "bylines": [],
        },
        fw("本报讯 昨天上午,市人大常委会召开党组(扩大)会议,传达学习省党代会精神。"),
    ),
    (
        {
            "kind": ArticleKind.NEWS,
            "rubric": None,
            "kicker": None,
            "headline": fw("市政协党组(扩大)会议 学习贯彻省党代会精神"),
            "subtitle": None,
            "bylines": [(REPORTER, None)],
        },
        fw("本报讯 6月25日上午,市政协党组(扩大)会议专题传达学习"),
    ),
    (
        {
            "kind": ArticleKind.PHOTO,
            "rubric": None,
            "kicker": None,
            "headline": "“智能”生产",
            "subtitle": None,
            "bylines": [],
        },
        fw(
            "昨天,位于新埭镇的汉粤净化设备(浙江)有限公司的工人们正在新的生产线上忙碌着。"
        ),
    ),
    (
        {
            "kind": ArticleKind.NEWS,
            "rubric": None,
            "kicker": None,
            "headline": "一堂生动党课 一场初心洗礼",
            "subtitle": "人大机关党员干部聆听老俞书记上党课",
            "bylines": [(REPORTER, "华婷婷")],
        },
        fw("本报讯 一堂生动的党课,一场初心的洗礼。"),
    ),
    (
        {
            "kind": ArticleKind.NEWS,
            "rubric": None,
            "kicker": "一“网”聚合力 幸福“融”万象",
            "headline": "平湖以党建引领推进融合型大社区大单元基层治理",
            "subtitle": None,
            "bylines": [(REPORTER, "李雨婷")],
        },
        fw("本报讯 “我在这里工作生活了21年,来了之后就再没舍得离开,"),
    ),
]

ARTICLES_2020 = [
    (
        {
            "kind": ArticleKind.NEWS,
            "rubric": None,
            "kicker": None,
            "headline": "凝聚追梦奔跑新崛起的不竭动力",
            "subtitle": "平湖开展“不忘初心、牢记使命”主题教育综述",
            "bylines": [],
        },
        fw("初心如磐,使命在肩。自“不忘初心、牢记使命”主题教育在平湖开展以来,"),
    ),
    (
        {
            "kind": ArticleKind.PHOTO,
            "rubric": None,
            "kicker": None,
            "headline": "快乐“2020”",
            "subtitle": None,
            "bylines": [(PHOTOGRAPHER, "王强")],
        },
        fw("昨天,在市区当湖公园门口,一组“新年快乐2020”的立体花坛吸引市民们拍照留念。"),
    ),
    (
        {
            "kind": ArticleKind.NEWS,
            "rubric": None,
            "kicker": None,
            "headline": "刷脸投垃圾 分类更精准",
            "subtitle": None,
            # Printed `居丹荔 ■记 者 通讯员 徐冰艳`: the stray name is the reporter's.
            "bylines": [(REPORTER, "居丹荔"), (CORRESPONDENT, "徐冰艳")],
        },
        fw("新闻点:垃圾分类用上人脸"),
    ),
    (
        {
            "kind": ArticleKind.NEWS,
            "rubric": "讲述美丽平湖背后的故事",
            "kicker": None,
            "headline": "构建共建共治共享的社会治理格局",
            "subtitle": "——市委十四届七次全会《决定》解读之二",
            "bylines": [(REPORTER, "胡佳英")],
        },
        fw("社会治理是县域治理现代化的重大任务,依法治理是实现治理现代化的核心。"),
    ),
    (
        {
            "kind": ArticleKind.NEWS,
            "rubric": None,
            "kicker": None,
            "headline": "“慈善爱心一日捐”活动启动",
            "subtitle": None,
            "bylines": [],
        },
        fw("本报讯 昨天上午,平湖市2020年“慈善爱心一日捐”活动正式启动,"),
    ),
    (
        {
            "kind": ArticleKind.NEWS,
            "rubric": None,
            "kicker": None,
            "headline": "平湖上榜全国农村 创新创业典型",
            "subtitle": None,
            "bylines": [(REPORTER, "居丹荔")],
        },
        fw("本报讯 日前,农业农村部公布了全国农村创新创业100个典型县名单。"),
    ),
    (
        {
            "kind": ArticleKind.NEWS,
            "rubric": None,
            "kicker": None,
            "headline": "我市两单位入选嘉兴 命名的首批社会组织 党群服务中心示范点",
            "subtitle": None,
            "bylines": [(REPORTER, "居丹荔"), (CORRESPONDENT, "纪亚千")],
        },
        fw("本报讯 近日,嘉兴市社会组织综合委员会命名全市第一批17家单位"),
    ),
]


@pytest.mark.parametrize(
    ("page", "expected"), [("page_2022", ARTICLES_2022), ("page_2020", ARTICLES_2020)]
)
def test_articles(page, expected, request):
    draft = request.getfixturevalue(page)
    assert [summary(a) for a in draft.articles] == [fields for fields, _ in expected]
    for article, (_, opening) in zip(draft.articles, expected, strict=True):
        assert article.body.startswith(opening), article.headline


def test_subheads_2020(page_2020):
    subheads = [b.text for b in page_2020.blocks if b.kind is BlockKind.SUBHEAD]
    assert subheads == [
        fw("补足精神之钙,把稳思想之舵"),
        fw("以整改促落实,坚守为民初心"),
        fw("肩负奋斗使命,砥砺追梦前行"),
    ]
    body = page_2020.articles[0].body
    assert fw("\n\n补足精神之钙,把稳思想之舵\n\n") in body


def test_furniture_2022(page_2022):
    furniture = [
        (b.kind, b.text) for b in page_2022.blocks if b.kind in FURNITURE_KINDS
    ]
    assert (BlockKind.AD, "讲文明 树新风 公/益/广/告") in furniture
    assert (BlockKind.SLOGAN, "巩固全国文明城市创建成果从从文明有利平湖人") in furniture
    assert [k for k, _ in furniture].count(BlockKind.MASTHEAD) == 4


def test_furniture_2020(page_2020):
    kinds = [b.kind for b in page_2020.blocks if b.kind in FURNITURE_KINDS]
    assert kinds.count(BlockKind.WEATHER) == 1
    assert kinds.count(BlockKind.NOTICE) == 3  # reminder, copyright, legal adviser
    assert kinds.count(BlockKind.AD) == 1
    assert kinds.count(BlockKind.MASTHEAD) == 5


@pytest.mark.parametrize("page", ["page_2022", "page_2020"])
def test_no_furniture_in_bodies(page, request):
    draft = request.getfixturevalue(page)
    page_level = [
        b.text for b in draft.blocks if b.kind in FURNITURE_KINDS | {BlockKind.CREDIT}
    ]
    assert page_level
    for article in draft.articles:
        for text in page_level:
            assert text not in article.body
        for marker in ("编辑/", "版式/", "校对/", "公/益/广/告", "气温", "法律顾问"):
            assert marker not in article.body


@pytest.mark.parametrize("page", ["page_2022", "page_2020"])
def test_bodies_have_no_stray_spaces_or_half_width_commas(page, request):
    draft = request.getfixturevalue(page)
    for article in draft.articles:
        for paragraph in article.body.split("\n\n"):
            text = paragraph.removeprefix("本报讯 ")
            assert " " not in text, paragraph
            assert "," not in text.replace("1,", "")
            assert '"' not in text


def test_the_corrected_text_starts_as_the_cleaned_text(page_2022):
    headline_block = next(b for b in page_2022.blocks if b.kind is BlockKind.HEADLINE)
    raw = page_2022.source[headline_block.start : headline_block.end]
    assert raw.startswith("# ")
    assert headline_block.text == "深化全国文明城市巩固工作 开创文明城市共建共享新格局"


def test_cut_paragraphs_are_joined_with_confidence(page_2022):
    article = page_2022.articles[0]
    assert fw("随后,仲旭东一行又来到永乐小区,既有自建房") in article.body
    joined = [
        page_2022.blocks[j]
        for j in article.blocks
        if page_2022.blocks[j].joins_previous
    ]
    assert joined and all(0 < b.confidence <= 1 for b in joined)
