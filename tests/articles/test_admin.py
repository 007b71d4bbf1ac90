"""Admin: pages open, and changelist query counts do not grow with rows."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import IngestRun
from tests.factories import OrganisationFactory, full_issue, people_rows

pytestmark = pytest.mark.django_db

MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"articles", "people"}
]


def url(model, view: str, *args) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def add_rows() -> None:
    full_issue()
    OrganisationFactory()
    IngestRun.objects.create()
    people_rows()


def changelist_queries(client, model) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(model, "changelist"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_query_count_is_constant(admin_client, model):
    add_rows()
    one = changelist_queries(admin_client, model)
    add_rows()
    add_rows()

    assert changelist_queries(admin_client, model) == one
    assert model.objects.count() >= 3


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_change_page_opens(admin_client, model):
    add_rows()

    response = admin_client.get(url(model, "change", model.objects.first().pk))

    assert response.status_code == 200
