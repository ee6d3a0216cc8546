"""Atomicity and concurrency: a failed or killed import leaves the previous data intact, and
simultaneous imports neither corrupt nor lose data — on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pandas as pd
import pytest

from storage import Store, bulk
from tests.store_helpers import (  # noqa: F401 (fixtures are found by name)
    do_import,
    inflow,
    same_rows,
    store_fixture,
    store_url_fixture,
)

ROOT = Path(__file__).resolve().parents[1]
BEFORE = inflow(
    (2020, None, "Kortrijk", "LDE", None, 5),
    (2021, None, "Menen", "AZ", None, 6),
)


def big_file(rows: int, value: int = 1, organisation: str | None = None) -> pd.DataFrame:
    """Many monthly rows covering 2020 and 2021."""
    return inflow(
        *(
            (2020 + i % 2, 1 + i % 12, "Waregem", f"groep {i}", organisation, value)
            for i in range(rows)
        )
    )


def snapshot(store: Store) -> tuple:
    return (
        store.read("inflow"),
        store.inflow_aggregate(),
        store.import_log()[["id", "status"]],
        store.version(),
    )


def assert_unchanged(store: Store, before: tuple) -> None:
    rows, aggregate, log, version = snapshot(store)
    same_rows(rows, before[0])
    pd.testing.assert_frame_equal(aggregate, before[1])
    pd.testing.assert_frame_equal(log, before[2])
    assert version == before[3]


def test_exception_mid_write_leaves_previous_data_intact(store: Store, monkeypatch) -> None:
    do_import(store, "inflow", BEFORE, "before.xlsx")
    before = snapshot(store)
    monkeypatch.setattr(bulk, "BATCH_ROWS", 10)
    calls = []

    def failing_progress(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            raise OSError("disk vol")

    plan = store.plan_import("inflow", big_file(35), file_name="big.xlsx", sha256="big")
    with pytest.raises(OSError, match="disk vol"):
        store.apply_import(plan, user="ann", progress=failing_progress)
    assert calls == [10, 20]  # two batches were written before the failure
    assert_unchanged(store, before)
    store.apply_import(plan, user="ann")  # nothing is left locked or half-done
    assert store.inflow_aggregate()["inflow"].sum() == 35


CHILD = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from storage import Store, bulk
    from tests.test_store_failures import big_file

    store = Store({url!r})
    bulk.BATCH_ROWS = 50
    def hang(done, total):  # after the first batch is written
        print("HALF", flush=True)
        time.sleep(120)
    plan = store.plan_import("inflow", big_file(200), file_name="big.xlsx", sha256="big")
    store.apply_import(plan, user="killed", progress=hang)
    """
)


def test_killed_process_mid_import_leaves_previous_data_intact(store: Store, store_url) -> None:
    do_import(store, "inflow", BEFORE, "before.xlsx")
    before = snapshot(store)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), url=store_url)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "HALF"  # first batch written, not committed
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode != 0
    reopened = Store(store_url)
    assert_unchanged(reopened, before)
    do_import(reopened, "inflow", big_file(20), "after.xlsx")  # lock released, store usable
    assert reopened.inflow_aggregate()["inflow"].sum() == 20
    reopened.dispose()


def run_together(jobs: list) -> list[BaseException]:
    """Start every job at the same moment in its own thread; return the errors raised."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job) -> None:
        barrier.wait()
        try:
            job()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_concurrent_imports_of_different_organisations_all_land(store_url) -> None:
    shared = Store(store_url)  # two sessions of one app share an engine (st.cache_resource)
    stores = [shared, shared, Store(store_url), Store(store_url)]  # and two other processes
    files = {f"Org {i}": big_file(60, value=i + 1, organisation=f"Org {i}") for i in range(4)}
    jobs = [
        (lambda s=s, org=org, f=f: do_import(s, "inflow", f, org))
        for s, (org, f) in zip(stores, files.items(), strict=True)
    ]
    assert run_together(jobs) == []
    expected = pd.concat(files.values(), ignore_index=True)
    same_rows(stores[0].read("inflow"), expected)
    totals = stores[0].inflow_aggregate(("year",))
    assert totals["inflow"].sum() == expected["inflow"].sum()
    log = stores[0].import_log()
    assert sorted(log["status"]) == ["active"] * 4
    assert stores[0].version() == 4
    for s in stores:
        s.dispose()


def test_concurrent_imports_of_the_same_years_end_with_one_whole_file(store_url) -> None:
    stores = [Store(store_url) for _ in range(2)]
    files = [big_file(80, value=1), big_file(50, value=2)]
    jobs = [
        (lambda s=s, f=f, n=n: do_import(s, "inflow", f, f"file{n}"))
        for n, (s, f) in enumerate(zip(stores, files, strict=True))
    ]
    assert run_together(jobs) == []
    log = stores[0].import_log().set_index("id").sort_index()
    assert log["status"].tolist() == ["superseded", "active"]
    winner = files[int(log["file_name"].iloc[1][-1])]
    loser = files[int(log["file_name"].iloc[0][-1])]
    same_rows(stores[0].read("inflow"), winner)
    # The second import's recorded "before" is exactly the first import: nothing was lost.
    changes = stores[0].changes(int(log.index[1]))
    assert changes["rows_before"].sum() == len(loser)
    assert changes["inflow_before"].sum() == loser["inflow"].sum()
    for s in stores:
        s.dispose()
