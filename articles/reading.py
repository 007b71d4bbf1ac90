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

from django.urls import NoReverseMatch, reverse

from articles.models import Article, Issue

WEEKDAY_LABELS = "一二三四五六日"


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
    title = article.headline or "(无标题)"
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
