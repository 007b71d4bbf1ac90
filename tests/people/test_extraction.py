"""The extractor as a plain function: on the sample pages, and on invented
sentences showing the rules are general (no sample name in the lexicon)."""

from pathlib import Path

import pytest

from articles.parsing import load_profiles, parse_page
from bench.people_truth import SAMPLES
from people.extraction import (
    DEFAULT_LEXICON,
    OfficeFact,
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


def test_no_sample_name_in_the_rules():
    rules = DEFAULT_LEXICON.read_text(encoding="utf-8") + (
        ROOT / "people" / "extraction.py"
    ).read_text(encoding="utf-8")
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
