"""The site's search page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.labels import label
from search.forms import ArticleSearchForm
from search.services import FACETS, FILTERS, article_search

FACET_LABELS = {
    "year": gettext_lazy("Year"),
    "month": gettext_lazy("Month"),
    "page": gettext_lazy("Page"),
    "rubric": gettext_lazy("Rubric"),
    "kind": gettext_lazy("Kind"),
    "person": gettext_lazy("Person"),
    "organisation": gettext_lazy("Organisation"),
}


def facet_display(name: str, value) -> str:
    """A facet value as readers read it (kinds in their language)."""
    return str(label(str(value))) if name == "kind" else str(value)


def search(request: HttpRequest) -> HttpResponse:
    """`/search/?q=…`: results, facets and filters; bad input gets a message."""
    form = ArticleSearchForm(request.GET or None)
    outcome, problem = None, ""
    if form.is_bound and not form.is_valid():
        problem = _("Some search conditions are not valid and were ignored: %s") % (
            _(", ").join(str(form.fields[name].label or name) for name in form.errors)
        )
    data = {
        k: v
        for k, v in (form.cleaned_data if form.is_bound else {}).items()
        if k not in form.errors
    }
    q = data.get("q") or ""
    if q.strip():
        outcome = article_search(
            q=q,
            filters={name: data.get(name) for name in FILTERS},
            start=data.get("start"),
            end=data.get("end"),
            sort=data.get("sort") or "relevance",
            page=data.get("p") or 1,
        )
        problem = problem or outcome.parsed.problem
        if outcome.parsed.is_empty and not problem:
            problem = _("The query has no words to search for.")
    active = {name: data.get(name) for name in FILTERS if data.get(name)}
    facets = []
    if outcome:
        for name in FACETS:
            values = outcome.facets.get(name) or []
            if values:
                links = []
                for value, count in values[:20]:
                    params = request.GET.copy()
                    params[name] = value
                    params.pop("p", None)
                    selected = str(active.get(name, "")) == str(value)
                    display = facet_display(name, value)
                    links.append((display, count, params.urlencode(), selected))
                facets.append((name, FACET_LABELS[name], links))
    pager = {}
    if outcome and outcome.pages > 1:
        for key, number in (("previous", outcome.page - 1), ("next", outcome.page + 1)):
            if 1 <= number <= outcome.pages:
                params = request.GET.copy()
                params["p"] = number
                pager[key] = params.urlencode()
    clear = {}
    for name in active:
        params = request.GET.copy()
        params.pop(name, None)
        clear[name] = (
            FACET_LABELS.get(name, name),
            facet_display(name, active[name]),
            params.urlencode(),
        )
    context = {
        "form": form,
        "query": q,
        "outcome": outcome,
        "problem": problem,
        "facets": facets,
        "pager": pager,
        "active": clear,
    }
    return render(request, "search/search.html", context)
