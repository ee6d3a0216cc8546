"""Tables of the store and the tidy columns each dataset kind keeps.

The tidy shapes are the contract of docs/ARCHITECTURE.md. Every data row carries the
import that brought it (``import_id``) and, once replaced, the import that replaced it
(``superseded_by``); a row is *current* while ``superseded_by`` is NULL. An undone import
marks its own rows with its own id, so nothing is ever deleted and undo is exact.

Text columns of the data rows are dictionary-encoded: they hold ids into ``labels``.

The migrations in ``storage/migrations/versions`` create these tables; a test checks that
the migrated database and this module agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

import kinds

KINDS: tuple[str, ...] = kinds.NAMES

metadata = sa.MetaData()


@dataclass(frozen=True)
class Column:
    """One tidy column: its name and pandas dtype."""

    name: str
    dtype: str  # "Int64", "float64" or "str"


# NOTE: every per-kind fact comes from the kinds' declarations (one source of truth).
# The tidy columns' order is the order ``Store.read`` returns.
TIDY: dict[str, tuple[Column, ...]] = {
    kind.name: tuple(
        Column(spec.name, "str" if spec.dtype == "string" else spec.dtype)
        for spec in kind.columns
    )
    for kind in kinds.KINDS
}

# The columns that identify a row (the rest are measures), per kind.
KEYS: dict[str, tuple[str, ...]] = {kind.name: kind.keys for kind in kinds.KINDS}

# The kind kept in ``inflow_summary`` and ``inflow_organisations`` (the million-row flow).
SUMMARISED: str = kinds.summarised().name

_SQL_TYPES = {"Int64": sa.Integer, "float64": sa.Float}

# Text values, stored once; data rows refer to them by id (see ``storage.labels``).
labels = sa.Table(
    "labels",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("value", sa.Text, nullable=False, unique=True),
)

imports = sa.Table(
    "imports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("user_name", sa.Text, nullable=False),
    sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("years", sa.JSON, nullable=False),
    sa.Column("municipalities", sa.JSON, nullable=False),
    sa.Column("warnings", sa.JSON, nullable=False),
    sa.Column("changes", sa.JSON, nullable=False),
    # active | superseded (every row replaced later) | undone | removed (sample data) |
    # refused (an upload the loaders refused: no rows; ``warnings`` holds why)
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("sample", sa.Boolean, nullable=False),
    sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("undone_by", sa.Text, nullable=True),
    # The ids of the import's rows form one run (written in one transaction under the write
    # lock): lookups of an import's rows seek this range on the primary key (migration 0003).
    sa.Column("first_row", sa.Integer, nullable=True),
    sa.Column("last_row", sa.Integer, nullable=True),
    sa.Index("ix_imports_sha256", "sha256"),
    sa.Index("ix_imports_kind_status", "kind", "status"),
)

# One row; ``version`` is bumped first thing in every write transaction. On PostgreSQL that
# UPDATE takes the row lock which serialises writers; SQLite serialises with BEGIN IMMEDIATE.
store_meta = sa.Table(
    "store_meta",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
)


def _data_column(kind: str, column: Column) -> sa.Column:
    nullable = column.name not in kinds.get(kind).not_null
    if column.dtype == "str":
        # NOTE: a text column holds the id of its value in ``labels``. No foreign key: the
        # writer adds labels before rows under the write lock, and a key check per column
        # per row would cost a fifth of the bulk insert on SQLite.
        return sa.Column(column.name, sa.Integer, nullable=nullable)
    return sa.Column(column.name, _SQL_TYPES[column.dtype], nullable=nullable)


def _data_table(kind: str) -> sa.Table:
    spec = kinds.get(kind)
    filter_columns = spec.filter_columns
    current = sa.text("superseded_by IS NULL")
    replaced = sa.text("superseded_by IS NOT NULL")
    return sa.Table(
        f"{kind}_rows",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        # NOTE: on PostgreSQL these two keys are checked once per statement by triggers
        # instead (migration 0009): a foreign key there costs a lookup per row written.
        sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id"), nullable=False),
        sa.Column("superseded_by", sa.Integer, sa.ForeignKey("imports.id"), nullable=True),
        *(_data_column(kind, c) for c in TIDY[kind]),
        # NOTE: no import index on the summarised kind's rows (inflow): its upkeep cost
        # about a sixth of a million-row import; an import's rows are found by its id range.
        *([] if spec.summary_keys else [sa.Index(f"ix_{kind}_import", "import_id")]),
        # NOTE: partial indexes: filters only ever look at current rows, and new rows never
        # enter the "replaced" index, so bulk inserts pay for one filter index at most.
        *(
            [sa.Index(f"ix_{kind}_current", *filter_columns, sqlite_where=current,
                      postgresql_where=current)]
            if filter_columns else []
        ),
        sa.Index(
            f"ix_{kind}_superseded",
            "superseded_by",
            sqlite_where=replaced,
            postgresql_where=replaced,
        ),
    )


# Each kind's index of current rows is on its ``filter_columns``: LDE and maatwerk are
# small and indexed on what the pages filter on. Inflow has none: the pages read inflow
# from ``inflow_summary`` or one aggregate scan, and the writes find current rows of some
# years through the id ranges of the imports covering them (``storage.writes.live_ranges``).
# NOTE: a four-column index cost about half of a million-row import's CPU time (migration
# 0002 cut it to year only), the year index still a sixth (migration 0004 dropped it).
DATA: dict[str, sa.Table] = {kind: _data_table(kind) for kind in KINDS}

@dataclass(frozen=True)
class Summary:
    """A table of the summarised kind's measures summed per ``keys`` over current rows.

    Every key column is an integer, 0 where the row has no value (a text column holds its
    label id, as in the rows), so the keys form a primary key and the writes keep the sums
    in step with set-based SQL (``storage.summary``).
    """

    table: sa.Table
    keys: tuple[str, ...]
    measures: tuple[str, ...]

    def covers(self, columns: set[str] | frozenset[str]) -> bool:
        return columns <= set(self.keys)


def _summary(keys: tuple[str, ...], name: str) -> Summary:
    spec = kinds.get(SUMMARISED)
    measure_types = {"Int64": sa.BigInteger, "float64": sa.Float}
    table = sa.Table(
        name,
        metadata,
        *(sa.Column(k, sa.Integer, primary_key=True, autoincrement=False) for k in keys),
        *(sa.Column(m, measure_types[spec.column(m).dtype], nullable=False)
          for m in spec.measures),
        sa.Column("row_count", sa.Integer, nullable=False),
        # NOTE: SQLite keeps the rows in their key's b-tree: one tree to update, not two.
        sqlite_with_rowid=False,
    )
    return Summary(table, keys, spec.measures)


SUMMARY_KEYS: tuple[str, ...] = kinds.get(SUMMARISED).summary_keys

# The summaries of the summarised kind (inflow), smallest first: its ``summary_keys`` (the
# pages' yearly views), then those keys plus each of its ``detail_keys`` (month,
# organisation), so a detail view reads a few thousand sums instead of a million rows.
# Kept in step by every write (migration 0006).
SUMMARIES: tuple[Summary, ...] = (
    _summary(SUMMARY_KEYS, f"{SUMMARISED}_summary"),
    *(
        _summary((*SUMMARY_KEYS, detail), f"{SUMMARISED}_summary_{detail}")
        for detail in kinds.get(SUMMARISED).detail_keys
    ),
)

# Every editor login attempt (migration 0005): when, from which client address, the name
# typed (for the log; never the password) and the outcome: "ok", "failed" (wrong
# password) or "refused" (made while locked, not checked). Failures since the last "ok"
# of an account or a client address set its lockout (``storage.logins``).
login_attempts = sa.Table(
    "login_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("client", sa.String(64), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Index("ix_login_attempts_account", "account", "outcome", "id"),
    sa.Index("ix_login_attempts_client", "client", "outcome", "id"),
)
