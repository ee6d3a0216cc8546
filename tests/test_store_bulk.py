"""Bulk writes: batches flatten rows in order with None for missing cells, imports record
their row-id ranges, and SQLite's foreign-key checks are off only for an import's own
transaction."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from storage import Store, bulk
from storage.engine import write_transaction
from tests.store_helpers import (  # noqa: F401 (fixtures are found by name)
    do_import,
    inflow,
    store_fixture,
    store_url_fixture,
)


def test_batches_flatten_rows_in_order_with_none_for_missing(monkeypatch) -> None:
    monkeypatch.setattr(bulk, "BATCH_ROWS", 2)
    frame = pd.DataFrame(
        {
            "a": pd.array([1, None, 3], dtype="Int64"),
            "b": pd.array([None, 20, 30], dtype="Int64"),
        }
    )
    batches = list(bulk.batches(frame, ["a", "b"], 7))
    assert [b.values for b in batches] == [[1, None, None, 20], [3, 30]]
    assert [list(b.rows()) for b in batches] == [[(7, 1, None), (7, None, 20)], [(7, 3, 30)]]
    mixed = pd.DataFrame({"a": pd.array([1, None], dtype="Int64"), "x": [0.5, float("nan")]})
    (only,) = bulk.batches(mixed, ["a", "x"], 7)
    assert only.values == [1, 0.5, None, None] and len(only) == 2


def test_imports_record_the_id_range_of_their_rows(store: Store) -> None:
    first = do_import(
        store,
        "inflow",
        inflow((2020, 1, "Kortrijk", "LDE", None, 5), (2020, 2, "Menen", "LDE", None, 6)),
        "a.xlsx",
    )
    second = do_import(store, "inflow", inflow((2021, 1, "Kortrijk", "AZ", "Org A", 1)), "b.xlsx")
    with store.engine.connect() as conn:
        ranges = {
            r[0]: (r[1], r[2])
            for r in conn.execute(sa.text("SELECT id, first_row, last_row FROM imports"))
        }
        own = {
            i: conn.execute(
                sa.text("SELECT MIN(id), MAX(id) FROM inflow_rows WHERE import_id = :i"), {"i": i}
            ).one()
            for i in (first, second)
        }
    assert ranges == {i: tuple(own[i]) for i in (first, second)}
    assert ranges[first][1] < ranges[second][0]


def test_foreign_keys_are_checked_again_after_an_import(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL always checks foreign keys")
    do_import(store, "inflow", inflow((2020, 1, "Kortrijk", "LDE", None, 5)), "a.xlsx")
    with write_transaction(store.engine, check_foreign_keys=False) as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
    with pytest.raises(sa.exc.IntegrityError), write_transaction(store.engine) as conn:
        conn.exec_driver_sql(
            "INSERT INTO inflow_rows (import_id, year, municipality, target_group, inflow) "
            "VALUES (999, 2020, 1, 1, 1)"
        )
