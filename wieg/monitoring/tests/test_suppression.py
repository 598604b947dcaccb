"""The suppression engine on hand-made tables, with the cells it must hide."""

from wieg.monitoring.suppression import min_families, suppress, suppressed_label


def test_threshold_and_label_come_from_the_data_file():
    assert min_families() == 5
    assert suppressed_label() == "< 5"


def test_nothing_hidden_when_every_figure_is_zero_or_at_least_five():
    table = suppress([[10, 5], [5, 5], [0, 7]])
    assert table.hidden == set()


def test_primary_cell_pairs_with_its_row_and_column_without_a_cascade():
    # with/without per group: Gent 10/5, Antwerpen 6/6, Brugge 2/6, Leuven 14/6
    table = suppress([[10, 5], [6, 6], [2, 6], [14, 6]])
    assert table.hidden == {("cell", 2, 0), ("cell", 2, 1), ("cell", 1, 0), ("cell", 1, 1)}
    # Row totals, column totals and the grand total stay visible.
    assert not any(
        table.is_hidden(c)
        for c in [("row", 0), ("row", 1), ("row", 2), ("row", 3), ("col", 0), ("col", 1), ("grand",)]
    )


def test_every_line_has_zero_or_at_least_two_hidden_cells():
    cells = [[1, 30, 12], [7, 2, 40], [25, 25, 3], [9, 9, 9]]
    table = suppress(cells)
    n_groups, n_parts = 4, 3
    lines = [[("cell", g, k) for k in range(n_parts)] + [("row", g)] for g in range(n_groups)]
    lines += [[("cell", g, k) for g in range(n_groups)] + [("col", k)] for k in range(n_parts)]
    lines += [[("row", g) for g in range(n_groups)] + [("grand",)]]
    lines += [[("col", k) for k in range(n_parts)] + [("grand",)]]
    for line in lines:
        assert sum(table.is_hidden(c) for c in line) != 1, line


def test_a_small_total_is_hidden_and_paired_with_another_total():
    # One group holds 3 families in total: its total, and a second total, are hidden.
    table = suppress([[2, 1], [20, 10], [30, 30]])
    assert table.is_hidden(("row", 0))
    assert sum(table.is_hidden(("row", g)) for g in range(3)) >= 2


def test_single_column_counts_hide_a_second_group_against_the_total():
    table = suppress([[3], [40], [12]])
    assert table.is_hidden(("cell", 0, 0))
    assert table.is_hidden(("cell", 2, 0))  # the smallest other group
    assert not table.is_hidden(("cell", 1, 0))
    assert not table.is_hidden(("grand",))


def test_one_group_only():
    table = suppress([[3, 20]])
    assert table.is_hidden(("cell", 0, 0)) and table.is_hidden(("cell", 0, 1))
    assert not table.is_hidden(("row", 0))


def test_an_empty_table_still_has_its_totals():
    table = suppress([], n_parts=2)
    assert table.col_totals == [0, 0] and table.grand == 0 and not table.hidden
