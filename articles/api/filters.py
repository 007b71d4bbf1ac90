"""FilterSets of the API: every list filters by what its users ask about.

Dates accept `date` (one day), `date_after`/`date_before` (a range, inclusive)
and `year`. `q` is the site's full-text search (search.services).
"""

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError

from articles.api.permissions import sees_editors
from articles.models import Article, Issue, Page, PageChange, TextBlock
from newsroom.api.filters import IntFilter
from search.services import article_ids_matching

# The search engine's hits narrow the database's list to at most this many.
MAX_SEARCH_HITS = 5000


class DateFilterMixin(filters.FilterSet):
    """`date`, `date_after`, `date_before` and `year` on the issue's date."""

    date_field = "date"

    date = filters.DateFilter(
        method="filter_date", help_text=gettext_lazy("One day (YYYY-MM-DD).")
    )
    date_after = filters.DateFilter(
        method="filter_date_after", help_text=gettext_lazy("On or after this day.")
    )
    date_before = filters.DateFilter(
        method="filter_date_before", help_text=gettext_lazy("On or before this day.")
    )
    year = IntFilter(
        method="filter_year",
        min_value=1,
        max_value=9999,
        help_text=gettext_lazy("Year of the issue."),
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
        field_name="publication__slug", help_text=gettext_lazy("Publication slug.")
    )
    number = IntFilter(help_text=gettext_lazy("Serial number (总第N期)."))

    class Meta:
        model = Issue
        fields = ["publication", "number"]


class PageFilter(DateFilterMixin):
    date_field = "issue__date"

    publication = filters.CharFilter(
        field_name="issue__publication__slug",
        help_text=gettext_lazy("Publication slug."),
    )
    issue = IntFilter(field_name="issue_id", help_text=gettext_lazy("Issue id."))
    issue_number = IntFilter(
        field_name="issue__number",
        help_text=gettext_lazy("Serial number of the issue."),
    )
    number = IntFilter(help_text=gettext_lazy("Page number (版)."))
    edition = filters.CharFilter(help_text=gettext_lazy("Edition name, exactly."))

    class Meta:
        model = Page
        fields = ["publication", "issue", "issue_number", "number", "edition"]


class ArticleFilter(DateFilterMixin):
    date_field = "page__issue__date"

    q = filters.CharFilter(
        method="filter_q",
        help_text=gettext_lazy(
            "Full-text search; every term must match. The response "
            "then carries a highlighted `snippet` per article."
        ),
    )
    publication = filters.CharFilter(
        field_name="page__issue__publication__slug",
        help_text=gettext_lazy("Publication slug."),
    )
    issue = IntFilter(field_name="page__issue_id", help_text=gettext_lazy("Issue id."))
    issue_number = IntFilter(
        field_name="page__issue__number",
        help_text=gettext_lazy("Serial number of the issue."),
    )
    page = IntFilter(field_name="page__number", help_text=gettext_lazy("Page number."))
    page_id = IntFilter(field_name="page_id", help_text=gettext_lazy("Page id."))
    edition = filters.CharFilter(
        field_name="page__edition", help_text=gettext_lazy("Edition.")
    )
    rubric = filters.CharFilter(help_text=gettext_lazy("Rubric (栏目), exactly."))
    kind = filters.MultipleChoiceFilter(choices=Article._meta.get_field("kind").choices)
    status = filters.MultipleChoiceFilter(choices=Article.Status.choices)
    checked = filters.BooleanFilter(
        method="filter_checked",
        help_text=gettext_lazy("true: confirmed by an editor; false: not yet."),
    )
    has_corrections = filters.BooleanFilter(
        method="filter_has_corrections",
        help_text=gettext_lazy("Some block's text was corrected by an editor."),
    )
    person = IntFilter(
        method="filter_person",
        help_text=gettext_lazy("Person id: in a byline or named in the text."),
    )
    organisation = IntFilter(
        method="filter_organisation",
        help_text=gettext_lazy("Organisation id: articles that name it."),
    )

    class Meta:
        model = Article
        fields = ["rubric", "kind", "status", "has_corrections"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            pk__in=article_ids_matching(value, limit=MAX_SEARCH_HITS)
        )

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
    page_id = IntFilter(field_name="page_id", help_text=gettext_lazy("Page id."))
    article = IntFilter(field_name="article_id", help_text=gettext_lazy("Article id."))
    unassigned = filters.BooleanFilter(
        field_name="article",
        lookup_expr="isnull",
        help_text=gettext_lazy("true: in no article."),
    )
    kind = filters.MultipleChoiceFilter(
        choices=TextBlock._meta.get_field("kind").choices
    )
    origin = filters.ChoiceFilter(choices=TextBlock._meta.get_field("origin").choices)
    corrected = filters.BooleanFilter(help_text=gettext_lazy("The text was corrected."))

    class Meta:
        model = TextBlock
        fields = ["page_id", "article", "kind", "origin", "corrected"]


class ChangeFilter(filters.FilterSet):
    page_id = IntFilter(field_name="page_id", help_text=gettext_lazy("Page id."))
    operation = filters.ChoiceFilter(choices=PageChange.Operation.choices)
    user = filters.CharFilter(
        method="filter_user",
        help_text=gettext_lazy("Username (staff only: readers see no names)."),
    )

    class Meta:
        model = PageChange
        fields = ["page_id", "operation", "user"]

    def filter_user(self, queryset, name, value):
        request = self.request
        if request is None or not sees_editors(request.user):
            raise ValidationError({"user": [_("Only staff can filter by editor.")]})
        return queryset.filter(user__username=value)
