"""The stored rows an import replaces, selected by the database in one statement.

``scope.cover`` reduces a file to one bit mask per year and entity (a few thousand rows
for a million-row file). ``covering`` writes those masks into a temporary table and gives
the condition "this stored row is replaced": the row's own bits (``scope.row_bits``,
computed here in SQL) share one with the mask of its year and entity (for region totals
also with the masks of ``scope.Cover.stripped``). The preview sums the rows on both sides
of that condition (``partials``) and the import marks them with one UPDATE, so no stored
row passes through Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa

import kinds
from storage import labels, scope
from storage.fetch import matrix
from storage.schema import DATA

_COVER = "w13_cover"
_STRIPPED = "w13_cover_stripped"
_MISSING = 0  # a part without a value (label ids start at 1)
_UNKNOWN = -1  # a text no stored row has: matches nothing


def _one(bit_offset: int, value: sa.ColumnElement) -> sa.ColumnElement:
    return sa.literal(1).bitwise_lshift(value + bit_offset)


def row_bits(table: sa.Table) -> sa.ColumnElement:
    """``scope.row_bits`` in SQL, for every stored row of ``table``."""
    month = table.c.month if "month" in table.c else None
    quarter = table.c.quarter
    if month is not None:
        quarter = sa.func.coalesce(quarter, (month - 1) // 3 + 1)
        within = sa.case(
            (month.is_(None), _one(scope.MONTHS_OF_QUARTER_BIT, quarter)),
            else_=_one(scope.MONTH_BIT, month),
        )
    else:
        within = _one(scope.MONTHS_OF_QUARTER_BIT, quarter)
    dated = _one(scope.QUARTER_BIT, quarter).bitwise_or(within)
    return sa.literal(scope.ALL_PERIODS).bitwise_or(
        sa.case((quarter.is_(None), scope.COARSER), else_=dated)
    )


def _part_value(table: sa.Table, part: scope.EntityPart) -> sa.ColumnElement:
    value = sa.func.coalesce(table.c[part.column], _MISSING)
    if part.fallback_of is None:
        return value
    return sa.case((table.c[part.fallback_of].is_(None), value), else_=_MISSING)


@dataclass(frozen=True)
class Covered:
    """A file's cover in temporary tables, related to the stored rows of its kind."""

    source: sa.FromClause  # the rows, joined to the cover where that is cheaper
    hit: sa.ColumnElement[bool]  # the row is replaced (on ``source``)
    looked_up: sa.ColumnElement[bool]  # the same on the rows alone (subqueries)

    def mark(
        self, conn: sa.Connection, kind: str, where: sa.ColumnElement[bool], import_id: int
    ) -> int:
        """Point the replaced rows matching ``where`` at ``import_id``; how many they were.

        NOTE: SQLite runs an UPDATE … FROM by first materialising the join; a lookup
        per row costs a quarter less.
        """
        table = DATA[kind]
        update = sa.update(table).where(where, self.looked_up).values(superseded_by=import_id)
        return int(conn.execute(update).rowcount)

    def partials(
        self, conn: sa.Connection, kind: str, where: sa.ColumnElement[bool]
    ) -> pd.DataFrame:
        """``scope.partials`` of the rows matching ``where``, split by replaced or not."""
        return partials(conn, kind, where, self.hit, self.source)


def _temporary(
    conn: sa.Connection, name: str, names: list[str], masks: pd.DataFrame,
    known: dict[str, int],
) -> sa.Table:
    """The masks in a temporary table keyed by year and ``names`` (as label ids)."""
    table = sa.Table(
        name, sa.MetaData(),
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        *(sa.Column(n, sa.Integer, primary_key=True, autoincrement=False) for n in names),
        sa.Column("mask", sa.Integer, nullable=False),
        prefixes=["TEMPORARY"],
        sqlite_with_rowid=False,
    )
    conn.execute(sa.text(f"DROP TABLE IF EXISTS {name}"))
    table.create(conn)
    records = pd.DataFrame({"year": masks["year"].astype("int64"), "mask": masks["mask"]})
    for column in names:
        records[column] = [
            _MISSING if pd.isna(v) else known.get(v, _UNKNOWN)
            for v in masks[column].astype(object).tolist()
        ]
    # NOTE: two unknown texts both become _UNKNOWN; their masks merge, matching nothing.
    if names:
        records = records.groupby(["year", *names], as_index=False)["mask"].agg(
            np.bitwise_or.reduce
        )
    conn.execute(sa.insert(table), records.to_dict("records"))
    return table


def _lookup(cover: sa.Table, on: sa.ColumnElement[bool]) -> sa.ColumnElement:
    """The mask of the cover row matching ``on`` (0 for none), one subquery per row."""
    return sa.func.coalesce(sa.select(cover.c.mask).where(on).scalar_subquery(), 0)


@contextmanager
def covering(conn: sa.Connection, kind: str, cover: scope.Cover) -> Iterator[Covered]:
    """The file's ``cover`` (``scope.cover``) related to the rows of ``kind``, usable
    while the block runs (it lives in temporary tables)."""
    names = [p.column for p in cover.parts]
    known = {text: i for i, text in labels.load(conn).items()} if names else {}
    table = _temporary(conn, _COVER, names, cover.masks, known)
    rows = DATA[kind]
    bits = row_bits(rows)
    same = [table.c[p.column] == _part_value(rows, p) for p in cover.parts]
    on = sa.and_(table.c.year == rows.c.year, *same)
    looked_up = _lookup(table, on)
    try:
        if cover.stripped is None:
            source, mask = rows.outerjoin(table, on), sa.func.coalesce(table.c.mask, 0)
        else:
            # Region totals: the file's totals count against every row of their year and
            # ``within`` group, the file stripped of its entities against every stored
            # total. NOTE: maatwerk is small; plain subqueries do.
            within = [c for c in names if c in kinds.get(kind).scope.within]
            entities = [c for c in names if c not in within]
            group = [table.c[c] == sa.func.coalesce(rows.c[c], _MISSING) for c in within]
            totals = _lookup(table, sa.and_(
                table.c.year == rows.c.year, *group, *(table.c[c] == _MISSING for c in entities)
            ))
            stripped = _temporary(conn, _STRIPPED, within, cover.stripped, known)
            group = [stripped.c[c] == sa.func.coalesce(rows.c[c], _MISSING) for c in within]
            as_total = sa.case(
                (sa.or_(*(rows.c[c].is_not(None) for c in entities)), 0),
                else_=_lookup(stripped, sa.and_(stripped.c.year == rows.c.year, *group)),
            )
            looked_up = looked_up.bitwise_or(totals).bitwise_or(as_total)
            source, mask = rows, looked_up
        yield Covered(source, bits.bitwise_and(mask) != 0, bits.bitwise_and(looked_up) != 0)
    finally:
        for temporary in (_COVER, _STRIPPED):
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {temporary}"))


def partials(
    conn: sa.Connection, kind: str, where: sa.ColumnElement[bool],
    replaced: sa.ColumnElement[bool], source: sa.FromClause | None = None,
) -> pd.DataFrame:
    """``scope.partials`` of the rows matching ``where`` (in ``source``, the rows by
    default), split by ``replaced`` (a boolean column of the same name), summed by the
    database."""
    table = DATA[kind]
    keys = scope.partial_keys(kind)
    measures = list(kinds.get(kind).headline_measures)
    flag = sa.case((replaced, 1), else_=0)
    group = [*(table.c[k] for k in keys), flag]
    query = (
        sa.select(*group, sa.func.count(), *(sa.func.sum(table.c[m]) for m in measures))
        .select_from(table if source is None else source)
        .where(where)
        .group_by(*group)
    )
    names = [*keys, "replaced", "rows", *measures]
    values = matrix(conn, query, len(names))
    frame = pd.DataFrame(values, columns=names)
    text = [k for k in keys if k in labels.text_columns(kind)]
    if text and len(frame):
        mapping = labels.load(conn)
        for column in text:
            frame[column] = frame[column].map(
                lambda v: None if pd.isna(v) else mapping[int(v)]
            )
    frame["replaced"] = frame["replaced"].astype(bool)
    return scope.normalise_partials(kind, frame)
