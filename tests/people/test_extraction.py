"""The extractor as a plain function: on the sample pages, and on invented
sentences showing the rules are general (no sample name in the lexicon)."""

import json
from pathlib import Path

import pytest

from articles.parsing import load_profiles, parse_page
from bench.people_truth import SAMPLES
from people.extraction import (
    DEFAULT_LEXICON,
    ArticleMentions,
    OfficeFact,
    apply_feedback,
    extract_mentions,
    jieba_word_tags,
)

ROOT = Path(__file__).resolve().parents[2]
FIELDS = ("rubric", "kicker", "headline", "subtitle", "body")


def sample_articles(file_name):
    profiles = load_profiles(ROOT / "newsroom" / "publications.toml")
    text = (ROOT / "fixtures" / "ocr" / file_name).read_text(encoding="utf-8")
    return parse_page(text, profiles=profiles).articles


def extract(fields):
    return extract_mentions(fields, word_tags=jieba_word_tags())


@pytest.mark.parametrize("file_name", sorted(SAMPLES))
def test_sample_people_and_organisations(file_name):
    expected = SAMPLES[file_name]
    articles = sample_articles(file_name)
    seen = set()
    for article in articles:
        want = expected["articles"][article.headline]
        seen.add(article.headline)
        fields = {f: getattr(article, f) for f in FIELDS}
        found = extract(fields)
        assert set(found.person_names()) == want["people"], article.headline
        assert set(found.organisation_names()) == want["organisations"], (
            article.headline
        )
        for m in (*found.people, *found.organisations):
            assert fields[m.field][m.start : m.end] == m.name
    assert seen == set(expected["articles"])


@pytest.mark.parametrize("file_name", sorted(SAMPLES))
def test_sample_offices(file_name):
    found = set()
    for article in sample_articles(file_name):
        result = extract({f: getattr(article, f) for f in FIELDS})
        found |= {
            (m.name, o.office, o.organisation) for m in result.people for o in m.offices
        }
    assert found == SAMPLES[file_name]["offices"]


def rules_text():
    """The extractor's code and vocabulary."""
    code = sorted((ROOT / "people" / "extraction").glob("*.py"))
    return DEFAULT_LEXICON.read_text(encoding="utf-8") + "".join(
        path.read_text(encoding="utf-8") for path in code
    )


def test_no_dev_page_name_in_the_rules():
    """Nor any name of the development pages (bench/gold/names.json)."""
    rules = rules_text()
    gold = json.loads((ROOT / "bench" / "gold" / "names.json").read_text("utf-8"))
    for page in gold["pages"].values():
        for entry in page["people"]:
            for name in entry["name"]:
                assert name not in rules, name
        for entry in page["organisations"] + page["optional_organisations"]:
            for name in entry:
                if len(name) > 3:
                    assert name not in rules, name


def test_no_sample_name_in_the_rules():
    rules = rules_text()
    for sample in SAMPLES.values():
        for headline, article in sample["articles"].items():
            assert headline not in rules
            for name in (
                *article["people"],
                *article["organisations"],
                *article.get("missed_people", ()),
                *article.get("missed_organisations", ()),
            ):
                # The bare administrative words (市委, 市政府) are vocabulary.
                if len(name) > 3:
                    assert name not in rules, name


# --- the rules on invented text -------------------------------------------------


def people_of(text):
    return [(m.name, m.offices, m.rule) for m in extract({"body": text}).people]


def test_office_then_name_with_organisation():
    found = people_of("上午，县政协副主席罗晓光出席仪式。")
    assert found == [("罗晓光", (OfficeFact("副主席", "县政协"),), "office")]


def test_list_after_an_office_takes_every_name():
    found = people_of("副县长韩立新、邓美华、吕正，县政府党组成员彭建出席。")
    assert [name for name, *_ in found] == ["韩立新", "邓美华", "吕正", "彭建"]
    assert found[2][1] == (OfficeFact("副县长"),)
    assert found[3][1] == (OfficeFact("党组成员", "县政府"),)


def test_chained_offices_belong_to_one_person():
    (found,) = people_of("县委常委、组织部部长姚德明讲话。")
    assert found[0] == "姚德明"
    assert found[1] == (OfficeFact("县委常委"), OfficeFact("部长", "组织部"))


def test_group_before_and_after_names():
    assert [n for n, *_ in people_of("区领导孟凡、贺新宇出席。")] == ["孟凡", "贺新宇"]
    found = people_of("昨天，章志刚、方立群等区四套班子领导参加活动。")
    assert [(n, rule) for n, _, rule in found] == [
        ("章志刚", "list"),
        ("方立群", "list"),
    ]


def test_speaker_and_repeats():
    text = "“今年收成好。”村民葛长生说。葛长生家有十亩地。"
    found = extract({"body": text, "headline": "葛长生的丰收年"})
    assert {(m.field, m.rule) for m in found.people} == {
        ("body", "role"),
        ("body", "repeat"),
        ("headline", "repeat"),
    }


def test_common_words_are_not_names():
    # 干部, 信息 and 宣誓 start with surname characters.
    assert people_of("党员干部参加，住户信息齐全，党员宣誓。") == []


def test_organisations_by_suffix():
    text = (
        "日前，省文化和旅游厅公布名单，位于开发区的瑞丰精密机械（苏州）有限公司入选；"
        "各部门要落实部署，形成新格局。"
    )
    names = extract({"body": text}).organisation_names()
    assert names == ["省文化和旅游厅", "瑞丰精密机械（苏州）有限公司"]


def test_absent_fields_are_skipped():
    assert extract({"kicker": None, "body": ""}).people == ()


def test_party_committees_stand_alone_but_not_inside_an_office():
    text = "经县委、县政府研究，县委书记龚立平出席。"
    found = extract({"body": text})
    assert found.organisation_names() == ["县委", "县政府"]
    assert found.people[0].offices == (OfficeFact("县委书记"),)


# --- issue 17: every failure kind, on invented text ------------------------------


def names_of(text):
    return [m.name for m in extract({"body": text}).people]


def orgs_of(text):
    return extract({"body": text}).organisation_names()


def test_central_posts_are_offices_by_their_structure():
    # [place][body][post]: a 司 of a ministry and its 司长, none of them listed.
    (found,) = extract(
        {"body": "交通运输部科技司司长万立群介绍，试点已经展开。"}
    ).people
    assert found.name == "万立群"
    assert found.offices == (OfficeFact("司长", "交通运输部科技司"),)


def test_rural_roles_introduce_names():
    text = (
        "林农山德旺告诉记者，今年的油茶长势好。种粮大户习永富说，"
        "合作社帮了大忙。新农人蓝晓雨高兴地说：“直播卖得不错。”"
        "工作人员何佳介绍，补贴已经发放。"
    )
    assert names_of(text) == ["山德旺", "习永富", "蓝晓雨", "何佳"]


def test_surnames_outside_the_most_common_hundred():
    assert names_of("会上，逄志远指出，要加快进度。") == ["逄志远"]


def test_organisation_suffixes_of_small_bodies():
    text = (
        "县残联、县科协和县委办联合开展活动，城关派出所、镇综合执法队"
        "和县青山林场的干部参加。"
    )
    assert orgs_of(text) == [
        "县残联",
        "县科协",
        "县委办",
        "城关派出所",
        "镇综合执法队",
        "县青山林场",
    ]


def test_a_speech_verb_glued_to_a_name_ends_it():
    assert names_of("“明年还要扩种。”邱立坦言，销路是关键。") == ["邱立"]


def test_an_adverb_phrase_ends_a_name():
    # 潘明高 would swallow the adverb 高兴; the phrase 高兴地说 ends the name.
    assert names_of("潘明高兴地说，终于通车了。") == ["潘明"]


def test_a_given_name_character_that_is_also_an_adverb():
    # 都 is used in given names; 也 hardly ever: the dictionary decides.
    assert names_of("韩方都说，这条路修得好。") == ["韩方都"]
    assert names_of("韩方也说，这条路修得好。") == ["韩方"]


def test_a_place_before_a_verb_is_no_person():
    assert names_of("副县长带队赴柳溪镇调研，听取汇报。") == []


def test_a_place_name_starting_with_a_boundary_word():
    # 来 ends an organisation's name run backwards, but not inside 来安县.
    assert orgs_of("据来安县林业局统计，全县造林三千亩。") == ["来安县林业局"]


def test_verbs_in_front_of_a_strong_suffix_are_no_organisation():
    assert orgs_of("他敲开银行的大门，女儿考上大学，每天经过北京大学东门。") == [
        "北京大学"
    ]


def test_unprefixed_bodies_the_dictionary_knows():
    text = "财政部、中宣部联合发文，国家发展改革委印发通知。"
    assert orgs_of(text) == ["财政部", "中宣部", "国家发展改革委"]


def test_trimming_never_cuts_a_word_of_the_name():
    assert orgs_of("昨日，香港特别行政区政府发布公告。") == ["香港特别行政区政府"]


def test_generic_bodies_are_no_organisation():
    assert orgs_of("一般大学和重点大学都要办好，中小银行也要服务好。") == []


def test_pdf_text_rejoins_names_split_across_lines():
    text = "记者从东阳移动公\n司获悉，王 小 明 同\n志指出，要提速降费。"
    found = extract({"body": text})
    assert found.organisation_names() == ["东阳移动公司"]
    (person,) = found.people
    assert person.name == "王小明"
    # The span is the printed one, spaces and line break included.
    assert text[person.start : person.end] == "王 小 明"


def test_traditional_text_is_matched_as_simplified():
    (found,) = extract({"body": "運輸署署長鍾志強表示，會加強執法。"}).people
    assert (found.name, found.title) == ("鍾志強", "運輸署署長")
    assert found.offices == (OfficeFact("署長", "運輸署"),)


def test_transliterated_names():
    found = extract({"body": "该组织总干事约翰·史密斯认为，合作前景广阔。"}).people
    assert [(m.name, m.title, m.rule) for m in found] == [
        ("约翰·史密斯", "总干事", "office")
    ]


def test_author_lines_under_a_headline():
    text = "乡村振兴的新路子\n罗 岚 孟庆华\n\n各地积极探索。"
    assert names_of(text) == ["罗岚", "孟庆华"]
    vertical = "新质生产力\n\n邹\n海\n涛\n\n发展新质生产力是关键。"
    assert names_of(vertical) == ["邹海涛"]


def test_a_line_continuing_a_word_is_no_author_line():
    assert names_of("本报讯 东阳移动公\n司成立\n三十周年。") == []


def test_confirmed_names_are_found_everywhere_rejected_never_proposed():
    text = "龙腾飞在会上发言。村民田小禾说，路修好了。"
    plain = extract({"body": text})
    assert plain.person_names() == ["田小禾"]
    taught = extract_mentions(
        {"body": text},
        word_tags=jieba_word_tags(),
        known_names=["龙腾飞"],
        rejected=["田小禾"],
    )
    assert [(m.name, m.rule) for m in taught.people] == [("龙腾飞", "confirmed")]


def test_rejected_organisations_are_never_proposed():
    text = "县残联和县科协联合开展活动。"
    found = extract_mentions(
        {"body": text}, word_tags=jieba_word_tags(), rejected=["县科协"]
    )
    assert found.organisation_names() == ["县残联"]


def test_long_pages_are_read_sentence_by_sentence():
    # The same sentence a thousand times finds the same names a thousand
    # times: nothing reaches across sentences (which keeps time linear).
    sentence = "副县长韩立新主持会议。"
    found = extract({"body": sentence * 1000})
    assert len(found.people) == 1000
    assert {m.end - m.start for m in found.people} == {3}


def test_transliterated_names_after_a_post_without_a_dot():
    text = "该组织秘书长阿尔贝托致辞。两国总统卡森与德兰通电话。"
    assert [(m.name, m.title) for m in extract({"body": text}).people] == [
        ("阿尔贝托", "秘书长"),
        ("卡森", "总统"),
    ]


def test_a_name_at_the_very_end_beside_a_longer_name_of_the_same_start():
    # Two known names share a start; the text ends with the shorter one (the
    # longer one does not fit): found, not an IndexError.
    found = extract_mentions(
        {"body": "会上，龙腾飞发言。最后一位是龙腾"},
        word_tags=jieba_word_tags(),
        known_names=["龙腾飞", "龙腾"],
    )
    assert [m.name for m in found.people][-1] == "龙腾"


def test_a_field_ending_in_a_known_name_that_begins_a_longer_one():
    """At the end of a field, a longer known name sharing the first
    characters must not match its truncated slice (it crashed name finding:
    the span ran past the text)."""
    found = apply_feedback(
        {"body": "记者王强采访了王强"},
        ArticleMentions((), ()),
        known_names=["王强", "王强东"],
    )
    assert [(m.start, m.end, m.name) for m in found.people] == [
        (2, 4, "王强"),
        (7, 9, "王强"),
    ]
