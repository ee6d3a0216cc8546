"""Inflow profiles: age band, sex and education level of every inflow row.

Three label-id columns, NOT NULL like the other keys of inflow. Rows stored before this
revision did not say who flowed in: they get the label "onbekend" (added to ``labels``
when missing). The summary tables are unchanged: their keys stay year, quarter,
municipality and target group, and they already sum over the new keys.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# A frozen snapshot: the columns and their "not given" value as they were at this revision.
_COLUMNS = ("age_band", "sex", "education")
_UNKNOWN = "onbekend"


def upgrade() -> None:
    conn = op.get_bind()
    labels = sa.table("labels", sa.column("id", sa.Integer), sa.column("value", sa.Text))
    unknown = conn.execute(sa.select(labels.c.id).where(labels.c.value == _UNKNOWN)).scalar()
    if unknown is None:
        conn.execute(sa.insert(labels).values(value=_UNKNOWN))
        unknown = conn.execute(sa.select(labels.c.id).where(labels.c.value == _UNKNOWN)).scalar()
    with op.batch_alter_table("inflow_rows") as batch:
        for name in _COLUMNS:
            # The existing rows take the default while the column is added; the default is
            # then dropped, so every writer states the value.
            batch.add_column(
                sa.Column(name, sa.Integer, nullable=False, server_default=str(unknown))
            )
    with op.batch_alter_table("inflow_rows") as batch:
        for name in _COLUMNS:
            batch.alter_column(name, server_default=None, existing_type=sa.Integer,
                               existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("inflow_rows") as batch:
        for name in _COLUMNS:
            batch.drop_column(name)
