"""What the ingest stores about people and organisations, on the real
sample pages, checked against tests/people/expected.py."""

import datetime as dt
import json

import pytest

from articles.models import Article, Byline, PageCredit
from bench.people_truth import SAMPLES
from people.models import Mention, OfficeHolding, Organisation, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingested(run_command, sample_paths):
    for path in sample_paths:
        result = run_command("ingest", path)
        assert result.error is None, result.stderr
    return sample_paths


def _named(article, kind):
    field = "person__name" if kind == "person" else "organisation__name"
    return set(article.mentions.filter(kind=kind).values_list(field, flat=True))


def test_mentions_of_each_article(ingested):
    checked = 0
    for file_name, sample in SAMPLES.items():
        articles = Article.objects.filter(page__source__file_name=file_name)
        for article in articles:
            want = sample["articles"][article.headline]
            assert _named(article, "person") == want["people"], article.headline
            assert _named(article, "organisation") == want["organisations"]
            checked += 1
    assert checked == sum(len(s["articles"]) for s in SAMPLES.values())
    # Machine-made until an editor confirms, with the span of the text.
    for mention in Mention.objects.select_related("article"):
        assert mention.status == "machine" and 0 < mention.confidence < 1
        text = getattr(mention.article, mention.field)
        assert text[mention.start : mention.end] == mention.text


def test_offices_are_dated_facts(ingested):
    for file_name, sample in SAMPLES.items():
        date = dt.date.fromisoformat(sample["date"])
        facts = OfficeHolding.objects.filter(
            article__page__source__file_name=file_name
        ).select_related("person", "organisation")
        assert {
            (f.person.name, f.office, f.organisation.name if f.organisation else None)
            for f in facts
        } == sample["offices"]
        assert {f.date for f in facts} == {date}


def test_the_same_name_on_another_date_is_the_same_person(ingested):
    # Named on both sample pages, two and a half years apart.
    shared = set.intersection(
        *(
            {n for a in s["articles"].values() for n in a["people"]}
            for s in SAMPLES.values()
        )
    )
    assert shared
    for name in shared:
        person = Person.objects.get(name=name)
        dates = set(
            person.mentions.values_list("article__page__issue__date", flat=True)
        )
        assert len(dates) == 2


def test_bylines_and_credits_name_people(ingested):
    for file_name, sample in SAMPLES.items():
        credits = PageCredit.objects.filter(page__source__file_name=file_name)
        assert {c.role: c.person.name for c in credits} == sample["credits"]
        for headline, want in sample["articles"].items():
            bylines = Byline.objects.filter(
                article__page__source__file_name=file_name,
                article__headline=headline,
                person__isnull=False,
            ).select_related("person")
            assert {b.role: b.person.name for b in bylines} == want.get("bylines", {})


def test_export_lists_people_and_organisations(ingested, run_command):
    result = run_command(
        "export", format="json", date=SAMPLES["002_78004bad7335606d.txt"]["date"]
    )
    (issue,) = json.loads(result.stdout)["issues"]
    articles = {a["headline"]: a for a in issue["pages"][0]["articles"]}
    want = SAMPLES["002_78004bad7335606d.txt"]["articles"]
    for headline, article in articles.items():
        assert {p["name"] for p in article["people"]} == want[headline]["people"]
        assert {o["name"] for o in article["organisations"]} == want[headline][
            "organisations"
        ]
    people = articles["刷脸投垃圾 分类更精准"]["people"]
    assert {"name": "张建军", "title": "广陈镇副镇长"} in people


def test_rejected_mentions_leave_the_export(ingested, run_command):
    date = SAMPLES["002_78004bad7335606d.txt"]["date"]
    Mention.objects.filter(text="广陈镇").update(status="rejected")
    result = run_command("export", format="json", date=date)
    assert '广陈镇"}' not in result.stdout
    assert "张建军" in result.stdout


def test_rerun_and_replace_keep_mentions_consistent(ingested, run_command):
    before = Mention.objects.count()
    path = ingested[0]
    assert run_command("ingest", path).error is None
    assert Mention.objects.count() == before  # unchanged file: nothing redone
    result = run_command("ingest", path, replace=True)
    assert result.error is None
    # Same page text again: the mentions are rebuilt, not doubled.
    assert Mention.objects.count() == before
    assert OfficeHolding.objects.filter(article__isnull=True).count() == 0
    assert Organisation.objects.filter(name="市政协").count() == 1
