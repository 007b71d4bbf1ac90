"""The public reading site. Every view runs a fixed number of queries."""

import datetime as dt

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from articles import reading
from articles.models import Article, Issue, Page, PageCredit, TextBlock
from articles.permalinks import article_whereabouts

RECENT_ISSUES = 10


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Http404("没有这一天") from None


def _issues_on(date: dt.date):
    issues = list(
        Issue.objects.for_listing()
        .filter(date=date)
        .order_by("publication__name", "id")
    )
    issues = [i for i in issues if i.pages.all()]
    if not issues:
        raise Http404("这一天没有报纸")
    return issues


def home(request: HttpRequest) -> HttpResponse:
    """The latest issue's front page, a date picker and recent issues."""
    recent = list(
        Issue.objects.published()
        .select_related("publication")
        .order_by("-date", "-id")[:RECENT_ISSUES]
    )
    latest = front = None
    if recent:
        latest = recent[0]
        front = (
            Page.objects.filter(issue=latest)
            .select_related("issue__publication")
            .prefetch_related("articles")
            .order_by("number")
            .first()
        )
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
    years = (
        Issue.objects.published()
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("id", distinct=True))
        .order_by("-year")
    )
    return render(request, "articles/calendar_index.html", {"years": list(years)})


def calendar_year(request: HttpRequest, year: int) -> HttpResponse:
    """Month grids of one year with its issue days linked."""
    if not 1800 <= year <= 2200:
        raise Http404("没有这一年")
    dates = set(
        Issue.objects.published().filter(date__year=year).values_list("date", flat=True)
    )
    if not dates:
        raise Http404("这一年没有报纸")
    return render(
        request,
        "articles/calendar_year.html",
        {"year": year, "months": reading.calendar_months(year, dates)},
    )


def issue_detail(request: HttpRequest, year: int, month: int, day: int):
    """One day's issue(s): pages and their articles."""
    date = _date(year, month, day)
    issues = _issues_on(date)
    neighbours = {
        "previous": Issue.objects.published()
        .filter(date__lt=date)
        .order_by("-date")
        .values_list("date", flat=True)
        .first(),
        "next": Issue.objects.published()
        .filter(date__gt=date)
        .order_by("date")
        .values_list("date", flat=True)
        .first(),
    }
    return render(
        request,
        "articles/issue_detail.html",
        {"date": date, "issues": issues, **neighbours},
    )


def page_detail(request: HttpRequest, year: int, month: int, day: int, page: int):
    """A page: articles in reading order; weather, credits and ads aside."""
    date = _date(year, month, day)
    page_obj = get_object_or_404(
        Page.objects.select_related("issue__publication").order_by(
            "issue__publication__name"
        ),
        issue__date=date,
        number=page,
    )
    articles = list(page_obj.articles.for_page())
    for article in articles:
        article.page = page_obj  # the URL helpers read article.page.issue
    context = {
        "page": page_obj,
        "articles": articles,
        "furniture": list(
            TextBlock.objects.furniture().filter(page=page_obj).order_by("sequence")
        ),
        "credits": list(PageCredit.objects.filter(page=page_obj).order_by("position")),
        "pages": list(
            Page.objects.filter(issue=page_obj.issue_id)
            .order_by("number")
            .values_list("number", flat=True)
        ),
    }
    return render(request, "articles/page_detail.html", context)


def article_reading(
    request: HttpRequest, year: int, month: int, day: int, page: int, sequence: int
):
    """An article at its readable URL."""
    date = _date(year, month, day)
    article = (
        Article.objects.for_reading()
        .filter(page__issue__date=date, page__number=page, sequence=sequence)
        .order_by("page__issue__publication__name")
        .first()
    )
    if article is None:
        raise Http404("没有这篇文章")
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
    siblings = list(
        Article.objects.filter(page=article.page_id)
        .order_by("sequence")
        .values("sequence", "headline")
    )
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
    }
    return render(request, "articles/article_detail.html", context)


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
