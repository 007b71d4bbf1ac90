"""extract_mentions: re-finding mentions keeps editors' decisions."""

import pytest

from people.models import Mention, OfficeHolding
from people.services import mention_confirm, mention_reject

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingested(run_command, sample_paths):
    for path in sample_paths:
        assert run_command("ingest", path).error is None


def test_refresh_replaces_machine_mentions_and_keeps_reviewed(ingested, run_command):
    total = Mention.objects.count()
    facts = OfficeHolding.objects.count()
    confirmed = Mention.objects.filter(text="柯卫明").get()
    rejected = Mention.objects.filter(text="广陈镇").get()
    mention_confirm(mention=confirmed)
    mention_reject(mention=rejected)
    Mention.objects.filter(text="戴振").delete()  # as if found before a fix

    result = run_command("extract_mentions", language="zh-hans")

    assert result.error is None and "2 个版面" in result.stdout
    assert Mention.objects.count() == total
    assert OfficeHolding.objects.count() == facts
    assert Mention.objects.get(pk=confirmed.pk).status == "confirmed"
    assert Mention.objects.get(pk=rejected.pk).status == "rejected"
    assert Mention.objects.filter(text="广陈镇").count() == 1  # not found anew
    assert Mention.objects.filter(text="戴振").exists()


def test_dry_run_writes_nothing(ingested, run_command):
    Mention.objects.filter(text="戴振").delete()
    before = set(Mention.objects.values_list("pk", flat=True))

    result = run_command(
        "extract_mentions", "--dry-run", date="2022-06-28", language="zh-hans"
    )

    assert "1 个版面:将把" in result.stdout
    assert set(Mention.objects.values_list("pk", flat=True)) == before


def test_bad_date(run_command, db):
    assert "YYYY-MM-DD" in run_command("extract_mentions", date="June").error
