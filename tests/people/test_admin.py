"""Curation through the admin: the actions editors run call the services."""

import pytest
from django.urls import reverse

from people.models import Mention, PeopleChange, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingested(run_command, sample_paths):
    for path in sample_paths:
        assert run_command("ingest", path).error is None


def action(client, model, name, pks):
    return client.post(
        reverse(f"admin:people_{model}_changelist"),
        {"action": name, "_selected_action": [str(pk) for pk in pks]},
        follow=True,
    )


def test_confirm_and_reject_actions(admin_client, admin_user, ingested):
    mentions = list(Mention.objects.filter(text="仲旭东").order_by("id")[:2])

    action(admin_client, "mention", "confirm", [mentions[0].pk])
    action(admin_client, "mention", "reject", [mentions[1].pk])

    statuses = dict(
        Mention.objects.filter(pk__in=[m.pk for m in mentions]).values_list(
            "pk", "status"
        )
    )
    assert statuses == {mentions[0].pk: "confirmed", mentions[1].pk: "rejected"}
    assert PeopleChange.objects.filter(user=admin_user).count() == 2


def test_changelist_marks_the_mention_in_its_text(admin_client, ingested):
    response = admin_client.get(
        reverse("admin:people_mention_changelist") + "?q=柯卫明"
    )
    assert "<mark>柯卫明</mark>列席会议" in response.content.decode()


def test_merge_action(admin_client, ingested):
    a = Person.objects.get(name="戴振")
    b = Person.objects.create(name="戴 振")
    Mention.objects.filter(person=a).update(person=b)

    action(admin_client, "person", "merge_into_earliest", [a.pk, b.pk])

    assert not Person.objects.filter(pk=b.pk).exists()
    assert a.mentions.count() == 1
    assert list(a.aliases.values_list("name", flat=True)) == ["戴 振"]


def test_split_action(admin_client, ingested):
    person = Person.objects.get(name="仲旭东")
    later = person.mentions.filter(article__page__issue__date__year=2022)

    action(
        admin_client, "mention", "split_off", list(later.values_list("pk", flat=True))
    )

    assert Person.objects.filter(name="仲旭东").count() == 2
    assert person.mentions.filter(article__page__issue__date__year=2022).count() == 0
    assert person.mentions.count() == 1  # the 2020 page stays


def test_person_autocomplete(admin_client, ingested):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "仲",
            "app_label": "people",
            "model_name": "mention",
            "field_name": "person",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["仲旭东"]
