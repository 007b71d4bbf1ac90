"""Editors' writes to people: reviewing mentions, merging, splitting and
renaming people and organisations, each recorded as a PeopleChange."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from newsroom.hygiene import text_cleaned

from ..models import (
    Mention,
    MentionStatus,
    OfficeHolding,
    Organisation,
    PeopleChange,
    Person,
    PersonAlias,
)
from .mentions import archive_changed


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
    archive_changed()
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
    from articles.services.listings import listings_refresh

    others = [p for p in others if p.pk != target.pk]
    if not others:
        raise ValidationError("choose at least one other person to merge")
    ids = [p.pk for p in others]
    bylined = list(
        Byline.objects.filter(person_id__in=ids).values_list("article_id", flat=True)
    )
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
    # The database forgot their entries in the API's listing (a byline changed).
    listings_refresh(article_ids=bylined)
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
    from articles.services.listings import listings_refresh

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
    listings_refresh(article_ids=article_ids)
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
