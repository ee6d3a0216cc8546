"""The Alembic migrations build exactly the schema the code expects, and reopening a store
keeps its data; the default URL comes from ``DATABASE_URL`` or a local SQLite file."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage import Store, config
from storage.schema import DATA, metadata
from tests.store_helpers import (  # noqa: F401 (fixtures are found by name)
    do_import,
    inflow,
    same_rows,
    store_fixture,
    store_url_fixture,
)

DATA_TABLES = {table.name for table in DATA.values()}


def _head() -> str:
    """The newest revision among the migration scripts."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from storage.engine import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def test_migrated_database_matches_the_schema_module(store: Store) -> None:
    with store.engine.connect() as conn:
        postgresql = conn.dialect.name == "postgresql"

        def compared(obj, name, type_, reflected, compare_to) -> bool:
            # PostgreSQL checks the data rows' keys into imports by triggers (0009).
            return not (postgresql and type_ == "foreign_key_constraint"
                        and obj.table.name in DATA_TABLES)

        context = MigrationContext.configure(conn, opts={"include_object": compared})
        assert context.get_current_revision() == _head()
        assert compare_metadata(context, metadata) == []


def test_indexes_for_the_page_filters_exist(store: Store) -> None:
    indexes = {
        i["name"]: i["column_names"] for i in sa.inspect(store.engine).get_indexes("inflow_rows")
    }
    # Inflow rows are found by their imports' id ranges (migrations 0003, 0004); the pages
    # read inflow from the summary tables.
    assert "ix_inflow_import" not in indexes and "ix_inflow_current" not in indexes
    lde = {i["name"]: i["column_names"] for i in sa.inspect(store.engine).get_indexes("lde_rows")}
    assert lde["ix_lde_current"] == ["year", "organisation", "municipality"]


def test_reopening_a_store_keeps_its_data(store: Store, store_url: str) -> None:
    frame = inflow((2020, 1, "Kortrijk", "LDE", None, 5))
    do_import(store, "inflow", frame, "a.xlsx")
    again = Store(store_url)  # migrating an up-to-date database is a no-op
    same_rows(again.read("inflow"), frame)
    assert again.version() == store.version() == 1
    again.dispose()


def test_url_comes_from_the_environment_or_a_local_file(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(config, "DEFAULT_DIR", tmp_path / "data")
    monkeypatch.setattr(config, "DEFAULT_FILE", tmp_path / "data" / "w13.sqlite")
    monkeypatch.delenv(config.URL_ENV, raising=False)
    assert config.database_url() == f"sqlite:///{tmp_path / 'data' / 'w13.sqlite'}"
    assert (tmp_path / "data").is_dir()
    monkeypatch.setenv(config.URL_ENV, "postgres://u:p@db:5432/w13")
    assert config.database_url() == "postgresql+psycopg://u:p@db:5432/w13"
    assert config.database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_store_without_url_uses_database_url(tmp_path, monkeypatch) -> None:
    path = tmp_path / "env.sqlite"
    monkeypatch.setenv(config.URL_ENV, f"sqlite:///{path}")
    store = Store()
    assert store.version() == 0 and path.exists()
    store.dispose()


def test_upgrade_from_0001_keeps_rows_and_counts_organisations(tmp_path) -> None:
    from alembic import command
    from alembic.config import Config

    from storage.engine import MIGRATIONS, make_engine

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.exec_driver_sql(
            "INSERT INTO imports (id, kind, file_name, sha256, user_name, imported_at, rows, "
            "years, municipalities, warnings, changes, status, sample) VALUES (1, 'inflow', "
            "'a.xlsx', 'x', 'ann', '2026-01-01 00:00:00', 3, '[2020]', '[]', '[]', '[]', "
            "'active', 0)"
        )
        conn.exec_driver_sql(
            "INSERT INTO labels (id, value) VALUES (1, 'Kortrijk'), (2, 'LDE'), (3, 'Org A'), "
            "(4, 'Org B')"
        )
        conn.exec_driver_sql(
            "INSERT INTO inflow_rows (import_id, superseded_by, year, municipality, "
            "target_group, organisation, inflow) VALUES (1, NULL, 2020, 1, 2, 3, 4), "
            "(1, NULL, 2020, 1, 2, NULL, 5), (1, 1, 2019, 1, 2, 4, 6)"
        )
    engine.dispose()
    store = Store(url)  # migrates to head
    assert store.distinct("inflow", "organisation") == ("Org A",)
    assert sorted(store.read("inflow")["inflow"].tolist()) == [4, 5]
    # 0006: rows stored before the profiles did not say who flowed in
    profiles = store.read("inflow")[["age_band", "sex", "education"]]
    assert set(profiles.to_numpy().ravel()) == {"onbekend"}
    with store.engine.connect() as conn:  # 0003 gave the old import its id range
        ranges = conn.exec_driver_sql("SELECT first_row, last_row FROM imports").all()
    assert [tuple(r) for r in ranges] == [(1, 3)]
    assert store.inflow_aggregate(["year", "month"])["inflow"].tolist() == [9]  # 0006
    # An import's scope finds them through it: two current rows in 2020, none in 2019.
    file = inflow((2019, None, "Kortrijk", "LDE", None, 1),
                  (2020, None, "Kortrijk", "LDE", None, 1))
    plan = store.plan_import("inflow", file, file_name="b.xlsx", sha256="b")
    assert plan.changes.set_index("year")["rows_replaced"].to_dict() == {2019: 0, 2020: 2}
    store.undo(1, user="ann")  # finds the old rows through that range
    assert store.read("inflow").empty
    assert store.distinct("inflow", "organisation") == ()
    store.dispose()


def test_upgrade_to_0007_keeps_lde_and_maatwerk_rows_without_nis_codes(tmp_path) -> None:
    from alembic import command
    from alembic.config import Config

    from storage.engine import MIGRATIONS, make_engine

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0006")
        for id_, kind in ((1, "lde"), (2, "maatwerk")):
            conn.exec_driver_sql(
                "INSERT INTO imports (id, kind, file_name, sha256, user_name, imported_at, "
                "rows, years, municipalities, warnings, changes, status, sample, first_row, "
                f"last_row) VALUES ({id_}, '{kind}', 'a.xlsx', 'x{id_}', 'ann', "
                "'2026-01-01 00:00:00', 1, '[2020]', '[]', '[]', '[]', 'active', 0, 1, 1)"
            )
        conn.exec_driver_sql(
            "INSERT INTO labels (id, value) VALUES (1, 'Kortrijk'), (2, 'Org A'), "
            "(3, 'collectief')"
        )
        conn.exec_driver_sql(
            "INSERT INTO lde_rows (id, import_id, year, organisation, municipality, fte, "
            "contingent) VALUES (1, 1, 2020, 2, 1, 12.5, 14.0)"
        )
        conn.exec_driver_sql(
            "INSERT INTO maatwerk_rows (id, import_id, year, organisation, municipality, kind, "
            "places, occupied) VALUES (1, 2, 2020, 2, 1, 3, 100.0, 95.0)"
        )
    engine.dispose()
    store = Store(url)  # migrates to head
    lde, maatwerk = store.read("lde"), store.read("maatwerk")
    assert lde[["organisation", "municipality", "fte", "contingent"]].values.tolist() == [
        ["Org A", "Kortrijk", 12.5, 14.0]
    ]
    assert maatwerk[["municipality", "kind", "places", "occupied"]].values.tolist() == [
        ["Kortrijk", "collectief", 100.0, 95.0]
    ]
    assert lde["nis_code"].isna().all() and maatwerk["nis_code"].isna().all()
    store.dispose()


def test_upgrade_to_0010_keys_the_inflow_summaries_by_nis_code(tmp_path) -> None:
    """Rows seeded at 0009 (two starters of the region living in Roeselare and Ieper)
    are read back unchanged, and the summaries now tell those places apart."""
    from alembic import command
    from alembic.config import Config

    from storage.engine import MIGRATIONS, make_engine

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0009")
        conn.exec_driver_sql(
            "INSERT INTO imports (id, kind, file_name, sha256, user_name, imported_at, rows, "
            "years, municipalities, warnings, changes, status, sample, first_row, last_row) "
            "VALUES (1, 'inflow', 'a.xlsx', 'x', 'ann', '2026-01-01 00:00:00', 3, '[2023]', "
            "'[]', '[]', '[]', 'active', 0, 1, 3)"
        )
        conn.exec_driver_sql(
            "INSERT INTO labels (id, value) VALUES (101, 'Kortrijk'), (102, 'Buiten W13'), "
            "(103, 'LDE'), (105, '34022'), (106, '36015'), (107, '33011')"
        )
        unknown = conn.exec_driver_sql("SELECT id FROM labels WHERE value = 'onbekend'").scalar()
        conn.exec_driver_sql(
            "INSERT INTO inflow_rows (id, import_id, year, quarter, municipality, nis_code, "
            "target_group, age_band, sex, education, inflow) VALUES "
            f"(1, 1, 2023, 1, 101, 105, 103, {unknown}, {unknown}, {unknown}, 6), "
            f"(2, 1, 2023, 1, 102, 106, 103, {unknown}, {unknown}, {unknown}, 2), "
            f"(3, 1, 2023, 2, 102, 107, 103, {unknown}, {unknown}, {unknown}, 1)"
        )
        # the summaries as 0009's writers kept them: one sum for both places outside
        conn.exec_driver_sql(
            "INSERT INTO inflow_summary (year, quarter, municipality, target_group, inflow, "
            "row_count) VALUES (2023, 1, 101, 103, 6, 1), (2023, 1, 102, 103, 2, 1), "
            "(2023, 2, 102, 103, 1, 1)"
        )
    engine.dispose()
    store = Store(url)  # migrates to head
    rows = store.read("inflow")
    assert rows[["municipality", "nis_code", "inflow"]].values.tolist() == [
        ["Kortrijk", "34022", 6], ["Buiten W13", "36015", 2], ["Buiten W13", "33011", 1]
    ]
    with store.engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("inflow_summary_month")}
    assert "nis_code" in columns
    summed = store.inflow_aggregate(["year", "municipality", "nis_code"])
    assert summed[["municipality", "nis_code", "inflow"]].values.tolist() == [
        ["Kortrijk", "34022", 6], ["Buiten W13", "36015", 2], ["Buiten W13", "33011", 1]
    ]
    assert store.inflow_aggregate(["year", "month"])["inflow"].tolist() == [9]
    store.dispose()
