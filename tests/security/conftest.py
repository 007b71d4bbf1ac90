"""Fixtures of the security tests: a small archive with a row of every model,
users with the admin's roles, and a snapshot of the whole database."""

import contextlib
import signal

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache

from tests.factories import OrganisationFactory, PersonFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Throttle counters and cached API responses live in the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def archive(run_command, sample_paths, django_user_model):
    """The two sample pages ingested, plus rows the ingest does not make
    (two organisations to merge, a page change, a people change)."""
    for path in sample_paths:
        assert run_command("ingest", path).error is None
    OrganisationFactory.create_batch(2)
    PersonFactory.create_batch(2)


def _rows(model) -> list:
    return sorted(map(repr, model._base_manager.order_by().values_list()))


@pytest.fixture
def db_snapshot():
    """Every row of every installed model, to compare before and after."""

    def snapshot() -> dict[str, list]:
        return {model._meta.label: _rows(model) for model in apps.get_models()}

    return snapshot


def assert_unchanged(before: dict, after: dict) -> None:
    changed = {
        label: (len(before[label]), len(after[label]))
        for label in before
        if before[label] != after[label]
    }
    assert not changed, f"rows changed (model: before, after): {changed}"


def staff_user(username: str, *, codenames=(), groups=()) -> User:
    user = User.objects.create_user(username, password="pw-" + username)
    user.is_staff = True
    user.save()
    if codenames:
        user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return User.objects.get(pk=user.pk)  # no cached permissions


@pytest.fixture
def viewer(db) -> User:
    """Staff who may view every model and change nothing."""
    codenames = Permission.objects.filter(codename__startswith="view_").values_list(
        "codename", flat=True
    )
    return staff_user("viewer", codenames=list(codenames))


@pytest.fixture
def editor(db) -> User:
    return staff_user("editor", groups=["Editor"])


@contextlib.contextmanager
def deadline(seconds: int):
    """Fail instead of hanging the suite (a FIFO blocks its reader; a
    quadratic parser takes an hour on a big page)."""

    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
