"""Cheap reads for the pages: distinct filter values and freshness follow imports and undo,
on SQLite and PostgreSQL."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from storage import Store, StoreError, fetch
from tests.store_helpers import (  # noqa: F401 (fixtures are found by name)
    do_import,
    inflow,
    lde,
    store_fixture,
    store_url_fixture,
)

FIRST = inflow(
    (2020, 1, "Kortrijk", "LDE", "vzw Beta", 5),
    (2020, 2, "Menen", "AZ", "alfa", 6),
    (2021, 1, "Waregem", "LDE", None, 1),
)
SECOND = inflow((2021, 1, "Menen", "Leefloon", None, 2))  # replaces all of January 2021


def test_distinct_values_of_current_rows_sorted_without_missing(store: Store) -> None:
    assert store.distinct("inflow", "organisation") == ()
    do_import(store, "inflow", FIRST, "first.xlsx")
    assert store.distinct("inflow", "organisation") == ("alfa", "vzw Beta")
    assert store.distinct("inflow", "municipality") == ("Kortrijk", "Menen", "Waregem")
    assert store.distinct("inflow", "target_group") == ("AZ", "LDE")
    second = do_import(store, "inflow", SECOND, "second.xlsx")  # Waregem's row goes
    assert store.distinct("inflow", "organisation") == ("alfa", "vzw Beta")
    assert store.distinct("inflow", "municipality") == ("Kortrijk", "Menen")
    assert store.distinct("inflow", "target_group") == ("AZ", "LDE", "Leefloon")
    store.undo(second, user="ann")
    assert store.distinct("inflow", "municipality") == ("Kortrijk", "Menen", "Waregem")
    assert store.distinct("inflow", "target_group") == ("AZ", "LDE")
    do_import(store, "lde", lde((2022, 1, "Org B", "Kortrijk", 1.0, 2.0)), "lde.xlsx")
    assert store.distinct("lde", "organisation") == ("Org B",)


def test_distinct_refuses_a_column_that_is_not_text(store: Store) -> None:
    with pytest.raises(StoreError, match="geen tekstkolom"):
        store.distinct("inflow", "year")


def test_freshness_counts_current_inflow_rows_after_replace_and_undo(store: Store) -> None:
    do_import(store, "inflow", FIRST, "first.xlsx")
    second = do_import(store, "inflow", SECOND, "second.xlsx")
    fresh = store.freshness().set_index("kind")
    assert fresh.loc["inflow", ["first_year", "last_year", "rows"]].tolist() == [2020, 2021, 3]
    store.undo(second, user="ann")
    store.undo(1, user="ann")
    fresh = store.freshness().set_index("kind")
    assert fresh.loc["inflow", "rows"] == 0
    assert fresh.loc["inflow", ["first_year", "last_year"]].isna().all()


def test_packed_reads_give_the_plain_values(store: Store) -> None:
    # Small whole numbers are read packed into shared integers (storage.fetch.matrix);
    # wide ones spill into a second word; NULL stays missing, plain columns stay apart.
    values = [(1, 5, None, 2**29 + 3, 7.5), (2, None, 12, 1, None), (3, 31, 1, 2**30 - 1, 0.25)]
    rows = sa.union_all(*(
        sa.select(*(sa.literal(v, sa.Float if j == 4 else sa.Integer).label(f"c{j}")
                    for j, v in enumerate(row)))
        for row in values
    )).subquery()
    query = sa.select(*rows.c).order_by(rows.c.c0)
    with store.engine.connect() as conn:
        plain = fetch.matrix(conn, query, 5)
        packed = fetch.matrix(conn, query, 5, [None, 5, 4, 30, None])
    assert fetch._words([None, 5, 4, 30, None]) == [[(1, 0, 5), (2, 5, 4), (3, 9, 30)]]
    assert fetch._words([None, 30, 30, 4]) == [[(1, 0, 30)], [(2, 0, 30), (3, 30, 4)]]
    expected = np.array([[np.nan if v is None else v for v in row] for row in values])
    np.testing.assert_array_equal(plain, expected)
    np.testing.assert_array_equal(packed, expected)


def _filtered_sums(frame, by, only, years):
    """The reference: the current rows filtered and summed in pandas."""
    keep = frame["year"].between(*years) if years else frame["year"].notna()
    for column, values in only.items():
        keep &= frame[column].isin(values)
    sums = frame.loc[keep].groupby(by, dropna=False)["inflow"].sum().reset_index()
    return sums.sort_values(by, ignore_index=True)


@pytest.mark.parametrize(
    ("by", "only", "years"),
    [
        (("year", "organisation"), {}, None),  # a summary
        (("year", "organisation"), {"organisation": ["O'Neil & Zonen", "alfa"]}, (2021, 2021)),
        (("year", "quarter", "month", "municipality"), {"municipality": ["Menen"]}, None),
        (("year", "month", "organisation"), {"organisation": ["vzw Beta"]}, None),  # rows
        (("year", "sex"), {"sex": ["vrouw", "nooit gezien"]}, (2020, 2021)),
    ],
)
def test_filtered_aggregates_are_the_current_rows_filtered_and_summed(
    store: Store, by, only, years
) -> None:
    first = inflow(
        (2020, 1, "Kortrijk", "LDE", "vzw Beta", 5),
        (2020, 2, "Menen", "AZ", "alfa", 6),
        (2021, 1, "Waregem", "LDE", None, 1),
        (2021, 3, "Menen", "AZ", "O'Neil & Zonen", 4),
        (2021, 4, "Menen", "LDE", "alfa", 7),
    ).assign(sex=["vrouw", "man", "vrouw", "onbekend", "vrouw"])
    do_import(store, "inflow", first, "first.xlsx")
    undone = do_import(store, "inflow", SECOND, "second.xlsx")  # January 2021 replaced
    for step in ("imported", "undone"):
        got = store.inflow_aggregate(by, only=only, years=years)
        expected = _filtered_sums(store.read("inflow"), list(by), only, years)
        assert len(expected) > 0
        pd.testing.assert_frame_equal(
            got.sort_values(list(by), ignore_index=True), expected, check_dtype=False
        )
        if step == "imported":
            store.undo(undone, user="ann")


def test_a_filter_on_a_column_not_grouped_by_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="niet filteren op municipality"):
        store.inflow_aggregate(("year",), only={"municipality": ["Menen"]})
    assert store.inflow_aggregate(("year", "municipality"), only={"municipality": ["x"]}).empty


def test_rows_of_a_municipality_label_are_left_out_without_grouping_by_it(store: Store) -> None:
    frame = inflow(
        (2021, 1, "Kortrijk", "LDE", "alfa", 5),
        (2021, 2, "Buiten W13 (vergelijking Vlaanderen)", "LDE", None, 40),
        (2021, 2, "Menen", "AZ", None, 2),
    )
    do_import(store, "inflow", frame, "f.xlsx")
    for by in (("year",), ("year", "organisation"), ("year", "month", "organisation")):
        got = store.inflow_aggregate(
            by, without={"municipality": ["Buiten W13 (vergelijking Vlaanderen)"]}
        )
        assert int(got["inflow"].sum()) == 7, by
    unknown = store.inflow_aggregate(("year",), without={"municipality": ["nergens"]})
    assert unknown["inflow"].tolist() == [47]
