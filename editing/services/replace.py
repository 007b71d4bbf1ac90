"""Replacing a page's source without losing the editors' work.

`page_source_replace` is what `ingest --replace` does to a page that already
has a source: the new text is segmented by the parser, and every article an
editor touched or confirmed keeps its row, id, bylines, corrections and
status, its blocks carried onto the new source through the alignment of the
two texts (articles.replace_plan). Machine articles are made again from the
new text. The whole replace is one change in the page's history (who, when,
the old and the new source), undone like any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import (
    Article,
    Byline,
    Page,
    PageChange,
    PageChangeRow,
    PageCredit,
    PageSource,
    TextBlock,
)
from articles.parsing import BlockKind, PageDraft, parse_page
from articles.replace_plan import BlockFate, OldBlock, ReplacePlan, replace_plan
from articles.services.archive import archive_changed
from articles.services.compose import article_body_sync
from articles.services.ingest import (
    IngestOutcome,
    PageIngestResult,
    publication_profiles,
)
from editing.services.change import rows_save
from editing.services.history import Recorder
from editing.services.resegment import draft_articles_create, draft_blocks_create
from people.extraction import ArticleMentions
from people.services import mentions_record, mentions_refresh, person_resolve_names

Operation = PageChange.Operation


@dataclass(frozen=True, slots=True)
class ArticleOutcome:
    """What a replace does to one article of the page."""

    id: int
    title: str
    fate: str  # kept, remapped, conflict, unmappable, remade
    successor: int | None = None  # remade: the new article with its text


@dataclass(slots=True)
class ReplaceReport:
    """What a replace kept, remapped and re-made (for --dry-run and the log)."""

    articles: list[ArticleOutcome] = field(default_factory=list)
    new_articles: int = 0
    change: PageChange | None = None

    def of(self, fate: str) -> list[ArticleOutcome]:
        return [a for a in self.articles if a.fate == fate]

    @property
    def lost(self) -> list[ArticleOutcome]:
        """Edited articles not kept: none, by construction (the report says so)."""
        return []


def page_ingest_replace(*, new_source: PageSource, **kwargs) -> PageIngestResult:
    """What page_ingest does with a new source row for a page it has (the old
    row stays): page_source_replace, as an ingest result."""
    report = page_source_replace(new_source=new_source, **kwargs)
    archive_changed()
    return PageIngestResult(
        IngestOutcome.REPLACED, kwargs["page"], kwargs["draft"], report
    )


def kept_article_ids(page: Page) -> set[int]:
    """Articles an editor touched or confirmed: not machine-made any more, or
    holding a block an editor corrected or retyped."""
    touched = (
        TextBlock.objects.filter(page=page, article__isnull=False)
        .filter(models.Q(origin="editor") | ~models.Q(text=models.F("machine_text")))
        .values_list("article_id", flat=True)
    )
    return set(
        page.articles.exclude(status=Article.Status.MACHINE).values_list(
            "pk", flat=True
        )
    ) | set(touched)


def _clean(span: str, file_name: str) -> str:
    """The machine text of a span of the new source, as the parser reads it
    (its pieces joined as a merge joins blocks)."""
    draft = parse_page(span, profiles=publication_profiles(), source_name=file_name)
    text, previous = "", None
    for block in draft.blocks:
        if not block.text:
            continue
        latin = text[-1:].isascii() and text[-1:].isalnum()
        if previous == BlockKind.DATELINE or (
            latin and block.text[0].isascii() and block.text[0].isalnum()
        ):
            text += " "
        text += block.text
        previous = block.kind
    return text or " ".join(span.split())


def page_source_replace(
    *,
    page: Page,
    user,
    draft: PageDraft,
    new_source: PageSource,
    warnings: Sequence[str],
    edition: str,
    mentions: Sequence[ArticleMentions] | None = None,
) -> ReplaceReport:
    """Put `new_source` under `page`, keeping the editors' work (see module).

    `page` must be locked by the caller (page_ingest does), inside its
    transaction. Returns what was kept, remapped and re-made, with the change.
    """
    old_source = page.source
    blocks = list(page.blocks.all())
    articles = {a.pk: a for a in page.articles.all()}
    kept_articles, kept_blocks = _kept(page, blocks)
    dropped_articles = [a for pk, a in articles.items() if pk not in kept_articles]
    plan = replace_plan(
        old_source=old_source.text,
        draft=draft,
        old_blocks=[
            OldBlock(b.pk, b.start, b.end, b.machine_text, b.text, b.article_id)
            for b in blocks
        ],
        kept_blocks=kept_blocks,
        dropped_articles={a.pk for a in dropped_articles},
        clean=lambda span: _clean(span, new_source.file_name),
    )
    recorder = Recorder()
    recorder.track(page)
    page.source = new_source
    page.edition = edition
    page.warnings = [*warnings, *_plan_warnings(plan, articles)]
    page.save(update_fields=["source", "edition", "warnings"])
    _old_rows_delete(
        recorder,
        page,
        [b for b in blocks if b.pk not in kept_blocks],
        dropped_articles,
    )
    kept = _kept_blocks_move(recorder, plan, {b.pk: b for b in blocks})
    # Made as re-segmentation makes them, after the kept rows.
    new_articles, bylines = draft_articles_create(
        page,
        draft,
        plan.chosen,
        first=max((a.sequence for a in articles.values()), default=-1) + 1,
    )
    new_blocks = draft_blocks_create(
        page,
        draft,
        plan.chosen,
        plan.gaps,
        new_articles,
        first=max((b.sequence for b in blocks), default=-1) + 1,
    )
    _regions_locate(new_source, [*kept, *new_blocks])
    recorder.created(
        *new_articles.values(), *bylines, *new_blocks, *_credits_create(page, draft)
    )
    _texts_followed(recorder, plan, articles, new_articles, page.issue.date, mentions)
    report = _report(plan, articles, kept_articles, new_articles)
    report.change = recorder.save(
        page=page,
        user=user,
        operation=Operation.REPLACE,
        summary=_(
            "Replaced the source {old} with {new}: kept {kept} edited article(s), "
            "{remade} machine article(s) made again"
        ).format(
            old=old_source.file_name,
            new=new_source.file_name,
            kept=len(kept_articles),
            remade=len(new_articles),
        ),
    )
    return report


def _kept(page: Page, blocks: list[TextBlock]) -> tuple[set[int], set[int]]:
    """(ids of the articles, ids of the blocks) the replace keeps."""
    kept_articles = kept_article_ids(page)
    # Blocks out of any article an editor put there (moved out, retyped) are
    # editorial work too; being renumbered by a split elsewhere is not.
    touched = {
        pk
        for pk, after in PageChangeRow.objects.filter(
            change__page=page, model=PageChangeRow.Model.TEXT_BLOCK
        ).values_list("object_id", "after")
        if not after or not set(after) <= {"sequence", "position"}
    }
    kept_blocks = {
        b.pk
        for b in blocks
        if b.article_id in kept_articles
        or (b.article_id is None and (b.origin == "editor" or b.pk in touched))
    }
    return kept_articles, kept_blocks


def _old_rows_delete(
    recorder: Recorder,
    page: Page,
    blocks: list[TextBlock],
    articles: list[Article],
) -> None:
    """Delete (recorded) the blocks not kept, the machine articles with their
    bylines, and the page's credits: the new source brings its own."""
    bylines = list(Byline.objects.filter(article__in=articles))
    credits = list(page.credits.all())
    recorder.deleted(*blocks, *bylines, *articles, *credits)
    TextBlock.objects.filter(pk__in=[b.pk for b in blocks]).delete()
    Byline.objects.filter(pk__in=[b.pk for b in bylines]).delete()
    Article.objects.filter(pk__in=[a.pk for a in articles]).delete()
    PageCredit.objects.filter(pk__in=[c.pk for c in credits]).delete()


def _texts_followed(
    recorder: Recorder,
    plan: ReplacePlan,
    articles: dict[int, Article],
    new_articles: dict[int, Article],
    date,
    mentions: Sequence[ArticleMentions] | None,
) -> None:
    """Bodies of the kept articles whose text moved and of the new ones, and
    the names found in every article whose text is new."""
    changed = [
        articles[pk]
        for pk, fates in plan.article_fates.items()
        if any(f != BlockFate.UNCHANGED for f in fates)
    ]
    for article in changed:
        recorder.track(article)
        article_body_sync(article=article)
    for article in new_articles.values():
        article_body_sync(article=article)
    if new_articles:
        extracted = (
            [mentions[n] for n in plan.new_articles] if mentions is not None else None
        )
        mentions_record(
            articles=list(new_articles.values()), date=date, extracted=extracted
        )
    if changed:
        mentions_refresh(articles=changed, date=date)


def _kept_blocks_move(
    recorder: Recorder, plan: ReplacePlan, blocks: dict[int, TextBlock]
) -> list[TextBlock]:
    """Put the kept blocks on their new spans, with their new texts."""
    kept = []
    for planned in plan.kept:
        block = blocks[planned.id]
        recorder.track(block)
        block.start, block.end = planned.start, planned.end
        block.machine_text, block.text = planned.machine_text, planned.text
        kept.append(block)
    # Their sequences stay: the new blocks are numbered after them.
    rows_save(TextBlock, kept, ["start", "end", "machine_text", "text"])
    return kept


def _regions_locate(source: PageSource, blocks: list[TextBlock]) -> None:
    """Each block's region on the new source's page image, as ingest gives
    them (None when the new source has no geometry)."""
    from articles.services.ingest import _region
    from facsimile import SourceText

    located = (
        SourceText.from_dict(source.text, source.geometry) if source.geometry else None
    )
    for block in blocks:
        block.region = _region(located, block.start, block.end) if located else None
    rows_save(TextBlock, blocks, ["region"])


def _credits_create(page: Page, draft: PageDraft) -> list[PageCredit]:
    """The page's credits as the new source prints them."""
    people = person_resolve_names(names=[c.name for c in draft.credits if c.name])
    credits = [
        PageCredit(
            page=page,
            role=c.role,
            name=c.name or "",
            person=people.get(c.name) if c.name else None,
            position=position,
        )
        for position, c in enumerate(draft.credits)
    ]
    for credit in credits:
        credit.save()  # a handful: their ids are recorded for the undo
    return credits


def _plan_warnings(plan: ReplacePlan, articles: dict[int, Article]) -> list[str]:
    warnings = []
    for pk, fates in plan.article_fates.items():
        title = str(articles[pk])
        gone = fates.count(BlockFate.UNMAPPABLE)
        clash = fates.count(BlockFate.CONFLICT)
        if gone:
            warnings.append(
                ngettext(
                    "article {id} ({title}): {n} block is not in the new source; "
                    "kept as it was",
                    "article {id} ({title}): {n} blocks are not in the new source; "
                    "kept as they were",
                    gone,
                ).format(id=pk, title=title, n=gone)
            )
        if clash:
            warnings.append(
                ngettext(
                    "article {id} ({title}): the new source changed {n} corrected "
                    "block too; the correction is kept, check it",
                    "article {id} ({title}): the new source changed {n} corrected "
                    "blocks too; the corrections are kept, check them",
                    clash,
                ).format(id=pk, title=title, n=clash)
            )
    return warnings


def _report(
    plan: ReplacePlan,
    articles: dict[int, Article],
    kept: set[int],
    new_articles: dict[int, Article],
) -> ReplaceReport:
    report = ReplaceReport(new_articles=len(new_articles))
    for pk, article in sorted(articles.items()):
        if pk in kept:
            fate = plan.article_fate(pk)
            name = "kept" if fate == BlockFate.UNCHANGED else str(fate)
            report.articles.append(ArticleOutcome(pk, str(article), name))
        else:
            number = plan.successors.get(pk)
            successor = new_articles.get(number) if number is not None else None
            report.articles.append(
                ArticleOutcome(
                    pk, str(article), "remade", successor.pk if successor else None
                )
            )
    return report
