"""Atom feed of new issues."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from articles.models import Issue
from articles.reading import issue_url
from newsroom.hygiene import text_cleaned

FEED_ISSUES = 30


class IssueFeed(Feed):
    feed_type = Atom1Feed
    title = _("Newsroom · New issues")
    link = "/"
    subtitle = _("Updated when each issue goes online")

    def items(self):
        return (
            Issue.objects.published()
            .for_listing()
            .order_by("-date", "-id")[:FEED_ISSUES]
        )

    # Stored text is cleaned on the way in (newsroom.hygiene), and again
    # here: one control character in text stored before that, or by a path
    # that skipped it, would otherwise make the whole feed invalid XML (500).
    def item_title(self, issue):
        return text_cleaned(f"{issue.publication.name} {date_format(issue.date)}")

    def item_description(self, issue):
        headlines = [
            a.headline
            for p in issue.pages.all()
            for a in p.articles.all()
            if a.headline
        ]
        return text_cleaned("；".join(headlines))

    def item_link(self, issue):
        return issue_url(issue)

    def item_pubdate(self, issue):
        return timezone.make_aware(dt.datetime.combine(issue.date, dt.time(6)))
