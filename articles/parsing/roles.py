"""The page model's view of the pieces: evidence in, roles and confidences out."""

from __future__ import annotations

from . import classify as cl
from . import pagemodel as pm
from .authors import is_affiliation, name_line
from .draft import BlockKind
from .lines import DISPLAY_SIZE
from .normalise import visible_length
from .pieces import PAGE_LEVEL, Piece


def is_subhead(text: str) -> bool:
    return cl.is_balanced_subhead(text) or cl.is_numbered_subhead(text)


def decide_roles(pieces: list[Piece]) -> None:
    """Decode the roles of the page's content pieces (furniture set aside)."""
    content = [p for p in pieces if p.kind not in PAGE_LEVEL]
    evidence = []
    previous_names = False
    for piece in content:
        if piece.kind is BlockKind.BODY:
            piece.affiliation = is_affiliation(piece.rule)
            if (
                piece.affiliation
                or not cl.brackets_balanced(piece.rule)
                or cl.is_figures(piece.rule)
            ):
                piece.title_like = False  # a fragment of running text
        if piece.kind is BlockKind.BODY and (names := name_line(piece.rule)):
            piece.names = tuple(names)
    _names_on_their_own(content)
    _labels_are_no_titles(content)
    for piece in content:
        evidence.append(
            pm.Evidence(
                title_like=piece.title_like,
                subhead_shape=is_subhead(piece.content),
                byline=piece.kind is BlockKind.BYLINE,
                names=bool(piece.names),
                author_line=piece.affiliation,
                dateline=piece.kind is BlockKind.DATELINE,
                wrapped=piece.wrapped,
                vertical=piece.vertical,
                level=piece.level,
                length=visible_length(piece.content),
                after_names=previous_names,
                size=piece.size,
            )
        )
        previous_names = bool(piece.names)
    # The page prints its authors as bare names under the headlines: then an
    # article without one is unusual (a short line in a body is a subhead).
    under_titles = sum(
        1
        for before, piece in zip(content, content[1:], strict=False)
        if piece.names and (before.title_like or before.vertical)
    )
    labelled = sum(1 for p in content if p.kind is BlockKind.BYLINE)
    named_page = under_titles >= 2 or (under_titles == 1 and not labelled)
    roles, confidences = pm.decode(evidence, named_page=named_page)
    for piece, role, confidence in zip(content, roles, confidences, strict=True):
        piece.role = role
        piece.confidence = min(piece.confidence, confidence)
        piece.title_like = role is pm.Role.TITLE
        if role is pm.Role.BYLINE or role is pm.Role.AUTHOR_LINE:
            piece.kind = BlockKind.BYLINE
        if role is not pm.Role.BYLINE:
            piece.names = ()
        if role is not pm.Role.AUTHOR_LINE:
            piece.affiliation = False


def _names_on_their_own(content: list[Piece]) -> None:
    """When the page's geometry is known, a byline is a line of its own: its
    type or a white band sets it apart from the text under it. A name-like
    line that runs on, in the same paragraph, into a line of text (a caption's
    first line cut after three characters) is no byline."""
    for piece, after in zip(content, content[1:], strict=False):
        if (
            piece.names
            and piece.size > 0
            and after.box == piece.box
            and after.kind is BlockKind.BODY
            and not after.names
            and not after.affiliation
        ):
            piece.names = ()


# A chart's or map's labels: at least this many short lines in one text box,
# without a sentence's punctuation.
LABEL_LINES = 3
LABEL_LENGTH = 8
_SENTENCE_MARKS = frozenset("，。！？；：,;!?")


def _labels_are_no_titles(content: list[Piece]) -> None:
    """When the page's geometry is known, a line in display type whose text
    box below holds only short labels without a sentence's punctuation (the
    years, names and figures of an infographic) is the infographic's own
    label, not a headline: an article's text runs in sentences."""
    for k, piece in enumerate(content[:-1]):
        if piece.size < DISPLAY_SIZE or not piece.title_like:
            continue
        box = content[k + 1].box
        run = []
        for after in content[k + 1 :]:
            if after.box != box:
                break
            run.append(after)
        lines = sum(p.wrapped for p in run)  # source lines, rejoined or not
        if lines >= LABEL_LINES and all(_is_label(p) for p in run):
            piece.title_like = False


def _is_label(piece: Piece) -> bool:
    return (
        piece.kind is BlockKind.BODY
        and not piece.names
        and 0 < piece.size < DISPLAY_SIZE
        and visible_length(piece.content) <= LABEL_LENGTH * piece.wrapped
        and not _SENTENCE_MARKS.intersection(piece.content)
    )
