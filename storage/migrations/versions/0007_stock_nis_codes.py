"""NIS codes on LDE and maatwerk rows, as inflow has them: places outside the region keep
the NIS code of the Flemish municipality a file names, so the region can be set against
its province and the rest of Flanders.

Existing rows keep every value; their NIS code is unknown (NULL) until their file is
imported again. Region rows are known by their municipality name all the same.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Frozen: the tables this revision changes (a text column holds an id into labels).
TABLES = ("lde_rows", "maatwerk_rows")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("nis_code", sa.Integer, nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("nis_code")
