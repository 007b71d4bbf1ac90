"""Each article's entry in the API's default listing, kept ready as JSON.

A page of the uncached article list used to make 50 articles' JSON from a
statement that joins and aggregates their bylines and corrections: more than
half the cost of the request (BENCHMARKS.md). The entry is that JSON, made
by the same code (articles.listed), with its links as
paths that the read makes absolute. It is an entry of a cache the database
keeps, never the truth: the read serves it only while it is current and
makes any other article's JSON from its rows (articles.api.selectors).

Current means:
- `page_version` is the page's version: every editorial change (the
  workbench, undo, a re-ingest) goes through editing.services.history,
  which bumps it;
- the entry exists: the database deletes it (triggers, migration 0013) when
  a byline changes (people merged or split, a person deleted) or a page's
  number, edition or issue, or an issue's date, change, none of which bump
  the page's version.
articles.services.listings makes the entries (the ingest, the search
queue's batches, people curation, `manage.py listings_refresh`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.content import Article


class ArticleListing(models.Model):
    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="listing",
        verbose_name=_("article"),
    )
    # The page's version the entry was made at.
    page_version = models.PositiveIntegerField(_("page version"))
    # The article's list JSON, its "url"s as paths after the script prefix.
    json = models.TextField(_("list representation"))

    class Meta:
        verbose_name = _("article listing")
        verbose_name_plural = _("article listings")

    def __str__(self) -> str:
        return f"{self.article_id}@{self.page_version}"
