"""Filing a new page (its issue, page and source rows) costs a fixed few
statements, and what the ingest remembers over a batch is never a row a
failed file's savepoint took back."""

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.models import Issue, Page, Publication
from articles.services.publications import publications_remembered
from tests.articles.test_ingest import ingest_draft
from tests.factories import page_draft

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_publications")]


def _draft(n: int, *, publication="test-gazette", page: int = 1):
    return page_draft(
        date=dt.date(2021, 3, 1) + dt.timedelta(days=n),
        number=n + 1,
        publication=publication,
        page=page,
    )


def _statements(drafts, **kwargs) -> list[str]:
    fills: list = []
    with CaptureQueriesContext(connection) as queries:
        for n, draft in enumerate(drafts):
            ingest_draft(draft, file_name=f"p{n}.txt", fills=fills, **kwargs)
    return [q["sql"] for q in queries]


def _reads(statements, table: str) -> int:
    return sum(
        1 for sql in statements if sql.startswith("SELECT") and f'FROM "{table}"' in sql
    )


def test_a_page_of_a_new_issue_is_filed_without_looking_for_its_page():
    ingest_draft(_draft(0), file_name="first.txt")  # the publication's row exists

    statements = _statements([_draft(n) for n in range(1, 4)])

    assert _reads(statements, "articles_page") == 0
    # Per page, one read: the issue of its date and another with its serial
    # number, together.
    assert _reads(statements, "articles_issue") == 3
    # Each page: its savepoint and release, its publication (outside a batch:
    # see below), that read, the issue, page and source rows and the page's
    # link to its source.
    assert len(statements) == 3 * 8


def test_a_second_page_of_an_issue_looks_for_itself():
    ingest_draft(_draft(0), file_name="first.txt")

    statements = _statements([_draft(0, page=2)])

    assert _reads(statements, "articles_page") == 1
    assert Page.objects.filter(issue__date=dt.date(2021, 3, 1)).count() == 2


def test_within_a_batch_the_publication_is_read_once():
    ingest_draft(_draft(0), file_name="first.txt")

    with transaction.atomic(), publications_remembered():
        statements = _statements([_draft(n) for n in range(1, 4)])

    assert _reads(statements, "articles_publication") == 1
    # Outside a batch, once a page.
    statements = _statements([_draft(n) for n in range(4, 6)])
    assert _reads(statements, "articles_publication") == 2


def test_a_seed_row_taken_back_with_its_file_is_not_remembered():
    """The first page of a paper of the seed file creates its row, in the
    page's savepoint; when that page then fails, the row goes with it, and
    the next page of the batch must create it again, not use the lost one."""
    assert not Publication.objects.exists()
    with transaction.atomic(), publications_remembered():
        with pytest.raises(ValidationError, match="no date"):
            ingest_draft(_undated(), file_name="undated.txt")
        assert not Publication.objects.exists()

        ingest_draft(_draft(1), file_name="good.txt")

    issue = Issue.objects.get()
    assert Publication.objects.filter(pk=issue.publication_id).exists()


def _undated():
    draft = _draft(0)
    return dataclasses.replace(draft, meta=dataclasses.replace(draft.meta, date=None))
