"""Index current inflow rows by year only; count current inflow rows per organisation.

The four-column index of current inflow rows (year, municipality, target group,
organisation) cost about half of a million-row import's CPU time and served no query: the
pages read inflow from ``inflow_summary`` or one aggregate scan, and the writes look rows
up by year (an import's scope) and by import (undo). ``inflow_organisations`` gives the
organisation filter its options without scanning the rows; it is filled here from the
current rows and kept in step by every write (``storage.summary``).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_CURRENT = sa.text("superseded_by IS NULL")
_OLD_COLUMNS = ["year", "municipality", "target_group", "organisation"]


def upgrade() -> None:
    op.drop_index("ix_inflow_current", table_name="inflow_rows")
    op.create_index("ix_inflow_current", "inflow_rows", ["year"],
                    sqlite_where=_CURRENT, postgresql_where=_CURRENT)
    op.create_table(
        "inflow_organisations",
        sa.Column("organisation", sa.Text, primary_key=True),
        sa.Column("row_count", sa.Integer, nullable=False),
    )
    op.execute(
        "INSERT INTO inflow_organisations (organisation, row_count) "
        "SELECT labels.value, COUNT(*) FROM inflow_rows "
        "JOIN labels ON labels.id = inflow_rows.organisation "
        "WHERE inflow_rows.superseded_by IS NULL GROUP BY labels.value"
    )


def downgrade() -> None:
    op.drop_table("inflow_organisations")
    op.drop_index("ix_inflow_current", table_name="inflow_rows")
    op.create_index("ix_inflow_current", "inflow_rows", _OLD_COLUMNS,
                    sqlite_where=_CURRENT, postgresql_where=_CURRENT)
