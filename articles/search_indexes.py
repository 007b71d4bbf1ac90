"""What the archive puts in the search index (any haystack engine).

`text` is the text of search.analysis split into words: the database backend and
Elasticsearch (whitespace analyser) index exactly these words. `display` is
the readable text, stored for highlighted snippets. Faceted fields get
haystack's `<name>_exact` twins, which Elasticsearch needs unanalysed.
"""

from haystack import indexes

from articles.models import Article
from search import analysis


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True)
    display = indexes.CharField(indexed=False)
    title = indexes.CharField(model_attr="headline", default="")
    date = indexes.DateField()
    year = indexes.IntegerField(faceted=True)
    month = indexes.IntegerField(faceted=True)
    page = indexes.IntegerField(faceted=True)
    rubric = indexes.CharField(faceted=True, null=True)
    kind = indexes.CharField(model_attr="kind", faceted=True)
    status = indexes.CharField(model_attr="status")
    issue = indexes.IntegerField()
    person = indexes.MultiValueField(faceted=True)
    organisation = indexes.MultiValueField(faceted=True)

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return Article.objects.for_indexing()

    def read_queryset(self, using=None):
        return Article.objects.for_search_results()

    def prepare_display(self, article):
        return _display_text(article)

    def prepare_text(self, article):
        return analysis.spaced_words(_display_text(article))

    def prepare_date(self, article):
        return article.page.issue.date

    def prepare_year(self, article):
        return article.page.issue.date.year

    def prepare_month(self, article):
        return article.page.issue.date.month

    def prepare_page(self, article):
        return article.page.number

    def prepare_issue(self, article):
        return article.page.issue_id

    def prepare_person(self, article):
        # Bylines and the people the text names (#6), by their record's name.
        names = {b.name for b in article.bylines.all() if b.name}
        names |= {m.person.name for m in _mentions(article) if m.person_id}
        return sorted(names)

    def prepare_organisation(self, article):
        return sorted(
            {m.organisation.name for m in _mentions(article) if m.organisation_id}
        )


def _mentions(article: Article) -> list:
    # Prefetched by Article.objects.for_indexing(); an article loaded some
    # other way falls back to a query.
    found = getattr(article, "indexed_mentions", None)
    if found is None:
        found = list(
            article.mentions.exclude(status="rejected").select_related(
                "person", "organisation"
            )
        )
    return found


def _display_text(article: Article) -> str:
    cached = getattr(article, "_display_text", None)
    if cached is None:
        names = " ".join(b.name for b in article.bylines.all() if b.name)
        parts = [
            article.rubric,
            article.kicker,
            article.headline,
            article.subtitle,
            names,
            article.body,
        ]
        cached = article._display_text = "\n".join(p for p in parts if p)
    return cached
