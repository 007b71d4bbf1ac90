"""The public reading site. Every view runs a fixed number of queries."""

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from articles import reading
from articles.facsimile_hits import clipping_hits, page_hits
from articles.models import Article
from articles.permalinks import article_whereabouts

RECENT_ISSUES = 10
# Column heads of the month grids, Monday first.
WEEKDAYS = [
    pgettext_lazy("weekday", "Mo"),
    pgettext_lazy("weekday", "Tu"),
    pgettext_lazy("weekday", "We"),
    pgettext_lazy("weekday", "Th"),
    pgettext_lazy("weekday", "Fr"),
    pgettext_lazy("weekday", "Sa"),
    pgettext_lazy("weekday", "Su"),
]


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Http404(_("No such day")) from None


def home(request: HttpRequest) -> HttpResponse:
    """The latest issue's front page, a date picker and recent issues."""
    recent = reading.issues_recent(RECENT_ISSUES)
    latest = recent[0] if recent else None
    front = reading.issue_front_page(latest) if latest else None
    return render(
        request,
        "home.html",
        {"latest": latest, "front": front, "recent": recent},
    )


def date_go(request: HttpRequest) -> HttpResponse:
    """The date picker's target (a plain GET form: works without JavaScript)."""
    try:
        date = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return redirect("calendar")
    return redirect("issue-detail", date.year, date.month, date.day)


def calendar_index(request: HttpRequest) -> HttpResponse:
    """Years of the archive with their number of issues."""
    return render(
        request, "articles/calendar_index.html", {"years": reading.issue_years()}
    )


def calendar_year(request: HttpRequest, year: int) -> HttpResponse:
    """Month grids of one year with its issue days linked."""
    if not 1800 <= year <= 2200:
        raise Http404(_("No such year"))
    dates = reading.issue_dates(year)
    if not dates:
        raise Http404(_("No newspapers in this year"))
    return render(
        request,
        "articles/calendar_year.html",
        {
            "year": year,
            "months": reading.calendar_months(year, dates),
            "weekdays": WEEKDAYS,
            **reading.year_neighbours(year, reading.issue_years()),
        },
    )


def issue_detail(request: HttpRequest, year: int, month: int, day: int):
    """One day's issue(s): pages and their articles; a day with none offers
    the nearest issues before and after (not a bare 404)."""
    date = _date(year, month, day)
    issues = reading.issues_on(date)
    neighbours = reading.issue_neighbours(date)
    shown = settings.NEWSROOM_RENDER_ARTICLES
    return render(
        request,
        "articles/issue_detail.html",
        {
            "date": date,
            "issues": issues,
            # Each page lists at most this many; its page view has the rest.
            "shown": shown,
            "shown_slice": f":{shown}",
            **neighbours,
        },
    )


def page_detail(request: HttpRequest, year: int, month: int, day: int, page: int):
    """A page: articles in reading order; weather, credits and ads aside."""
    date = _date(year, month, day)
    page_obj = reading.page_on(date, page)
    if page_obj is None:
        raise Http404(_("No such page"))
    context = reading.page_reading(page_obj, part=request.GET.get("p"))
    query = request.GET.get("q", "").strip()
    if context["facsimile"] and query:
        # From a search: its words boxed on the page image.
        facsimile = context["facsimile"]
        facsimile["query"] = query
        facsimile["hits"] = page_hits(
            page_obj.source_id, query, facsimile["width"], facsimile["height"]
        )
    return render(request, "articles/page_detail.html", context)


def article_reading(
    request: HttpRequest, year: int, month: int, day: int, page: int, sequence: int
):
    """An article at its readable URL."""
    date = _date(year, month, day)
    article = reading.article_at(date, page, sequence)
    if article is None:
        raise Http404(_("No such article"))
    return _article_response(request, article)


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The stable permalink: the same article page, whatever its readable URL.

    An article merged, deleted or made again answers with a redirect to the
    article now holding its text, or 410 with a link to its page."""
    article = Article.objects.for_reading().filter(pk=pk).first()
    if article is not None:
        return _article_response(request, article)
    where = article_whereabouts(article_id=pk)
    if where is None:
        raise Http404("没有这篇文章")
    if where.article_id is not None:
        return redirect("article-detail", where.article_id)
    page = where.page
    return render(
        request,
        "articles/article_gone.html",
        {"page": page, "issue": page.issue, "article_id": pk},
        status=410,
    )


def _article_response(request: HttpRequest, article: Article) -> HttpResponse:
    siblings = reading.article_siblings(article)
    index = next(i for i, s in enumerate(siblings) if s["sequence"] == article.sequence)
    permalink = request.build_absolute_uri(article.get_absolute_url())
    bylines = [
        (byline, reading.person_url(byline.person_id))
        for byline in article.bylines.all()
    ]
    context = {
        "article": article,
        "issue": article.page.issue,
        "paragraphs": _paragraphs(article.body),
        "bylines": bylines,
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        "same_day": reading.same_day_other_years(article.page.issue),
        "permalink": permalink,
        "canonical": request.build_absolute_uri(reading.article_url(article)),
        "citation": reading.citation(article, permalink),
        "clipping": _clipping(request, article),
    }
    return render(request, "articles/article_detail.html", context)


def _clipping(request: HttpRequest, article: Article) -> dict | None:
    """The article as printed; from a search (?q=), its words boxed on it."""
    if not getattr(article, "facsimile", None):
        return None
    clipping = reading.article_clipping(article)
    query = request.GET.get("q", "").strip()
    if clipping and query:
        clipping["query"] = query
        clipping["hits"] = clipping_hits(
            clipping["source_id"], query, clipping["region"]
        )
    return clipping


def _paragraphs(body: str) -> list[tuple[str, str]]:
    """(kind, text) pairs; a short line without end punctuation is a subhead."""
    out = []
    for chunk in body.split("\n\n"):
        chunk = chunk.strip()
        if not chunk:
            continue
        is_subhead = len(chunk) <= 30 and chunk[-1] not in '。！？…；.!?;”"）)'
        out.append(("subhead" if is_subhead else "p", chunk))
    return out
