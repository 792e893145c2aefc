"""The independent checker must catch leaks, or the property tests prove nothing."""

from __future__ import annotations

import numpy as np

from harbour.statistics.tests.checker import Published, totals_of

COUNTS = np.array([[12, 3, 20], [15, 18, 25]])


def view(withheld: set[tuple[int, int]]) -> Published:
    truth = totals_of(COUNTS)
    known = {cell: value for cell, value in truth.items() if cell not in withheld}
    return Published(COUNTS.shape, known, withheld)


def test_totals_are_sums_of_their_cells():
    truth = totals_of(COUNTS)
    assert truth[(0, 3)] == 35
    assert truth[(2, 1)] == 21
    assert truth[(2, 3)] == 93


def test_a_lone_withheld_cell_is_derived_from_its_row_total():
    assert view({(0, 1)}).derivable() == {(0, 1)}


def test_two_withheld_cells_in_a_row_are_derived_from_their_column_totals():
    assert view({(0, 1), (0, 0)}).derivable() == {(0, 1), (0, 0)}


def test_a_rectangle_of_withheld_cells_is_safe():
    withheld = {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert view(withheld).derivable() == set()
    assert view(withheld).pinned() == set()


def test_a_bridge_between_two_safe_patterns_is_derived():
    """Every row and column holds two withheld cells, yet one cell is exposed."""
    counts = np.arange(1, 37).reshape(6, 6)
    truth = totals_of(counts)
    square_one = {(0, 0), (0, 1), (1, 0), (1, 1)}
    square_two = {(2, 2), (2, 3), (3, 2), (3, 3)}
    bridge = {(0, 2)}
    withheld = square_one | square_two | bridge
    known = {cell: value for cell, value in truth.items() if cell not in withheld}
    assert Published(counts.shape, known, withheld).derivable() == bridge


def test_withheld_zeros_are_pinned_when_the_total_equals_the_visible_cell():
    counts = np.array([[0, 0, 7], [4, 9, 30]])
    truth = totals_of(counts)
    withheld = {(0, 0), (0, 1), (1, 0), (1, 1)}
    known = {cell: value for cell, value in truth.items() if cell not in withheld}
    published = Published(counts.shape, known, withheld)
    assert published.derivable() == set()  # the equations alone do not give them away...
    assert published.pinned() == withheld  # ...but counts cannot be negative
