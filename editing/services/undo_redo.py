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


def _reverse(*, user, original: int, state: HistoryState, operation, version):
    target = PageChange.objects.get(pk=state.reversal_target(original))
    return change_undo(
        user=user, change=target, expected_version=version, operation=operation
    )


def page_undo(*, user, page: Page, expected_version: int) -> PageChange:
    """Undo the page's last change still in effect."""
    state = page_history(page_id=page.pk)
    if state.undo_next is None:
        raise ValidationError(_("Nothing to undo on this page."), code="nothing")
    return _reverse(
        user=user,
        original=state.undo_next,
        state=state,
        operation=Operation.UNDO,
        version=expected_version,
    )


def page_redo(*, user, page: Page, expected_version: int) -> PageChange:
    """Redo the page's change undone last (since the last new edit)."""
    state = page_history(page_id=page.pk)
    if state.redo_next is None:
        raise ValidationError(_("Nothing to redo on this page."), code="nothing")
    return _reverse(
        user=user,
        original=state.redo_next,
        state=state,
        operation=Operation.REDO,
        version=expected_version,
    )


def change_step_undo(*, user, change: PageChange, expected_version: int):
    """Undo one change of the timeline (an undo or redo stands for its original)."""
    state = page_history(page_id=change.page_id)
    original = state.root.get(change.pk, change.pk)
    if not state.in_effect.get(original, True):
        raise ValidationError(_("This change has already been undone."), code="undone")
    return _reverse(
        user=user,
        original=original,
        state=state,
        operation=Operation.UNDO,
        version=expected_version,
    )


def change_step_redo(*, user, change: PageChange, expected_version: int):
    """Redo one undone change of the timeline."""
    state = page_history(page_id=change.page_id)
    original = state.root.get(change.pk, change.pk)
    if state.in_effect.get(original, True):
        raise ValidationError(
            _("This change is in effect: there is nothing to redo."), code="in_effect"
        )
    return _reverse(
        user=user,
        original=original,
        state=state,
        operation=Operation.REDO,
        version=expected_version,
    )
