"""Sample and real data never mix — on SQLite and PostgreSQL (the ``store`` fixture runs
each test on both).

The first real import of any kind sets all sample data aside in its own transaction;
undoing it brings the sample back exactly; first-start loading happens once even when
two processes start on an empty store together.
"""

from __future__ import annotations

import threading

import pandas as pd
import pytest

from storage import Store, bulk
from tests.store_helpers import (  # noqa: F401 (fixtures are found by name)
    do_import,
    inflow,
    lde,
    maatwerk,
    same_rows,
    store_fixture,
    store_url_fixture,
)

SAMPLE = {
    "inflow": inflow(
        (2018, None, "Kortrijk", "LDE", "Org A", 300),
        (2018, None, "Menen", "LDE", "Org B", 180),
        (2019, None, "Kortrijk", "AZ", "Org A", 250),
    ),
    "lde": lde((2022, None, "Org A", "Kortrijk", 40.0, 42.0)),
    "maatwerk": maatwerk((2022, None, "Werkplus", "Waregem", "collectief", 100.0, 95.0)),
}
REAL = inflow(
    (2018, None, "Kortrijk", "LDE", None, 412),
    (2018, None, "Menen", "LDE", None, 200),
)
REAL_LDE = lde((2023, None, "Buurtwerk", "Menen", 12.5, 14.0))


def _load_sample(store: Store) -> list[int]:
    return [
        do_import(store, kind, frame, f"voorbeeld-{kind}.xlsx", sample=True)
        for kind, frame in SAMPLE.items()
    ]


def _aggregate_agrees(store: Store) -> None:
    """The inflow summary table still equals the current rows."""
    by = ["year", "municipality"]
    current = store.read("inflow")
    expected = current.groupby(by, as_index=False)["inflow"].sum()
    expected = expected.sort_values(by, ignore_index=True)
    got = store.inflow_aggregate(by).sort_values(by, ignore_index=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_first_real_import_sets_all_sample_data_aside_and_undo_brings_it_back(store: Store):
    _load_sample(store)
    before = {kind: store.read(kind) for kind in SAMPLE}
    plan = store.plan_import("inflow", REAL, file_name="vdab.xlsx", sha256="real")
    assert plan.removes_sample == ("inflow", "lde", "maatwerk")
    # compared with real data only: 2018 goes from nothing to 612, not from 480 to 1.092
    changes = plan.changes.set_index("year")
    assert changes.loc[2018, "rows_before"] == 0 and pd.isna(changes.loc[2018, "inflow_before"])
    assert changes.loc[2018, "inflow_after"] == 612.0

    real = store.apply_import(plan, user="ann")
    same_rows(store.read("inflow"), REAL)
    assert store.read("lde").empty and store.read("maatwerk").empty
    assert not store.has_sample_data() and not store.only_sample_data()
    assert store.changes(real).set_index("year").loc[2018, "inflow_after"] == 612.0
    _aggregate_agrees(store)
    statuses = store.import_log().set_index("file_name")["status"].to_dict()
    assert statuses["vdab.xlsx"] == "active"
    assert {statuses[f"voorbeeld-{k}.xlsx"] for k in SAMPLE} == {"superseded"}

    store.undo(real, user="ann")
    for kind, frame in before.items():
        same_rows(store.read(kind), frame)
    assert store.only_sample_data()
    _aggregate_agrees(store)
    statuses = store.import_log().set_index("file_name")["status"].to_dict()
    assert {statuses[f"voorbeeld-{k}.xlsx"] for k in SAMPLE} == {"active"}
    assert statuses["vdab.xlsx"] == "undone"


def test_sample_stays_away_while_any_real_import_is_live(store: Store):
    _load_sample(store)
    first = do_import(store, "lde", REAL_LDE, "lde.xlsx")
    plan = store.plan_import("inflow", REAL, file_name="vdab.xlsx", sha256="real")
    assert plan.removes_sample == ()  # nothing left to set aside
    second = store.apply_import(plan, user="ann")
    store.undo(first, user="ann")
    same_rows(store.read("inflow"), REAL)
    assert store.read("lde").empty and not store.has_sample_data()
    store.undo(second, user="ann")
    for kind, frame in SAMPLE.items():
        same_rows(store.read(kind), frame)
    _aggregate_agrees(store)


def test_a_failed_real_import_leaves_the_sample_data(store: Store, monkeypatch):
    _load_sample(store)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    plan = store.plan_import("inflow", REAL, file_name="vdab.xlsx", sha256="real")
    monkeypatch.setattr(bulk, "insert_frame", broken)
    with pytest.raises(RuntimeError):
        store.apply_import(plan, user="ann")
    for kind, frame in SAMPLE.items():
        same_rows(store.read(kind), frame)
    assert store.only_sample_data()
    _aggregate_agrees(store)


def test_removed_sample_data_do_not_come_back_on_undo(store: Store):
    ids = _load_sample(store)
    store.remove_sample_data(user="ann")
    real = do_import(store, "inflow", REAL, "vdab.xlsx")
    store.undo(real, user="ann")
    assert all(store.read(kind).empty for kind in SAMPLE)
    log = store.import_log().set_index("id")
    assert set(log.loc[ids, "status"]) == {"removed"}


def _plans(store: Store):
    return [
        store.plan_import(kind, frame, file_name=f"voorbeeld-{kind}.xlsx",
                          sha256=f"sample-{kind}", sample=True)
        for kind, frame in SAMPLE.items()
    ]


def test_two_processes_starting_together_load_the_sample_once(store_url: str):
    # Each "process" has its own engine; both plan on the empty store, then race.
    stores = [Store(store_url), Store(store_url)]
    plans = [_plans(s) for s in stores]
    start = threading.Barrier(2)
    loaded: list[list[int]] = [[], []]
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            start.wait()
            loaded[i] = stores[i].seed_sample(plans[i], user="voorbeeldgegevens")
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(len(ids) for ids in loaded) == [0, 3]
    log = stores[0].import_log()
    assert len(log) == 3 and log["sample"].all()
    for kind, frame in SAMPLE.items():
        same_rows(stores[0].read(kind), frame)
    for s in stores:
        s.dispose()


def test_seed_sample_does_nothing_on_a_used_store(store: Store):
    do_import(store, "lde", REAL_LDE, "lde.xlsx")
    assert store.seed_sample(_plans(store), user="voorbeeldgegevens") == []
    assert not store.has_sample_data()
