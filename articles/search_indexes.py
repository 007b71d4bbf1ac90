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


# What ArticleIndex reads of each article, as plain values: the ingest's
# search analysis runs in worker processes, and model instances (with their
# page, issue, bylines and mentions) cost more to load and pickle there and
# back than the analysis of their text (bench/ingest.py). The writer reads
# the values (article_index_rows: three queries, no instances); the worker
# makes them into stand-ins that ArticleIndex reads as it reads articles
# (indexed_articles). tests/articles/test_ingest_indexing.py checks that both
# give the same documents.
#
# The article's own fields ArticleIndex reads, then its page's.
_ARTICLE_FIELDS = (
    "pk",
    "headline",
    "rubric",
    "kicker",
    "subtitle",
    "body",
    "kind",
    "status",
)
_ARTICLE_VALUES = (
    *_ARTICLE_FIELDS,
    "page__number",
    "page__issue_id",
    "page__issue__date",
)


def article_index_rows(ids) -> list[tuple]:
    """(article's values, byline names, mentions' (person id, name,
    organisation id, name)) of the articles `ids` still present, in the
    order of index_queryset()."""
    from articles.models import Byline
    from people.models import Mention

    ids = list(ids)
    bylines: dict[int, list] = {}
    for article_id, name in (
        Byline.objects.filter(article_id__in=ids)
        .order_by("article_id", "position")
        .values_list("article_id", "name")
    ):
        bylines.setdefault(article_id, []).append(name)
    mentions: dict[int, list] = {}
    for article_id, *mention in (
        Mention.objects.filter(article_id__in=ids)
        .standing()
        .order_by("pk")
        .values_list(
            "article_id",
            "person_id",
            "person__name",
            "organisation_id",
            "organisation__name",
        )
    ):
        mentions.setdefault(article_id, []).append(tuple(mention))
    # In index_queryset()'s order (the model's), so the documents are
    # written in the same order as from loaded articles.
    articles = Article.objects.filter(pk__in=ids).values_list(*_ARTICLE_VALUES)
    return [
        (values, tuple(bylines.get(values[0], ())), tuple(mentions.get(values[0], ())))
        for values in articles
    ]


def indexed_articles(rows: list[tuple]) -> list:
    """Stand-ins for the articles of article_index_rows(), for ArticleIndex."""
    return [_IndexedArticle(*row) for row in rows]


class _Named:
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name


class _Bylines:
    """article.bylines, already in position order."""

    __slots__ = ("_items",)

    def __init__(self, names):
        self._items = [_Named(name) for name in names]

    def all(self):
        return self._items


class _Mention:
    __slots__ = ("person_id", "person", "organisation_id", "organisation")

    def __init__(self, person_id, person, organisation_id, organisation):
        self.person_id, self.person = person_id, _Named(person)
        self.organisation_id, self.organisation = organisation_id, _Named(organisation)


class _Issue:
    __slots__ = ("date",)

    def __init__(self, date):
        self.date = date


class _Page:
    __slots__ = ("number", "issue_id", "issue")

    def __init__(self, number, issue_id, date):
        self.number, self.issue_id, self.issue = number, issue_id, _Issue(date)


class _IndexedArticle:
    """What ArticleIndex reads of an Article, and nothing else (slots: a
    field that reads more fails loudly instead of indexing something else)."""

    __slots__ = (
        *_ARTICLE_FIELDS,
        "page",
        "bylines",
        "indexed_mentions",
        "_display_text",
    )
    _meta = Article._meta  # haystack's identifier: articles.article.<pk>

    def __init__(self, values, bylines, mentions):
        *own, number, issue_id, date = values
        for name, value in zip(_ARTICLE_FIELDS, own, strict=True):
            setattr(self, name, value)
        self.page = _Page(number, issue_id, date)
        self.bylines = _Bylines(bylines)
        self.indexed_mentions = [_Mention(*m) for m in mentions]
        self._display_text = None

    def _get_pk_val(self):
        return self.pk
