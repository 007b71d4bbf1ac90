"""Undo and redo as editors know them, computed from a page's history (pure).

A page's history is a list of changes. An undo or a redo is itself a change
that reverses one earlier change (`undo_of`): undoing an original change X
reverses X; redoing it reverses that undo; undoing it again reverses the redo,
and so on. So every original change has a chain X ← undo ← redo ← undo …, and
it is in effect when its chain has an even number of reversals.

Replaying the history gives the two stacks of an editor: the changes in effect
in the order they were (re)done, and the changes undone since the last new
edit, most recent last. Undo takes the top of the first, redo the top of the
second; a new edit empties the redo stack.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Step(StrEnum):
    ORIGINAL = "original"
    UNDO = "undo"
    REDO = "redo"


@dataclass(slots=True)
class HistoryState:
    """What the history of a page means now."""

    root: dict[int, int] = field(default_factory=dict)  # change → its original
    step: dict[int, Step] = field(default_factory=dict)  # change → what it did
    in_effect: dict[int, bool] = field(default_factory=dict)  # original → in effect?
    last: dict[int, int] = field(default_factory=dict)  # original → last of its chain
    done: list[int] = field(default_factory=list)  # originals in effect, oldest first
    undone: list[int] = field(default_factory=list)  # the redo stack, top last

    @property
    def undo_next(self) -> int | None:
        """The original change an undo takes back, if any."""
        return self.done[-1] if self.done else None

    @property
    def redo_next(self) -> int | None:
        """The original change a redo puts back, if any."""
        return self.undone[-1] if self.undone else None

    def reversal_target(self, original: int) -> int:
        """The change to reverse to undo or redo `original`: the last of its chain."""
        return self.last[original]


def history_replay(changes: Iterable[tuple[int, int | None]]) -> HistoryState:
    """Replay (change id, id of the change it reverses or None), oldest first."""
    state = HistoryState()
    for change, reverses in changes:
        if reverses is None or reverses not in state.root:
            # An original change (or one reversing a change not given: treated
            # as an original so the history never fails to replay).
            state.root[change] = change
            state.step[change] = Step.ORIGINAL
            state.in_effect[change] = True
            state.last[change] = change
            state.done.append(change)
            state.undone.clear()
            continue
        original = state.root[reverses]
        state.root[change] = original
        state.last[original] = change
        now_in_effect = not state.in_effect[original]
        state.in_effect[original] = now_in_effect
        state.step[change] = Step.REDO if now_in_effect else Step.UNDO
        if now_in_effect:
            _remove(state.undone, original)
            state.done.append(original)
        else:
            _remove(state.done, original)
            state.undone.append(original)
    return state


def _remove(stack: list[int], item: int) -> None:
    with contextlib.suppress(ValueError):
        stack.remove(item)
