"""Undo and redo as editors know them (Ctrl+Z / Ctrl+Shift+Z).

`page_undo` takes back the page's last change in effect, then the one before,
one by one; `page_redo` puts back what was undone, most recent first; a new
edit ends what can be redone. `change_step_undo` / `change_step_redo` do the
same for one change chosen in the timeline. All of them reverse the last
change of the chosen change's undo chain (articles.undo_stack), with
`change_undo` (undo.py), so the rules of an undo hold: permissions, the page version,
and refusal when a later change touched the same rows.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from articles.models import Page, PageChange
from articles.undo_stack import HistoryState, history_replay
from editing.services.undo import change_undo

Operation = PageChange.Operation


def page_history(*, page_id: int) -> HistoryState:
    """The page's history replayed: what is in effect, what undo and redo do."""
    return history_replay(
        PageChange.objects.filter(page_id=page_id)
        .order_by("id")
        .values_list("id", "undo_of_id")
    )


def _reverse(*, user, original: int | None, operation, version, refusal):
    """Reverse the last change of `original`'s chain (undo or redo it), or
    refuse with `refusal` (message, code) when there is nothing to do."""
    if original is None:
        raise ValidationError(refusal[0], code=refusal[1])
    state = page_history(page_id=PageChange.objects.get(pk=original).page_id)
    target = PageChange.objects.get(pk=state.reversal_target(original))
    return change_undo(
        user=user, change=target, expected_version=version, operation=operation
    )


def page_undo(*, user, page: Page, expected_version: int) -> PageChange:
    """Undo the page's last change still in effect."""
    return _reverse(
        user=user,
        original=page_history(page_id=page.pk).undo_next,
        operation=Operation.UNDO,
        version=expected_version,
        refusal=(_("Nothing to undo on this page."), "nothing"),
    )


def page_redo(*, user, page: Page, expected_version: int) -> PageChange:
    """Redo the page's change undone last (since the last new edit)."""
    return _reverse(
        user=user,
        original=page_history(page_id=page.pk).redo_next,
        operation=Operation.REDO,
        version=expected_version,
        refusal=(_("Nothing to redo on this page."), "nothing"),
    )


def _original(change: PageChange, *, in_effect: bool) -> int | None:
    """The original change `change` stands for, if it is (not) in effect."""
    state = page_history(page_id=change.page_id)
    original = state.root.get(change.pk, change.pk)
    return original if state.in_effect.get(original, True) == in_effect else None


def change_step_undo(*, user, change: PageChange, expected_version: int):
    """Undo one change of the timeline (an undo or redo stands for its original)."""
    return _reverse(
        user=user,
        original=_original(change, in_effect=True),
        operation=Operation.UNDO,
        version=expected_version,
        refusal=(_("This change has already been undone."), "undone"),
    )


def change_step_redo(*, user, change: PageChange, expected_version: int):
    """Redo one undone change of the timeline."""
    return _reverse(
        user=user,
        original=_original(change, in_effect=False),
        operation=Operation.REDO,
        version=expected_version,
        refusal=(_("This change is in effect: there is nothing to redo."), "in_effect"),
    )
