"""Writes to people: the machine's (mentions.py: resolving names, recording
mentions) and the editors' (curation.py: reviews, merges, splits, renames)."""

from .curation import (
    mention_confirm,
    mention_reject,
    mention_review,
    organisation_merge,
    organisation_update,
    person_alias_add,
    person_alias_remove,
    person_merge,
    person_split,
    person_update,
)
from .mentions import (
    ARTICLE_FIELDS,
    article_mentions_extract,
    mentions_record,
    mentions_refresh,
    organisation_resolve_names,
    person_resolve_names,
)

__all__ = [
    "ARTICLE_FIELDS",
    "article_mentions_extract",
    "mention_confirm",
    "mention_reject",
    "mention_review",
    "mentions_record",
    "mentions_refresh",
    "organisation_merge",
    "organisation_resolve_names",
    "organisation_update",
    "person_alias_add",
    "person_alias_remove",
    "person_merge",
    "person_resolve_names",
    "person_split",
    "person_update",
]
