"""Segment a page's OCR text into blocks and articles.

The passes over the page's lines:

1. *Lines* (lines.py): hard wraps rejoined, vertical titles merged; a page in
   traditional characters is folded for the rules (its text is kept).
2. *Pieces*: every line becomes a piece with a first guess of its kind
   (masthead, running head and date line, furniture, byline, dateline,
   title-like, body); a line opening with a dateline (`本报讯`) is cut in two.
3. *Roles* (pagemodel.py): the content pieces' roles (title, subhead, byline,
   body, author line) are decoded jointly over a small grammar of an article,
   each with a confidence.
4. *Articles*: a run of titles (and the bylines under it) opens an article;
   body pieces join the article open at that point, and furniture stays on
   the page whatever article it interrupts; the heading deck is split into
   rubric, kicker, headline and subtitle (headings.py).
5. *Reading order* (reading.py): within each article a detached opening is
   moved to the front, cut paragraphs are joined, bylines printed in the text
   are read, and the reading body is composed.

Pieces never overlap and cover every non-whitespace character of the source,
so the blocks partition the page (tests/articles/test_partition.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import classify as cl
from . import headings
from . import pagemodel as pm
from .authors import closing_credit
from .dates import DateLine, is_date_line, read_header
from .draft import (
    Block,
    BlockKind,
    Credit,
    IssueMeta,
    PageDraft,
)
from .header import (
    HEADER_SCAN_LINES,
    header_length,
    is_running_furniture,
    masthead_text,
    page_head,
)
from .lines import Line, split_lines
from .normalise import (
    CJK_RE,
    clean_heading,
    ends_sentence,
    script_folder,
    undouble_shadow,
)
from .pieces import PAGE_LEVEL, ArticleParts, Piece, split_dateline
from .profile import PublicationProfile, detect_profile
from .reading import finish
from .roles import decide_roles, is_subhead


def parse_page(
    text: str,
    *,
    profiles: tuple[PublicationProfile, ...] = (),
    source_name: str = "",
    sizes: Sequence[tuple[int, int, float]] | None = None,
) -> PageDraft:
    """Parse one page of OCR text (already decoded) into a PageDraft.

    No publication profile is needed: a known masthead adds the paper's
    name and standing rubrics; without one the page is parsed all the same.
    `sizes`: the type size of the text's lines when the page's geometry is
    known (`facsimile.type_sizes`): display type is a title's.
    """
    fold = script_folder(text)
    lines = split_lines(text, sizes)
    rules = [undouble_shadow(fold(line.content)) for line in lines]
    header_text = "\n".join(rules[:HEADER_SCAN_LINES])
    profile = detect_profile(header_text, profiles)
    header_count = header_length(rules, profile)
    header, warnings = read_header(rules[:header_count])
    if header.date is None:
        # Some sources carry the date outside the masthead (a running head),
        # or the extraction put the date line anywhere on the page.
        header, warnings = read_header(rules[:HEADER_SCAN_LINES])
    if header.date is None:
        header, warnings = read_header([r for r in rules if is_date_line(r)][:3])

    markdown = sum(1 for line in lines if line.level) >= 3
    pieces = _pieces(text, lines, rules, header_count, markdown=markdown)
    decide_roles(pieces)
    articles = _assemble(pieces, markdown=markdown, profile=profile)
    drafts = [finish(article, pieces) for article in articles]
    for number, draft in enumerate(drafts):
        for j in draft.blocks:
            pieces[j].article = number
    for piece in pieces:
        if not piece.text:
            piece.text = _page_level_text(piece)

    credits: list[Credit] = []
    for piece in pieces:
        if piece.kind is BlockKind.CREDIT:
            credits.extend(cl.parse_credits(piece.rule))
    blocks = tuple(
        Block(
            start=p.start,
            end=p.end,
            kind=p.kind,
            text=p.text,
            article=p.article,
            joins_previous=p.joins_previous,
            confidence=p.confidence,
        )
        for p in pieces
    )
    if header.date is None:
        warnings.append("no date found in the page header")
    if profile is None:
        warnings.append("publication not identified from the masthead")
    if not drafts:
        warnings.append("no articles found")
    masthead = masthead_text([line.content for line in lines[:header_count]])
    meta = _issue_meta(header, profile, rules, masthead, header_count=header_count)
    return PageDraft(
        source=text,
        meta=meta,
        blocks=blocks,
        articles=tuple(drafts),
        credits=tuple(credits),
        warnings=tuple(warnings),
    )


def _issue_meta(
    header: DateLine,
    profile: PublicationProfile | None,
    rules: list[str],
    masthead: str | None,
    *,
    header_count: int,
) -> IssueMeta:
    head = page_head(rules)
    page_number = header.page or (head[0] if head else None)
    if page_number is None and profile and header_count:
        page_number = 1
    return IssueMeta(
        publication=profile.slug if profile else None,
        publication_name=profile.name if profile else None,
        edition=profile.edition if profile else None,
        date=header.date,
        weekday=header.weekday,
        lunar_date=header.lunar_date,
        number=header.number,
        page=page_number,
        masthead=masthead,
        section=head[1] if head else None,
    )


# --- pass 1: pieces ----------------------------------------------------------


def _pieces(
    source: str,
    lines: list[Line],
    rules: list[str],
    header_count: int,
    *,
    markdown: bool,
) -> list[Piece]:
    pieces: list[Piece] = []
    names = {" ".join(r.split()) for r in rules[:header_count]}
    for index, (line, rule) in enumerate(zip(lines, rules, strict=True)):
        if (
            index < header_count
            or is_running_furniture(rule)
            or " ".join(rule.split()) in names
        ):
            pieces.append(_piece(line, rule, BlockKind.MASTHEAD))
            continue
        kind = cl.furniture_kind(rule)
        if kind:
            pieces.append(_piece(line, rule, kind))
        elif cl.is_byline(rule):
            pieces.append(_piece(line, rule, BlockKind.BYLINE))
        elif cut := cl.dateline_length(rule):
            pieces.extend(split_dateline(source, line, rule, cut))
        else:
            title_like = (line.level > 0 or not markdown) and cl.is_title_like(rule)
            piece = _piece(line, rule, BlockKind.BODY)
            piece.title_like = title_like
            # In marked-up text an unmarked short line right under a heading
            # (a subtitle) is also a title.
            if markdown and not line.level and pieces and pieces[-1].title_like:
                piece.title_like = cl.is_title_like(rule)
            pieces.append(piece)
    return pieces


def _piece(line: Line, rule: str, kind: BlockKind) -> Piece:
    return Piece(
        start=line.start,
        end=line.end,
        content=line.content,
        rule=rule,
        level=line.level,
        kind=kind,
        wrapped=line.wrapped,
        vertical=line.vertical,
        size=line.size,
        box=line.box,
    )


# --- pass 2: articles --------------------------------------------------------


def _assemble(
    pieces: list[Piece], *, markdown: bool, profile: PublicationProfile | None
) -> list[ArticleParts]:
    articles: list[ArticleParts] = []
    current: ArticleParts | None = None
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece.kind in PAGE_LEVEL:
            i += 1
            continue
        if (
            not piece.title_like
            and piece.kind is BlockKind.BODY
            and _next_content(pieces, i + 1) is None
            and cl.is_title_like(piece.content)
            and (current is None or _ends_with_sentence(current, pieces))
        ):
            piece.kind = BlockKind.SLOGAN  # a slogan under the last article
            i += 1
            continue
        if piece.role is pm.Role.SUBHEAD and current is not None:
            piece.kind = BlockKind.SUBHEAD
            current.body.append(i)
            i += 1
            continue
        if piece.title_like:
            group_end = _group_end(pieces, i, markdown=markdown)
            heading = [
                j for j in range(i, group_end) if pieces[j].kind is BlockKind.BODY
            ]
            follower = _next_content(pieces, group_end)
            if (
                len(heading) == 1
                and current is not None
                and current.body
                and is_subhead(piece.content)
                and follower is not None
                and pieces[follower].kind is BlockKind.BODY
            ):
                piece.kind = BlockKind.SUBHEAD
                current.body.append(i)
                i += 1
                continue
            if follower is None:
                # Title-like lines with nothing after them: a slogan at the foot.
                for j in heading:
                    pieces[j].kind = BlockKind.SLOGAN
                i = group_end
                continue
            current = _open_article(
                pieces, i, group_end, current, markdown=markdown, profile=profile
            )
            articles.append(current)
            i = group_end
            continue
        if current is None or (
            piece.kind is BlockKind.DATELINE and _has_dateline(current, pieces)
        ):
            # Text with no title of its own (a continuation from another page,
            # or an item whose title was lost).
            current = ArticleParts(confidence=0.5)
            articles.append(current)
        if piece.kind is BlockKind.BYLINE:
            current.bylines.append(i)
        else:
            current.body.append(i)
        i += 1
    return _settle(articles, pieces)


def _open_article(
    pieces: list[Piece],
    i: int,
    group_end: int,
    current: ArticleParts | None,
    *,
    markdown: bool,
    profile: PublicationProfile | None,
) -> ArticleParts:
    """A new article headed by the title run pieces[i:group_end]."""
    article = ArticleParts(bylines=_lead_byline(pieces, i, current))
    for j in range(i, group_end):
        if pieces[j].kind is BlockKind.BYLINE:
            article.bylines.append(j)
        else:
            article.heading.append(j)
    _assign_heading(article, pieces, markdown=markdown, profile=profile)
    return article


def _settle(articles: list[ArticleParts], pieces: list[Piece]) -> list[ArticleParts]:
    """Page-level corrections once every article is open; drop non-articles."""
    articles = _attach_leading_text(articles, pieces)
    _spread_briefs_rubric(articles)
    kept = []
    for article in articles:
        if not (article.body or article.headline):
            continue
        if _has_substance(article, pieces):
            kept.append(article)
        else:
            for j in article.heading + article.bylines + article.body:
                pieces[j].kind = BlockKind.UNKNOWN
    return kept


_BRIEFS = re.compile(r"简讯|快讯|简报|短讯|速览|速递|一句话新闻|动态|资讯")


def _spread_briefs_rubric(articles: list[ArticleParts]) -> None:
    """The untitled items under a briefs column's label (简讯) share it."""
    label = None
    for article in articles:
        if article.headline is not None:
            label = (
                article.rubric
                if article.rubric and _BRIEFS.search(article.rubric)
                else None
            )
        elif label and article.rubric is None:
            article.rubric = label


def _lead_byline(
    pieces: list[Piece], i: int, current: ArticleParts | None
) -> list[int]:
    """An author's name read just before a title is the title's: set beside a
    vertical title, or above a headline once the article before is closed
    by its author line (`（作者为…）`)."""
    if not (current and current.bylines):
        return []
    j = current.bylines[-1]
    if not (pieces[j].names and _next_content(pieces, j + 1) == i):
        return []
    closed = len(current.bylines) >= 2 and pieces[current.bylines[-2]].affiliation
    if pieces[i].vertical or closed:
        current.bylines.pop()
        return [j]
    return []


_CONTINUED = re.compile(r"^[(（]?(?:上接|接上|转自|续)")


def _attach_leading_text(
    articles: list[ArticleParts], pieces: list[Piece]
) -> list[ArticleParts]:
    """Untitled text opening the page belongs to the first titled article.

    A PDF extractor reads the first column of a lead article printed beside
    (not under) its headline before the headline.
    """
    if len(articles) < 2 or articles[0].headline or articles[1].headline is None:
        return articles
    lead, first = articles[0], articles[1]
    opening = [
        j for j in lead.body if pieces[j].kind in (BlockKind.BODY, BlockKind.SUBHEAD)
    ]
    if (
        lead.bylines
        or len(opening) != len(lead.body)
        or _CONTINUED.match(pieces[lead.body[0]].rule)
        or any(pieces[j].kind is BlockKind.DATELINE for j in first.body)
    ):
        return articles
    for j in opening:
        pieces[j].confidence = min(pieces[j].confidence, 0.5)
    first.body = opening + first.body
    first.confidence = min(first.confidence, 0.6)
    return articles[1:]


_MIN_BODY_CJK = 20


def _has_substance(article: ArticleParts, pieces: list[Piece]) -> bool:
    """An article has a body of some length, or a byline or dateline.

    Short title-like lines with a few words under them (a menu of a house
    ad, the labels of an infographic) are not an article.
    """
    if article.bylines or any(
        pieces[j].kind is BlockKind.DATELINE or closing_credit(pieces[j].content)
        for j in article.body
    ):
        return True
    body = "".join(pieces[j].rule for j in article.body)
    # Running text has clauses: labels and figures (an infographic, an
    # advertisement's lines) have no sentence punctuation at all.
    return len(CJK_RE.findall(body)) >= _MIN_BODY_CJK and bool(_CLAUSE.search(body))


_CLAUSE = re.compile(r"[，。；！？,;!?]")


def _group_end(pieces: list[Piece], i: int, *, markdown: bool) -> int:
    """End of the run of title-like lines (and bylines under them) starting at i."""
    j = i
    while j < len(pieces) and pieces[j].title_like:
        j += 1
    if markdown:
        # An unmarked line under a marked heading is a subtitle only when a
        # byline or another heading follows it; otherwise it opens the body.
        while (
            j - 1 > i
            and not pieces[j - 1].level
            and not cl.starts_with_dash(pieces[j - 1].content)
            and not (j < len(pieces) and pieces[j].kind is BlockKind.BYLINE)
        ):
            pieces[j - 1].title_like = False
            j -= 1
    while j < len(pieces) and pieces[j].kind is BlockKind.BYLINE:
        j += 1
    return j


def _next_content(pieces: list[Piece], j: int) -> int | None:
    while j < len(pieces) and pieces[j].kind in PAGE_LEVEL:
        j += 1
    return j if j < len(pieces) else None


def _ends_with_sentence(article: ArticleParts, pieces: list[Piece]) -> bool:
    return not article.body or ends_sentence(pieces[article.body[-1]].content)


def _has_dateline(article: ArticleParts, pieces: list[Piece]) -> bool:
    return any(pieces[j].kind is BlockKind.DATELINE for j in article.body)


def _assign_heading(
    article: ArticleParts,
    pieces: list[Piece],
    *,
    markdown: bool,
    profile: PublicationProfile | None,
) -> None:
    """Decide which title lines are rubric, kicker, headline and subtitle."""
    texts = [
        clean_heading(cl.fix_letter_errors(pieces[j].content)) for j in article.heading
    ]
    heading = headings.assign(
        [
            headings.HeadingLine(text=t, level=pieces[j].level)
            for j, t in zip(article.heading, texts, strict=True)
        ],
        markdown=markdown,
        rubrics=frozenset(profile.rubrics) if profile else frozenset(),
    )
    for j, kind, text in zip(
        article.heading, heading.kinds, heading.texts, strict=True
    ):
        pieces[j].kind = kind
        pieces[j].text = text
    article.rubric = heading.rubric
    article.kicker = heading.kicker
    article.headline = heading.headline
    article.subtitle = heading.subtitle
    article.confidence = min(article.confidence, heading.confidence)


def _page_level_text(piece: Piece) -> str:
    # Furniture keeps its spacing: it separates the fields of a credit line
    # (`编辑/何 苗 电话/…`) and the phrases of a slogan.
    return clean_heading(piece.content)
