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
    """ "" (sure), "unsure" or "doubtful"."""
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
    """The changes the undo and redo keys take back (each an undo of it).

    Here an undo is a change and undoing an undo redoes, so each original
    change heads a chain (change, its undo, the undo of that...): it is in
    effect when the chain has an even number of undos, and acting on it means
    undoing the chain's last link. Undo acts on the newest original in
    effect; redo on the original most recently undone, while nothing but
    undos and redos happened since (new work ends the chance to redo).
    """
    undo = PageChange.Operation.UNDO
    by_pk = {c.pk: c for c in changes}
    undone_by = {c.undo_of_id: c for c in changes if c.operation == undo}

    def tip(change):  # (last link, number of undos)
        count = 0
        while change.pk in undone_by:
            change, count = undone_by[change.pk], count + 1
        return change, count

    def root(change):
        while change.operation == undo and change.undo_of_id in by_pk:
            change = by_pk[change.undo_of_id]
        return change

    undo_next = next(
        (tip(c)[0].pk for c in changes if c.operation != undo and tip(c)[1] % 2 == 0),
        None,
    )
    redo_next = None
    for change in changes:  # newest first, the trailing undos and redos
        if change.operation != undo:
            break
        last, count = tip(root(change))
        if count % 2:
            redo_next = last.pk
            break
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
