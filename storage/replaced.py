"""The stored rows an import replaces, selected by the database in one statement.

``scope.cover`` reduces a file to one bit mask per year and entity (a few thousand rows
for a million-row file). ``covering`` writes those masks into a temporary table and gives
the condition "this stored row is replaced": the row's own bits (``scope.row_bits``,
computed here in SQL) share one with the mask of its year and entity (for region totals
also with the masks of ``scope.Cover.stripped``). The preview sums the rows on both sides
of that condition (``partials``) and the import marks them with one UPDATE, so no stored
row passes through Python. Where the summaries already decide every group of stored rows
(all replaced or none), the preview sums those instead of the rows (``Covered.summed``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa

import kinds
from storage import labels, scope
from storage.fetch import matrix
from storage.schema import DATA, SUMMARISED, Summary
from storage.summary import smallest

_COVER = "w13_cover"
_STRIPPED = "w13_cover_stripped"
_MISSING = 0  # a part without a value (label ids start at 1)
_UNKNOWN = -1  # a text no stored row has: matches nothing
_PERIODS = "w13_cover_periods"


def row_types(quarter: int, months: Iterable[int]) -> list[int]:
    """The bits (``scope.row_bits``, less ``ALL_PERIODS``) of stored rows of this quarter
    (0: none) with each of ``months`` (0: none): a summary keeps quarters and months."""
    types = []
    for month in months:
        if quarter:
            within = (scope.MONTH_BIT + month if month
                      else scope.MONTHS_OF_QUARTER_BIT + quarter)
            types.append(1 << (scope.QUARTER_BIT + quarter) | 1 << within)
        elif month:  # a month without its quarter
            derived = (month - 1) // 3 + 1
            types.append(1 << (scope.QUARTER_BIT + derived) | 1 << (scope.MONTH_BIT + month))
        else:
            types.append(scope.COARSER)
    return types


def _decided(mask: int, types: list[int]) -> bool:
    """Whether ``mask`` replaces all rows of these ``row_types`` or none of them."""
    hits = [bool(mask & t) for t in types]
    return bool(mask & scope.ALL_PERIODS) or all(hits) or not any(hits)


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
    table: sa.Table  # the cover: year, the entity's parts, mask
    cover: scope.Cover

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

    def summed(
        self, conn: sa.Connection, kind: str, years: tuple[int, ...]
    ) -> pd.DataFrame | None:
        """``partials`` of every current row of ``years``, from the summaries instead of
        the rows; None where they cannot tell (then sum the rows).

        The summary holding the cover's parts gives sums per year, entity and quarter; the
        month summary gives which months each year and quarter holds. A group is decided
        when the mask of its year and entity replaces all of those months or none; a
        month replaced in one entity and kept in another leaves it undecided. Rows set
        aside (the sample's) are in the summaries too: leave them out by summing rows.
        """
        found, months = self._summaries(kind)
        if found is None or months is None:
            return None
        held = pd.DataFrame(
            conn.execute(
                sa.select(months.table.c.year, months.table.c.quarter, months.table.c.month)
                .distinct().where(months.table.c.year.in_([int(y) for y in years]),
                                  months.table.c.row_count != 0)
            ).all(),
            columns=["year", "quarter", "month"],
        )
        types = {(int(y), int(q)): row_types(int(q), g["month"].tolist())
                 for (y, q), g in held.groupby(["year", "quarter"])}
        masks = self.cover.masks.groupby("year")["mask"].unique()
        if not all(_decided(int(m), t) for (y, _), t in types.items()
                   for m in masks.get(y, ())):
            return None
        periods = pd.DataFrame(
            [(y, q, scope.ALL_PERIODS | np.bitwise_or.reduce(t)) for (y, q), t in types.items()],
            columns=["year", "quarter", "bits"],
        ).astype("int64")
        table = found.table
        bits = _periods(conn, periods)
        mask = sa.func.coalesce(self.table.c.mask, 0)
        replaced = sa.case((bits.c.bits.is_(None), 2),
                           (mask.bitwise_and(bits.c.bits) != 0, 1), else_=0)
        on = sa.and_(self.table.c.year == table.c.year,
                     *(self.table.c[p.column] == table.c[p.column] for p in self.cover.parts))
        measures = list(kinds.get(kind).headline_measures)
        query = (
            sa.select(table.c.year, replaced, sa.func.sum(table.c.row_count),
                      *(sa.func.sum(table.c[m]) for m in measures))
            .select_from(
                table.outerjoin(bits, sa.and_(bits.c.year == table.c.year,
                                              bits.c.quarter == table.c.quarter))
                .outerjoin(self.table, on)
            )
            .where(table.c.year.in_([int(y) for y in years]), table.c.row_count != 0)
            .group_by(table.c.year, replaced)
        )
        try:
            frame = pd.DataFrame(conn.execute(query).all(),
                                 columns=["year", "replaced", "rows", *measures])
        finally:
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {_PERIODS}"))
        if (frame["replaced"] == 2).any():  # the summaries disagree: sum the rows
            return None
        frame["replaced"] = frame["replaced"] == 1
        return scope.normalise_partials(kind, frame)

    def _summaries(self, kind: str) -> tuple[Summary | None, Summary | None]:
        """The smallest summary holding every part of the cover, and the month summary,
        where their sums stand for the rows: the summarised kind, yearly partials, plain
        entity parts, no region totals."""
        plain = all(p.fallback_of is None for p in self.cover.parts)
        if (kind != SUMMARISED or scope.partial_keys(kind) != ["year"] or not plain
                or self.cover.stripped is not None):
            return None, None
        return (smallest(["year", "quarter", *(p.column for p in self.cover.parts)]),
                smallest(["year", "quarter", "month"]))


def _periods(conn: sa.Connection, periods: pd.DataFrame) -> sa.Table:
    """``periods`` (year, quarter, bits) in a temporary table."""
    table = sa.Table(
        _PERIODS, sa.MetaData(),
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("quarter", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("bits", sa.Integer, nullable=False),
        prefixes=["TEMPORARY"],
    )
    conn.execute(sa.text(f"DROP TABLE IF EXISTS {_PERIODS}"))
    table.create(conn)
    if len(periods):
        conn.execute(sa.insert(table), periods.to_dict("records"))
    return table


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
        yield Covered(source, bits.bitwise_and(mask) != 0, bits.bitwise_and(looked_up) != 0,
                      table, cover)
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
