"""The search form: every parameter validated, nothing a reader types can
reach the engine unchecked."""

from django import forms

from articles.parsing import ArticleKind

SORTS = [("relevance", "相关度"), ("-date", "日期(新→旧)"), ("date", "日期(旧→新)")]


class ArticleSearchForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=1000)
    start = forms.DateField(label="从", required=False)
    end = forms.DateField(label="到", required=False)
    sort = forms.ChoiceField(label="排序", choices=SORTS, required=False)
    year = forms.IntegerField(required=False, min_value=1800, max_value=2200)
    month = forms.IntegerField(required=False, min_value=1, max_value=12)
    page = forms.IntegerField(required=False, min_value=1, max_value=999)
    rubric = forms.CharField(required=False, max_length=200)
    kind = forms.ChoiceField(
        required=False, choices=[("", "")] + [(k.value, k.value) for k in ArticleKind]
    )
    person = forms.CharField(required=False, max_length=100)
    organisation = forms.CharField(required=False, max_length=200)
    issue = forms.IntegerField(required=False, min_value=1)
    p = forms.IntegerField(required=False, min_value=1, max_value=1000)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            data["start"], data["end"] = data["end"], data["start"]
        return data
