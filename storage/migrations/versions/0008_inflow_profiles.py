"""Inflow profiles: age band, sex and education level of every inflow row, and their
summaries.

Three label-id columns, NOT NULL like the other keys of inflow. Rows stored before this
revision did not say who flowed in: they get the label "onbekend" (added to ``labels``
when missing). Like month and organisation (migration 0006), each profile gets a summary
per year, quarter, municipality, target group and that profile, filled here from the
current rows, so a profile chart or filter reads a few thousand sums.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# A frozen snapshot: the columns, their "not given" value and the summaries' keys as they
# were at this revision.
_COLUMNS = ("age_band", "sex", "education")
_UNKNOWN = "onbekend"
_BASE = ("year", "quarter", "municipality", "target_group")


def _unknown_label(conn: sa.Connection) -> int:
    labels = sa.table("labels", sa.column("id", sa.Integer), sa.column("value", sa.Text))
    find = sa.select(labels.c.id).where(labels.c.value == _UNKNOWN)
    found = conn.execute(find).scalar()
    if found is None:
        conn.execute(sa.insert(labels).values(value=_UNKNOWN))
        found = conn.execute(find).scalar()
    return int(found)


def _summary(column: str) -> None:
    name, keys = f"inflow_summary_{column}", (*_BASE, column)
    op.create_table(
        name,
        *(sa.Column(k, sa.Integer, primary_key=True, autoincrement=False) for k in keys),
        sa.Column("inflow", sa.BigInteger, nullable=False),
        sa.Column("row_count", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    columns = ", ".join(keys)
    values = ", ".join(f"COALESCE({k}, 0)" for k in keys)
    op.execute(
        f"INSERT INTO {name} ({columns}, inflow, row_count) "
        f"SELECT {values}, SUM(inflow), COUNT(*) FROM inflow_rows "
        f"WHERE superseded_by IS NULL GROUP BY {values}"
    )


def upgrade() -> None:
    unknown = _unknown_label(op.get_bind())
    with op.batch_alter_table("inflow_rows") as batch:
        for name in _COLUMNS:
            # The existing rows take the default while the column is added; it is dropped
            # again, so every writer states the value.
            batch.add_column(
                sa.Column(name, sa.Integer, nullable=False, server_default=str(unknown))
            )
    with op.batch_alter_table("inflow_rows") as batch:
        for name in _COLUMNS:
            batch.alter_column(
                name, server_default=None, existing_type=sa.Integer, existing_nullable=False
            )
    for name in _COLUMNS:
        _summary(name)


def downgrade() -> None:
    for name in _COLUMNS:
        op.drop_table(f"inflow_summary_{name}")
    with op.batch_alter_table("inflow_rows") as batch:
        for name in _COLUMNS:
            batch.drop_column(name)
