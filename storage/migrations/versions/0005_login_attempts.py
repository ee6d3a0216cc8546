"""Login attempts: the editor password's lockout is kept in the store, shared by every
server process, and every attempt is logged (time, client address, name typed).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
    )
    op.create_index("ix_login_attempts_account", "login_attempts", ["account", "outcome", "id"])
    op.create_index("ix_login_attempts_client", "login_attempts", ["client", "outcome", "id"])


def downgrade() -> None:
    op.drop_table("login_attempts")
