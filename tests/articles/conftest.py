"""Fixtures for the editors' tests: a sample page in the database, and users
in the Editor and Reviewer groups."""

import pytest
from django.contrib.auth.models import Group, User

from articles.models import Page
from articles.services import source_ingest
from tests.conftest import FIXTURES_DIR

SAMPLE_0628 = FIXTURES_DIR / "000_ddfb3c66dc3d3638.txt"


def _user(username: str, group: str | None) -> User:
    user = User.objects.create_user(username, password="pw", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions


@pytest.fixture
def editor(db) -> User:
    return _user("editor", "Editor")


@pytest.fixture
def other_editor(db) -> User:
    return _user("editor2", "Editor")


@pytest.fixture
def reviewer(db) -> User:
    return _user("reviewer", "Reviewer")


@pytest.fixture
def nobody(db) -> User:
    return _user("nobody", None)


@pytest.fixture
def sample_page(db) -> Page:
    """The 2022-06-28 front page, ingested."""
    return source_ingest(source=SAMPLE_0628).page
