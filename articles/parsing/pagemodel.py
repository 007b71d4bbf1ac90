"""The roles of a page's lines, decided jointly.

Each content line of a page (furniture set aside) gets scored evidence for
each role it could play, and the whole page is decoded at once (Viterbi) over
a small grammar of an article:

    (title+ byline* | byline) (body | subhead)* (author line)* …

A title run opens an article; a subhead only stands inside a body, between
two pieces of it; a byline follows titles (or closes a body: a photo credit);
an author line (`（作者为…）`) closes an article. The score of a role is a sum of
hand-set weights (log-odds); the confidence of a line's role is the logistic
of the margin between the best whole-page reading with that role and the best
with any other (max-marginals from a forward and a backward pass).

Pure Python, a few microseconds a line.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from enum import IntEnum

from .lines import DISPLAY_SIZE


class Role(IntEnum):
    TITLE = 0
    SUBHEAD = 1
    BYLINE = 2
    BODY = 3
    AUTHOR_LINE = 4


ROLES = tuple(Role)
NEVER = -1e9


@dataclass(frozen=True, slots=True)
class Evidence:
    """What is known of one line before its neighbours are looked at."""

    title_like: bool  # short, no sentence punctuation (or marked as a heading)
    subhead_shape: bool  # `一、…`, two balanced phrases, …
    byline: bool  # a labelled byline (`■记者 某某`, `本报记者 某某`)
    names: bool  # nothing but personal names
    author_line: bool  # `（作者为…）`
    dateline: bool  # `本报讯`, `新华社…电`: opens a news item's body
    wrapped: int = 1  # source lines rejoined into this one
    vertical: bool = False  # set one character a line: a title or a name
    level: int = 0  # markdown heading level
    length: int = 0
    after_names: bool = False  # the line before is a line of bare names
    size: float = 0.0  # type size in body line heights; 0 when unknown


@dataclass(frozen=True, slots=True)
class Weights:
    title: float = 1.0
    title_marked: float = 1.0
    title_long: float = -0.5  # titles are short; a long title-like line less so
    title_vertical: float = 2.5
    title_tiny: float = -1.0  # a title of one or two characters is rare
    title_run: float = -0.4  # one more line in a title run
    # A name set above a headline (or beside it, read first): the title-like
    # line under a line of names opens an article; a subhead never follows
    # a byline.
    title_after_names: float = 1.5
    # When the page's geometry gives type sizes: display type is a title's,
    # a short line in smaller type rarely is (a subhead, a label).
    title_display: float = 2.5
    body_display: float = -2.0
    title_smaller: float = -1.0
    subhead: float = 0.6
    subhead_shape: float = 1.5
    byline_labelled: float = 5.0
    byline_names: float = 3.0
    body: float = 1.0
    body_wrapped: float = 1.0
    body_title_like: float = 0.0
    author_line: float = 5.0
    new_article: float = -0.2  # body → title: a new article starts
    title_to_byline: float = 0.5
    title_to_dateline: float = 1.0
    # On a page whose authors are printed as bare names, an article without
    # one is unusual: a title run straight into body text is more likely a
    # subhead.
    title_to_body_on_named_page: float = -1.5
    untitled_start: float = -1.0
    byline_first: float = -2.0
    body_to_byline: float = -1.0
    byline_to_title: float = -0.5
    subhead_run: float = -0.3
    author_line_to_body: float = -1.5
    title_at_end: float = -3.0


WEIGHTS = Weights()


def emission(ev: Evidence, w: Weights = WEIGHTS) -> tuple[float, ...]:
    scores = [NEVER] * len(ROLES)
    if ev.title_like and not ev.dateline:
        scores[Role.TITLE] = (
            w.title
            + (w.title_marked if ev.level else 0.0)
            + (w.title_long if ev.length > 24 else 0.0)
            + (w.title_vertical if ev.vertical and not ev.names else 0.0)
            + (w.title_tiny if ev.length <= 2 else 0.0)
            + (w.title_after_names if ev.after_names else 0.0)
            + _size_score(ev, w.title_display, w.title_smaller)
        )
        scores[Role.SUBHEAD] = w.subhead + (w.subhead_shape if ev.subhead_shape else 0)
    if ev.byline:
        scores[Role.BYLINE] = w.byline_labelled
    elif ev.names:
        scores[Role.BYLINE] = w.byline_names
    if ev.author_line:
        scores[Role.AUTHOR_LINE] = w.author_line
    if ev.byline:
        scores[Role.BODY] = -3.0
    elif ev.title_like or ev.names:
        scores[Role.BODY] = w.body_title_like - (1.0 if ev.names else 0.0)
    else:
        scores[Role.BODY] = w.body + (w.body_wrapped if ev.wrapped > 1 else 0.0)
    scores[Role.BODY] += _size_score(ev, w.body_display, 0.0)
    return tuple(scores)


def _size_score(ev: Evidence, display: float, smaller: float) -> float:
    if ev.size >= DISPLAY_SIZE:
        return display
    if ev.size > 0:
        return smaller  # body type, or a subhead's
    return 0.0


def transition(
    before: Role | None, after: Role, dateline: bool, *, named_page: bool, w: Weights
) -> float:
    """Score of `after` for a line (`dateline`: opening with one), the
    previous line `before`."""
    if before is None:
        return {
            Role.TITLE: 0.0,
            Role.BODY: w.untitled_start,
            Role.BYLINE: w.byline_first,
        }.get(after, NEVER)
    if before is Role.TITLE:
        if after is Role.TITLE:
            return w.title_run
        if after is Role.BYLINE:
            return w.title_to_byline
        if after is Role.BODY:
            if dateline:
                return w.title_to_dateline
            return w.title_to_body_on_named_page if named_page else 0.0
        return NEVER
    if before is Role.SUBHEAD:
        if after is Role.BODY:
            return 0.0
        return w.subhead_run if after is Role.SUBHEAD else NEVER
    if before is Role.BYLINE:
        return {
            Role.BYLINE: 0.0,
            Role.BODY: 0.0,
            Role.TITLE: w.byline_to_title,
            Role.AUTHOR_LINE: NEVER,
            Role.SUBHEAD: NEVER,
        }[after]
    if before is Role.BODY:
        return {
            Role.BODY: 0.0,
            Role.SUBHEAD: 0.0,
            Role.TITLE: w.new_article,
            Role.BYLINE: w.body_to_byline,
            Role.AUTHOR_LINE: 0.0,
        }[after]
    # after an author line
    return {
        Role.TITLE: 0.0,
        Role.BODY: w.author_line_to_body,
        Role.BYLINE: 0.0,
        Role.AUTHOR_LINE: 0.0,
        Role.SUBHEAD: NEVER,
    }[after]


@functools.lru_cache(maxsize=16)
def _transitions(
    named_page: bool, w: Weights
) -> dict[bool, tuple[tuple[float, ...], ...]]:
    """transition() of every pair of roles (before, after), for a line with
    and without a dateline: the decoder's inner loops read a table, not the
    rules (25 pairs a line, forward and backward)."""
    return {
        dateline: tuple(
            tuple(
                transition(before, after, dateline, named_page=named_page, w=w)
                for after in ROLES
            )
            for before in ROLES
        )
        for dateline in (False, True)
    }


def _final(role: Role, w: Weights) -> float:
    if role is Role.TITLE:
        return w.title_at_end
    return NEVER if role is Role.SUBHEAD else 0.0


def decode(
    lines: list[Evidence], *, named_page: bool = False, w: Weights = WEIGHTS
) -> tuple[list[Role], list[float]]:
    """The best reading of the page's lines, and each line's confidence."""
    n = len(lines)
    if not n:
        return [], []
    emissions = [emission(ev, w) for ev in lines]
    forward = [[NEVER] * len(ROLES) for _ in range(n)]
    back = [[0] * len(ROLES) for _ in range(n)]
    tables = _transitions(named_page, w)
    for s in ROLES:
        forward[0][s] = emissions[0][s] + transition(
            None, s, lines[0].dateline, named_page=named_page, w=w
        )
    for i in range(1, n):
        table = tables[lines[i].dateline]
        for s in ROLES:
            if emissions[i][s] <= NEVER / 2:
                continue
            best, arg = NEVER, 0
            for p in ROLES:
                if forward[i - 1][p] <= NEVER / 2:
                    continue
                score = forward[i - 1][p] + table[p][s]
                if score > best:
                    best, arg = score, p
            forward[i][s] = best + emissions[i][s]
            back[i][s] = arg
    backward = _backward(lines, emissions, named_page=named_page, w=w)
    last = max(ROLES, key=lambda s: forward[n - 1][s] + _final(s, w))
    roles = [last]
    for i in range(n - 1, 0, -1):
        roles.append(Role(back[i][roles[-1]]))
    roles.reverse()
    confidences = []
    for i, role in enumerate(roles):
        totals = [forward[i][s] + backward[i][s] for s in ROLES]
        best = totals[role]
        rival = max((t for s, t in enumerate(totals) if s != role), default=NEVER)
        confidences.append(_logistic(best - rival))
    return roles, confidences


def _backward(
    lines: list[Evidence],
    emissions: list[tuple[float, ...]],
    *,
    named_page: bool,
    w: Weights,
) -> list[list[float]]:
    n = len(lines)
    backward = [[NEVER] * len(ROLES) for _ in range(n)]
    for s in ROLES:
        backward[n - 1][s] = _final(s, w)
    tables = _transitions(named_page, w)
    for i in range(n - 2, -1, -1):
        table = tables[lines[i + 1].dateline]
        for s in ROLES:
            best = NEVER
            for nxt in ROLES:
                if emissions[i + 1][nxt] <= NEVER / 2:
                    continue
                score = table[s][nxt] + emissions[i + 1][nxt] + backward[i + 1][nxt]
                best = max(best, score)
            backward[i][s] = best
    return backward


def _logistic(margin: float) -> float:
    if margin > 30:
        return 1.0
    return round(1.0 / (1.0 + math.exp(-margin)), 3)
