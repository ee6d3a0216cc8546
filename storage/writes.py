"""Steps of the store's write transactions, each on one connection inside the write lock."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import pandas as pd
import sqlalchemy as sa

from storage import summary
from storage.schema import DATA, SUMMARISED, imports

LIVE = ("active", "superseded")


def current_in_years(
    conn: sa.Connection, kind: str, years: Sequence[int], exclude: Sequence[int] = ()
) -> sa.ColumnElement[bool] | None:
    """The condition "a current row of ``kind`` in ``years``" (not of the imports
    ``exclude``), seeking the id ranges of the live imports covering those years; None
    when no live import covers them (there are no such rows)."""
    table = DATA[kind]
    ranges = live_ranges(conn, kind, years)
    if not ranges:
        return None
    condition = sa.and_(
        sa.or_(*(table.c.id.between(first, last) for first, last in ranges)),
        table.c.superseded_by.is_(None),
        table.c.year.in_([int(y) for y in years]),
    )
    if exclude:
        condition = sa.and_(condition, table.c.import_id.not_in([int(i) for i in exclude]))
    return condition


def live_imports(conn: sa.Connection, kind: str, years: Sequence[int]) -> list[int]:
    """The live imports of ``kind`` covering any of ``years`` (whose rows an import of
    those years may replace)."""
    wanted = {int(y) for y in years}
    found = conn.execute(
        sa.select(imports.c.id, imports.c.years).where(
            imports.c.kind == kind, imports.c.status.in_(LIVE)
        )
    ).all()
    return [int(i) for i, covered in found if wanted & set(covered)]


def live_ranges(conn: sa.Connection, kind: str, years: Sequence[int]) -> list[tuple[int, int]]:
    """Merged row-id ranges of the live imports of ``kind`` that cover any of ``years``.

    Only live imports have current rows, and an import's rows lie in its recorded range and
    its recorded years: seeking these ranges on the primary key replaces an index on year,
    whose upkeep cost a sixth of a million-row inflow import (migration 0004).
    """
    wanted = {int(y) for y in years}
    found = conn.execute(
        sa.select(imports.c.years, imports.c.first_row, imports.c.last_row).where(
            imports.c.kind == kind, imports.c.status.in_(LIVE), imports.c.first_row.is_not(None)
        )
    ).all()
    spans = sorted((first, last) for covered, first, last in found if wanted & set(covered))
    merged: list[tuple[int, int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def active_with_sha(conn: sa.Connection, sha256: str) -> int | None:
    """The earliest active import of the same file, if any."""
    return conn.execute(
        sa.select(sa.func.min(imports.c.id)).where(
            imports.c.sha256 == sha256, imports.c.status == "active"
        )
    ).scalar_one()


def changes_json(changes: pd.DataFrame) -> list[dict]:
    """The table as JSON records for the log (NaN → null)."""
    return json.loads(changes.to_json(orient="records"))


def withdraw(conn: sa.Connection, kind: str, ids: list[int], *, status: str, user: str) -> None:
    """Take imports' current rows out and bring back the live rows they had replaced.

    Real imports bring back real rows only; the sample data a real import set aside come
    back once no real import is left (``restore_sample``), never beside real data.
    """
    table = DATA[kind]
    flags = conn.execute(sa.select(imports.c.sample).where(imports.c.id.in_(ids))).scalars()
    sample = any(flags)
    own_current = sa.and_(own_rows(conn, kind, ids), table.c.superseded_by.is_(None))
    live_imports = sa.select(imports.c.id).where(
        imports.c.status.in_(LIVE), ~imports.c.id.in_(ids), imports.c.sample.is_(sample)
    )
    restorable = sa.and_(table.c.superseded_by.in_(ids), table.c.import_id.in_(live_imports))
    restored = conn.execute(
        sa.select(table.c.import_id).distinct().where(restorable)
    ).scalars().all()
    supersede(conn, kind, restorable, None)
    supersede(conn, kind, own_current, table.c.import_id)
    conn.execute(
        sa.update(imports).where(imports.c.id.in_(ids)).values(
            status=status, undone_at=dt.datetime.now(dt.UTC), undone_by=user
        )
    )
    refresh_status(conn, kind, list(restored))
    if not sample:
        restore_sample(conn)


def supersede(
    conn: sa.Connection, kind: str, where: sa.ColumnElement[bool], by: object
) -> None:
    """Point ``superseded_by`` of the rows matching ``where`` at ``by`` (None: current
    again), keeping the inflow summary in step."""
    table = DATA[kind]
    if kind == SUMMARISED:  # the rows' sums move before the rows do
        summary.add_rows(conn, where, 1 if by is None else -1)
    conn.execute(sa.update(table).where(where).values(superseded_by=by))


def sample_imports(
    conn: sa.Connection, statuses: Sequence[str] = ("active",)
) -> dict[str, list[int]]:
    """The sample imports per kind with one of ``statuses``; the active ones are the
    sample data shown (and a real import sets aside)."""
    rows = conn.execute(
        sa.select(imports.c.kind, imports.c.id)
        .where(imports.c.sample.is_(True), imports.c.status.in_(statuses))
        .order_by(imports.c.id)
    ).all()
    found: dict[str, list[int]] = {}
    for kind, import_id in rows:
        found.setdefault(kind, []).append(int(import_id))
    return found


def set_aside_sample(conn: sa.Connection, held: dict[str, list[int]], import_id: int) -> None:
    """Mark every current row of the sample imports ``held`` (all kinds) as replaced by
    the real import ``import_id``: sample and real data never mix, and undo brings the
    sample rows back exactly."""
    for kind, ids in held.items():
        table = DATA[kind]
        supersede(
            conn, kind, sa.and_(own_rows(conn, kind, ids), table.c.superseded_by.is_(None)),
            import_id,
        )
        refresh_status(conn, kind, ids)


def restore_sample(conn: sa.Connection) -> None:
    """Once no real import is live, the sample rows real imports set aside come back."""
    live_real = conn.execute(
        sa.select(sa.func.count()).where(
            imports.c.sample.is_(False), imports.c.status.in_(LIVE)
        )
    ).scalar_one()
    if live_real:
        return
    real = sa.select(imports.c.id).where(imports.c.sample.is_(False))
    for kind, ids in sample_imports(conn, LIVE).items():
        table = DATA[kind]
        supersede(
            conn, kind, sa.and_(own_rows(conn, kind, ids), table.c.superseded_by.in_(real)), None
        )
        refresh_status(conn, kind, ids)


def last_row_id(conn: sa.Connection, kind: str) -> int:
    """The highest row id of ``kind`` so far (0 for none): new rows get higher ids."""
    table = DATA[kind]
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one())


def record_rows(conn: sa.Connection, kind: str, import_id: int, after: int) -> None:
    """Store the id range of the rows an import just wrote (every id above ``after``).

    Under the write lock nobody else adds rows, so the range holds exactly this import's.
    """
    table = DATA[kind]
    # NOTE: two seeks; SQLite answers MIN/MAX under a WHERE by scanning the whole range.
    first = conn.execute(
        sa.select(table.c.id).where(table.c.id > after).order_by(table.c.id).limit(1)
    ).scalar_one_or_none()
    last = conn.execute(sa.select(sa.func.max(table.c.id))).scalar_one()
    conn.execute(
        sa.update(imports).where(imports.c.id == import_id).values(first_row=first, last_row=last)
    )


def own_rows(conn: sa.Connection, kind: str, ids: Sequence[int]) -> sa.ColumnElement[bool]:
    """The rows the imports ``ids`` wrote, found by their id ranges (a primary-key seek).

    ``import_id`` is checked too, so the condition is exact whatever the ranges.
    """
    table = DATA[kind]
    ranges = conn.execute(
        sa.select(imports.c.first_row, imports.c.last_row).where(
            imports.c.id.in_(list(ids)), imports.c.first_row.is_not(None)
        )
    ).all()
    if not ranges:
        return sa.false()
    return sa.and_(
        sa.or_(*(table.c.id.between(first, last) for first, last in ranges)),
        table.c.import_id.in_(list(ids)),
    )


def refresh_status(conn: sa.Connection, kind: str, ids: list[int]) -> None:
    """Live imports with no current rows left are "superseded"; with some, "active"."""
    if not ids:
        return
    table = DATA[kind]
    has_current = (
        sa.select(table.c.id)
        .where(
            table.c.id.between(imports.c.first_row, imports.c.last_row),
            table.c.import_id == imports.c.id,
            table.c.superseded_by.is_(None),
        )
        .exists()
    )
    conn.execute(
        sa.update(imports)
        .where(imports.c.id.in_([int(i) for i in ids]), imports.c.status.in_(LIVE))
        .values(status=sa.case((has_current, "active"), else_="superseded"))
    )


