"""Which stored rows an import replaces, and the per-year totals.

Every hand-made case holds for the old per-row rule (``tests.scope_rule.scope_mask``), for
the store's bit rule in pandas (``bit_mask``) and for the store itself, which applies the
rule in SQL; random stores check that the three always agree, for every kind.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import Store, replaced, writes
from storage.frames import tidy
from storage.schema import DATA
from storage.scope import changes_table, cover, partials, yearly_totals
from tests.scope_rule import bit_mask, scope_mask
from tests.store_helpers import inflow, inflow_quarters, lde, maatwerk


@functools.cache
def _migrated() -> Path:
    """An empty store at the newest revision, copied for each example (migrating is slow)."""
    path = Path(tempfile.mkdtemp()) / "empty.sqlite"
    Store(f"sqlite:///{path}").dispose()
    return path


def sql_mask(kind: str, incoming: pd.DataFrame, existing: pd.DataFrame) -> pd.Series:
    """The rows the store itself marks replaced when ``incoming`` follows ``existing``."""
    path = Path(tempfile.mkdtemp()) / "store.sqlite"
    shutil.copy(_migrated(), path)
    store = Store(f"sqlite:///{path}")
    try:
        if existing.empty:
            return pd.Series(False, index=existing.index, dtype=bool)
        store.apply_import(store.plan_import(kind, existing, file_name="a", sha256="a"), user="t")
        new = store.apply_import(
            store.plan_import(kind, incoming, file_name="b", sha256="b"), user="t"
        )
        table = DATA[kind]
        with store.engine.connect() as conn:
            marks = conn.execute(
                sa.select(table.c.superseded_by).where(table.c.import_id == 1)
                .order_by(table.c.id)
            ).scalars().all()
        return pd.Series([m == new for m in marks], index=existing.index)
    finally:
        store.dispose()
        shutil.rmtree(path.parent)


RULES = pytest.mark.parametrize("rule", [scope_mask, bit_mask, sql_mask],
                                ids=["per_row", "bits", "sql"])

STORED = inflow(
    (2020, 1, "Kortrijk", "LDE", "Org A", 5),
    (2020, 2, "Kortrijk", "LDE", "Org B", 6),
    (2020, 7, "Menen", "LDE", None, 7),
    (2021, 1, "Kortrijk", "LDE", "Org A", 8),
)


@RULES
def test_inflow_file_without_organisations_replaces_its_whole_years(rule) -> None:
    file = inflow((2020, None, "Menen", "LDE", None, 1))
    assert rule("inflow", file, STORED).tolist() == [True, True, True, False]


@RULES
def test_inflow_file_with_organisations_replaces_only_those_organisations(rule) -> None:
    file = inflow((2020, None, "Menen", "LDE", "Org A", 1))
    assert rule("inflow", file, STORED).tolist() == [True, False, False, False]


@RULES
def test_monthly_file_replaces_only_its_months(rule) -> None:
    file = inflow((2020, 1, "Menen", "AZ", None, 1), (2020, 2, "Menen", "AZ", None, 1))
    assert rule("inflow", file, STORED).tolist() == [True, True, False, False]


@RULES
def test_monthly_file_replaces_coarser_rows_that_overlap(rule) -> None:
    stored = inflow_quarters(
        (2020, 1, "Kortrijk", "LDE", None, 5),  # same quarter as the file's March
        (2020, 2, "Kortrijk", "LDE", None, 5),  # another quarter
        (2020, None, "Kortrijk", "LDE", None, 5),  # the whole year
    )
    file = inflow((2020, 3, "Kortrijk", "LDE", None, 1))
    assert rule("inflow", file, stored).tolist() == [True, False, True]


@RULES
def test_quarterly_file_replaces_months_of_its_quarters(rule) -> None:
    file = inflow_quarters((2020, 3, "Menen", "LDE", None, 1))
    assert rule("inflow", file, STORED).tolist() == [False, False, True, False]


@RULES
def test_lde_scope_is_per_organisation_and_quarter(rule) -> None:
    stored = lde(
        (2022, 1, "Org A", "Kortrijk", 10.0, 12.0),
        (2022, 2, "Org A", "Kortrijk", 11.0, 12.0),
        (2022, 1, "Org B", "Menen", 4.0, None),
        (2022, None, "Org C", "Menen", 3.0, None),
    )
    file = lde((2022, 2, "Org A", "Kortrijk", 9.0, 12.0), (2022, 1, "Org C", "Menen", 2.0, None))
    assert rule("lde", file, stored).tolist() == [False, True, False, True]


@RULES
def test_maatwerk_scope_uses_kind_and_municipality_when_no_organisation(rule) -> None:
    stored = maatwerk(
        (2021, 4, None, "Waregem", "collectief", 100.0, 95.0),
        (2021, 4, None, "Menen", "collectief", 50.0, 45.0),
        (2021, 4, None, "Waregem", "individueel", 10.0, 9.0),
        (2021, 4, "Werkplus", "Waregem", "collectief", 300.0, 290.0),
    )
    file = maatwerk((2021, 4, None, "Waregem", "collectief", 101.0, 96.0))
    assert rule("maatwerk", file, stored).tolist() == [True, False, False, False]


@RULES
def test_maatwerk_region_totals_and_their_parts_replace_each_other_per_kind(rule) -> None:
    # A table of the whole region names neither organisation nor municipality; its rows
    # overlap every entity of their kind and quarter, in both directions.
    stored = maatwerk(
        (2022, 1, "Werkplus", "Waregem", "collectief", 300.0, 290.0),
        (2022, 1, None, "Menen", "collectief", 50.0, 45.0),
        (2022, 1, "Werkplus", "Waregem", "individueel", 10.0, 9.0),
        (2022, 2, "Werkplus", "Waregem", "collectief", 300.0, 291.0),
    )
    totals = maatwerk((2022, 1, None, None, "collectief", 610.0, 590.0))
    assert rule("maatwerk", totals, stored).tolist() == [True, True, False, False]
    stored_totals = maatwerk(
        (2022, 1, None, None, "collectief", 610.0, 590.0),
        (2022, 1, None, None, "individueel", 30.0, 28.0),
        (2022, 2, None, None, "collectief", 612.0, 600.0),
    )
    parts = maatwerk((2022, 1, "Werkplus", "Waregem", "collectief", 300.0, 290.0))
    assert rule("maatwerk", parts, stored_totals).tolist() == [True, False, False]
    assert rule("maatwerk", totals, stored_totals).tolist() == [True, False, False]


@RULES
def test_empty_store_replaces_nothing(rule) -> None:
    assert rule("inflow", STORED, STORED.iloc[:0]).tolist() == []


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
    stored = partials("inflow", STORED).assign(replaced=True)  # the file replaces them all
    table = changes_table("inflow", stored, after)
    rows = table.set_index("year")
    assert rows.loc[2020, ["rows_before", "rows_after", "rows_replaced"]].tolist() == [3, 1, 3]
    assert rows.loc[2020, "inflow_before"] == 18.0 and rows.loc[2020, "inflow_after"] == 30.0
    assert rows.loc[2021, "inflow_after"] != rows.loc[2021, "inflow_after"]  # NaN: gone
    assert rows.loc[2022, "rows_before"] == 0 and rows.loc[2022, "inflow_after"] == 2.0
    kept = pd.concat([partials("inflow", STORED.iloc[:3]).assign(replaced=True),
                      partials("inflow", STORED.iloc[3:]).assign(replaced=False)])
    rows = changes_table("inflow", kept, after).set_index("year")
    assert rows.loc[2021, ["rows_before", "rows_after", "inflow_after"]].tolist() == [1, 1, 8.0]


YEARS = st.sampled_from([2020, 2021])
ORGS = st.sampled_from([None, "Org A", "Org B"])
PLACES = st.sampled_from([None, "Kortrijk", "Menen"])
# (year, month or None, quarter or None): a month fixes its quarter.
PERIOD = st.one_of(
    st.tuples(YEARS, st.integers(1, 12)).map(lambda p: (p[0], p[1], (p[1] - 1) // 3 + 1)),
    st.tuples(YEARS, st.sampled_from([None, 1, 2, 3, 4])).map(lambda p: (p[0], None, p[1])),
)
ROWS = {
    "inflow": st.tuples(PERIOD, st.sampled_from(["Kortrijk", "Menen"]), ORGS).map(
        lambda r: (r[0][0], r[0][1], r[0][2], r[1], "LDE", r[2], 1)
    ),
    "lde": st.tuples(PERIOD, st.sampled_from(["Org A", "Org B"]), PLACES).map(
        lambda r: (r[0][0], r[0][2], r[1], r[2], 1.0, None)
    ),
    "maatwerk": st.tuples(PERIOD, ORGS, PLACES, st.sampled_from(["collectief", "individueel"])).map(
        lambda r: (r[0][0], r[0][2], r[1], r[2], r[3], 1.0, 1.0)
    ),
}


def _frame(kind: str, rows: list[tuple]) -> pd.DataFrame:
    if kind == "inflow":
        records = [dict(zip(["year", "month", "quarter", "municipality", "target_group",
                             "organisation", "inflow"], r, strict=True)) for r in rows]
        frame = inflow(*[(r["year"], None, r["municipality"], r["target_group"],
                          r["organisation"], r["inflow"]) for r in records])
        frame["month"] = pd.array([r["month"] for r in records], dtype="Int64")
        frame["quarter"] = pd.array([r["quarter"] for r in records], dtype="Int64")
        return frame
    return (lde if kind == "lde" else maatwerk)(*rows)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), kind=st.sampled_from(list(ROWS)))
def test_bit_rule_equals_the_per_row_rule(data, kind) -> None:
    stored = _frame(kind, data.draw(st.lists(ROWS[kind], max_size=12)))
    file = _frame(kind, data.draw(st.lists(ROWS[kind], min_size=1, max_size=6)))
    assert bit_mask(kind, file, stored).tolist() == scope_mask(kind, file, stored).tolist()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), kind=st.sampled_from(list(ROWS)))
def test_the_store_replaces_what_the_per_row_rule_replaces(data, kind) -> None:
    stored = _frame(kind, data.draw(st.lists(ROWS[kind], min_size=1, max_size=10)))
    file = _frame(kind, data.draw(st.lists(ROWS[kind], min_size=1, max_size=5)))
    assert sql_mask(kind, file, stored).tolist() == scope_mask(kind, file, stored).tolist()


def _previews(stored: list[pd.DataFrame], file: pd.DataFrame):
    """The preview's partials of ``file`` after importing ``stored`` in turn: from the
    summaries (None when they cannot tell) and from the rows."""
    path = Path(tempfile.mkdtemp()) / "store.sqlite"
    shutil.copy(_migrated(), path)
    store = Store(f"sqlite:///{path}")
    try:
        for i, frame in enumerate(stored):
            plan = store.plan_import("inflow", frame, file_name=f"{i}", sha256=f"{i}")
            store.apply_import(plan, user="t")
        incoming = tidy("inflow", file)
        years = tuple(sorted(int(y) for y in incoming["year"].unique()))
        with store.engine.connect() as conn, \
                replaced.covering(conn, "inflow", cover("inflow", incoming)) as covered:
            summed = covered.summed(conn, "inflow", years)
            rows = covered.partials(conn, "inflow", writes.current_in_years(conn, "inflow", years))
        order = ["year", "replaced"]
        rows = rows.sort_values(order).reset_index(drop=True)
        return (None if summed is None else summed.sort_values(order).reset_index(drop=True),
                rows)
    finally:
        store.dispose()
        shutil.rmtree(path.parent)


def test_previews_are_summed_from_the_summaries_where_they_decide_every_group() -> None:
    months = [(2020, m, "Kortrijk", "LDE", org, m) for m in (1, 2, 3, 4) for org in ("A", "B")]
    stored = [inflow(*months, (2020, None, "Menen", "LDE", None, 9))]
    # Whole quarters of one organisation, and a whole year: decided from the summaries.
    for file in (inflow(*(r for r in months if r[4] == "A")),
                 inflow((2020, None, "Menen", "LDE", None, 1))):
        summed, rows = _previews(stored, file)
        assert summed is not None
        pd.testing.assert_frame_equal(summed, rows)
    # Month 1 of organisation A: its quarter holds months 2 and 3 too, which the quarter's
    # sums cannot tell apart.
    summed, rows = _previews(stored, inflow((2020, 1, "Menen", "LDE", "A", 1)))
    assert summed is None
    assert rows.loc[rows["replaced"], "rows"].tolist() == [1]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_previews_from_the_summaries_equal_those_from_the_rows(data) -> None:
    def drawn(**size) -> pd.DataFrame:
        frame = _frame("inflow", data.draw(st.lists(ROWS["inflow"], **size)))
        # Some rows give a month without its quarter.
        unquartered = data.draw(st.lists(st.booleans(), min_size=len(frame),
                                         max_size=len(frame)))
        frame.loc[unquartered, "quarter"] = pd.NA
        return frame

    stored = [drawn(min_size=1, max_size=8) for _ in range(data.draw(st.integers(1, 2)))]
    summed, rows = _previews(stored, drawn(min_size=1, max_size=5))
    if summed is not None:
        pd.testing.assert_frame_equal(summed, rows)
