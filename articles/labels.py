"""What readers and editors read for the parser's vocabulary (roles, article
and block kinds), through gettext: the values stay English in the database
and the API, the labels follow the reader's language (zh-Hans by default).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.parsing import ArticleKind, BlockKind, Role

ROLE_LABELS = {
    Role.AUTHOR: pgettext_lazy("role", "Author"),
    Role.REPORTER: pgettext_lazy("role", "Reporter"),
    Role.CORRESPONDENT: pgettext_lazy("role", "Correspondent"),
    Role.PHOTOGRAPHER: pgettext_lazy("role", "Photographer"),
    Role.EDITOR: pgettext_lazy("role", "Editor"),
    Role.LAYOUT: pgettext_lazy("role", "Layout"),
    Role.PROOFREADER: pgettext_lazy("role", "Proofreader"),
}

ARTICLE_KIND_LABELS = {
    ArticleKind.NEWS: pgettext_lazy("article kind", "News"),
    ArticleKind.PHOTO: pgettext_lazy("article kind", "Photo"),
    ArticleKind.COMMENTARY: pgettext_lazy("article kind", "Commentary"),
    ArticleKind.NOTICE: pgettext_lazy("article kind", "Notice"),
}

BLOCK_KIND_LABELS = {
    BlockKind.RUBRIC: pgettext_lazy("block kind", "Rubric"),
    BlockKind.KICKER: pgettext_lazy("block kind", "Kicker"),
    BlockKind.HEADLINE: pgettext_lazy("block kind", "Headline"),
    BlockKind.SUBTITLE: pgettext_lazy("block kind", "Subtitle"),
    BlockKind.BYLINE: pgettext_lazy("block kind", "Byline"),
    BlockKind.DATELINE: pgettext_lazy("block kind", "Dateline"),
    BlockKind.BODY: pgettext_lazy("block kind", "Body"),
    BlockKind.SUBHEAD: pgettext_lazy("block kind", "Subhead"),
    BlockKind.CAPTION: pgettext_lazy("block kind", "Caption"),
    BlockKind.CREDIT: pgettext_lazy("block kind", "Credit"),
    BlockKind.MASTHEAD: pgettext_lazy("block kind", "Masthead"),
    BlockKind.WEATHER: pgettext_lazy("block kind", "Weather"),
    BlockKind.AD: pgettext_lazy("block kind", "Ad"),
    BlockKind.NOTICE: pgettext_lazy("block kind", "Notice"),
    BlockKind.SLOGAN: pgettext_lazy("block kind", "Slogan"),
    BlockKind.UNKNOWN: pgettext_lazy("block kind", "Unknown"),
}


STATUS_LABELS = {
    "machine": pgettext_lazy("article status", "machine-made"),
    "edited": pgettext_lazy("article status", "edited"),
    "confirmed": pgettext_lazy("article status", "confirmed"),
}


def status_label(value: str):
    """An article's status as editors read it."""
    return STATUS_LABELS.get(value, value)


def label(value: str):
    """The label of a role or kind value; the value itself when unknown."""
    for labels in (ROLE_LABELS, ARTICLE_KIND_LABELS, BLOCK_KIND_LABELS):
        if value in labels:
            return labels[value]
    return value


def credit_label(role: str, name: str) -> str:
    """「记者 华婷婷」; a role printed without a name: 「记者 (未署名)」."""
    if name:
        return f"{label(role)} {name}"
    return _("%(role)s (unnamed)") % {"role": label(role)}
