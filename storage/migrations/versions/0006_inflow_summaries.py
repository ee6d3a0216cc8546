"""Inflow summaries on label ids, one per detail view: month and organisation.

``inflow_summary`` held its municipality and target group as text and
``inflow_organisations`` only counted rows per organisation, so the month and organisation
views summed a million rows on first use. The summaries now hold every key as an integer
(a text column's label id, 0 for no value), which lets every write keep them in step with
set-based SQL: ``inflow_summary`` per year, quarter, municipality and target group, and the
same keys plus month (``inflow_summary_month``) or organisation
(``inflow_summary_organisation``). All three are filled here from the current rows.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_BASE = ("year", "quarter", "municipality", "target_group")
_TABLES = {
    "inflow_summary": _BASE,
    "inflow_summary_month": (*_BASE, "month"),
    "inflow_summary_organisation": (*_BASE, "organisation"),
}


def _create(name: str, keys: tuple[str, ...]) -> None:
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
    op.drop_table("inflow_summary")
    op.drop_table("inflow_organisations")
    for name, keys in _TABLES.items():
        _create(name, keys)


def downgrade() -> None:
    for name in _TABLES:
        op.drop_table(name)
    op.create_table(
        "inflow_summary",
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("quarter_key", sa.Integer, primary_key=True),
        sa.Column("municipality", sa.Text, primary_key=True),
        sa.Column("target_group", sa.Text, primary_key=True),
        sa.Column("inflow", sa.BigInteger, nullable=False),
        sa.Column("row_count", sa.Integer, nullable=False),
    )
    op.execute(
        "INSERT INTO inflow_summary SELECT year, COALESCE(quarter, 0), m.value, t.value, "
        "SUM(inflow), COUNT(*) FROM inflow_rows JOIN labels m ON m.id = municipality "
        "JOIN labels t ON t.id = target_group WHERE superseded_by IS NULL "
        "GROUP BY year, COALESCE(quarter, 0), m.value, t.value"
    )
    op.create_table(
        "inflow_organisations",
        sa.Column("organisation", sa.Text, primary_key=True),
        sa.Column("row_count", sa.Integer, nullable=False),
    )
    op.execute(
        "INSERT INTO inflow_organisations SELECT labels.value, COUNT(*) FROM inflow_rows "
        "JOIN labels ON labels.id = inflow_rows.organisation "
        "WHERE inflow_rows.superseded_by IS NULL GROUP BY labels.value"
    )
