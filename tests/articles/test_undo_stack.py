"""Undo and redo stepping through a page's history (pure: no database)."""

from articles.undo_stack import Step, history_replay


def test_undo_steps_back_one_change_at_a_time():
    state = history_replay([(1, None), (2, None), (3, None)])
    assert state.undo_next == 3 and state.redo_next is None
    state = history_replay([(1, None), (2, None), (3, None), (4, 3)])
    assert state.undo_next == 2  # not 4: an undo is not undone by the next undo
    assert state.redo_next == 3
    assert state.in_effect == {1: True, 2: True, 3: False}
    assert state.step[4] == Step.UNDO


def test_redo_steps_forward_in_the_reverse_order_of_the_undos():
    history = [(1, None), (2, None), (3, 2), (4, 1)]  # undo 2, undo 1
    state = history_replay(history)
    assert state.undo_next is None and state.redo_next == 1
    state = history_replay([*history, (5, 4)])  # redo 1: reverses the undo
    assert state.step[5] == Step.REDO
    assert state.in_effect == {1: True, 2: False}
    assert state.redo_next == 2 and state.undo_next == 1
    state = history_replay([*history, (5, 4), (6, 3)])  # redo 2
    assert state.in_effect == {1: True, 2: True}
    assert state.undo_next == 2 and state.redo_next is None


def test_undoing_a_redone_change_reverses_the_redo():
    state = history_replay([(1, None), (2, 1), (3, 2)])
    assert state.in_effect[1] and state.reversal_target(1) == 3
    state = history_replay([(1, None), (2, 1), (3, 2), (4, 3)])
    assert not state.in_effect[1] and state.step[4] == Step.UNDO
    assert state.reversal_target(1) == 4 and state.redo_next == 1


def test_a_new_change_empties_the_redo_stack():
    state = history_replay([(1, None), (2, None), (3, 2), (4, None)])
    assert state.redo_next is None and state.undo_next == 4
    assert state.in_effect[2] is False  # still undone, only not redone by a key


def test_undoing_an_older_change_out_of_order_is_redone_first():
    state = history_replay([(1, None), (2, None), (3, 1)])
    assert state.undo_next == 2 and state.redo_next == 1
