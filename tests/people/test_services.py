"""Editors' curation: confirm, reject, merge, split, aliases, with history;
and the dictionary of confirmed names for jieba."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from articles.models import Byline
from people.models import Mention, OfficeHolding, PeopleChange, Person, PersonAlias
from people.selectors import dictionary_words
from people.services import (
    mention_confirm,
    mention_reject,
    person_alias_add,
    person_merge,
    person_resolve_names,
    person_split,
)
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    MentionFactory,
    OfficeHoldingFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return get_user_model().objects.create_user("editor", password="x")


def test_confirm_and_reject_are_recorded(editor):
    one, two = MentionFactory(), MentionFactory()

    mention_confirm(mention=one, user=editor)
    mention_reject(mention=two, user=editor)

    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.status, one.reviewed_by) == ("confirmed", editor)
    assert two.status == "rejected" and two.reviewed_at is not None
    actions = list(PeopleChange.objects.order_by("id").values_list("action", "user"))
    assert actions == [("confirm", editor.pk), ("reject", editor.pk)]
    assert (
        PeopleChange.objects.get(action="reject").details["mentions"][0]["id"] == two.pk
    )


def test_merge_moves_everything_and_keeps_the_old_name(editor):
    target = PersonFactory(name="李某某")
    duplicate = PersonFactory(name="李某")
    MentionFactory(person=duplicate)
    OfficeHoldingFactory(person=duplicate)
    BylineFactory(person=duplicate)

    person_merge(target=target, others=[duplicate], user=editor)

    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert target.mentions.count() == 1
    assert target.office_holdings.count() == 1
    assert Byline.objects.filter(person=target).count() == 1
    assert list(target.aliases.values_list("name", flat=True)) == ["李某"]
    change = PeopleChange.objects.get(action="merge")
    assert change.details["merged"][0]["name"] == "李某"
    # A later page printing the old name resolves to the merged person.
    assert person_resolve_names(names=["李某"])["李某"] == target


def test_merge_needs_another_person():
    person = PersonFactory()
    with pytest.raises(ValidationError):
        person_merge(target=person, others=[person])


def test_split_a_homonym(editor):
    person = PersonFactory(name="王某")
    kept = MentionFactory(person=person)
    other_article = ArticleFactory()
    moved = MentionFactory(person=person, article=other_article)
    OfficeHoldingFactory(person=person, article=other_article)
    OfficeHoldingFactory(person=person, article=kept.article)

    new = person_split(person=person, mentions=[moved], note="另一位", user=editor)

    assert new.name == "王某" and new.pk != person.pk
    assert list(new.mentions.all()) == [moved]
    assert list(person.mentions.all()) == [kept]
    assert new.office_holdings.get().article == other_article
    assert person.office_holdings.get().article == kept.article
    assert PeopleChange.objects.get(action="split").person == new


def test_split_refuses_mentions_of_someone_else():
    with pytest.raises(ValidationError):
        person_split(person=PersonFactory(), mentions=[MentionFactory()])


def test_alias_add_is_recorded():
    person = PersonFactory()
    person_alias_add(person=person, name=" 别名 ")
    assert PersonAlias.objects.get().name == "别名"
    assert PeopleChange.objects.get().action == "alias"


def test_dictionary_words_are_confirmed_names_only(django_assert_num_queries):
    confirmed = MentionFactory(status="confirmed")
    MentionFactory()  # machine-made: not in the dictionary
    PersonAlias.objects.create(person=confirmed.person, name="又名")
    org_mention = MentionFactory(
        kind=Mention.Kind.ORGANISATION,
        person=None,
        organisation=OfficeHoldingFactory().organisation,
        status="confirmed",
    )

    with django_assert_num_queries(3):
        words = dictionary_words()

    names = {w for w, _, _ in words}
    assert names == {confirmed.person.name, "又名", org_mention.organisation.name}
    assert all(freq >= 1000 for _, freq, _ in words)
    assert dict((w, t) for w, _, t in words)["又名"] == "nr"
    assert OfficeHolding.objects.count() == 1
