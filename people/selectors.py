"""Reads of people and organisations: pages, directory, jieba's dictionary.

Each function costs a fixed number of queries whatever the size of the
archive: aggregates are computed in the database, lists are capped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from articles.models import Article

from .models import (
    Mention,
    MentionStatus,
    OfficeHolding,
    Organisation,
    Person,
    PersonAlias,
)

RELATED_LIMIT = 10  # most co-mentioned people / organisations shown
ARTICLE_LIMIT = 50  # articles listed on a person's or organisation's page


@dataclass
class OfficeSpell:
    """One office of a person as the pages show it: first and last seen."""

    office: str
    organisation: Organisation | None
    first: Any
    last: Any
    article_count: int
    articles: list[Article] = field(default_factory=list)


def _articles(queryset) -> QuerySet[Article]:
    return (
        queryset.select_related("page__issue__publication")
        .only(
            "id",
            "headline",
            "kicker",
            "kind",
            "page__number",
            "page__issue__date",
            "page__issue__publication__name",
        )
        .order_by("-page__issue__date", "page__number", "sequence")
    )


def person_timeline(*, person: Person) -> list[OfficeSpell]:
    """The person's offices in order of first appearance (one query)."""
    holdings = (
        OfficeHolding.objects.standing()
        .filter(person=person)
        .select_related("organisation", "article__page__issue")
        .only(
            "office",
            "date",
            "organisation__name",
            "article__id",
            "article__headline",
            "article__page__issue__date",
        )
        .order_by("date", "id")
    )
    spells: dict[tuple, OfficeSpell] = {}
    for h in holdings:
        key = (h.office, h.organisation_id)
        spell = spells.get(key)
        if spell is None:
            spell = spells[key] = OfficeSpell(
                h.office, h.organisation, h.date, h.date, 0
            )
        spell.last = h.date
        if all(a.pk != h.article.pk for a in spell.articles):
            spell.articles.append(h.article)
            spell.article_count += 1
    return list(spells.values())


def person_page_data(*, person: Person) -> dict[str, Any]:
    """Everything the person page shows, in a fixed number of queries."""
    mentioned = _articles(
        Article.objects.filter(
            pk__in=Mention.objects.standing().filter(person=person).values("article_id")
        )
    ).annotate(
        # Shown beside each article: machine-found until an editor confirms.
        confirmed=Exists(
            Mention.objects.filter(
                person=person,
                article_id=OuterRef("pk"),
                status=MentionStatus.CONFIRMED,
            )
        )
    )
    written = _articles(Article.objects.filter(bylines__person=person).distinct())
    article_ids = Mention.objects.standing().filter(person=person).values("article_id")
    co_people = (
        Person.objects.exclude(pk=person.pk)
        .filter(
            mentions__article_id__in=article_ids,
            mentions__status__in=[MentionStatus.MACHINE, MentionStatus.CONFIRMED],
        )
        .annotate(shared=Count("mentions__article", distinct=True))
        .order_by("-shared", "name")[:RELATED_LIMIT]
    )
    co_orgs = (
        Organisation.objects.filter(
            mentions__article_id__in=article_ids,
            mentions__status__in=[MentionStatus.MACHINE, MentionStatus.CONFIRMED],
        )
        .annotate(shared=Count("mentions__article", distinct=True))
        .order_by("-shared", "name")[:RELATED_LIMIT]
    )
    mentions = Mention.objects.filter(person=person).aggregate(
        total=Count("id", filter=~Q(status=MentionStatus.REJECTED)),
        confirmed=Count("id", filter=Q(status=MentionStatus.CONFIRMED)),
    )
    return {
        "person": person,
        "aliases": list(person.aliases.values_list("name", flat=True)),
        "timeline": person_timeline(person=person),
        "written": list(written[:ARTICLE_LIMIT]),
        "mentioned": list(mentioned[:ARTICLE_LIMIT]),
        "co_people": list(co_people),
        "co_organisations": list(co_orgs),
        "mention_total": mentions["total"],
        "mention_confirmed": mentions["confirmed"],
    }


def organisation_page_data(*, organisation: Organisation) -> dict[str, Any]:
    """The organisation's offices over time, its people and its articles."""
    holdings = (
        OfficeHolding.objects.standing()
        .filter(organisation=organisation)
        .values("person_id", "person__name", "office")
        .annotate(
            first=Min("date"),
            last=Max("date"),
            articles=Count("article", distinct=True),
        )
        .order_by("first", "person__name")
    )
    people = (
        Person.objects.filter(
            mentions__article_id__in=Mention.objects.standing()
            .filter(organisation=organisation)
            .values("article_id"),
            mentions__status__in=[MentionStatus.MACHINE, MentionStatus.CONFIRMED],
        )
        .annotate(shared=Count("mentions__article", distinct=True))
        .order_by("-shared", "name")[:RELATED_LIMIT]
    )
    articles = _articles(
        Article.objects.filter(
            pk__in=Mention.objects.standing()
            .filter(organisation=organisation)
            .values("article_id")
        )
    )
    return {
        "organisation": organisation,
        "offices": list(holdings),
        "people": list(people),
        "articles": list(articles[:ARTICLE_LIMIT]),
    }


def person_directory(
    *,
    query: str | None = None,
    office: str | None = None,
    organisation: int | None = None,
    role: str | None = None,
) -> QuerySet[Person]:
    """People for the directory, searched by name or alias and filtered by an
    office they held, an organisation they held it in, or what they did
    (`role`: "mentioned" in articles or "byline" writers)."""
    people = Person.objects.search(query)
    if office:
        people = people.filter(office_holdings__office__icontains=office)
    if organisation:
        people = people.filter(office_holdings__organisation_id=organisation)
    if office or organisation:
        people = people.distinct()
    people = people.for_directory()
    if role == "mentioned":
        people = people.filter(mention_count__gt=0)
    elif role == "byline":
        people = people.filter(byline_count__gt=0)
    return people.order_by("name", "id")


def organisation_directory(*, query: str | None = None) -> QuerySet[Organisation]:
    """Organisations for the directory, searched by name."""
    return Organisation.objects.search(query).for_directory().order_by("name", "id")


def dictionary_words() -> list[tuple[str, int, str]]:
    """Confirmed names as (word, frequency, part of speech) for jieba.

    A person or organisation with a confirmed mention, and the aliases of
    those people; the frequency grows with the number of mentions so that
    jieba keeps the name whole. Load with `jieba.add_word(*entry)`.
    """
    words: dict[str, tuple[int, str]] = {}
    people = (
        Person.objects.filter(mentions__status=MentionStatus.CONFIRMED)
        .annotate(n=Count("mentions"))
        .values_list("id", "name", "n")
    )
    ids = []
    for pk, name, n in people:
        ids.append(pk)
        words[name] = (max(words.get(name, (0, ""))[0], 1000 + 10 * n), "nr")
    for name in PersonAlias.objects.filter(person_id__in=ids).values_list(
        "name", flat=True
    ):
        words.setdefault(name, (1000, "nr"))
    orgs = (
        Organisation.objects.filter(mentions__status=MentionStatus.CONFIRMED)
        .annotate(n=Count("mentions"))
        .values_list("name", "n")
    )
    for name, n in orgs:
        words.setdefault(name, (1000 + 10 * n, "nt"))
    return [(w, f, tag) for w, (f, tag) in sorted(words.items())]


def people_for_api(*, detail: bool) -> QuerySet[Person]:
    """People as the API lists them; details count their bylines and
    credits in SQL, not by loading them."""
    people = Person.objects.all()
    if not detail:
        return people
    return people.annotate(
        byline_count=Count("bylines", distinct=True),
        credit_count=Count("page_credits", distinct=True),
    )


def mention_feedback() -> tuple[frozenset[str], frozenset[str]]:
    """Editors' decisions the extractor learns from (one query):
    (names of people confirmed in some mention, strings rejected and never
    confirmed anywhere). Texts are as printed, so the same string on
    another page is found again or left alone."""
    confirmed: set[str] = set()
    confirmed_any: set[str] = set()
    rejected: set[str] = set()
    rows = (
        Mention.objects.filter(
            status__in=(MentionStatus.CONFIRMED, MentionStatus.REJECTED)
        )
        .values_list("kind", "status", "text")
        .distinct()
    )
    for kind, status, text in rows:
        if status == MentionStatus.REJECTED:
            rejected.add(text)
            continue
        confirmed_any.add(text)
        if kind == Mention.Kind.PERSON:
            confirmed.add(text)
    return frozenset(confirmed), frozenset(rejected - confirmed_any)
