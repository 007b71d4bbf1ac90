"""The machine's writes to people: resolving names, finding and recording
mentions (the ingest, re-segmentation, `extract_mentions`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction

from newsroom.bulk import rows_clean, rows_insert

from ..extraction import (
    DEFAULT_LEXICON,
    ArticleMentions,
    apply_feedback,
    extract_mentions,
    jieba_word_tags,
    load_lexicon,
)
from ..models import (
    Mention,
    MentionStatus,
    OfficeHolding,
    Organisation,
    Person,
    PersonAlias,
)
from ..selectors import mention_feedback

if TYPE_CHECKING:
    from articles.models import Article

# The article fields searched for names, in reading order.
ARTICLE_FIELDS = ("rubric", "kicker", "headline", "subtitle", "body")


# No savepoint: called inside the ingest's transaction, which fails as a whole.
@transaction.atomic(savepoint=False)
def person_resolve_names(*, names: Iterable[str]) -> dict[str, Person]:
    """Map each name to a Person, creating the missing ones.

    Three queries whatever the number of names: people by name, people by
    alias, one bulk insert. A name shared by several people resolves to the
    earliest of them until an editor splits the homonyms; an alias (the old
    name of merged duplicates) resolves to the person it was merged into.
    """
    wanted = {name for name in names if name}
    if not wanted:
        return {}
    found: dict[str, Person] = {}
    for person in Person.objects.filter(name__in=wanted).order_by("id"):
        found.setdefault(person.name, person)
    unaliased = wanted - found.keys()
    if unaliased:
        aliases = (
            PersonAlias.objects.filter(name__in=unaliased)
            .select_related("person")
            .order_by("person_id")
        )
        for alias in aliases:
            found.setdefault(alias.name, alias.person)
    missing = [{"name": name} for name in sorted(wanted - found.keys())]
    # Not bulk_create (newsroom.bulk says why): a batch of pages names
    # hundreds of people.
    rows_clean(Person, missing)
    pks = rows_insert(Person, missing, returning=True)
    for row, pk in zip(missing, pks, strict=True):
        found[row["name"]] = Person(pk=pk, name=row["name"])
    return found


@transaction.atomic(savepoint=False)
def organisation_resolve_names(*, names: Iterable[str]) -> dict[str, Organisation]:
    """Map each name to an Organisation, creating the missing ones (2 queries)."""
    wanted = {name for name in names if name}
    if not wanted:
        return {}
    found: dict[str, Organisation] = {}
    for org in Organisation.objects.filter(name__in=wanted).order_by("id"):
        found.setdefault(org.name, org)
    missing = [{"name": name} for name in sorted(wanted - found.keys())]
    rows_clean(Organisation, missing)
    pks = rows_insert(Organisation, missing, returning=True)
    for row, pk in zip(missing, pks, strict=True):
        found[row["name"]] = Organisation(pk=pk, name=row["name"])
    return found


def article_mentions_extract(
    *, article, known_names: Iterable[str] = (), rejected: Iterable[str] = ()
) -> ArticleMentions:
    """What the extractor finds in an article's current text (no queries).

    `article` is an Article or a parser ArticleDraft: both carry the fields.
    `known_names` / `rejected`: editors' decisions (see mention_feedback).
    """
    lexicon = load_lexicon(
        getattr(settings, "NEWSROOM_PEOPLE_LEXICON", DEFAULT_LEXICON)
    )
    word_tags = (
        jieba_word_tags() if getattr(settings, "NEWSROOM_PEOPLE_JIEBA", True) else None
    )
    fields = {name: getattr(article, name) for name in ARTICLE_FIELDS}
    return extract_mentions(
        fields,
        lexicon=lexicon,
        word_tags=word_tags,
        known_names=known_names,
        rejected=rejected,
    )


@transaction.atomic(savepoint=False)
def mentions_record(
    *,
    articles: Sequence[Article],
    date: dt.date,
    keep: Iterable[tuple[int, str, int, int]] = (),
    extracted: Sequence[ArticleMentions] | None = None,
    dates: dict[int, dt.date] | None = None,
) -> int:
    """Find and store the mentions and office facts of freshly saved articles.

    Called by the ingest for each page: a fixed number of queries however
    many names the page holds (resolve people, aliases and organisations,
    then one bulk insert each of mentions and office facts). A find
    overlapping a span in `keep` ((article id, field, start, end) of mentions
    an editor reviewed) is left out. `extracted` (one per article, in order)
    is what the ingest's worker processes already found in the drafts, so the
    extraction stays off the writing process. `dates` (article id: date)
    dates the office facts of articles of several pages (else `date`).
    Returns the number of mentions stored.
    """
    found = _mentions_found(articles=articles, extracted=extracted, keep=keep)
    people = person_resolve_names(
        names=(m.name for _, result in found for m in result.people)
    )
    orgs = organisation_resolve_names(names=_organisations_named(found))
    mentions, facts = _mention_rows(found, people=people, orgs=orgs)
    # Not bulk_create (newsroom.bulk says why) nor full_clean()ed one by one:
    # the extractor's spans and names cannot fail validation, and the
    # database checks the constraints.
    mention_ids = rows_insert(Mention, mentions, returning=bool(facts))
    rows_insert(
        OfficeHolding,
        _office_rows(
            facts, mention_ids, people=people, orgs=orgs, dates=dates or {}, date=date
        ),
    )
    return len(mentions)


# What each article mentions: (article, its ArticleMentions).
Found = list[tuple["Article", ArticleMentions]]


def _mentions_found(
    *,
    articles: Sequence[Article],
    extracted: Sequence[ArticleMentions] | None,
    keep: Iterable[tuple[int, str, int, int]],
) -> Found:
    """Each article with what the extractor finds in it (or found already in
    the ingest's workers), after the editors' feedback, less the finds that
    overlap a span an editor reviewed (`keep`)."""
    if extracted is None:
        extracted = [article_mentions_extract(article=a) for a in articles]
    # Editors' decisions teach the extractor (#17): confirmed names are
    # found wherever they occur, rejected strings never proposed again.
    known_names, rejected = mention_feedback()
    if known_names or rejected:
        extracted = [
            apply_feedback(
                {name: getattr(a, name) for name in ARTICLE_FIELDS},
                result,
                known_names=known_names,
                rejected=rejected,
            )
            for a, result in zip(articles, extracted, strict=True)
        ]
    found = list(zip(articles, extracted, strict=True))
    kept: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for article_id, field_name, start, end in keep:
        kept.setdefault((article_id, field_name), []).append((start, end))
    if kept:
        found = [(a, _outside_kept(a, result, kept)) for a, result in found]
    return found


def _outside_kept(article, result: ArticleMentions, kept) -> ArticleMentions:
    """The finds of `result` that overlap no reviewed span of the article."""

    def fresh(m) -> bool:
        spans = kept.get((article.pk, m.field), ())
        return not any(s < m.end and m.start < e for s, e in spans)

    return ArticleMentions(
        tuple(m for m in result.people if fresh(m)),
        tuple(m for m in result.organisations if fresh(m)),
    )


def _organisations_named(found: Found) -> set[str]:
    """Organisations mentioned, and those named in the people's offices."""
    names = {m.name for _, result in found for m in result.organisations}
    names |= {
        office.organisation
        for _, result in found
        for m in result.people
        for office in m.offices
        if office.organisation
    }
    return names


def _mention_rows(
    found: Found, *, people: dict[str, Person], orgs: dict[str, Organisation]
) -> tuple[list[dict], list[tuple]]:
    """Mention rows to insert, and the office facts to record with them as
    (index of the mention's row, article, mention, fact)."""
    mentions: list[dict] = []
    facts: list[tuple] = []
    for article, result in found:
        for m in result.people:
            facts.extend((len(mentions), article, m, fact) for fact in m.offices)
            row = _mention_row(article, m, Mention.Kind.PERSON)
            mentions.append(
                row | {"person_id": people[m.name].pk, "title": m.title[:200]}
            )
        for m in result.organisations:
            row = _mention_row(article, m, Mention.Kind.ORGANISATION)
            mentions.append(row | {"organisation_id": orgs[m.name].pk})
    return mentions, facts


def _mention_row(article, m, kind: Mention.Kind) -> dict:
    """The columns a person's and an organisation's mention share."""
    return {
        "article_id": article.pk,
        "kind": kind.value,
        "field": m.field,
        "start": m.start,
        "end": m.end,
        "text": m.name,
        "rule": m.rule,
        "confidence": m.confidence,
    }


def _office_rows(facts, mention_ids, *, people, orgs, dates, date) -> list[dict]:
    """OfficeHolding rows: who held which office, on the page's date."""
    return [
        {
            "person_id": people[m.name].pk,
            "office": fact.office[:100],
            "organisation_id": (
                orgs[fact.organisation].pk if fact.organisation in orgs else None
            ),
            "date": dates.get(article.pk, date),
            "article_id": article.pk,
            "mention_id": mention_ids[index],
        }
        for index, article, m, fact in facts
    ]


@transaction.atomic
def mentions_refresh(*, articles: Sequence[Article], date: dt.date) -> tuple[int, int]:
    """Find the mentions of one page's articles again (after a correction of
    their text or a change of the lexicon, or for pages ingested before
    extraction existed).

    Machine-made mentions and their office facts are replaced; mentions an
    editor confirmed or rejected stay, and nothing new is found over them.
    Returns (mentions removed, mentions stored).
    """
    ids = [a.pk for a in articles]
    reviewed = list(
        Mention.objects.filter(article_id__in=ids)
        .exclude(status=MentionStatus.MACHINE)
        .values_list("article_id", "field", "start", "end")
    )
    machine = Mention.objects.filter(article_id__in=ids, status=MentionStatus.MACHINE)
    removed = machine.count()
    # Office facts of machine mentions go with them (CASCADE); facts stored
    # without their mention (a backend not returning keys) go by article.
    OfficeHolding.objects.filter(article_id__in=ids, mention__isnull=True).delete()
    machine.delete()
    stored = mentions_record(articles=articles, date=date, keep=reviewed)
    archive_changed()
    return removed, stored


def archive_changed() -> None:
    # Imported here: articles.services imports this module (the ingest
    # records mentions), so a module-level import would be circular.
    from articles.services import archive

    archive.archive_changed()
