"""FilterSets of the API: every list filters by what its users ask about.

Dates accept `date` (one day), `date_after`/`date_before` (a range, inclusive)
and `year`. `q` is full-text search (articles.api.search).
"""

from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from articles.api.permissions import sees_editors
from articles.api.search import article_search
from articles.models import Article, Issue, Page, PageChange, TextBlock
from articles.parsing import ArticleKind, BlockKind

# Larger numbers cannot be ids, numbers or years, and would overflow the
# database's integers: refused as invalid (400) rather than failing (500).
MAX_INT = 2**63 - 1


class IntFilter(filters.NumberFilter):
    """A whole number in the database's range (NumberFilter takes decimals)."""

    field_class = forms.IntegerField

    def __init__(self, *args, min_value: int = 0, max_value: int = MAX_INT, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)


class MappedOrderingFilter(OrderingFilter):
    """`?ordering=` with public names mapped to columns (view.ordering_map),
    e.g. `date` → the issue's date, with tie-breakers for a total order so
    that cursor pagination is stable."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view) or []
        mapping = getattr(view, "ordering_map", {})
        mapped = []
        for term in ordering:
            desc = term.startswith("-")
            for column in mapping.get(term.lstrip("-"), [term.lstrip("-")]):
                mapped.append(("-" if desc else "") + column)
        return mapped


class DateFilterMixin(filters.FilterSet):
    """`date`, `date_after`, `date_before` and `year` on the issue's date."""

    date_field = "date"

    date = filters.DateFilter(method="filter_date", help_text="One day (YYYY-MM-DD).")
    date_after = filters.DateFilter(
        method="filter_date_after", help_text="On or after this day."
    )
    date_before = filters.DateFilter(
        method="filter_date_before", help_text="On or before this day."
    )
    year = IntFilter(
        method="filter_year",
        min_value=1,
        max_value=9999,
        help_text="Year of the issue.",
    )

    def filter_date(self, queryset, name, value):
        return queryset.filter(**{self.date_field: value})

    def filter_date_after(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__gte": value})

    def filter_date_before(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__lte": value})

    def filter_year(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__year": int(value)})


class IssueFilter(DateFilterMixin):
    publication = filters.CharFilter(
        field_name="publication__slug", help_text="Publication slug."
    )
    number = IntFilter(help_text="Serial number (总第N期).")

    class Meta:
        model = Issue
        fields = ["publication", "number"]


class PageFilter(DateFilterMixin):
    date_field = "issue__date"

    publication = filters.CharFilter(
        field_name="issue__publication__slug", help_text="Publication slug."
    )
    issue = IntFilter(field_name="issue_id", help_text="Issue id.")
    issue_number = IntFilter(
        field_name="issue__number", help_text="Serial number of the issue."
    )
    number = IntFilter(help_text="Page number (版).")
    edition = filters.CharFilter(help_text="Edition name, exactly.")

    class Meta:
        model = Page
        fields = ["publication", "issue", "issue_number", "number", "edition"]


class ArticleFilter(DateFilterMixin):
    date_field = "page__issue__date"

    q = filters.CharFilter(
        method="filter_q",
        help_text="Full-text search; every term must match. The response "
        "then carries a highlighted `snippet` per article.",
    )
    publication = filters.CharFilter(
        field_name="page__issue__publication__slug", help_text="Publication slug."
    )
    issue = IntFilter(field_name="page__issue_id", help_text="Issue id.")
    issue_number = IntFilter(
        field_name="page__issue__number", help_text="Serial number of the issue."
    )
    page = IntFilter(field_name="page__number", help_text="Page number.")
    page_id = IntFilter(field_name="page_id", help_text="Page id.")
    edition = filters.CharFilter(field_name="page__edition", help_text="Edition.")
    rubric = filters.CharFilter(help_text="Rubric (栏目), exactly.")
    kind = filters.MultipleChoiceFilter(
        choices=[(k.value, k.value) for k in ArticleKind]
    )
    status = filters.MultipleChoiceFilter(choices=Article.Status.choices)
    checked = filters.BooleanFilter(
        method="filter_checked",
        help_text="true: confirmed by an editor; false: not yet.",
    )
    has_corrections = filters.BooleanFilter(
        method="filter_has_corrections",
        help_text="Some block's text was corrected by an editor.",
    )
    person = IntFilter(
        method="filter_person",
        help_text="Person id: in a byline or named in the text.",
    )
    organisation = IntFilter(
        method="filter_organisation",
        help_text="Organisation id: articles that name it.",
    )

    class Meta:
        model = Article
        fields = ["rubric", "kind", "status", "has_corrections"]

    def filter_q(self, queryset, name, value):
        return article_search(queryset, value)

    def filter_checked(self, queryset, name, value):
        confirmed = Q(status=Article.Status.CONFIRMED)
        return queryset.filter(confirmed if value else ~confirmed)

    def filter_has_corrections(self, queryset, name, value):
        corrected = Exists(
            TextBlock.objects.filter(article=OuterRef("pk")).exclude(
                text=F("machine_text")
            )
        )
        return queryset.filter(corrected if value else ~corrected)

    def filter_person(self, queryset, name, value):
        # Exists, not a join: an article naming a person twice (a byline and
        # a mention) must not be listed twice.
        from articles.models import Byline
        from people.models import Mention

        return queryset.filter(
            Exists(Byline.objects.filter(article=OuterRef("pk"), person_id=value))
            | Exists(
                Mention.objects.standing().filter(
                    article=OuterRef("pk"), person_id=value
                )
            )
        )

    def filter_organisation(self, queryset, name, value):
        from people.models import Mention

        return queryset.filter(
            Exists(
                Mention.objects.standing().filter(
                    article=OuterRef("pk"), organisation_id=value
                )
            )
        )


class TextBlockFilter(filters.FilterSet):
    page_id = IntFilter(field_name="page_id", help_text="Page id.")
    article = IntFilter(field_name="article_id", help_text="Article id.")
    unassigned = filters.BooleanFilter(
        field_name="article", lookup_expr="isnull", help_text="true: in no article."
    )
    kind = filters.MultipleChoiceFilter(choices=[(k.value, k.value) for k in BlockKind])
    origin = filters.ChoiceFilter(choices=TextBlock._meta.get_field("origin").choices)
    corrected = filters.BooleanFilter(help_text="The text was corrected.")

    class Meta:
        model = TextBlock
        fields = ["page_id", "article", "kind", "origin", "corrected"]


class ChangeFilter(filters.FilterSet):
    page_id = IntFilter(field_name="page_id", help_text="Page id.")
    operation = filters.ChoiceFilter(choices=PageChange.Operation.choices)
    user = filters.CharFilter(
        method="filter_user", help_text="Username (staff only: readers see no names)."
    )

    class Meta:
        model = PageChange
        fields = ["page_id", "operation", "user"]

    def filter_user(self, queryset, name, value):
        request = self.request
        if request is None or not sees_editors(request.user):
            raise ValidationError({"user": [_("Only staff can filter by editor.")]})
        return queryset.filter(user__username=value)
