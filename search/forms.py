"""The search form: every parameter validated, nothing a reader types can
reach the engine unchecked."""

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.parsing import ArticleKind

SORTS = [
    ("relevance", _("Relevance")),
    ("-date", _("Date (newest first)")),
    ("date", _("Date (oldest first)")),
]


class ArticleSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=1000)
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), choices=SORTS, required=False)
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=1800, max_value=2200
    )
    month = forms.IntegerField(
        label=_("Month"), required=False, min_value=1, max_value=12
    )
    page = forms.IntegerField(
        label=_("Page"), required=False, min_value=1, max_value=999
    )
    rubric = forms.CharField(label=_("Rubric"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", "")] + [(k.value, k.value) for k in ArticleKind],
    )
    person = forms.CharField(label=_("Person"), required=False, max_length=100)
    organisation = forms.CharField(
        label=_("Organisation"), required=False, max_length=200
    )
    issue = forms.IntegerField(label=_("Issue"), required=False, min_value=1)
    p = forms.IntegerField(
        label=_("Result page"), required=False, min_value=1, max_value=1000
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            data["start"], data["end"] = data["end"], data["start"]
        return data
