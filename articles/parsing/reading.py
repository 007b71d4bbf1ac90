"""Pass 3 of the segmenter: each article's reading order, bylines and kind.

Within each article a detached opening is moved to the front, paragraphs cut
by a column break are joined (with a confidence), bylines printed in the text
are read, and the reading body is composed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import classify as cl
from .authors import closing_credit, opening_credit
from .continuation import boundary_forms_word, starts_mid_word
from .draft import BODY_KINDS, ArticleDraft, ArticleKind, BlockKind, Credit, Role
from .normalise import (
    QuoteState,
    clean_body,
    clean_heading,
    ends_sentence,
    visible_length,
)
from .pieces import ArticleParts, Piece

_COMMENTARY = re.compile(r"评论员|短评|时评|社论|评论|论坛|观察|随笔")
_NOTICE_TITLE = re.compile(r"公告|通告|启事|声明|通知$|公示")


def compose_body(items: Iterable[tuple[str, str, bool]]) -> str:
    """The reading body from an article's (kind, text, joins_previous) in order.

    Paragraphs are separated by a blank line; a block that continues the one
    before it (a paragraph cut by a column break) is joined to it, after a space
    when it follows a dateline (`本报讯 昨天上午…`).
    """
    # Each paragraph as a list of its parts, joined once (appending to a
    # growing string would be quadratic in a long paragraph).
    paragraphs: list[list[str]] = []
    previous_kind = None
    for kind, text, joins_previous in items:
        if kind not in BODY_KINDS or not text:
            continue
        if (
            paragraphs
            and joins_previous
            and kind != BlockKind.SUBHEAD
            and previous_kind != BlockKind.SUBHEAD
        ):
            if previous_kind == BlockKind.DATELINE:
                paragraphs[-1].append(" ")
            paragraphs[-1].append(text)
        else:
            paragraphs.append([text])
        previous_kind = kind
    return "\n\n".join("".join(parts) for parts in paragraphs)


def finish(article: ArticleParts, pieces: list[Piece]) -> ArticleDraft:
    body = _move_detached_opening(article.body, pieces)
    body = _reunite_cut_paragraphs(body, pieces)
    bylines: list[Credit] = []
    for j in article.bylines:
        bylines.extend(_credits_of(pieces[j]))
    for credit in _inline_credits(body, pieces):
        if credit not in bylines:
            bylines.append(credit)
    for j in body:
        if pieces[j].kind is BlockKind.BODY and cl.is_caption(pieces[j].rule):
            pieces[j].kind = BlockKind.CAPTION
    kind = _article_kind(article, body, bylines, pieces)
    _mark_joins(body, pieces)
    quotes = QuoteState()
    for j in body:
        piece = pieces[j]
        if piece.kind is BlockKind.BODY and kind is ArticleKind.PHOTO:
            piece.kind = BlockKind.CAPTION
        if not piece.joins_previous:
            quotes = QuoteState()  # each paragraph opens its own quotations
        if piece.kind is BlockKind.SUBHEAD:
            piece.text = clean_heading(piece.content)
        else:
            piece.text = cl.fix_letter_errors(clean_body(piece.content, quotes=quotes))
    for j in article.bylines:
        pieces[j].text = clean_heading(pieces[j].content)
    order = tuple(article.heading + article.bylines + body)
    body_text = compose_body(
        (pieces[j].kind, pieces[j].text, pieces[j].joins_previous) for j in body
    )
    return ArticleDraft(
        kind=kind,
        blocks=order,
        rubric=article.rubric,
        kicker=article.kicker,
        headline=article.headline,
        subtitle=article.subtitle,
        bylines=tuple(bylines),
        body=body_text,
        # The article is as sure as its least sure heading or byline decision.
        confidence=min(
            [article.confidence]
            + [pieces[j].confidence for j in article.heading + article.bylines]
        ),
    )


def _inline_credits(body: list[int], pieces: list[Piece]) -> list[Credit]:
    """Bylines printed in the text: `本报讯（记者 某某）…`, `…。（通讯员 某某）`,
    a caption's `（某某 摄）`."""
    credits: list[Credit] = []
    for k, j in enumerate(body):
        piece = pieces[j]
        if piece.kind is BlockKind.DATELINE and k + 1 < len(body):
            if opening := opening_credit(pieces[body[k + 1]].content):
                credits.extend(cl.parse_byline(opening))
        elif piece.kind is BlockKind.BODY and (
            closing := closing_credit(piece.content)
        ):
            credits.extend(cl.parse_byline(closing))
    return [c for c in credits if c.name]


def _credits_of(piece: Piece) -> list[Credit]:
    if piece.affiliation:
        return []
    if piece.names:
        return [Credit(role=Role.AUTHOR, name=name) for name in piece.names]
    return cl.parse_byline(piece.content)


def _move_detached_opening(body: list[int], pieces: list[Piece]) -> list[int]:
    """Put a dateline found inside the body (and the text it opens) first.

    `本报讯` always opens a news item; column interleaving can surface it after
    the text it opens (even marked up as a heading).
    """
    datelines = [k for k, j in enumerate(body) if pieces[j].kind is BlockKind.DATELINE]
    if not datelines or datelines[0] == 0:
        return body
    k = datelines[0]
    opening = [body[k]]
    if k + 1 < len(body) and pieces[body[k + 1]].kind is BlockKind.BODY:
        opening.append(body[k + 1])
    for j in opening:
        pieces[j].confidence = 0.7
    return opening + [j for j in body if j not in opening]


# A paragraph cut at a column's foot goes on a few blocks later (after the
# other columns' pieces read across it): only so far is a continuation
# looked for, which keeps an article of any length linear.
_CONTINUATION_WINDOW = 16


def _reunite_cut_paragraphs(body: list[int], pieces: list[Piece]) -> list[int]:
    """Move a paragraph's continuation up to the block it was cut from.

    A block ending mid-sentence whose next block opens with a free-standing
    word (so need not continue it) takes a later block that starts mid-word,
    when the cut falls inside a word (`…第五次常` + `务会议。` forms 常务).
    """
    order = list(body)
    ends = {j: ends_sentence(pieces[j].content) for j in order}
    for k in range(len(order) - 1):
        cut = pieces[order[k]]
        if cut.kind is not BlockKind.BODY or ends[order[k]]:
            continue
        following = pieces[order[k + 1]].plain
        if pieces[order[k + 1]].kind is BlockKind.BODY and (
            starts_mid_word(following) or boundary_forms_word(cut.plain, following)
        ):
            continue
        last = min(len(order), k + 2 + _CONTINUATION_WINDOW)
        for m in range(k + 2, last):
            if _continues_cut(cut, pieces[order[m]], pieces[order[m - 1]]):
                moved = order[m]
                order[k + 2 : m + 1] = order[k + 1 : m]
                order[k + 1] = moved
                pieces[moved].confidence = 0.6
                break
    return order


def _continues_cut(cut: Piece, candidate: Piece, before: Piece) -> bool:
    return (
        candidate.kind is BlockKind.BODY
        and before.kind is not BlockKind.DATELINE
        and ends_sentence(before.content)
        and starts_mid_word(candidate.plain)
        and boundary_forms_word(cut.plain, candidate.plain)
    )


def _mark_joins(body: list[int], pieces: list[Piece]) -> None:
    """Flag blocks that continue the previous block's paragraph."""
    previous: Piece | None = None
    for j in body:
        piece = pieces[j]
        piece.joins_previous = False
        if previous is not None and piece.kind in (BlockKind.BODY, BlockKind.CAPTION):
            if previous.kind is BlockKind.DATELINE:
                piece.joins_previous = True
            elif previous.kind in (BlockKind.BODY, BlockKind.CAPTION) and not (
                ends_sentence(previous.content)
            ):
                piece.joins_previous = True
                if not boundary_forms_word(previous.plain, piece.plain):
                    piece.confidence = min(piece.confidence, 0.7)
        previous = piece


def _article_kind(
    article: ArticleParts, body: list[int], bylines: list[Credit], pieces: list[Piece]
) -> ArticleKind:
    titles = " ".join(filter(None, [article.rubric, article.kicker, article.headline]))
    roles = {c.role for c in bylines}
    if titles and _NOTICE_TITLE.search(article.headline or ""):
        return ArticleKind.NOTICE
    if _COMMENTARY.search(titles) or any(
        "评论员" in pieces[j].content for j in article.bylines
    ):
        return ArticleKind.COMMENTARY
    has_dateline = any(pieces[j].kind is BlockKind.DATELINE for j in body)
    if Role.PHOTOGRAPHER in roles and Role.REPORTER not in roles and not has_dateline:
        return ArticleKind.PHOTO
    body_length = sum(visible_length(pieces[j].content) for j in body)
    if (
        not bylines
        and not has_dateline
        and article.headline
        and visible_length(article.headline) <= 10
        and len(body) == 1
        and body_length <= 160
    ):
        # A short title over one short paragraph with no byline: a photo caption.
        return ArticleKind.PHOTO
    return ArticleKind.NEWS
