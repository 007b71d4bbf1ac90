"""The reading text of a parsed page, cleaned before it is stored.

The parser's drafts keep whatever the OCR produced; here every reading text
(blocks, article fields, names) goes through newsroom.hygiene, and the page
gets a warning saying what was removed. The draft's `source`, stored
verbatim, is not touched.
"""

from __future__ import annotations

import dataclasses

from django.utils.translation import gettext as _

from articles.parsing import PageDraft
from newsroom.hygiene import text_clean, text_cleaned

ARTICLE_TEXT_FIELDS = ("rubric", "kicker", "headline", "subtitle", "body")


def _optional(text: str | None) -> str | None:
    return None if text is None else text_cleaned(text)


def _credits(credits: tuple) -> tuple:
    return tuple(
        dataclasses.replace(c, name=_optional(c.name)) if c.name else c for c in credits
    )


def page_draft_clean(draft: PageDraft) -> PageDraft:
    """`draft` with clean reading text, and a warning if anything was removed.

    Counts come from the blocks (which partition the page); article fields,
    composed from the blocks, are cleaned the same way.
    """
    controls = invisible = 0
    blocks = []
    for block in draft.blocks:
        cleaned = text_clean(block.text)
        controls += cleaned.controls
        invisible += cleaned.invisible
        blocks.append(
            dataclasses.replace(block, text=cleaned.text) if cleaned.changed else block
        )
    articles = tuple(
        dataclasses.replace(
            article,
            bylines=_credits(article.bylines),
            **{f: _optional(getattr(article, f)) for f in ARTICLE_TEXT_FIELDS},
        )
        for article in draft.articles
    )
    warnings = draft.warnings
    if controls or invisible:
        warnings = (
            *warnings,
            _(
                "reading text: removed %(controls)d control characters and "
                "%(invisible)d invisible characters (bidi controls, zero-width); "
                "the source keeps them"
            )
            % {"controls": controls, "invisible": invisible},
        )
    return dataclasses.replace(
        draft,
        blocks=tuple(blocks),
        articles=articles,
        credits=_credits(draft.credits),
        warnings=warnings,
    )
