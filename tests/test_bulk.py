"""newsroom.bulk: the ingest's inserts, COPY on PostgreSQL."""

import pytest
from django.db import IntegrityError, transaction

from articles.models import Article, TextBlock
from newsroom.bulk import rows_insert
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_rows_come_back_with_their_ids_in_order():
    page = PageFactory()
    rows = [
        {"page_id": page.pk, "sequence": n, "kind": "news", "body": f"第{n}篇"}
        for n in range(3)
    ]

    pks = rows_insert(Article, rows, returning=True)

    assert len(set(pks)) == 3
    stored = dict(Article.objects.values_list("pk", "body"))
    assert [stored[pk] for pk in pks] == ["第0篇", "第1篇", "第2篇"]
    # Left-out fields take their defaults; the next insert continues the ids.
    assert set(Article.objects.values_list("status", flat=True)) == {"machine"}
    [next_pk] = rows_insert(Article, [{**rows[0], "sequence": 9}], returning=True)
    assert next_pk > max(pks)


def test_text_with_what_copy_escapes_is_stored_as_it_is():
    page = PageFactory()
    text = "tab\there\nnew line \\N back\\slash 引号'\"\r"
    rows_insert(
        TextBlock,
        [
            {
                "page_id": page.pk,
                "sequence": 0,
                "start": 0,
                "end": len(text),
                "kind": "body",
                "machine_text": text,
                "text": text,
            }
        ],
    )
    assert TextBlock.objects.get(page=page).text == text


def test_a_duplicate_is_djangos_integrity_error():
    # The ingest catches it to retry a batch file by file.
    page = PageFactory()
    row = {"page_id": page.pk, "sequence": 0, "kind": "news", "body": "正文"}
    rows_insert(Article, [row])
    with pytest.raises(IntegrityError), transaction.atomic():
        rows_insert(Article, [row])
