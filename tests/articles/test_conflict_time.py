"""The conflict message says when the other editor saved in the configured
time zone, as the timeline does, not in UTC (#12 item 3)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from articles.models import PageChange
from editing.services.locking import page_version_check
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_conflict_message_in_local_time_and_language(editor, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    page = PageFactory()
    change = PageChange.objects.create(
        page=page, user=editor, operation="split", page_version=1
    )
    saved = dt.datetime(2026, 12, 1, 2, 5, 9, tzinfo=dt.UTC)
    PageChange.objects.filter(pk=change.pk).update(created_at=saved)
    with pytest.raises(ValidationError) as refused:
        page_version_check(page, page.version + 1)
    message = refused.value.messages[0]
    assert "10:05:09" in message and "02:05:09" not in message
    assert "editor" in message
    assert "此页" in message or "页面" in message  # Chinese by default
    with translation.override("en"), pytest.raises(ValidationError) as english:
        page_version_check(page, page.version + 1)
    assert "changed by editor at 10:05:09" in english.value.messages[0]
