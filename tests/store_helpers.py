"""Helpers for the store tests: tiny tidy frames and a fresh database per test.

Test modules import the fixtures ``store_fixture`` and ``store_url_fixture``; pytest
knows them as ``store`` and ``store_url``.

The frames are written out here from the dtypes in docs/ARCHITECTURE.md rather than made by
the loaders, so the store's tests do not depend on them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pandas as pd
import pytest
import sqlalchemy as sa

import kinds
from storage import Store

PG_ENV = "TEST_POSTGRES_URL"

INFLOW = {
    "year": "Int64",
    "month": "Int64",
    "quarter": "Int64",
    "municipality": "str",
    "nis_code": "str",
    "target_group": "str",
    "organisation": "str",
    "age_band": "str",
    "sex": "str",
    "education": "str",
    "inflow": "Int64",
}
# What a tidy inflow row says when its file does not say who flowed in.
PROFILE_MISSING = {c.name: c.missing for c in kinds.get("inflow").profiles}
LDE = {
    "year": "Int64",
    "quarter": "Int64",
    "organisation": "str",
    "municipality": "str",
    "nis_code": "str",
    "fte": "float64",
    "contingent": "float64",
}
MAATWERK = {
    "year": "Int64",
    "quarter": "Int64",
    "organisation": "str",
    "municipality": "str",
    "nis_code": "str",
    "kind": "str",
    "places": "float64",
    "occupied": "float64",
}
NIS = {"Kortrijk": "34022", "Menen": "34027", "Waregem": "34040", "Spiere-Helkijn": "34043"}


def inflow(*rows: tuple) -> pd.DataFrame:
    """Rows ``(year, month, municipality, target_group, organisation, inflow)``; month may be
    None, quarter is filled from month, NIS code from the municipality."""
    records = [
        {
            "year": y,
            "month": m,
            "quarter": None if m is None else (m - 1) // 3 + 1,
            "municipality": mun,
            "nis_code": NIS.get(mun),
            "target_group": tg,
            "organisation": org,
            "inflow": n,
        }
        for y, m, mun, tg, org, n in rows
    ]
    return _frame(records, INFLOW)


def inflow_quarters(*rows: tuple) -> pd.DataFrame:
    """Rows ``(year, quarter, municipality, target_group, organisation, inflow)``."""
    records = [
        {
            "year": y,
            "month": None,
            "quarter": q,
            "municipality": mun,
            "nis_code": NIS.get(mun),
            "target_group": tg,
            "organisation": org,
            "inflow": n,
        }
        for y, q, mun, tg, org, n in rows
    ]
    return _frame(records, INFLOW)


def lde(*rows: tuple) -> pd.DataFrame:
    """Rows ``(year, quarter, organisation, municipality, fte, contingent)``; NIS code from
    the municipality."""
    return _stock_frame(rows, LDE)


def maatwerk(*rows: tuple) -> pd.DataFrame:
    """Rows ``(year, quarter, organisation, municipality, kind, places, occupied)``; NIS
    code from the municipality."""
    return _stock_frame(rows, MAATWERK)


def _stock_frame(rows: tuple[tuple, ...], dtypes: dict[str, str]) -> pd.DataFrame:
    keys = [c for c in dtypes if c != "nis_code"]
    records = [dict(zip(keys, r, strict=True)) for r in rows]
    for record in records:
        record["nis_code"] = NIS.get(record["municipality"])
    return _frame(records, dtypes)


def _frame(records: list[dict], dtypes: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=list(dtypes))
    if dtypes is INFLOW:
        frame = frame.astype(dict.fromkeys(PROFILE_MISSING, object)).fillna(PROFILE_MISSING)
    return frame.astype(dtypes)


def do_import(
    store: Store,
    kind: str,
    frame: pd.DataFrame,
    name: str,
    *,
    user: str = "tester",
    sample: bool = False,
    force: bool = False,
) -> int:
    """Plan and apply in one go, with a sha256 derived from the name."""
    plan = store.plan_import(kind, frame, file_name=name, sha256=f"sha-{name}", sample=sample)
    return store.apply_import(plan, user=user, force=force)


def same_rows(left: pd.DataFrame, right: pd.DataFrame) -> None:
    """Assert two tidy frames hold the same rows, in any order, with the same dtypes."""
    columns = list(left.columns)
    assert list(right.columns) == columns
    assert left.dtypes.to_dict() == right.dtypes.to_dict()
    a = left.sort_values(columns, ignore_index=True)
    b = right.sort_values(columns, ignore_index=True)
    pd.testing.assert_frame_equal(a, b)


def postgres_url() -> str:
    """The test server's URL; skip locally without one, fail in CI (never silently skip)."""
    url = os.environ.get(PG_ENV)
    if not url:
        message = f"{PG_ENV} is not set: PostgreSQL store tests cannot run"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


def fresh_postgres() -> Iterator[str]:
    """A URL whose search_path is a new, empty schema; the schema is dropped afterwards."""
    base = postgres_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture(
    name="store_url",
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def store_url_fixture(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A fresh database URL per test: a SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
    else:
        yield from fresh_postgres()


@pytest.fixture(name="store")
def store_fixture(store_url: str) -> Iterator[Store]:
    """A migrated, empty store on a fresh database."""
    s = Store(store_url)
    yield s
    s.dispose()
