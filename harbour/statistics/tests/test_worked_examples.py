"""Worked examples in the manner of public guidance on suppressing small counts."""

from __future__ import annotations

import numpy as np

from harbour.statistics.protect import protect_table
from harbour.statistics.rules import SuppressionRules
from harbour.statistics.tables import TOTAL
from harbour.statistics.tests.checker import reader_view
from harbour.statistics.tests.helpers import P, S, grid_table, line_table, shown

UNDER_5 = SuppressionRules()


def test_two_by_three_table_with_one_small_cell_hides_the_cheapest_rectangle():
    counts = [[12, 3, 20], [15, 18, 25]]
    table = protect_table(grid_table(("X", "Y"), ("A", "B", "C"), counts), rules=UNDER_5)
    # The 3 needs a partner in its row and its column, and they a fourth: of the rectangles
    # through it, (A, B) x (X, Y) hides the least (12 + 15 + 18 = 45, against 63 for B, C).
    assert shown(table) == [
        ["[c]", "[c]", "20", "35"],
        ["[c]", "[c]", "25", "58"],
        ["27", "21", "45", "93"],
    ]
    assert table.withheld_cells() == {
        ("X", "B"): P,
        ("X", "A"): S,
        ("Y", "A"): S,
        ("Y", "B"): S,
    }


def test_a_row_with_a_single_small_cell_hides_the_next_smallest():
    table = protect_table(line_table(("a", "b", "c"), [2, 30, 45]), rules=UNDER_5)
    # Without a second withheld cell, 77 - 30 - 45 would give the 2 away.
    assert shown(table) == [["[c]", "[c]", "45", "77"]]
    assert table.withheld_cells() == {("a",): P, ("b",): S}


def test_a_small_total_is_withheld_too():
    counts = [[1, 2, 0], [10, 20, 30]]
    table = protect_table(grid_table(("X", "Y"), ("A", "B", "C"), counts), rules=UNDER_5)
    assert table.cell("X", TOTAL).reason == P
    view = reader_view(np.array(counts), [table], ["row", "column"])
    assert view.derivable() == set()
    assert view.pinned() == set()


def test_a_zero_is_not_used_to_hide_a_small_count():
    # The 0 is the cheapest partner in the 3's row, but hiding it hides nothing: the 3 could
    # then only be 3 or less. The 12 is used instead; the zero stays visible.
    counts = [[3, 0, 12], [8, 6, 20]]
    table = protect_table(grid_table(("X", "Y"), ("A", "B", "C"), counts), rules=UNDER_5)
    assert shown(table) == [
        ["[c]", "0", "[c]", "15"],
        ["[c]", "6", "[c]", "34"],
        ["11", "6", "32", "49"],
    ]


def test_a_total_equal_to_its_one_visible_cell_would_reveal_withheld_zeros():
    """Halton's total is 7, all of it in one category. With zeros withheld, hiding the two
    zeros (and partners in their columns) is not enough: 7 - 7 = 0 tells the reader both are 0.
    So the 7 is withheld as well, and the withheld cells can move without going negative."""
    rules = SuppressionRules(suppress_zeros=True)
    counts = [[0, 0, 7], [4, 9, 30], [11, 12, 25]]
    rows, columns = ("Halton", "Wirral", "Sefton"), ("FGM", "FM", "HBV")
    table = protect_table(grid_table(rows, columns, counts), rules=rules)
    assert shown(table) == [
        ["[c]", "[c]", "[c]", "7"],
        ["[c]", "[c]", "[c]", "43"],
        ["11", "12", "25", "48"],
        ["15", "21", "62", "98"],
    ]
    assert table.withheld_cells() == {
        ("Halton", "FGM"): P,
        ("Halton", "FM"): P,
        ("Halton", "HBV"): S,
        ("Wirral", "FGM"): P,
        ("Wirral", "FM"): S,
        ("Wirral", "HBV"): S,
    }
    view = reader_view(np.array(counts), [table], ["row", "column"])
    assert view.pinned() == set()
    assert view.feasible_range((0, 0)) == (0, 4)


def test_ons_10_5_rule_withholds_under_10_and_rounds_the_rest_to_5():
    table = protect_table(
        line_table(("a", "b", "c"), [7, 23, 41]), rules=SuppressionRules.ons_10_5()
    )
    assert shown(table) == [["[c]", "[c]", "40", "70"]]


def test_true_zeros_are_shown_by_default_and_withheld_when_asked():
    counts = line_table(("a", "b", "c"), [0, 30, 45])
    assert shown(protect_table(counts, rules=UNDER_5)) == [["0", "30", "45", "75"]]
    hidden = protect_table(counts, rules=SuppressionRules(suppress_zeros=True))
    assert shown(hidden) == [["[c]", "[c]", "45", "75"]]


def test_the_threshold_is_configurable():
    counts = line_table(("a", "b", "c"), [4, 30, 45])
    assert shown(protect_table(counts, rules=SuppressionRules(threshold=3))) == [
        ["4", "30", "45", "79"]
    ]


def test_a_cell_withheld_for_an_earlier_count_is_shown_again_when_no_longer_needed():
    """The first 2 is hidden with 11, 11, 20: the cheapest rectangle whose cells that fall
    (the two 11s) can each fall by 4, so the 2 could be anything from 2 to 6. The other 2s then
    hide 38, 20 and 20; after that the first 2 is protected by the 38, the 20 and the second 2
    anyway, so Z's 11 is shown again."""
    counts = [[38, 2, 11], [2, 20, 30], [2, 11, 20]]
    table = protect_table(grid_table(("X", "Y", "Z"), ("A", "B", "C"), counts), rules=UNDER_5)
    assert shown(table) == [
        ["[c]", "[c]", "[c]", "51"],
        ["[c]", "[c]", "30", "52"],
        ["[c]", "11", "[c]", "33"],
        ["42", "33", "61", "136"],
    ]
    view = reader_view(np.array(counts), [table], ["row", "column"])
    assert view.derivable() == set()
    assert view.pinned() == set()


def test_a_shared_grand_total_is_never_withheld_to_protect_another_cell():
    """Two sets counting the same records share their grand total: with ``total_shown`` it is
    withheld only when small itself, and what is withheld instead still protects the small cell
    (checked against the reader model)."""
    from harbour.statistics.intervals import audit
    from harbour.statistics.protect import protect_cube
    from harbour.statistics.suppression import NOT_WITHHELD, PRIMARY, SECONDARY
    from harbour.statistics.tables import PublishedTable

    # Zeros are shown, so the zero cells cannot hide the 3: the only box around it has the
    # grand total for a corner.
    counts = grid_table(("X", "Y"), ("A", "B"), [[3, 0], [0, 40]])
    tables = [PublishedTable("grid", ("row", "column"))]
    hidden = protect_cube(counts, tables=tables, rules=UNDER_5)
    assert hidden.status[-1, -1] == SECONDARY
    kept = protect_cube(counts, tables=tables, rules=UNDER_5, total_shown=True)
    assert kept.status[-1, -1] == NOT_WITHHELD and kept.status[0, 0] == PRIMARY
    assert not audit(
        values=kept.values, published=kept.published, status=kept.status, rules=UNDER_5
    )
    # A small grand total is still withheld.
    tiny = protect_cube(
        grid_table(("X", "Y"), ("A", "B"), [[3, 0], [0, 1]]),
        tables=tables,
        rules=UNDER_5,
        total_shown=True,
    )
    assert tiny.status[-1, -1] != NOT_WITHHELD
