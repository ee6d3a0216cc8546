"""Store round trips, replace, undo, duplicates, log, freshness, sample data — on SQLite and
PostgreSQL (the ``store`` fixture runs each test on both)."""

from __future__ import annotations

import pandas as pd
import pytest

import loaders
from indicators.maatwerk import granted_filled
from storage import DuplicateImportError, Store, StoreError, UndoError
from tests.loaders_writers import xlsx
from tests.store_helpers import (  # noqa: F401 (fixtures are found by name)
    do_import,
    inflow,
    lde,
    maatwerk,
    same_rows,
    store_fixture,
    store_url_fixture,
)

OLD = inflow(
    (2020, 1, "Kortrijk", "LDE", "Org A", 5),
    (2020, 2, "Menen", "LDE", "Org B", 6),
    (2021, 1, "Kortrijk", "AZ", "Org A", 8),
    (2021, 3, "Spiere-Helkijn", "AZ", None, 2),
)
NEW_2021 = inflow(
    (2021, None, "Kortrijk", "AZ", None, 3),
    (2021, None, "Waregem", "AZ", None, 4),
)


def test_read_returns_what_was_imported_with_tidy_dtypes(store: Store) -> None:
    frames = {
        "inflow": OLD,
        "lde": lde(
            (2022, 1, "Org A", "Kortrijk", 10.5, 12.0), (2022, None, "Org B", None, 3.0, None)
        ),
        "maatwerk": maatwerk(
            (2021, 4, None, "Waregem", "collectief", 100.0, float("nan")),
            (2021, None, "Werkplus", None, "individueel", 5.0, 4.0),
        ),
    }
    for kind, frame in frames.items():
        do_import(store, kind, frame, f"{kind}.xlsx")
        same_rows(store.read(kind), frame)
        assert store.read(kind)["year"].dtype == "Int64"


def test_import_replaces_same_years_and_keeps_other_years(store: Store) -> None:
    do_import(store, "inflow", OLD, "old.xlsx")
    plan = store.plan_import("inflow", NEW_2021, file_name="new.xlsx", sha256="n")
    assert plan.years == (2021,) and plan.rows == 2 and plan.rows_replaced == 2
    row = plan.changes.set_index("year").loc[2021]
    assert (row["inflow_before"], row["inflow_after"]) == (10.0, 7.0)
    assert (row["rows_before"], row["rows_after"]) == (2, 2)
    store.apply_import(plan, user="ann")
    expected = pd.concat([OLD.iloc[:2], NEW_2021], ignore_index=True)
    same_rows(store.read("inflow"), expected)


def test_inflow_file_naming_organisations_replaces_only_those(store: Store) -> None:
    do_import(store, "inflow", OLD, "old.xlsx")
    only_a = inflow((2020, None, "Kortrijk", "LDE", "Org A", 9))
    do_import(store, "inflow", only_a, "a.xlsx")
    expected = pd.concat([OLD.iloc[1:], only_a], ignore_index=True)
    same_rows(store.read("inflow"), expected)


def test_undo_restores_exactly_what_was_replaced(store: Store) -> None:
    do_import(store, "inflow", OLD, "old.xlsx")
    before = store.read("inflow")
    new_id = do_import(store, "inflow", NEW_2021, "new.xlsx")
    store.undo(new_id, user="ann")
    same_rows(store.read("inflow"), before)
    log = store.import_log().set_index("id")
    assert log.loc[new_id, "status"] == "undone" and log.loc[new_id, "undone_by"] == "ann"
    with pytest.raises(UndoError, match="al ongedaan"):
        store.undo(new_id, user="ann")


def test_undo_is_refused_while_a_later_import_replaced_part_of_it(store: Store) -> None:
    first = do_import(store, "inflow", OLD, "old.xlsx")
    second = do_import(store, "inflow", NEW_2021, "new.xlsx")
    with pytest.raises(UndoError, match=f"latere import\\(s\\) {second}"):
        store.undo(first, user="ann")
    store.undo(second, user="ann")
    store.undo(first, user="ann")
    assert store.read("inflow").empty


def test_undo_of_an_untouched_earlier_import_keeps_later_data(store: Store) -> None:
    first = do_import(store, "inflow", OLD.iloc[:2], "2020.xlsx")
    do_import(store, "inflow", NEW_2021, "2021.xlsx")
    store.undo(first, user="ann")
    same_rows(store.read("inflow"), NEW_2021)


def test_same_file_twice_is_recognised_unless_forced(store: Store) -> None:
    first = do_import(store, "inflow", OLD, "old.xlsx")
    plan = store.plan_import("inflow", OLD, file_name="copy.xlsx", sha256="sha-old.xlsx")
    assert plan.duplicate_of == first
    with pytest.raises(DuplicateImportError, match="al ingelezen") as error:
        store.apply_import(plan, user="ann")
    assert error.value.import_id == first
    second = store.apply_import(plan, user="ann", force=True)
    same_rows(store.read("inflow"), OLD)
    log = store.import_log().set_index("id")
    assert log.loc[first, "status"] == "superseded" and log.loc[second, "status"] == "active"


def test_import_log_records_the_file_and_its_changes(store: Store) -> None:
    frame = OLD.copy()
    frame.attrs["warnings"] = ["Rij 7: gemeente 'Roeselare' ligt buiten W13."]
    import_id = do_import(store, "inflow", frame, "old.xlsx", user="ann")
    entry = store.import_log().iloc[0]
    assert entry["id"] == import_id and entry["kind"] == "inflow"
    assert entry["file_name"] == "old.xlsx" and entry["sha256"] == "sha-old.xlsx"
    assert entry["user"] == "ann" and entry["rows"] == 4 and entry["status"] == "active"
    assert entry["years"] == [2020, 2021]
    assert entry["municipalities"] == ["Kortrijk", "Menen", "Spiere-Helkijn"]
    assert entry["warnings"] == ["Rij 7: gemeente 'Roeselare' ligt buiten W13."]
    assert entry["imported_at"].tzinfo is not None and not entry["sample"]
    changes = store.changes(import_id)
    assert changes["year"].tolist() == [2020, 2021]
    assert changes["inflow_after"].tolist() == [11.0, 10.0]
    assert changes["rows_before"].tolist() == [0, 0]
    assert pd.DataFrame(entry["changes"])["inflow_after"].tolist() == [11.0, 10.0]
    with pytest.raises(StoreError, match="bestaat niet"):
        store.changes(999)


def test_a_refused_upload_is_logged_with_why_and_changes_nothing(store: Store) -> None:
    first = do_import(store, "inflow", OLD, "old.xlsx")
    version = store.version()
    why = ["Geen getal (3 keer): blad 'Data' rij 2 kolom D, rij 3 kolom D, rij 4 kolom D."]
    refused = store.record_refusal(
        file_name="kapot.xlsx", sha256="sha-kapot", user="ann", kind="inflow", reasons=why
    )
    unknown = store.record_refusal(
        file_name="raar.pdf", sha256="sha-raar", user="ann", kind=None, reasons=["Geen rekenblad"]
    )
    log = store.import_log().set_index("id")
    assert log.loc[refused, ["status", "user", "rows", "file_name"]].tolist() == [
        "refused", "ann", 0, "kapot.xlsx"
    ]
    assert log.loc[refused, "warnings"] == why and log.loc[unknown, "kind"] == ""
    assert store.version() == version  # no data changed: every cache stays warm
    same_rows(store.read("inflow"), OLD)
    assert log.loc[first, "status"] == "active"
    plan = store.plan_import("inflow", OLD, file_name="kapot.xlsx", sha256="sha-kapot")
    assert plan.duplicate_of is None  # a refused upload is no earlier import of the file


def test_stock_changes_use_the_mean_of_quarters(store: Store) -> None:
    quarters = lde(*((2022, q, "Org A", "Kortrijk", 10.0 + q, 12.0) for q in (1, 2, 3, 4)))
    plan = store.plan_import("lde", quarters, file_name="lde.xlsx", sha256="l")
    assert plan.changes["fte_after"].tolist() == [12.5]
    store.apply_import(plan, user="ann")
    works = maatwerk(
        *((2021, q, "Werkplus", "Waregem", "collectief", 300.0, 280.0 + q) for q in (1, 2))
    )
    plan = store.plan_import("maatwerk", works, file_name="m.xlsx", sha256="m")
    assert plan.changes[["places_after", "occupied_after"]].iloc[0].tolist() == [300.0, 281.5]


def test_version_changes_after_every_write(store: Store) -> None:
    seen = [store.version()]
    first = do_import(store, "inflow", OLD, "old.xlsx")
    seen.append(store.version())
    store.undo(first, user="ann")
    seen.append(store.version())
    store.remove_sample_data(user="ann")
    seen.append(store.version())
    assert len(set(seen)) == 4


def test_freshness_per_kind(store: Store) -> None:
    do_import(store, "inflow", OLD, "old.xlsx")
    fresh = store.freshness().set_index("kind")
    assert fresh.loc["inflow", ["first_year", "last_year", "rows"]].tolist() == [2020, 2021, 4]
    assert pd.notna(fresh.loc["inflow", "last_import"])
    assert pd.isna(fresh.loc["lde", "last_import"]) and fresh.loc["lde", "rows"] == 0


def test_sample_data_is_recognised_and_removed(store: Store) -> None:
    assert not store.has_sample_data() and not store.only_sample_data()
    do_import(store, "inflow", OLD, "voorbeeld.xlsx", sample=True)
    do_import(store, "lde", lde((2022, 1, "Org A", "Kortrijk", 1.0, 2.0)), "v.xlsx", sample=True)
    assert store.has_sample_data() and store.only_sample_data()
    store.remove_sample_data(user="ann")
    assert not store.has_sample_data()
    assert store.read("inflow").empty and store.read("lde").empty
    do_import(store, "inflow", NEW_2021, "echt.xlsx")
    same_rows(store.read("inflow"), NEW_2021)
    statuses = store.import_log().set_index("file_name")["status"].to_dict()
    assert statuses == {"voorbeeld.xlsx": "removed", "v.xlsx": "removed", "echt.xlsx": "active"}


def test_undo_does_not_bring_back_removed_sample_rows(store: Store) -> None:
    do_import(store, "inflow", OLD, "voorbeeld.xlsx", sample=True)
    real = do_import(store, "inflow", NEW_2021, "echt.xlsx")
    store.remove_sample_data(user="ann")
    store.undo(real, user="ann")
    assert store.read("inflow").empty


@pytest.mark.parametrize(
    "by",
    [
        ("year", "municipality"),
        ("year", "quarter", "target_group"),
        ("organisation",),
        ("year", "month"),
    ],
)
def test_inflow_aggregate_matches_pandas_after_replace_and_undo(store: Store, by) -> None:
    do_import(store, "inflow", OLD, "old.xlsx")
    last = do_import(store, "inflow", NEW_2021, "new.xlsx")
    for step in ("after replace", "after undo"):
        current = store.read("inflow")
        expected = (
            current.groupby(list(by), dropna=False, as_index=False)["inflow"]
            .sum()
            .sort_values(list(by), ignore_index=True)
        )
        got = store.inflow_aggregate(by).sort_values(list(by), ignore_index=True)
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)
        assert got["inflow"].dtype == "Int64", step
        if step == "after replace":
            store.undo(last, user="ann")


def test_bad_frames_are_refused_in_dutch(store: Store) -> None:
    with pytest.raises(StoreError, match="missen kolom"):
        store.plan_import("inflow", OLD.drop(columns="inflow"), file_name="x", sha256="x")
    with pytest.raises(StoreError, match="geen rijen"):
        store.plan_import("inflow", OLD.iloc[:0], file_name="x", sha256="x")
    with pytest.raises(StoreError, match="Onbekende soort"):
        store.read("uitstroom")
    with pytest.raises(StoreError, match="groeperen"):
        store.inflow_aggregate(("colour",))


def test_large_import_round_trips_through_every_write_path(store: Store) -> None:
    rows = [
        (
            2015 + i % 10,
            1 + i % 12,
            ("Kortrijk", "Menen", "Waregem")[i % 3],
            f"groep {i % 7}",
            None if i % 5 == 0 else f"Org {i % 40}",
            i % 13,
        )
        for i in range(8_000)
    ]
    frame = inflow(*rows)  # more rows than one multi-row INSERT statement takes
    progress: list[tuple[int, int]] = []
    plan = store.plan_import("inflow", frame, file_name="groot.xlsx", sha256="groot")
    store.apply_import(plan, user="ann", progress=lambda *step: progress.append(step))
    same_rows(store.read("inflow"), frame)
    assert progress[-1] == (8_000, 8_000)
    by_year = store.inflow_aggregate(("year",))
    assert by_year["inflow"].tolist() == frame.groupby("year")["inflow"].sum().tolist()


def test_a_stale_plan_is_applied_against_the_data_as_it_is_now(store: Store) -> None:
    do_import(store, "inflow", OLD, "old.xlsx")
    plan = store.plan_import("inflow", NEW_2021, file_name="new.xlsx", sha256="new")
    meanwhile = inflow((2021, None, "Menen", "LDE", None, 40))
    other = do_import(store, "inflow", meanwhile, "other.xlsx")  # another session, in between
    assert store.version() != plan.base_version
    applied = store.apply_import(plan, user="ann")
    changes = store.changes(applied).set_index("year")
    assert changes.loc[2021, "inflow_before"] == 40.0  # recorded against the real data
    assert store.import_log().set_index("id").loc[other, "status"] == "superseded"
    store.undo(applied, user="ann")
    same_rows(store.read("inflow"), pd.concat([OLD.iloc[:2], meanwhile], ignore_index=True))


def test_replacing_rows_that_are_not_consecutive(store: Store) -> None:
    # Organisation Y's row sits between X's: the replaced ids form two runs.
    first = inflow(
        (2020, 1, "Kortrijk", "LDE", "X", 1),
        (2020, 1, "Kortrijk", "LDE", "Y", 2),
        (2020, 2, "Kortrijk", "LDE", "X", 3),
        (2019, 2, "Menen", "LDE", "X", 4),
    )
    do_import(store, "inflow", first, "first.xlsx")
    again = inflow((2020, 1, "Kortrijk", "LDE", "X", 5), (2020, 2, "Kortrijk", "LDE", "X", 6))
    do_import(store, "inflow", again, "again.xlsx")
    same_rows(store.read("inflow"), pd.concat([first.iloc[[1, 3]], again]))
    assert store.inflow_aggregate(("year",))["inflow"].tolist() == [4, 13]
    assert store.distinct("inflow", "organisation") == ("X", "Y")


def test_region_totals_and_organisation_rows_never_stand_side_by_side(store: Store) -> None:
    # A maatwerk table of the whole region (no organisation, no municipality) and a file
    # per organisation replace each other for their quarters and kind, in either order,
    # so the region's capacity is never counted twice.
    region = loaders.load(
        xlsx(
            {
                "Maatwerk": [
                    ["Maatwerk in W13: contingent en bezetting (VTE)"],
                    ["Kwartaal", "CMW", None, "IM", None],
                    [None, "Contingent", "Bezet", "Contingent", "Bezet"],
                    ["2022 K1", 610, 590, 30, 28],
                ]
            }
        ),
        "maatwerk",
    )
    parts = maatwerk(
        (2022, 1, "Werkplus", "Waregem", "collectief", 300.0, 290.0),
        (2022, 1, "Mivas", "Kortrijk", "collectief", 250.0, 240.0),
    )

    def places() -> dict[str, float]:
        current = store.read("maatwerk")
        return current.groupby("kind")["places"].sum().to_dict()

    do_import(store, "maatwerk", parts, "per organisatie.xlsx")
    do_import(store, "maatwerk", region, "regio.xlsx")
    assert places() == {"collectief": 610.0, "individueel": 30.0}
    assert store.read("maatwerk")["organisation"].isna().all()
    do_import(store, "maatwerk", parts, "per organisatie, opnieuw.xlsx")
    # The organisations replace the region's collectief total; its individueel total,
    # which no organisation row overlaps, stays.
    assert places() == {"collectief": 550.0, "individueel": 30.0}
    yearly = granted_filled(store.read("maatwerk"))
    assert yearly.loc[yearly["year"] == 2022, "places"].item() == 580.0
