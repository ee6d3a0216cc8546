"""Which stored rows an import replaces, and the per-year totals, without a database."""

from __future__ import annotations

import pytest

from storage.scope import changes_table, scope_mask, yearly_totals
from tests.store_helpers import inflow, inflow_quarters, lde, maatwerk

STORED = inflow(
    (2020, 1, "Kortrijk", "LDE", "Org A", 5),
    (2020, 2, "Kortrijk", "LDE", "Org B", 6),
    (2020, 7, "Menen", "LDE", None, 7),
    (2021, 1, "Kortrijk", "LDE", "Org A", 8),
)


def test_inflow_file_without_organisations_replaces_its_whole_years() -> None:
    file = inflow((2020, None, "Menen", "LDE", None, 1))
    assert scope_mask("inflow", file, STORED).tolist() == [True, True, True, False]


def test_inflow_file_with_organisations_replaces_only_those_organisations() -> None:
    file = inflow((2020, None, "Menen", "LDE", "Org A", 1))
    assert scope_mask("inflow", file, STORED).tolist() == [True, False, False, False]


def test_monthly_file_replaces_only_its_months() -> None:
    file = inflow((2020, 1, "Menen", "AZ", None, 1), (2020, 2, "Menen", "AZ", None, 1))
    assert scope_mask("inflow", file, STORED).tolist() == [True, True, False, False]


def test_monthly_file_replaces_coarser_rows_that_overlap() -> None:
    stored = inflow_quarters(
        (2020, 1, "Kortrijk", "LDE", None, 5),  # same quarter as the file's March
        (2020, 2, "Kortrijk", "LDE", None, 5),  # another quarter
        (2020, None, "Kortrijk", "LDE", None, 5),  # the whole year
    )
    file = inflow((2020, 3, "Kortrijk", "LDE", None, 1))
    assert scope_mask("inflow", file, stored).tolist() == [True, False, True]


def test_quarterly_file_replaces_months_of_its_quarters() -> None:
    file = inflow_quarters((2020, 3, "Menen", "LDE", None, 1))
    assert scope_mask("inflow", file, STORED).tolist() == [False, False, True, False]


def test_lde_scope_is_per_organisation_and_quarter() -> None:
    stored = lde(
        (2022, 1, "Org A", "Kortrijk", 10.0, 12.0),
        (2022, 2, "Org A", "Kortrijk", 11.0, 12.0),
        (2022, 1, "Org B", "Menen", 4.0, None),
        (2022, None, "Org C", "Menen", 3.0, None),
    )
    file = lde((2022, 2, "Org A", "Kortrijk", 9.0, 12.0), (2022, 1, "Org C", "Menen", 2.0, None))
    assert scope_mask("lde", file, stored).tolist() == [False, True, False, True]


def test_maatwerk_scope_uses_kind_and_municipality_when_no_organisation() -> None:
    stored = maatwerk(
        (2021, 4, None, "Waregem", "collectief", 100.0, 95.0),
        (2021, 4, None, "Menen", "collectief", 50.0, 45.0),
        (2021, 4, None, "Waregem", "individueel", 10.0, 9.0),
        (2021, 4, "Werkplus", "Waregem", "collectief", 300.0, 290.0),
    )
    file = maatwerk((2021, 4, None, "Waregem", "collectief", 101.0, 96.0))
    assert scope_mask("maatwerk", file, stored).tolist() == [True, False, False, False]


def test_maatwerk_region_totals_and_their_parts_replace_each_other_per_kind() -> None:
    # A table of the whole region names neither organisation nor municipality; its rows
    # overlap every entity of their kind and quarter, in both directions.
    stored = maatwerk(
        (2022, 1, "Werkplus", "Waregem", "collectief", 300.0, 290.0),
        (2022, 1, None, "Menen", "collectief", 50.0, 45.0),
        (2022, 1, "Werkplus", "Waregem", "individueel", 10.0, 9.0),
        (2022, 2, "Werkplus", "Waregem", "collectief", 300.0, 291.0),
    )
    totals = maatwerk((2022, 1, None, None, "collectief", 610.0, 590.0))
    assert scope_mask("maatwerk", totals, stored).tolist() == [True, True, False, False]
    stored_totals = maatwerk(
        (2022, 1, None, None, "collectief", 610.0, 590.0),
        (2022, 1, None, None, "individueel", 30.0, 28.0),
        (2022, 2, None, None, "collectief", 612.0, 600.0),
    )
    parts = maatwerk((2022, 1, "Werkplus", "Waregem", "collectief", 300.0, 290.0))
    assert scope_mask("maatwerk", parts, stored_totals).tolist() == [True, False, False]
    assert scope_mask("maatwerk", totals, stored_totals).tolist() == [True, False, False]


def test_empty_store_replaces_nothing() -> None:
    assert scope_mask("inflow", STORED, STORED.iloc[:0]).tolist() == []


def test_stock_year_total_is_the_mean_of_its_quarters() -> None:
    frame = lde(
        *(
            (2022, q, "Org A", "Kortrijk", fte, None)
            for q, fte in [(1, 10.0), (2, 12.0), (3, 14.0), (4, 16.0)]
        ),
        (2022, None, "Org B", "Menen", 5.0, None),
    )
    totals = yearly_totals("lde", frame)
    assert totals["fte"].tolist() == [pytest.approx(13.0 + 5.0)]
    assert totals["rows"].tolist() == [5]


def test_flow_year_total_is_the_sum_of_its_months() -> None:
    totals = yearly_totals("inflow", STORED)
    assert totals.set_index("year")["inflow"].to_dict() == {2020: 18.0, 2021: 8.0}


def test_changes_table_compares_years_before_and_after() -> None:
    after = inflow((2020, None, "Kortrijk", "LDE", None, 30), (2022, 1, "Menen", "AZ", None, 2))
    table = changes_table("inflow", STORED, after, STORED.iloc[:3])
    rows = table.set_index("year")
    assert rows.loc[2020, ["rows_before", "rows_after", "rows_replaced"]].tolist() == [3, 1, 3]
    assert rows.loc[2020, "inflow_before"] == 18.0 and rows.loc[2020, "inflow_after"] == 30.0
    assert rows.loc[2021, "inflow_after"] != rows.loc[2021, "inflow_after"]  # NaN: gone
    assert rows.loc[2022, "rows_before"] == 0 and rows.loc[2022, "inflow_after"] == 2.0
