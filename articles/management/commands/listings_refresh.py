"""Make every article's missing or outdated entry in the API's listing
(articles.models.listing), in batches of 500, each in its transaction.

    manage.py listings_refresh

The ingest, the workbench and people curation keep the entries current as
they write; run this once after upgrading to the release that added them,
or after changing the database by hand. Until an article has a current
entry, the API makes its JSON from its rows: the same answer, slower.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from articles.services.listings import listings_missing_refresh


class Command(BaseCommand):
    help = "Make the API listing's missing or outdated entries of articles."

    def handle(self, *args, **options):
        made = listings_missing_refresh()
        self.stdout.write(_("%(count)d listing entries made.") % {"count": made})
