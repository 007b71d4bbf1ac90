"""Writes to people: resolving printed names to Person rows."""

from collections.abc import Iterable

from django.db import transaction

from .models import Person


# No savepoint: called inside the ingest's transaction, which fails as a whole.
@transaction.atomic(savepoint=False)
def person_resolve_names(*, names: Iterable[str]) -> dict[str, Person]:
    """Map each name to a Person, creating the missing ones.

    Two queries whatever the number of names: one fetch, one bulk insert. A
    name shared by several people resolves to the earliest of them until
    homonyms can be told apart.
    """
    wanted = {name for name in names if name}
    if not wanted:
        return {}
    found: dict[str, Person] = {}
    for person in Person.objects.filter(name__in=wanted).order_by("id"):
        found.setdefault(person.name, person)
    missing = [Person(name=name) for name in sorted(wanted - found.keys())]
    for person in missing:
        person.full_clean()
    for person in Person.objects.bulk_create(missing):
        found[person.name] = person
    return found
