"""Search features through the site and the service, on the real index."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from articles.models import Article
from search.indexing import articles_changed
from search.models import SearchDocument, SearchQueueEntry
from search.services import article_search
from tests.factories import ArticleFactory, IssueFactory, PageFactory

pytestmark = pytest.mark.django_db


def headlines(outcome):
    return [r.object.headline for r in outcome.results]


def test_ingest_indexes_every_article(ingested):
    assert SearchDocument.objects.count() == Article.objects.count() > 10
    assert not SearchQueueEntry.objects.exists()


def test_all_words_phrase_or_exclusion(ingested):
    both = article_search(q="仲旭东 农贸市场")
    assert both.total == 1
    assert "文明城市" in both.results[0].object.headline
    either = article_search(q="农贸市场 OR 签约仪式")
    assert either.total == 2
    only = article_search(q="仲旭东 -农贸市场")
    assert only.total == article_search(q="仲旭东").total - 1
    assert article_search(q='"文明城市 巩固"').total >= 1
    assert article_search(q='"巩固 文明城市"').total == 0  # order matters


def test_traditional_query_finds_simplified_text(ingested):
    assert article_search(q="仲旭東 農貿市場").total == 1


def test_name_is_not_matched_by_its_parts(ingested, index_now):
    page = PageFactory()
    with index_now():
        article = ArticleFactory(
            page=page, headline="来信", body="仲先生和旭东先生来信。"
        )
        articles_changed(article_ids=[article.pk])
    assert article_search(q="旭东").total >= 1
    assert article.headline not in headlines(article_search(q="仲旭东"))


def test_highlighted_snippet_has_marks(ingested, client):
    html = client.get(reverse("search"), {"q": "仲旭东"}).content.decode()
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', html, re.S)
    assert snippets and all("<mark>仲旭东</mark>" in s for s in snippets)


def test_facets_and_facet_filters(ingested):
    outcome = article_search(q="平湖")
    years = dict(outcome.facets["year"])
    assert sum(years.values()) == outcome.total and "2022" in years
    year = article_search(q="平湖", filters={"year": 2022})
    assert year.total == years["2022"]
    kinds = dict(outcome.facets["kind"])
    assert sum(kinds.values()) == outcome.total
    kind = next(iter(kinds))
    narrowed = article_search(q="平湖", filters={"kind": kind})
    assert narrowed.total == kinds[kind]
    assert "person" in outcome.facets and "page" in outcome.facets


def test_date_range_sort_issue_and_pagination(ingested):
    issue = IssueFactory(date=dt.date(2019, 5, 1))
    page = PageFactory(issue=issue, number=1)
    articles = [
        ArticleFactory(page=page, sequence=i, headline=f"旧闻{i}", body="平湖旧闻。")
        for i in range(12)
    ]
    articles_changed(article_ids=[a.pk for a in articles])
    from search.indexing import search_queue_process

    search_queue_process()
    everything = article_search(q="平湖")
    old = article_search(q="平湖", end=dt.date(2020, 1, 1))
    assert old.total == 12 and everything.total > 12
    newest = article_search(q="平湖", sort="-date")
    assert newest.results[0].object.page.issue.date.year >= 2020
    oldest = article_search(q="平湖", sort="date")
    assert oldest.results[0].object.page.issue.date.year == 2019
    within = article_search(q="平湖", filters={"issue": issue.pk})
    assert within.total == 12 and within.pages == 2
    second = article_search(q="平湖", filters={"issue": issue.pk}, page=2)
    assert len(second.results) == 2
    assert not set(headlines(second)) & set(headlines(within))


def test_edit_is_searchable_right_after_commit(ingested, index_now):
    article = Article.objects.order_by("pk").first()
    assert article_search(q="独一无二的更正词").total == 0
    with index_now():
        article.body += "\n\n独一无二的更正词"
        article.save()
        articles_changed(article_ids=[article.pk])
    assert headlines(article_search(q="独一无二的更正词")) == [article.headline]
    pk = article.pk
    with index_now():
        article.delete()
        articles_changed(article_ids=[pk])
    assert article_search(q="独一无二的更正词").total == 0


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "   "},
        {"q": '"'},
        {"q": '"仲旭东'},
        {"q": "OR"},
        {"q": "-仲旭东"},
        {"q": "仲旭东 OR"},
        {"q": "，。、！"},
        {"q": "*"},
        {"q": "NEAR(a b) AND OR NOT"},
        {"q": "' OR 1=1 --"},
        {"q": "仲旭东" * 500},
        {"q": "平湖", "start": "not-a-date", "p": "-3", "year": "x"},
        {"q": "平湖", "p": "999"},
        {"q": "平湖", "kind": "nonsense"},
        {"q": "\x00\ud800"[0] + "平湖"},
    ],
)
def test_bad_queries_are_answered_politely(ingested, client, params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    assert "<h1>搜索</h1>" in response.content.decode()


def test_overlong_query_says_so(ingested, client):
    html = client.get(reverse("search"), {"q": "平湖 " * 300}).content.decode()
    assert "查询过长" in html


def test_search_page_query_count_is_constant(ingested, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.indexing import search_queue_process

    def add_articles(n):
        page = PageFactory()
        more = [
            ArticleFactory(page=page, sequence=i, body="平湖新闻。") for i in range(n)
        ]
        articles_changed(article_ids=[a.pk for a in more])
        search_queue_process()

    add_articles(12)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("search"), {"q": "平湖"})
    add_articles(30)
    with CaptureQueriesContext(connection) as second:
        html = client.get(reverse("search"), {"q": "平湖"}).content.decode()
    assert "下一页" in html
    # index state and newest names (one), the documents and facets indexed
    # since the last search (2), match, scores, results, articles
    assert len(second) == len(first) <= 7
    # With no new name and no new document: state, match, scores, results,
    # articles.
    with CaptureQueriesContext(connection) as third:
        client.get(reverse("search"), {"q": "平湖"})
    assert len(third) <= 5


def test_a_ranked_search_on_postgresql_reads_its_page_with_the_match(
    ingested, text_index
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def shown(outcome):
        return [
            (r.pk, r.score, r.object.headline, str(r.highlighted["text"][0]))
            for r in outcome.results
        ]

    article_search(q="平湖")  # the document table is loaded
    with CaptureQueriesContext(connection) as queries:
        first = article_search(q="平湖", per_page=3)
    # State and names, match (with scores: PostgreSQL), results (read with
    # the match from GIN's window), articles.
    assert len(queries) == {"gin": 3, "rum": 4, "fts5": 5}[text_index]
    # The page read with the match is the one read after it: a page longer
    # than the window is read after the match.
    everything = article_search(q="平湖", per_page=1000)
    assert first.total == everything.total > 3
    assert shown(first) == shown(everything)[:3]
    second = article_search(q="平湖", per_page=3, page=2)
    assert shown(second) == shown(everything)[3:6]


def test_an_editors_correction_is_searchable_when_it_commits(ingested, index_now):
    from django.contrib.auth.models import User

    from articles.models import TextBlock
    from editing.services import change_undo, text_block_correct

    editor = User.objects.create_superuser("corrector", password="x")
    block = TextBlock.objects.filter(article__isnull=False, kind="body").first()
    page = block.page
    with index_now():
        change = text_block_correct(
            user=editor,
            block=block,
            text=block.text + "独一无二的更正词",
            expected_version=page.version,
        )
    assert headlines(article_search(q="独一无二的更正词")) == [block.article.headline]

    page.refresh_from_db()
    with index_now():
        change_undo(user=editor, change=change, expected_version=page.version)
    assert article_search(q="独一无二的更正词").total == 0


def test_the_ingest_command_leaves_the_index_up_to_date(run_command, sample_paths):
    result = run_command("ingest", *sample_paths)

    assert result.error is None, result.stderr
    assert not SearchQueueEntry.objects.exists()
    assert SearchDocument.objects.count() == Article.objects.count()
    assert article_search(q="文明城市").total > 0


def test_person_and_organisation_facets_come_from_the_text_too(ingested):
    from people.models import Mention

    named = Mention.objects.filter(organisation__isnull=False).first()
    result = article_search(q="会议")
    organisations = dict(result.facets["organisation"])
    people = dict(result.facets["person"])
    assert organisations, "organisation facet is empty"
    assert named is not None
    assert any(
        m.person.name in people
        for m in Mention.objects.filter(person__isnull=False).select_related("person")
    )
