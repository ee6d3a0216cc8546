"""Drop the year index of current inflow rows: imports' id ranges find them instead.

Current rows of some years are the rows, in those years, of the live imports that cover
them; ``imports.years`` and the id ranges of migration 0003 locate them by primary-key
seeks (``storage.writes.live_ranges``). The pages read inflow from the summary tables, so
the index only served that lookup, and its upkeep cost about a sixth of a million-row
import's CPU time. LDE and maatwerk keep their indexes (small tables, page filters).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_CURRENT = sa.text("superseded_by IS NULL")


def upgrade() -> None:
    op.drop_index("ix_inflow_current", table_name="inflow_rows")


def downgrade() -> None:
    op.create_index("ix_inflow_current", "inflow_rows", ["year"],
                    sqlite_where=_CURRENT, postgresql_where=_CURRENT)
