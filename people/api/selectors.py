"""Reads of people and organisations for the API: a fixed number of queries
per list or detail whatever the archive's size (counts are subqueries, not
joins multiplied together; offices are one query per detail)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from articles.models import Byline, PageCredit
from people.models import (
    Mention,
    MentionStatus,
    OfficeHolding,
    Organisation,
    Person,
    PersonAlias,
)


def _count(queryset: QuerySet, column: str, distinct: str = "id") -> Coalesce:
    """COUNT of `queryset` rows whose `column` is the outer row's id."""
    counted = (
        queryset.filter(**{column: OuterRef("pk")})
        .order_by()
        .values(column)
        .annotate(n=Count(distinct, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _standing_mentions() -> QuerySet[Mention]:
    return Mention.objects.exclude(status=MentionStatus.REJECTED)


def people_for_api(*, detail: bool) -> QuerySet[Person]:
    """People as the API shows them; details with their aliases (one
    prefetch) and the articles naming them, written by them and the pages
    crediting them, counted in SQL (filters: people.api.filters)."""
    people = Person.objects.all()
    if not detail:
        return people
    return people.annotate(
        mention_count=_count(_standing_mentions(), "person", "article"),
        byline_count=_count(Byline.objects.all(), "person", "article"),
        credit_count=_count(PageCredit.objects.all(), "person", "page"),
    ).prefetch_related(
        # Aliases in the detail: one query for the person's aliases.
        Prefetch("aliases", queryset=PersonAlias.objects.order_by("name"))
    )


def organisations_for_api(*, detail: bool) -> QuerySet[Organisation]:
    """Organisations; details with the number of articles naming them."""
    organisations = Organisation.objects.all()
    if not detail:
        return organisations
    return organisations.annotate(
        mention_count=_count(_standing_mentions(), "organisation", "article"),
    )


def offices_for_api(**holder: Any) -> list[dict[str, Any]]:
    """The dated offices of a person (`person=`) or in an organisation
    (`organisation=`), one entry per (person, office, organisation) with the
    first and last issue date and the source articles, in one query."""
    holdings = (
        OfficeHolding.objects.standing()
        .filter(**holder)
        .select_related("person", "organisation", "article__page__issue")
        .only(
            "office",
            "date",
            "person__name",
            "organisation__name",
            "article__headline",
            "article__page__issue__date",
        )
        .order_by("date", "id")
    )
    offices: dict[tuple, dict[str, Any]] = {}
    for holding in holdings:
        key = (holding.person_id, holding.office, holding.organisation_id)
        entry = offices.get(key)
        if entry is None:
            entry = offices[key] = {
                "office": holding.office,
                "person": holding.person,
                "organisation": holding.organisation,
                "first": holding.date,
                "last": holding.date,
                "articles": {},
            }
        entry["last"] = holding.date
        entry["articles"].setdefault(holding.article_id, holding.article)
    return list(offices.values())
