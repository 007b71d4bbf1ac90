"""Reads of the workbench: a page with its articles, blocks and latest
changes in a fixed number of queries, and the blocks an editor picked."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.models import Article, Origin, Page, PageChange, TextBlock
from articles.selectors import correction_counts
from articles.undo_stack import HistoryState, Step, history_replay
from people.models import Mention, MentionStatus


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
# a name at or above SURE carries no mark; below it, a decision is shown to
# editors first (DOUBT_THRESHOLD).
SURE = DOUBT_THRESHOLD = 0.8
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
    def status_label(self) -> str:
        if self.status == "mixed":
            return pgettext_lazy("mention status", "partly confirmed or rejected")
        return MentionStatus(self.status).label

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


@dataclass(frozen=True, slots=True)
class Doubt:
    """A machine decision an editor should look at: an article or a block."""

    anchor: str  # the element's id on the workbench
    label: str
    confidence: float


@dataclass
class Workbench:
    """What the page workbench shows, fetched in a fixed number of queries."""

    page: Page
    articles: list[Article]  # each with .block_list in reading order
    unassigned: list[TextBlock]  # blocks of no article, in source order
    changes: list[PageChange]  # newest first, with .diffs for corrections
    corrections: dict[int, dict[str, int]]
    doubts: list[Doubt] = field(default_factory=list)  # least sure first
    history: HistoryState | None = None  # what undo and redo do next

    # Every article of the page as (id, sequence, headline), for the "move
    # to" list; `articles` is one window (`part`) of them.
    targets: list[tuple[int, int, str | None]] = field(default_factory=list)
    part: int = 1
    parts: int = 1


def page_doubts(articles: list[Article], blocks: list[TextBlock]) -> list[Doubt]:
    """The machine's decisions on the page below DOUBT_THRESHOLD that no
    editor has confirmed or corrected, least sure first."""
    doubts = [
        Doubt(
            f"article-{a.pk}",
            _("Article %(number)s %(headline)s")
            % {"number": a.pk, "headline": a.headline or "—"},
            a.confidence,
        )
        for a in articles
        if a.status == Article.Status.MACHINE and a.confidence < DOUBT_THRESHOLD
    ] + [
        Doubt(
            f"block-{b.pk}",
            _("Block %(number)s %(text)s") % {"number": b.pk, "text": b.text[:16]},
            b.confidence,
        )
        for b in blocks
        if b.origin == Origin.MACHINE and b.confidence < DOUBT_THRESHOLD
    ]
    return sorted(doubts, key=lambda d: d.confidence)


TIMELINE_LENGTH = 50


def page_workbench(*, page_id: int, part: int = 1) -> Workbench:
    """The page, one window of its articles (NEWSROOM_RENDER_ARTICLES, the
    `part`-th) with their blocks, the blocks of no article, and its latest
    changes: a page of any size renders in bounded time."""
    page = Page.objects.select_related("issue__publication", "source").get(pk=page_id)
    targets = list(
        Article.objects.filter(page=page)
        .order_by("sequence")
        .values_list("pk", "sequence", "headline")
    )
    size = settings.NEWSROOM_RENDER_ARTICLES
    parts = max(1, -(-len(targets) // size))
    part = min(max(1, part), parts)
    window = [pk for pk, _, _ in targets[(part - 1) * size : part * size]]
    articles = list(
        Article.objects.filter(pk__in=window)
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
    blocks = list(
        page.blocks.filter(Q(article_id__in=window) | Q(article__isnull=True)).order_by(
            "sequence"
        )
    )
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
    history = history_replay(
        PageChange.objects.filter(page=page)
        .order_by("id")
        .values_list("id", "undo_of_id")
    )
    for change in changes:
        # What each entry did and whether it is in effect now (an undone
        # change redone is in effect again).
        change.step = history.step.get(change.pk, Step.ORIGINAL)
        change.in_effect = history.in_effect.get(change.pk, True)
        change.diffs = [
            text_diff(row.before["text"], row.after["text"])
            for row in change.text_rows
            if row.before and row.after and "text" in row.before
        ]
    return Workbench(
        page=page,
        articles=articles,
        unassigned=unassigned,
        changes=changes,
        corrections=correction_counts(
            article_ids=[a.pk for a in articles],
            undone=[pk for pk, now in history.in_effect.items() if not now],
        ),
        doubts=page_doubts(articles, blocks),
        history=history,
        targets=targets,
        part=part,
        parts=parts,
    )
