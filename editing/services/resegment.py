"""Re-running the parser over a page without undoing the editors' work."""

from __future__ import annotations

import facsimile
from articles.models import Article, Byline, Page, PageChange, TextBlock
from articles.parsing import BlockKind, PageDraft, parse_page
from articles.replace_plan import draft_fill
from articles.services.cleaning import page_draft_clean
from articles.services.compose import (
    article_body_sync,
    article_from_draft,
    bulk_create_with_pks,
)
from articles.services.ingest import publication_profiles
from editing.services.change import PageEdit, page_change
from editing.services.locking import RESEGMENT_PERMISSION
from people.services import person_resolve_names

Operation = PageChange.Operation


def _type_sizes(geometry):
    return facsimile.type_sizes(geometry) if geometry else None


def page_resegment(*, user, page: Page, expected_version: int) -> PageChange:
    """Re-run the automatic segmentation over the part of the page that no
    editor has touched.

    Articles an editor edited or confirmed keep their rows and blocks exactly
    as they are; the parser's proposal is applied to the rest of the source:
    machine articles and the unassigned blocks are replaced, draft blocks that
    overlap a kept block are dropped, and any source text left uncovered gets an
    "unknown" block, so the blocks still partition the source.
    """
    with page_change(
        user=user,
        page_id=page.pk,
        expected_version=expected_version,
        operation=Operation.RESEGMENT,
        permissions=(RESEGMENT_PERMISSION,),
    ) as change:
        page = change.page
        # The same reading-text cleaning as at ingest.
        draft = page_draft_clean(
            parse_page(
                page.source.text,
                profiles=publication_profiles(),
                source_name=page.source.file_name,
                # As at ingest: a page read from its geometry has type sizes.
                sizes=_type_sizes(page.source.geometry),
            )
        )
        kept_articles = list(page.articles.exclude(status=Article.Status.MACHINE))
        kept = _machine_rows_delete(change, {a.pk for a in kept_articles})
        chosen, gaps = draft_fill(draft, kept)
        new_articles, new_bylines = draft_articles_create(
            page,
            draft,
            chosen,
            first=max([a.sequence for a in kept_articles], default=-1) + 1,
        )
        new_blocks = draft_blocks_create(
            page,
            draft,
            chosen,
            gaps,
            new_articles,
            first=max([b.sequence for b in kept], default=-1) + 1,
        )
        if new_bylines and new_bylines[0].pk is None:
            new_bylines = list(Byline.objects.filter(article__in=new_articles.values()))
        for article in new_articles.values():
            article_body_sync(article=article)
        change.created(*new_articles.values(), *new_bylines, *new_blocks)
        change.summary = (
            f"Re-segmented: kept {len(kept_articles)} edited article(s), "
            f"{len(new_articles)} new machine article(s)"
        )
    return change.result


def _machine_rows_delete(change: PageEdit, kept_ids: set[int]) -> list[TextBlock]:
    """Delete the machine articles, their bylines and every block not in a
    kept article; the kept blocks."""
    page = change.page
    blocks = list(page.blocks.all())
    kept = [b for b in blocks if b.article_id in kept_ids]
    dropped = [b for b in blocks if b.article_id not in kept_ids]
    old_articles = list(page.articles.filter(status=Article.Status.MACHINE))
    old_bylines = list(Byline.objects.filter(article__in=old_articles))
    change.deleted(*dropped, *old_bylines, *old_articles)
    TextBlock.objects.filter(pk__in=[b.pk for b in dropped]).delete()
    Byline.objects.filter(pk__in=[b.pk for b in old_bylines]).delete()
    Article.objects.filter(pk__in=[a.pk for a in old_articles]).delete()
    return kept


def draft_articles_create(page: Page, draft: PageDraft, chosen, *, first: int):
    """The draft's articles that keep a block, saved from sequence `first`
    ({draft number: Article}), and their bylines."""
    new_articles: dict[int, Article] = {}
    people = person_resolve_names(
        names=[c.name for a in draft.articles for c in a.bylines if c.name]
    )
    new_bylines = []
    for number, a in enumerate(draft.articles):
        if not any(i in chosen for i in a.blocks):
            continue
        article = article_from_draft(page=page, sequence=first, draft=a)
        first += 1
        article.full_clean(exclude=["page"], validate_constraints=False)
        article.save()
        new_articles[number] = article
        new_bylines += [
            Byline(
                article=article,
                role=c.role,
                name=c.name or "",
                person=people.get(c.name) if c.name else None,
                position=position,
            )
            for position, c in enumerate(a.bylines)
        ]
    return new_articles, Byline.objects.bulk_create(new_bylines)


def draft_blocks_create(
    page: Page, draft: PageDraft, chosen, gaps, new_articles, *, first: int
) -> list[TextBlock]:
    """Save the chosen draft blocks and an "unknown" block per gap."""
    placement = {
        i: (number, position)
        for number, a in enumerate(draft.articles)
        for position, i in enumerate(a.blocks)
    }
    new_blocks = []
    for i, b in chosen.items():
        number, position = placement.get(i, (b.article, None))
        new_blocks.append(
            TextBlock(
                page=page,
                sequence=0,
                start=b.start,
                end=b.end,
                kind=b.kind,
                machine_text=b.text,
                text=b.text,
                article=new_articles.get(number) if number is not None else None,
                position=position if number in new_articles else None,
                joins_previous=b.joins_previous,
                confidence=b.confidence,
            )
        )
    for s, e in gaps:
        text = " ".join(page.source.text[s:e].split())
        new_blocks.append(
            TextBlock(
                page=page,
                sequence=0,
                start=s,
                end=e,
                kind=BlockKind.UNKNOWN,
                machine_text=text,
                text=text,
                confidence=0.0,
            )
        )
    # New blocks take sequences after the kept ones, in source order; kept
    # rows are not renumbered, so they stay exactly as the editor left them.
    new_blocks.sort(key=lambda b: b.start)
    for offset, block in enumerate(new_blocks):
        block.sequence = first + offset
    return bulk_create_with_pks(TextBlock, new_blocks, page=page)
