"""Admin: pages open, and changelist query counts do not grow with rows."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, IngestRun, TextBlock
from editing.services import text_block_correct
from search.indexing import articles_changed, search_queue_process
from tests.factories import IssueFactory, OrganisationFactory, full_issue, people_rows

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
    issue = full_issue()
    OrganisationFactory()
    IngestRun.objects.create()
    # A correction: history rows, a corrected article and block.
    page = issue.pages.get()
    block = TextBlock.objects.filter(page=page, article__isnull=False).first()
    text_block_correct(
        user=User.objects.filter(is_superuser=True).first(),
        block=block,
        text=block.text + "（更正）",
        expected_version=page.version,
    )
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


@pytest.mark.parametrize(
    ("model", "query"),
    [
        (Article, "?corrected=yes&status=edited"),
        (Article, "?corrected=no&q=标题"),
        (TextBlock, "?corrected=yes&kind=body"),
        (Article, "?page__issue__date__year=2020"),
    ],
)
def test_filtered_changelists_stay_constant(admin_client, model, query):
    # Issue dates come from a factory sequence starting on 2020-01-01; after a
    # few hundred issues made by earlier tests they would leave 2020.
    IssueFactory.reset_sequence()
    add_rows()
    index_everything()
    with CaptureQueriesContext(connection) as one:
        response = admin_client.get(url(model, "changelist") + query)
    assert response.status_code == 200
    add_rows()
    add_rows()
    index_everything()

    with CaptureQueriesContext(connection) as three:
        response = admin_client.get(url(model, "changelist") + query)

    assert len(three) == len(one)
    assert response.context["cl"].result_count >= 1


def index_everything() -> None:
    articles_changed(article_ids=Article.objects.values_list("pk", flat=True))
    search_queue_process()


def test_article_search_goes_through_the_search_engine(admin_client):
    add_rows()
    article = Article.objects.first()
    article.body += "\n\n农贸市场的仲旭东"
    article.save()
    index_everything()
    changelist = url(Article, "changelist")

    def found(q):
        response = admin_client.get(changelist, {"q": q})
        assert response.status_code == 200
        return [a.pk for a in response.context["cl"].result_list]

    assert found("仲旭東 農貿市場") == [article.pk]  # traditional characters
    assert found("仲旭东 农贸市场") == [article.pk]
    assert found("仲旭东 -农贸市场") == []
    assert found('"农贸市场的仲旭东"') == [article.pk]  # a phrase
    assert found('"农贸市场 仲旭东"') == []  # not side by side
    assert len(found("标题")) == Article.objects.count()


def test_corrected_filter_and_count(admin_client):
    add_rows()
    full_issue()  # an uncorrected article

    corrected = admin_client.get(url(Article, "changelist") + "?corrected=yes")
    uncorrected = admin_client.get(url(Article, "changelist") + "?corrected=no")

    assert [a.correction_count for a in corrected.context["cl"].result_list] == [1]
    # Every other article (add_rows' people rows bring one of their own).
    assert uncorrected.context["cl"].result_count == Article.objects.count() - 1
