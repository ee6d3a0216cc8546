"""Bulk writes: batches flatten rows in order with None for missing cells, imports record
their row-id ranges, and SQLite's foreign-key checks are off only for an import's own
transaction."""

from __future__ import annotations

import struct

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from storage import Store, bulk
from storage.engine import write_transaction
from storage.schema import DATA
from tests.store_helpers import (  # noqa: F401 (fixtures are found by name)
    do_import,
    inflow,
    lde,
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
    assert [b.constant for b in batches] == [7, 7]
    mixed = pd.DataFrame({"a": pd.array([1, None], dtype="Int64"), "x": [0.5, float("nan")]})
    (only,) = bulk.batches(mixed, ["a", "x"], 7)
    assert only.values == [1, 0.5, None, None] and len(only) == 2


def _decoded(data: bytes, types: list[str]) -> list[tuple]:
    """Rows of a binary COPY stream, read field by field (None for NULL)."""
    assert data[:11] == b"PGCOPY\n\xff\r\n\x00" and data[-2:] == b"\xff\xff"
    at, rows = 19, []
    while at < len(data) - 2:
        (fields,) = struct.unpack_from(">h", data, at)
        at, row = at + 2, []
        for wire in types[:fields]:
            (length,) = struct.unpack_from(">i", data, at)
            at += 4
            if length == -1:
                row.append(None)
                continue
            assert length == np.dtype(wire).itemsize
            row.append(np.frombuffer(data, dtype=wire, count=1, offset=at)[0].item())
            at += length
        rows.append(tuple(row))
    return rows


def test_binary_copy_writes_each_row_with_nulls_left_out() -> None:
    batch = bulk.Batch(
        7,
        (np.array([1, 2, 3]), np.array([0.5, 0.0, 1.5]), np.array([10, 0, 0])),
        (None, np.array([False, True, False]), np.array([False, True, True])),
    )
    types = [">i4", ">i4", ">f8", ">i8"]
    assert _decoded(bulk.binary_copy(batch, types), types) == [
        (7, 1, 0.5, 10), (7, 2, None, None), (7, 3, 1.5, None)
    ]
    whole = bulk.Batch(None, (np.array([4, 5]),), (None,))
    assert _decoded(bulk.binary_copy(whole, [">i4"]), [">i4"]) == [(4,), (5,)]


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
        pytest.skip("PostgreSQL checks these keys always, once per statement (migration 0009)")
    do_import(store, "inflow", inflow((2020, 1, "Kortrijk", "LDE", None, 5)), "a.xlsx")
    with write_transaction(store.engine, check_foreign_keys=False) as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
    with pytest.raises(sa.exc.IntegrityError), write_transaction(store.engine) as conn:
        conn.exec_driver_sql(
            "INSERT INTO inflow_rows (import_id, year, municipality, target_group, inflow) "
            "VALUES (999, 2020, 1, 1, 1)"
        )


def test_row_keys_into_imports_hold_on_every_write(store: Store) -> None:
    # SQLite: foreign keys; PostgreSQL: statement-level triggers (migration 0009).
    do_import(store, "inflow", inflow((2020, 1, "Kortrijk", "LDE", None, 5)), "a.xlsx")
    do_import(store, "lde", lde((2021, 1, "Org A", "Kortrijk", 2.0, None)), "b.xlsx")
    bad = (
        "INSERT INTO inflow_rows (import_id, year, municipality, target_group, inflow) "
        "VALUES (999, 2020, 1, 1, 1)",
        "UPDATE lde_rows SET superseded_by = 999",
        "DELETE FROM imports WHERE id = 1",
        "UPDATE imports SET id = 998 WHERE id = 2",
    )
    for statement in bad:
        with pytest.raises(sa.exc.IntegrityError), write_transaction(store.engine) as conn:
            conn.exec_driver_sql(statement)
    raw = store.engine.dialect.loaded_dbapi.IntegrityError  # COPY runs on the DBAPI cursor
    with pytest.raises(raw), write_transaction(store.engine) as conn:
        batch = bulk.Batch(999, tuple(np.array([v]) for v in (2020, 1, 1, 1)), (None,) * 4)
        bulk.write(conn, DATA["inflow"],
                   ["import_id", "year", "municipality", "target_group", "inflow"], [batch])
    with write_transaction(store.engine) as conn:  # an import no row names may go
        conn.exec_driver_sql(
            "INSERT INTO imports (id, kind, file_name, sha256, user_name, imported_at, rows,"
            " years, municipalities, warnings, changes, status, sample) VALUES (50, 'lde',"
            " 'c', 'c', 'u', CURRENT_TIMESTAMP, 0, '[]', '[]', '[]', '[]', 'refused', false)"
        )
        conn.exec_driver_sql("DELETE FROM imports WHERE id = 50")
    assert store.read("inflow")["inflow"].tolist() == [5]
    assert store.read("lde")["fte"].tolist() == [2.0]


def test_binary_copy_lays_out_rows_in_blocks_with_nulls_in_some(monkeypatch) -> None:
    monkeypatch.setattr(bulk, "_LAYOUT_ROWS", 3)  # 10 rows: blocks of 3, 3, 3 and 1
    a, b = np.arange(10), np.arange(100, 110)
    missing_a = np.zeros(10, dtype=bool)
    missing_a[[1, 9]] = True
    missing_b = np.zeros(10, dtype=bool)
    missing_b[7] = True
    types = [">i4", ">i8", ">i4"]
    batch = bulk.Batch(5, (a, b), (missing_a, missing_b))
    expected = [
        (5, None if missing_a[i] else int(a[i]), None if missing_b[i] else int(b[i]))
        for i in range(10)
    ]
    assert _decoded(bulk.binary_copy(batch, types), types) == expected
    assert [len(batch.flat(i, i + 1)) for i in range(10)] == [2] * 10
    assert batch.flat(6, 8) == [6, 106, 7, None]
