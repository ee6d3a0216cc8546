"""Record each import's range of row ids; drop the per-row import index of inflow rows.

An import's rows are written in one transaction under the store's write lock, so their ids
form one run: ``imports.first_row``..``last_row``. Lookups of an import's rows (undo, the
status refresh) seek that id range on the primary key instead of an ``import_id`` index,
whose upkeep cost about a sixth of a million-row inflow import's CPU time. LDE and
maatwerk keep their (small) import indexes. Existing imports get their ranges here.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_KINDS = ("inflow", "lde", "maatwerk")


def upgrade() -> None:
    # NOTE: plain ADD COLUMN of nullable columns; SQLite needs no table rebuild for that.
    op.add_column("imports", sa.Column("first_row", sa.Integer, nullable=True))
    op.add_column("imports", sa.Column("last_row", sa.Integer, nullable=True))
    for kind in _KINDS:
        op.execute(
            f"UPDATE imports SET "
            f"first_row = (SELECT MIN(id) FROM {kind}_rows WHERE import_id = imports.id), "
            f"last_row = (SELECT MAX(id) FROM {kind}_rows WHERE import_id = imports.id) "
            f"WHERE kind = '{kind}'"
        )
    op.drop_index("ix_inflow_import", table_name="inflow_rows")


def downgrade() -> None:
    op.create_index("ix_inflow_import", "inflow_rows", ["import_id"])
    op.drop_column("imports", "last_row")
    op.drop_column("imports", "first_row")
