"""The search bench's generated archive (bench/search_archive.py) is loaded
as generated: every article, in order, with its page, date and bylines."""

import pytest

from articles.models import Article
from bench.search_archive import generate, load

# The loader writes no index: the same on every engine.
TEXT_INDEX_INDEPENDENT = True


@pytest.mark.django_db
def test_load_writes_the_generated_articles(monkeypatch):
    # Chunks that split days and pages between them, and a partial last day.
    monkeypatch.setattr("bench.search_archive.LOAD_CHUNK", 25)
    load(60, seed=3)
    loaded = [
        (
            a.page.issue.date,
            a.page.number,
            a.sequence,
            a.kind,
            a.rubric,
            a.headline,
            a.body,
            [b.name for b in a.bylines.order_by("position")],
        )
        for a in Article.objects.select_related("page__issue").order_by("pk")
    ]
    assert loaded == [tuple(row[:7]) + (list(row[7]),) for row in generate(60, 3)]
    assert set(Article.objects.values_list("status", flat=True)) == {"machine"}
