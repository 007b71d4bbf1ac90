"""Storage of the database-native search backend (search.backends).

One SearchDocument per indexed object; its analysed words live beside it in
the engine's own structure, which Django models cannot describe:

- SQLite: the FTS5 table `search_fts` (rowid = SearchDocument.id);
- PostgreSQL: SearchVector (table `search_vector`, GIN indexed).

Both are created by migrations (0001, 0002). Faceted and filtered index fields are
rows of SearchFacet (one per value, so multi-valued fields such as people
work), which makes one GROUP BY answer every facet of a query.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    django_ct = models.CharField(max_length=100)  # "articles.article"
    django_id = models.CharField(max_length=64)
    # The text as readers see it, for highlighted snippets.
    display = models.TextField(blank=True)
    title = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True, db_index=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["django_ct", "django_id"], name="search_document_unique_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.django_ct}.{self.django_id}"


class SearchVector(models.Model):
    """A document's words and pairs of words (search.backends.postgres._tsvector), on
    PostgreSQL; the table stays empty on SQLite, where they are in search_fts.

    A table of its own, narrow, so that a query matching half the archive
    reads a few MB of heap and not the documents' text. Its GIN index is
    created by migration 0002 (PostgreSQL only).
    """

    document = models.OneToOneField(
        SearchDocument,
        primary_key=True,
        on_delete=models.CASCADE,
        db_column="id",
        # No foreign key in the database: vectors are deleted with their
        # documents by the backend, and checking one per insert cost a third
        # of a bulk load.
        db_constraint=False,
        related_name="+",
    )
    vector = SearchVectorField()

    class Meta:
        db_table = "search_vector"

    def __str__(self) -> str:
        return f"vector of {self.document_id}"


class SearchFacet(models.Model):
    document = models.ForeignKey(
        SearchDocument,
        on_delete=models.CASCADE,
        related_name="facets",
        # No foreign key in the database, as for SearchVector: the backend
        # deletes facets with their documents, and checking seven rows an
        # article was 3% of a rebuild.
        db_constraint=False,
        db_index=False,  # search_facet_document's first column
    )
    field = models.CharField(max_length=50)
    value = models.CharField(max_length=200)

    class Meta:
        indexes = [
            models.Index(fields=["field", "value"], name="search_facet_field_value"),
            models.Index(fields=["document", "field"], name="search_facet_document"),
        ]

    def __str__(self) -> str:
        return f"{self.field}={self.value}"


class SearchIndexState(models.Model):
    """One row, changed by every index write in its transaction.

    The write holds the row's lock until it commits, so index writers take
    turns: document and facet ids are committed in increasing order, and a
    process that has read every row up to an id has missed none below it
    (search.documents relies on this to load only what is new).
    """

    generation = models.BigIntegerField(default=0)
    removed = models.BigIntegerField(default=0)  # documents deleted, ever

    def __str__(self) -> str:
        return f"search index generation {self.generation}"


class SearchQueueEntry(models.Model):
    """An object whose index entry is stale: written in the transaction that
    changed it, removed once the index has it. Survives a crash between the
    commit and the indexing, so `update_index` can finish the job."""

    django_ct = models.CharField(max_length=100)
    django_id = models.CharField(max_length=64)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.django_ct}.{self.django_id}"


class SearchIndexRun(models.Model):
    """Progress of `update_index`/`rebuild_index`, so an interrupted run can
    resume from the last batch it finished."""

    model = models.CharField(max_length=100)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_pk = models.BigIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.model} up to {self.last_pk}"
