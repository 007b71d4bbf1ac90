"""Reads of the public site: readable URLs, calendars, neighbours, citations.

URLs name an issue by its date (/2022/06/28/), a page by its number and an
article by its place on the page (/2022/06/28/1/3/). An archive holds one
paper per date in practice; should two publications share a date, the URL
names the first (by publication name) and the issue view lists both.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from articles.models import Article, Issue, Page, PageCredit, TextBlock


def issue_url(issue: Issue) -> str:
    d = issue.date
    return reverse("issue-detail", args=[d.year, d.month, d.day])


def page_url(page) -> str:
    d = page.issue.date
    return reverse("page-detail", args=[d.year, d.month, d.day, page.number])


def article_url(article: Article) -> str:
    d = article.page.issue.date
    return reverse(
        "article-reading",
        args=[d.year, d.month, d.day, article.page.number, article.sequence],
    )


def person_url(person_id: int | None) -> str | None:
    """The page of a person, once #6 provides one (URL name `person-detail`)."""
    if person_id is None:
        return None
    try:
        return reverse("person-detail", args=[person_id])
    except NoReverseMatch:
        return None


def citation(article: Article, permalink: str) -> str:
    """A suggested citation (GB/T 7714 style for newspapers)."""
    issue = article.page.issue
    authors = "，".join(b.name for b in article.bylines.all() if b.name)
    title = article.headline or gettext("(untitled)")
    lead = f"{authors}. " if authors else ""
    return (
        f"{lead}{title}[N]. {issue.publication.name}, {issue.date:%Y-%m-%d}"
        f"({article.page.number}). {permalink}"
    )


@dataclass
class MonthCalendar:
    year: int
    month: int
    weeks: list[list[tuple[int, bool]]]  # (day or 0, has an issue)

    @property
    def first(self) -> dt.date:
        """The month's first day (for its localised name)."""
        return dt.date(self.year, self.month, 1)


def calendar_months(year: int, dates: set[dt.date]) -> list[MonthCalendar]:
    """Month grids of one year (Monday first), marking the issue days."""
    months = []
    cal = calendar.Calendar(firstweekday=0)
    for month in range(1, 13):
        weeks = [
            [(day, day != 0 and dt.date(year, month, day) in dates) for day in week]
            for week in cal.monthdayscalendar(year, month)
        ]
        months.append(MonthCalendar(year, month, weeks))
    return months


def same_day_other_years(issue: Issue, limit: int = 10) -> list[Issue]:
    """Issues printed on this month and day in other years (one query)."""
    return list(
        Issue.objects.published()
        .filter(date__month=issue.date.month, date__day=issue.date.day)
        .exclude(date=issue.date)
        .order_by("-date")[:limit]
    )


# --- the site's reads: each a fixed number of queries -------------------------


def issues_recent(limit: int) -> list[Issue]:
    """The latest published issues, newest first."""
    return list(
        Issue.objects.published()
        .select_related("publication")
        .order_by("-date", "-id")[:limit]
    )


def issue_front_page(issue: Issue) -> Page | None:
    """The first page of `issue`, with its articles."""
    return (
        Page.objects.filter(issue=issue)
        .select_related("issue__publication")
        .prefetch_related("articles")
        .order_by("number")
        .first()
    )


def issue_years() -> list[dict]:
    """[{"year", "n"}]: the archive's years with their number of issues."""
    return list(
        Issue.objects.published()
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("id", distinct=True))
        .order_by("-year")
    )


def year_neighbours(year: int, years: list[dict]) -> dict[str, int | None]:
    """{"previous_year", "next_year"}: the nearest years with issues (from
    issue_years()), so the calendar never links to an empty year."""
    have = [row["year"] for row in years]
    return {
        "previous_year": max((y for y in have if y < year), default=None),
        "next_year": min((y for y in have if y > year), default=None),
    }


def issue_dates(year: int) -> set[dt.date]:
    """The days of `year` with a published issue."""
    return set(
        Issue.objects.published().filter(date__year=year).values_list("date", flat=True)
    )


def issues_on(date: dt.date) -> list[Issue]:
    """The issues of one day that have pages (none: the page offers the
    nearest issues instead)."""
    issues = list(
        Issue.objects.for_listing()
        .filter(date=date)
        .order_by("publication__name", "id")
    )
    issues = [i for i in issues if i.pages.all()]
    for issue in issues:
        # The IIIF manifest, when a page of the issue has its image.
        issue.manifest_url = (
            reverse("iiif-manifest", args=[issue.pk])
            if any(page.facsimile for page in issue.pages.all())
            else None
        )
    return issues


def issue_neighbours(date: dt.date) -> dict[str, dt.date | None]:
    """{"previous", "next"}: the nearest issue days around `date`."""
    published = Issue.objects.published()
    return {
        "previous": published.filter(date__lt=date)
        .order_by("-date")
        .values_list("date", flat=True)
        .first(),
        "next": published.filter(date__gt=date)
        .order_by("date")
        .values_list("date", flat=True)
        .first(),
    }


def page_on(date: dt.date, number: int) -> Page | None:
    """Page `number` of the day's issue (the first publication by name)."""
    return (
        Page.objects.select_related("issue__publication")
        .annotate(facsimile=F("source__image"))
        .order_by("issue__publication__name")
        .filter(issue__date=date, number=number)
        .first()
    )


def page_reading(page: Page, *, part: str | None = None) -> dict:
    """What a page shows beside itself: its articles in reading order (at
    most NEWSROOM_RENDER_ARTICLES, `part` naming which), the furniture, the
    credits and the numbers of its issue's pages."""
    paginator = Paginator(page.articles.for_page(), settings.NEWSROOM_RENDER_ARTICLES)
    part_obj = paginator.get_page(part)
    articles = list(part_obj.object_list)
    for article in articles:
        article.page = page  # the URL helpers read article.page.issue
    return {
        "page": page,
        "articles": articles,
        "part": part_obj,
        "furniture": list(
            TextBlock.objects.furniture().filter(page=page).order_by("sequence")
        ),
        "credits": list(PageCredit.objects.filter(page=page).order_by("position")),
        "pages": list(
            Page.objects.filter(issue=page.issue_id)
            .order_by("number")
            .values_list("number", flat=True)
        ),
        "facsimile": page_facsimile(page, articles) if page.facsimile else None,
    }


FACSIMILE_WIDTH = 1000  # pixels of the page image the page view asks for


def _image_size(source_id: int) -> tuple[int, int] | None:
    from django.db.models.fields.json import KeyTextTransform

    from articles.models import PageSource

    size = (
        PageSource.objects.filter(pk=source_id)
        .values_list(
            KeyTextTransform("width", "geometry"),
            KeyTextTransform("height", "geometry"),
        )
        .first()
    )
    if not size or not size[0] or not size[1]:
        return None
    return int(float(size[0])), int(float(size[1]))


def percent_box(region, width: int, height: int) -> dict:
    x0, y0, x1, y1 = region
    return {
        "left": round(100 * x0 / width, 3),
        "top": round(100 * y0 / height, 3),
        "width": round(100 * (x1 - x0) / width, 3),
        "height": round(100 * (y1 - y0) / height, 3),
    }


def page_facsimile(page: Page, articles: list[Article]) -> dict | None:
    """The page image (IIIF) and each article's region on it, in percent of
    the image: {"source_id", "width", "height", "src", "links": [(article,
    box)]}. Two queries."""
    from facsimile.manifest import union

    size = _image_size(page.source_id)
    if size is None:
        return None
    width, height = size
    regions: dict[int, list] = {}
    for article_id, region in (
        TextBlock.objects.filter(page=page, article__isnull=False)
        .exclude(region__isnull=True)
        .values_list("article_id", "region")
    ):
        regions.setdefault(article_id, []).append(region)
    links = [
        (article, percent_box(union(regions[article.pk]), width, height))
        for article in articles
        if article.pk in regions
    ]
    shown = min(width, FACSIMILE_WIDTH)
    return {
        "source_id": page.source_id,
        "width": width,
        "height": height,
        "src": f"/iiif/{page.source_id}/full/{shown},/0/default.jpg",
        "shown_height": max(1, round(height * shown / width)),
        "shown": shown,
        "links": links,
    }


def article_clipping(article: Article) -> dict | None:
    """The article's region on its page image (one query): {"src": its IIIF
    URL, at most FACSIMILE_WIDTH pixels wide, "source_id", "region": [x0,
    y0, x1, y1] in image pixels}; None when it has no region."""
    from facsimile.manifest import union

    rows = list(
        TextBlock.objects.filter(article=article)
        .exclude(region__isnull=True)
        .exclude(page__source__image="")
        .values_list("page__source_id", "region")
    )
    box = union([region for _, region in rows])
    if box is None:
        return None
    x0, y0, x1, y1 = (round(v) for v in box)
    w, h = max(1, x1 - x0), max(1, y1 - y0)
    size = f"{min(w, FACSIMILE_WIDTH)},"
    source_id = rows[0][0]
    return {
        "src": f"/iiif/{source_id}/{x0},{y0},{w},{h}/{size}/0/default.jpg",
        "source_id": source_id,
        "region": (x0, y0, x0 + w, y0 + h),
    }


def article_at(date: dt.date, page: int, sequence: int) -> Article | None:
    """The article at its readable place (date, page number, sequence)."""
    return (
        Article.objects.for_reading()
        .filter(page__issue__date=date, page__number=page, sequence=sequence)
        .order_by("page__issue__publication__name")
        .first()
    )


def article_siblings(article: Article) -> list[dict]:
    """[{"sequence", "headline"}] of the articles of `article`'s page."""
    return list(
        Article.objects.filter(page=article.page_id)
        .order_by("sequence")
        .values("sequence", "headline")
    )


# --- the page facsimile (IIIF) ------------------------------------------------


def issue_for_manifest(pk: int) -> Issue | None:
    return Issue.objects.select_related("publication").filter(pk=pk).first()


def facsimile_pages(issue: Issue) -> list[dict]:
    """The issue's pages that have a page image, each with its articles'
    regions: [{"number", "edition", "source_id", "width", "height",
    "articles": [{"id", "sequence", "headline", "body", "region"}]}].
    Three queries whatever the issue's size."""
    from django.db.models.fields.json import KeyTextTransform

    pages = list(
        Page.objects.filter(issue=issue)
        .exclude(source__isnull=True)
        .exclude(source__image="")
        .order_by("number")
        .values(
            "id",
            "number",
            "edition",
            "source_id",
            width=KeyTextTransform("width", "source__geometry"),
            height=KeyTextTransform("height", "source__geometry"),
        )
    )
    by_page = {page["id"]: {**page, "articles": []} for page in pages}
    regions: dict[int, list] = {}
    for block in (
        TextBlock.objects.filter(page__in=by_page, article__isnull=False)
        .exclude(region__isnull=True)
        .values_list("article_id", "region")
    ):
        regions.setdefault(block[0], []).append(block[1])
    for article in (
        Article.objects.filter(page__in=by_page)
        .order_by("page_id", "sequence")
        .values("id", "page_id", "sequence", "headline", "body")
    ):
        if article["id"] in regions:
            by_page[article["page_id"]]["articles"].append(
                {**article, "regions": regions[article["id"]]}
            )
    return list(by_page.values())
