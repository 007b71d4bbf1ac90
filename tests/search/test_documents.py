"""The in-memory document table (facets, filters, date order), the relevance
window and phrases by pairs of words, against what the database holds."""

import datetime as dt
from collections import Counter

import numpy as np
import pytest
from django.db import connection

from articles.models import Article
from search import backends
from search.documents import document_table
from search.indexing import articles_changed, search_queue_process
from search.models import SearchQueueEntry
from search.services import article_search
from tests.factories import ArticleFactory, IssueFactory, PageFactory

pytestmark = pytest.mark.django_db


def articles_add(bodies, *, date, headline="来稿"):
    page = PageFactory(issue=IssueFactory(date=date), number=2)
    made = [
        ArticleFactory(page=page, sequence=i, headline=headline, body=body)
        for i, body in enumerate(bodies)
    ]
    articles_changed(article_ids=[a.pk for a in made])
    search_queue_process()
    return made


def everything(q, **options):
    return article_search(q=q, per_page=1000, **options)


def expected_facets(outcome):
    found = Article.objects.filter(
        pk__in=[int(r.pk) for r in outcome.results]
    ).select_related("page__issue")
    return {
        "year": Counter(str(a.page.issue.date.year) for a in found),
        "page": Counter(str(a.page.number) for a in found),
        "kind": Counter(a.kind for a in found),
    }


def test_facet_counts_are_those_of_the_matched_articles(ingested):
    articles_add(["平湖老街。"] * 3, date=dt.date(2011, 3, 4))
    for q in ("平湖", "仲旭东", "平湖 -老街", "老街 OR 农贸市场"):
        outcome = everything(q)
        assert outcome.total == len(outcome.results) > 0
        for name, counts in expected_facets(outcome).items():
            assert dict(outcome.facets[name]) == counts, (q, name)


def test_facet_counts_of_few_and_of_most_documents_after_loads_in_steps(ingested):
    from django.db.models import Count

    from search.documents import DocumentTable
    from search.models import SearchDocument, SearchFacet

    everything("平湖")  # the table is loaded, then grows twice
    articles_add(["平湖老街。"] * 3, date=dt.date(2011, 3, 4))
    everything("平湖")
    articles_add(["平湖旧事。"] * 2, date=dt.date(1999, 9, 9))
    table = document_table()
    assert (np.diff(table.facet_documents) >= 0).all()  # kept in document order
    ids = np.array(sorted(SearchDocument.objects.values_list("pk", flat=True)))
    fields = ["year", "month", "page", "kind", "person", "organisation"]
    # A few documents (rows gathered per document) and all (a mask).
    for subset in (ids[-3:], ids[:2], ids):
        rows = (
            SearchFacet.objects.filter(document_id__in=subset.tolist())
            .values_list("field", "value")
            .annotate(n=Count("id"))
        )
        expected = {name: [] for name in fields}
        for name, value, n in rows:
            if name in expected:
                expected[name].append((value, n))
        for values in expected.values():
            values.sort(key=lambda item: (-item[1], item[0]))
        assert table.facet_counts(subset, fields) == expected
        assert DocumentTable().refreshed().facet_counts(subset, fields) == expected
        limited = table.facet_counts(subset, fields, limit=1)
        assert limited == {name: values[:1] for name, values in expected.items()}


def test_the_table_follows_new_changed_and_deleted_documents(ingested):
    before = everything("平湖")
    assert "1999" not in dict(before.facets["year"])
    added = articles_add(["平湖旧事。"] * 4, date=dt.date(1999, 9, 9))
    after = everything("平湖")
    assert dict(after.facets["year"])["1999"] == 4
    assert after.total == before.total + 4

    changed = added[0]
    changed.kind = "feature"
    changed.save()
    Article.objects.filter(pk=added[1].pk).delete()
    articles_changed(article_ids=[changed.pk, added[1].pk])
    search_queue_process()
    latest = everything("平湖")
    assert latest.total == before.total + 3
    assert dict(latest.facets["year"])["1999"] == 3
    assert dict(latest.facets["kind"])["feature"] == (
        dict(before.facets["kind"]).get("feature", 0) + 1
    )
    filtered = everything("平湖", filters={"year": 1999, "kind": "feature"})
    assert [int(r.pk) for r in filtered.results] == [changed.pk]


def test_the_table_reloads_once_deleted_documents_pile_up(ingested):
    added = articles_add(["平湖旧事。"] * 40, date=dt.date(1999, 9, 9))
    table = document_table()
    held = table.documents
    Article.objects.filter(pk__in=[a.pk for a in added]).delete()
    articles_changed(article_ids=[a.pk for a in added])
    search_queue_process()
    table = document_table()
    assert table.documents == Article.objects.count() < held - 30
    assert "1999" not in dict(everything("平湖").facets["year"])


def test_relevance_ranks_the_newest_matches_and_the_rest_follow_by_date(
    ingested, monkeypatch, text_index
):
    # Indexed first: the best match (the word in its headline, three times
    # in its body), then five plain ones on later dates.
    best = articles_add(["西瓜西瓜西瓜。"], date=dt.date(2001, 1, 1), headline="西瓜")[
        0
    ]
    plain = [
        articles_add(["西瓜。"], date=dt.date(2002 + i, 1, 1))[0] for i in range(5)
    ]
    ranked = everything("西瓜")
    assert ranked.total == 6 and int(ranked.results[0].pk) == best.pk
    assert ranked.results[0].score > ranked.results[1].score

    monkeypatch.setitem(backends.RANK_WINDOW, connection.vendor, 3)
    windowed = everything("西瓜")
    order = [int(r.pk) for r in windowed.results]
    assert windowed.total == 6 and sorted(order) == sorted(a.pk for a in [best, *plain])
    if text_index == "rum":
        # The index ranks every match: the best three come first (the
        # others tie), the rest follow, newest first.
        assert order[0] == best.pk
        rest = [a.pk for a in reversed(plain) if a.pk not in order[:3]]
        assert order[3:] == rest
    else:
        # The three newest indexed are scored; the rest follow, newest first.
        assert set(order[:3]) == {a.pk for a in plain[2:]}
        assert order[3:] == [plain[1].pk, plain[0].pk, best.pk]
    pages = [
        int(r.pk)
        for p in (1, 2, 3)
        for r in article_search(q="西瓜", per_page=2, page=p).results
    ]
    assert pages == order


def test_phrases_match_adjacent_words_in_order_only(ingested):
    adjacent, apart = articles_add(
        # `apart` has both pairs of the phrase (巩固文明城市, 文明城市成果),
        # not side by side.
        ["巩固文明城市成果。", "巩固文明城市。建设文明城市成果。"],
        date=dt.date(2010, 1, 1),
    )
    reversed_order = articles_add(["成果文明城市巩固。"], date=dt.date(2010, 1, 2))[0]
    found = {int(r.pk) for r in everything('"巩固 文明城市 成果"').results}
    assert adjacent.pk in found
    assert apart.pk not in found and reversed_order.pk not in found
    assert {int(r.pk) for r in everything('"文明城市 成果"').results} >= {
        adjacent.pk,
        apart.pk,
    }


def test_a_table_in_use_is_never_changed(ingested):
    before = document_table()
    assert document_table() is before  # nothing indexed since: no reload
    rows, held = len(before.facet_codes), before.documents
    articles_add(["平湖旧事。"] * 3, date=dt.date(1999, 9, 9))
    after = document_table()
    assert after is not before and after.documents == held + 3
    # A search holding the old table in another thread sees what it saw.
    assert (len(before.facet_codes), before.documents) == (rows, held)


def test_the_queue_drained_by_worker_processes_indexes_and_removes(ingested):
    # The ingest drains its queue this way: analysed in forked processes.
    added = articles_add(["平湖旧事。"] * 3, date=dt.date(1999, 9, 9))
    before = everything("平湖")
    changed, deleted = added[0], added[1]
    changed.kind = "feature"
    changed.save()
    more = [
        ArticleFactory(page=changed.page, sequence=10 + i, body="平湖新事。")
        for i in range(5)
    ]
    Article.objects.filter(pk=deleted.pk).delete()
    articles_changed(article_ids=[changed.pk, deleted.pk, *(a.pk for a in more)])
    assert search_queue_process(batch_size=2, workers=1) == 7
    assert not SearchQueueEntry.objects.exists()
    latest = everything("平湖")
    assert latest.total == before.total - 1 + 5
    filtered = everything("平湖", filters={"year": 1999, "kind": "feature"})
    assert [int(r.pk) for r in filtered.results] == [changed.pk]


def test_facets_have_one_index_starting_with_their_document():
    # Migration 0006: Django's index on the document column went, as the
    # (document, field) index answers the same look-ups (one btree less for
    # seven rows an article).
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, "search_searchfacet"
        )
    leading = sorted(
        tuple(c["columns"])
        for c in constraints.values()
        if c["index"] and c["columns"][0] == "document_id"
    )
    assert leading == [("document_id", "field")]
