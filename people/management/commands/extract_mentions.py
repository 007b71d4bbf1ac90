"""Find the people and organisations of archived articles again.

For pages ingested before extraction existed, or after the lexicon
(people/data/lexicon.toml) changed. Machine-made mentions are replaced page by
page; mentions an editor confirmed or rejected are kept.

    manage.py extract_mentions [--date 2022-06-28] [--dry-run]
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from articles.models import Page
from people.services import mentions_refresh


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--date", help="only the issues of this day (YYYY-MM-DD)")
        parser.add_argument(
            "--dry-run", action="store_true", help="report, write nothing"
        )

    def handle(self, *args, date=None, dry_run=False, verbosity=1, **options):
        if date:
            try:
                date = dt.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"bad --date {date!r}: use YYYY-MM-DD") from exc
        pages = Page.objects.select_related("issue").order_by("issue__date", "number")
        if date:
            pages = pages.filter(issue__date=date)
        totals = [0, 0, 0]
        for page in pages.iterator(chunk_size=100):
            with transaction.atomic():
                removed, stored = mentions_refresh(
                    articles=list(page.articles.order_by("sequence")),
                    date=page.issue.date,
                )
                if dry_run:
                    transaction.set_rollback(True)
            totals[0] += 1
            totals[1] += removed
            totals[2] += stored
            if verbosity >= 2:
                self.stdout.write(
                    _("%(date)s page %(page)s: -%(removed)d +%(stored)d")
                    % {
                        "date": page.issue.date,
                        "page": page.number,
                        "removed": removed,
                        "stored": stored,
                    }
                )
        if dry_run:
            message = _(
                "%(pages)d pages: would replace %(old)d machine mentions with %(new)d"
            )
        else:
            message = _(
                "%(pages)d pages: replaced %(old)d machine mentions with %(new)d"
            )
        counts = {"pages": totals[0], "old": totals[1], "new": totals[2]}
        self.stdout.write(self.style.SUCCESS(message % counts))
