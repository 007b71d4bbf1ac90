"""Editors' confirmations teach the extractor (issue 17): a name confirmed
on one page is found on later pages without any rule's evidence, a string
rejected is never proposed again. Real database, invented text."""

import datetime as dt

import pytest

from people.models import Mention
from people.selectors import mention_feedback
from people.services import mention_confirm, mention_reject, mentions_refresh
from tests.factories import ArticleFactory, MentionFactory, PersonFactory

pytestmark = pytest.mark.django_db

DATE = dt.date(2024, 5, 6)


def texts(article, **filters):
    return list(
        Mention.objects.filter(article=article, **filters)
        .order_by("start")
        .values_list("text", "rule")
    )


def test_a_confirmed_name_is_found_on_a_later_page():
    later = ArticleFactory(body="龙腾飞在会上发言，大家鼓掌。")
    mentions_refresh(articles=[later], date=DATE)
    assert texts(later) == []  # no rule has evidence for it

    earlier = MentionFactory(person=PersonFactory(name="龙腾飞"))
    mention_confirm(mention=earlier)
    mentions_refresh(articles=[later], date=DATE)

    assert texts(later) == [("龙腾飞", "confirmed")]
    mention = Mention.objects.get(article=later)
    assert mention.person == earlier.person and mention.status == "machine"


def test_a_rejected_string_is_never_proposed_again():
    first = ArticleFactory(body="村民田小禾说，路修好了。")
    later = ArticleFactory(body="“好得很。”村民田小禾说。")
    mentions_refresh(articles=[first], date=DATE)
    (found,) = Mention.objects.filter(article=first)
    assert found.text == "田小禾"

    mention_reject(mention=found)
    mentions_refresh(articles=[later], date=DATE)

    assert texts(later) == []


def test_a_string_confirmed_anywhere_is_not_vetoed():
    rejected = MentionFactory(person=PersonFactory(name="简一鸣"))
    confirmed = MentionFactory(person=rejected.person)
    mention_reject(mention=rejected)
    mention_confirm(mention=confirmed)

    known, vetoed = mention_feedback()

    assert "简一鸣" in known and "简一鸣" not in vetoed


def test_feedback_costs_one_query_however_many_decisions(django_assert_num_queries):
    for name in ("甲乙丙", "丁戊己", "庚辛壬"):
        mention_confirm(mention=MentionFactory(person=PersonFactory(name=name)))
    mention_reject(mention=MentionFactory(person=PersonFactory(name="癸子丑")))

    with django_assert_num_queries(1):
        known, rejected = mention_feedback()

    assert known == {"甲乙丙", "丁戊己", "庚辛壬"} and rejected == {"癸子丑"}
