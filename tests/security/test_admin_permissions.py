"""Every admin action and change form checks the permissions it needs.

Finding: the Editor and Reviewer groups may only view organisations, yet the
admin action "merge into earliest" (and the person and mention actions)
declared no permission, so an editor merged two organisations; editors also
renamed people in the admin form with no history record.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import NoReverseMatch, reverse
from rest_framework.authtoken.models import Token

from articles.models import PageChange
from people.models import Mention, Organisation, PeopleChange, Person
from people.services import mention_review

from .conftest import assert_unchanged

pytestmark = pytest.mark.django_db


def _every_admin_action() -> list:
    return [
        pytest.param(model, name, id=f"{model._meta.label}.{name}")
        for model, model_admin in admin.site._registry.items()
        for _func, name, _description in model_admin._get_base_actions()
    ]


def _changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def every_model_has_rows(archive, admin_user):
    # Rows the ingest does not make, so every action has something to act on.
    mention_review(
        mentions=list(Mention.objects.all()[:1]), status="confirmed", user=admin_user
    )
    page = PageChange._meta.get_field("page").related_model.objects.first()
    PageChange.objects.create(
        page=page, user=admin_user, operation="retype", page_version=1
    )
    Token.objects.create(user=admin_user)


@pytest.mark.parametrize(("model", "action"), _every_admin_action())
def test_a_view_only_user_cannot_run_any_admin_action(
    client, viewer, every_model_has_rows, db_snapshot, model, action
):
    pks = list(model._base_manager.order_by("pk").values_list("pk", flat=True)[:3])
    assert pks, f"no {model._meta.label} to run {action} on"
    client.force_login(viewer)
    before = db_snapshot()

    response = client.post(
        _changelist(model),
        {
            "action": action,
            ACTION_CHECKBOX_NAME: [str(pk) for pk in pks],
            "post": "yes",
        },
    )

    assert response.status_code in (200, 302, 403)
    assert_unchanged(before, db_snapshot())


def test_an_editor_cannot_merge_organisations(client, editor, archive, db_snapshot):
    """The finding as it was seen: Editor group, two organisations."""
    orgs = list(Organisation.objects.order_by("pk")[:2])
    client.force_login(editor)
    before = db_snapshot()

    client.post(
        _changelist(Organisation),
        {
            "action": "merge_into_earliest",
            ACTION_CHECKBOX_NAME: [str(o.pk) for o in orgs],
        },
    )

    assert_unchanged(before, db_snapshot())
    assert Organisation.objects.filter(pk__in=[o.pk for o in orgs]).count() == 2


def _registered_with_rows():
    return [pytest.param(model, id=model._meta.label) for model in admin.site._registry]


@pytest.mark.parametrize("model", _registered_with_rows())
def test_a_view_only_user_cannot_save_any_change_or_add_form(
    client, viewer, every_model_has_rows, db_snapshot, model
):
    obj = model._base_manager.order_by("pk").first()
    assert obj is not None
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    client.force_login(viewer)
    before = db_snapshot()

    change = client.post(reverse(f"{prefix}_change", args=[obj.pk]), {})
    try:
        add = client.post(reverse(f"{prefix}_add"), {})
    except NoReverseMatch:  # pragma: no cover - every admin has an add view
        add = None

    assert change.status_code == 403
    assert add is None or add.status_code == 403
    assert_unchanged(before, db_snapshot())


def _form_data(response) -> dict:
    """What the admin's change form would post back unchanged."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else value
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        management = fs.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management.initial.get(name, 0)
        for inline in fs.forms:
            for name in inline.fields:
                value = inline.initial.get(name)
                if hasattr(value, "pk"):
                    value = value.pk
                data[inline.add_prefix(name)] = "" if value is None else value
    return data


def test_renaming_a_person_in_the_admin_goes_through_the_history(
    client, editor, archive
):
    person = Person.objects.order_by("pk").first()
    old = person.name
    url = reverse("admin:people_person_change", args=[person.pk])
    client.force_login(editor)
    data = _form_data(client.get(url))
    data["name"] = old + "甲"

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.name == old + "甲"
    change = PeopleChange.objects.get(person=person, action="rename")
    assert change.user == editor
    assert old in str(change.details) and old + "甲" in str(change.details)


def test_an_alias_added_in_the_admin_goes_through_the_history(
    client, admin_user, archive
):
    person = Person.objects.order_by("pk").first()
    url = reverse("admin:people_person_change", args=[person.pk])
    client.force_login(admin_user)
    data = _form_data(client.get(url))
    total = int(data["aliases-TOTAL_FORMS"])
    data["aliases-TOTAL_FORMS"] = total + 1
    data[f"aliases-{total}-name"] = "别名甲"
    data[f"aliases-{total}-person"] = person.pk

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert person.aliases.filter(name="别名甲").exists()
    assert PeopleChange.objects.filter(
        person=person, action="alias", user=admin_user
    ).exists()
