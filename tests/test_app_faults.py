"""Faults in Dutch: the database unreachable, a read-only file, a full disk, a lock held
too long. Visitors get a Dutch explanation instead of Streamlit's English error box,
the rest of the dashboard keeps working where it can, the server log keeps the
traceback, and the stored data stay exactly as they were.

The faults are real: a PostgreSQL port nobody listens on, SQLite opened read-only,
SQLite's own "database or disk is full" (its page limit set to the file's size, as a
full disk would stop it), and a second connection holding the write lock or a table
lock past a shortened lock timeout.
"""

from __future__ import annotations

import logging
import sqlite3

import pandas as pd
import pytest
import sqlalchemy as sa
from app_support import app, charts, navigation_over_pages_folder, seed  # noqa: F401
from store_helpers import fresh_postgres
from test_app_gegevens import button, inflow_2022, upload, workbook

from storage import Store
from storage.faults import MESSAGES

ENGLISH = "This app has encountered an error"


@pytest.fixture(autouse=True)
def _clean_config(monkeypatch):
    monkeypatch.delenv("W13_EDITOR_PASSWORD_HASH", raising=False)


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def assert_dutch(at, code: str) -> None:
    """One Dutch explanation of fault ``code``, no exception box."""
    assert not at.exception, [e.value for e in at.exception]
    assert errors(at).count(MESSAGES[code]) == 1, errors(at)
    assert not [e for e in errors(at) if ENGLISH in e]


def logged(caplog, code: str) -> logging.LogRecord:
    """The server-log record of fault ``code``, with its traceback."""
    found = [r for r in caplog.records if r.name == "w13.faults" and f"({code})" in r.message]
    assert found, caplog.text[-2000:]
    assert found[0].exc_info is not None  # the traceback goes to the log
    return found[0]


def snapshot(url: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    store = Store(url)
    try:
        return store.import_log()[["id", "file_name", "status"]], store.read("inflow")
    finally:
        store.dispose()


def big_inflow() -> bytes:
    """Inflow of 2022 for 3,000 organisations: more than fits in a database's free space."""
    places = ["Kortrijk", "Menen", "Wevelgem"]
    rows = [
        [2022, places[i % 3], "Collectief maatwerk", f"Organisatie {i}", 1] for i in range(3000)
    ]
    return workbook(rows)


def try_import(url: str, content: bytes | None = None):
    """Open Gegevens, upload a workbook and confirm its import."""
    at = app().run()
    at.switch_page("pages/gegevens.py").run()
    upload(at, ("instroom-2022.xlsx", content or inflow_2022()))
    button(at, "Importeren").click().run()
    button(at, "Bevestigen en importeren").click().run()
    return at


def test_an_unreachable_database_is_explained_in_dutch_on_every_page(monkeypatch, caplog):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://w13:w13@127.0.0.1:1/w13")
    at = app().run()
    assert_dutch(at, "unreachable")
    at.switch_page("pages/instroom.py").run()  # another page: the same explanation
    assert_dutch(at, "unreachable")
    record = logged(caplog, "unreachable")
    assert "OperationalError" in logging.Formatter().formatException(record.exc_info)


def test_a_read_only_database_still_shows_the_charts_and_refuses_imports_in_dutch(
    tmp_path, monkeypatch, caplog
):
    path = tmp_path / "w13.sqlite"
    seed(f"sqlite:///{path}")
    before = snapshot(f"sqlite:///{path}")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///file:{path}?mode=ro&uri=true")
    at = app().run()
    assert not errors(at) and "overzicht.instroom" in charts(at)  # reading works
    at = try_import(f"sqlite:///{path}")
    assert_dutch(at, "read_only")
    logged(caplog, "read_only")
    after = snapshot(f"sqlite:///{path}")
    pd.testing.assert_frame_equal(before[0], after[0])
    pd.testing.assert_frame_equal(before[1], after[1])


def test_a_full_disk_stops_an_import_whole_with_a_dutch_explanation(tmp_path, monkeypatch, caplog):
    url = f"sqlite:///{tmp_path / 'w13.sqlite'}"
    seed(url)
    before = snapshot(url)
    original = Store.__init__

    def full_disk(self, url=None):
        original(self, url)

        # SQLite's own "database or disk is full": no page beyond the file's size.
        @sa.event.listens_for(self.engine, "connect")
        def _limit(dbapi_connection, _record):
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        self.engine.dispose()

    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(Store, "__init__", full_disk)
    at = try_import(url, big_inflow())
    assert_dutch(at, "disk_full")
    logged(caplog, "disk_full")
    monkeypatch.setattr(Store, "__init__", original)
    after = snapshot(url)
    pd.testing.assert_frame_equal(before[0], after[0])
    pd.testing.assert_frame_equal(before[1], after[1])


def test_a_write_lock_held_too_long_is_explained_and_reading_goes_on(tmp_path, monkeypatch, caplog):
    path = tmp_path / "w13.sqlite"
    url = f"sqlite:///{path}"
    seed(url)
    before = snapshot(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr("storage.engine.BUSY_TIMEOUT_S", 1)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process keeps the write lock
    try:
        at = app().run()
        assert not errors(at) and "overzicht.instroom" in charts(at)  # readers never wait
        at = try_import(url)
        assert_dutch(at, "busy")
    finally:
        other.execute("ROLLBACK")
        other.close()
    logged(caplog, "busy")
    after = snapshot(url)
    pd.testing.assert_frame_equal(before[0], after[0])
    pd.testing.assert_frame_equal(before[1], after[1])


@pytest.mark.postgres
def test_a_postgresql_table_lock_held_too_long_is_explained(monkeypatch, caplog):
    for url in fresh_postgres():
        seed(url)
        monkeypatch.setenv("DATABASE_URL", url)
        monkeypatch.setattr("storage.engine.BUSY_TIMEOUT_S", 1)
        locker = sa.create_engine(url)
        with locker.connect() as conn:
            conn.exec_driver_sql("LOCK TABLE store_meta IN ACCESS EXCLUSIVE MODE")
            at = app().run()  # every page reads the store version first
            assert_dutch(at, "busy")
            conn.rollback()
        locker.dispose()
        logged(caplog, "busy")
        assert not errors(app().run())  # the lock is gone: the page works again
