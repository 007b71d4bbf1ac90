"""Writes to people: resolving names, recording mentions, editors' curation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from newsroom.bulk import rows_clean, rows_insert
from newsroom.hygiene import text_cleaned

from .extraction import (
    DEFAULT_LEXICON,
    ArticleMentions,
    apply_feedback,
    extract_mentions,
    jieba_word_tags,
    load_lexicon,
)
from .models import (
    Mention,
    MentionStatus,
    OfficeHolding,
    Organisation,
    PeopleChange,
    Person,
    PersonAlias,
)
from .selectors import mention_feedback

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
    _archive_changed()
    return removed, stored


def _archive_changed() -> None:
    # Imported here: articles.services imports this module (the ingest
    # records mentions), so a module-level import would be circular.
    from articles.services.archive import archive_changed

    archive_changed()


def _record(action, *, user=None, person=None, organisation=None, **details):
    """Record an editor's act on people, and the archive's change (the API
    shows people, mentions and the articles naming them)."""
    change = PeopleChange(
        action=action,
        person=person,
        organisation=organisation,
        details=details,
        user=user if user is not None and user.is_authenticated else None,
    )
    change.full_clean(exclude=["person", "organisation", "user"])
    change.save()
    _archive_changed()
    return change


@transaction.atomic
def mention_review(
    *, mentions: Iterable[Mention], status: str, user=None
) -> list[Mention]:
    """Confirm or reject machine-found mentions, recording who did it."""
    if status not in (MentionStatus.CONFIRMED, MentionStatus.REJECTED):
        raise ValidationError(f"cannot review a mention as {status!r}")
    mentions = list(mentions)
    now = timezone.now()
    reviewer = user if user is not None and user.is_authenticated else None
    for mention in mentions:
        mention.status = status
        mention.reviewed_at = now
        mention.reviewed_by = reviewer
    Mention.objects.bulk_update(mentions, ["status", "reviewed_at", "reviewed_by"])
    if mentions:
        _record(
            PeopleChange.Action.CONFIRM
            if status == MentionStatus.CONFIRMED
            else PeopleChange.Action.REJECT,
            user=user,
            mentions=[
                {"id": m.pk, "text": m.text, "article": m.article_id} for m in mentions
            ],
        )
    return mentions


def mention_confirm(*, mention: Mention, user=None) -> Mention:
    """Confirm one mention (see mention_review)."""
    return mention_review(
        mentions=[mention], status=MentionStatus.CONFIRMED, user=user
    )[0]


def mention_reject(*, mention: Mention, user=None) -> Mention:
    """Reject one mention (see mention_review)."""
    return mention_review(mentions=[mention], status=MentionStatus.REJECTED, user=user)[
        0
    ]


@transaction.atomic
def person_merge(*, target: Person, others: Iterable[Person], user=None) -> Person:
    """Merge duplicates into `target`: their mentions, offices, bylines and
    credits move over, their names become aliases, and they are deleted."""
    from articles.models import Byline, PageCredit

    others = [p for p in others if p.pk != target.pk]
    if not others:
        raise ValidationError("choose at least one other person to merge")
    ids = [p.pk for p in others]
    moved = {
        "mentions": Mention.objects.filter(person_id__in=ids).update(person=target),
        "offices": OfficeHolding.objects.filter(person_id__in=ids).update(
            person=target
        ),
        "bylines": Byline.objects.filter(person_id__in=ids).update(person=target),
        "credits": PageCredit.objects.filter(person_id__in=ids).update(person=target),
    }
    existing = set(target.aliases.values_list("name", flat=True)) | {target.name}
    names = {p.name for p in others} | set(
        PersonAlias.objects.filter(person_id__in=ids).values_list("name", flat=True)
    )
    PersonAlias.objects.bulk_create(
        [PersonAlias(person=target, name=n) for n in sorted(names - existing)]
    )
    merged = [{"id": p.pk, "name": p.name, "note": p.note} for p in others]
    Person.objects.filter(pk__in=ids).delete()
    _record(
        PeopleChange.Action.MERGE, user=user, person=target, merged=merged, moved=moved
    )
    return target


@transaction.atomic
def person_split(
    *,
    person: Person,
    mentions: Iterable[Mention],
    name: str | None = None,
    note: str = "",
    user=None,
) -> Person:
    """Split a homonym: the given mentions (and the office facts and bylines
    of their articles) go to a new person of the same name, or of `name`."""
    from articles.models import Byline

    mentions = [m for m in mentions if m.person_id == person.pk]
    if not mentions:
        raise ValidationError("choose mentions of this person to split off")
    new = Person(name=name or person.name, note=note)
    new.full_clean()
    new.save()
    mention_ids = [m.pk for m in mentions]
    article_ids = sorted({m.article_id for m in mentions})
    Mention.objects.filter(pk__in=mention_ids).update(person=new)
    OfficeHolding.objects.filter(person=person, article_id__in=article_ids).update(
        person=new
    )
    Byline.objects.filter(person=person, article_id__in=article_ids).update(person=new)
    _record(
        PeopleChange.Action.SPLIT,
        user=user,
        person=new,
        split_from={"id": person.pk, "name": person.name},
        mentions=mention_ids,
        articles=article_ids,
    )
    return new


@transaction.atomic
def person_alias_add(*, person: Person, name: str, user=None) -> PersonAlias:
    """Record another name of a person: later pages printing it resolve here."""
    alias = PersonAlias(person=person, name=_cleaned_name(name))
    alias.full_clean()
    alias.save()
    _record(PeopleChange.Action.ALIAS, user=user, person=person, alias=alias.name)
    return alias


@transaction.atomic
def organisation_merge(
    *, target: Organisation, others: Iterable[Organisation], user=None
) -> Organisation:
    """Merge duplicate organisations into `target` and delete them."""
    others = [o for o in others if o.pk != target.pk]
    if not others:
        raise ValidationError("choose at least one other organisation to merge")
    ids = [o.pk for o in others]
    moved = {
        "mentions": Mention.objects.filter(organisation_id__in=ids).update(
            organisation=target
        ),
        "offices": OfficeHolding.objects.filter(organisation_id__in=ids).update(
            organisation=target
        ),
    }
    merged = [{"id": o.pk, "name": o.name} for o in others]
    Organisation.objects.filter(pk__in=ids).delete()
    _record(
        PeopleChange.Action.MERGE,
        user=user,
        organisation=target,
        merged=merged,
        moved=moved,
    )
    return target


def _cleaned_name(name: str) -> str:
    return text_cleaned(name).strip()


@transaction.atomic
def person_update(
    *, person: Person, name: str | None = None, note: str | None = None, user=None
) -> Person:
    """Rename a person or edit the note that tells homonyms apart, recorded
    (`rename` with the old and new name, `edit` for the note alone)."""
    before = Person.objects.select_for_update().values("name", "note").get(pk=person.pk)
    after = {
        "name": before["name"] if name is None else _cleaned_name(name),
        "note": before["note"] if note is None else text_cleaned(note),
    }
    changed = {f: [before[f], after[f]] for f in after if before[f] != after[f]}
    person.name, person.note = after["name"], after["note"]
    if not changed:
        return person
    person.full_clean()
    person.save(update_fields=list(changed))
    action = (
        PeopleChange.Action.RENAME if "name" in changed else PeopleChange.Action.EDIT
    )
    _record(action, user=user, person=person, **changed)
    return person


@transaction.atomic
def person_alias_remove(*, alias: PersonAlias, user=None) -> None:
    """Forget another name of a person (recorded, with the name)."""
    person, name = alias.person, alias.name
    alias.delete()
    _record(PeopleChange.Action.ALIAS, user=user, person=person, removed=name)


@transaction.atomic
def organisation_update(*, organisation: Organisation, name: str, user=None):
    """Rename an organisation, recorded with the old and the new name."""
    old = Organisation.objects.select_for_update().values_list("name", flat=True)
    old = old.get(pk=organisation.pk)
    organisation.name = _cleaned_name(name)
    if organisation.name == old:
        return organisation
    organisation.full_clean()
    organisation.save(update_fields=["name"])
    _record(
        PeopleChange.Action.RENAME,
        user=user,
        organisation=organisation,
        name=[old, organisation.name],
    )
    return organisation
