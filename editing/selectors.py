"""Reads of the workbench: a page with its articles, blocks and latest
changes in a fixed number of queries, and the blocks an editor picked."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Page, PageChange, TextBlock
from articles.selectors import correction_counts
from people.models import Mention


def page_blocks(*, page: Page, ids: Iterable[str]) -> list[TextBlock]:
    """The blocks of `page` among `ids` (digits from a form), in the order
    given; ids of other pages and non-numbers are left out."""
    wanted = [int(pk) for pk in ids if str(pk).isdigit()]
    found = {b.pk: b for b in TextBlock.objects.filter(pk__in=wanted, page=page)}
    return [found[pk] for pk in wanted if pk in found]


def text_diff(before: str, after: str) -> list[tuple[str, str]]:
    """A character diff as (op, text) pieces, op one of "=", "-", "+"."""
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(("=", before[i1:i2]))
            continue
        if i2 > i1:
            pieces.append(("-", before[i1:i2]))
        if j2 > j1:
            pieces.append(("+", after[j1:j2]))
    return pieces


# Machine confidence in words (the workbench's legend lists them): a block or
# a name at or above SURE carries no mark.
SURE = 0.8
DOUBTFUL = 0.5
CONFIDENCE_WORDS = [
    ("unsure", _("unsure"), _("the machine is unsure (confidence 0.5 to 0.8)")),
    ("doubtful", _("doubtful"), _("probably wrong (confidence under 0.5)")),
]


def confidence_word(confidence: float) -> str:
    """"" (sure), "unsure" or "doubtful"."""
    if confidence >= SURE:
        return ""
    return "unsure" if confidence >= DOUBTFUL else "doubtful"


@dataclass
class NameGroup:
    """Every mention of one person or organisation in an article: one row
    (and one checkbox) however often the name occurs."""

    kind: str
    text: str
    titles: list[str]
    mentions: list[Mention]

    @property
    def count(self) -> int:
        return len(self.mentions)

    @property
    def ids(self) -> str:
        return ",".join(str(m.pk) for m in self.mentions)

    @property
    def status(self) -> str:
        statuses = {m.status for m in self.mentions}
        return statuses.pop() if len(statuses) == 1 else "mixed"

    @property
    def confidence(self) -> str:
        return confidence_word(min(m.confidence for m in self.mentions))


def name_groups(mentions: Iterable[Mention]) -> list[NameGroup]:
    """Mentions grouped by the person or organisation they name (or by the
    printed name while unlinked), in order of first occurrence."""
    groups: dict[tuple, NameGroup] = {}
    for mention in mentions:
        key = (
            mention.kind,
            mention.person_id or mention.organisation_id or mention.text,
            mention.person_id is None and mention.organisation_id is None,
        )
        group = groups.setdefault(key, NameGroup(mention.kind, mention.text, [], []))
        group.mentions.append(mention)
        if mention.title and mention.title not in group.titles:
            group.titles.append(mention.title)
    return list(groups.values())


@dataclass
class Workbench:
    """What the page workbench shows, fetched in a fixed number of queries."""

    page: Page
    articles: list[Article]  # each with .block_list in reading order
    unassigned: list[TextBlock]  # blocks of no article, in source order
    changes: list[PageChange]  # newest first, with .diffs for corrections
    corrections: dict[int, dict[str, int]]
    undo_next: int | None = None  # the change `u` undoes
    redo_next: int | None = None  # the undo `U` takes back


def _steps(changes: list[PageChange]) -> tuple[int | None, int | None]:
    """What the undo and redo keys act on: undo takes back the newest change
    still in effect; redo takes back an undo, only while it is the newest
    change (a new change after an undo ends the chance to redo, as in any
    editor)."""
    undo = PageChange.Operation.UNDO
    undo_next = next(
        (
            c.pk
            for c in changes
            if c.operation != undo and not hasattr(c, "undone_by")
        ),
        None,
    )
    newest = changes[0] if changes else None
    redo_next = (
        newest.pk
        if newest is not None
        and newest.operation == undo
        and newest.undo_of.operation != undo
        and not hasattr(newest, "undone_by")
        else None
    )
    return undo_next, redo_next


TIMELINE_LENGTH = 50


def page_workbench(*, page_id: int) -> Workbench:
    """The page, its articles and blocks, and its latest changes."""
    page = Page.objects.select_related("issue__publication", "source").get(pk=page_id)
    articles = list(
        Article.objects.filter(page=page)
        .for_page()
        .prefetch_related(
            # The names the extractor found (#6), for editors to confirm or
            # reject beside the text: one query for the whole page.
            Prefetch(
                "mentions",
                queryset=Mention.objects.order_by("field", "start"),
                to_attr="mention_list",
            )
        )
    )
    blocks = list(page.blocks.order_by("sequence"))
    by_article: dict[int, list[TextBlock]] = {}
    unassigned = []
    for block in blocks:
        if block.article_id is None:
            unassigned.append(block)
        else:
            by_article.setdefault(block.article_id, []).append(block)
    for article in articles:
        article.name_groups = name_groups(article.mention_list)
        article.block_list = sorted(
            by_article.get(article.pk, []),
            key=lambda b: (b.position is None, b.position or 0, b.sequence),
        )
    changes = list(page.changes.for_timeline()[:TIMELINE_LENGTH])
    for change in changes:
        change.diffs = [
            text_diff(row.before["text"], row.after["text"])
            for row in change.text_rows
            if row.before and row.after and "text" in row.before
        ]
    undo_next, redo_next = _steps(changes)
    return Workbench(
        page=page,
        articles=articles,
        unassigned=unassigned,
        changes=changes,
        corrections=correction_counts(article_ids=[a.pk for a in articles]),
        undo_next=undo_next,
        redo_next=redo_next,
    )
