"""Initial schema: import log, labels, data rows of the three kinds, inflow summary, version.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

LABEL = "label"  # an integer id into labels.value

# Frozen copy of the tidy columns at this revision: a migration must not change when
# storage/schema.py changes later.
TIDY = {
    "inflow": [
        ("year", sa.Integer, False), ("month", sa.Integer, True), ("quarter", sa.Integer, True),
        ("municipality", LABEL, False), ("nis_code", LABEL, True),
        ("target_group", LABEL, False), ("organisation", LABEL, True),
        ("inflow", sa.Integer, False),
    ],
    "lde": [
        ("year", sa.Integer, False), ("quarter", sa.Integer, True),
        ("organisation", LABEL, False), ("municipality", LABEL, True),
        ("fte", sa.Float, False), ("contingent", sa.Float, True),
    ],
    "maatwerk": [
        ("year", sa.Integer, False), ("quarter", sa.Integer, True),
        ("organisation", LABEL, True), ("municipality", LABEL, True),
        ("kind", LABEL, False), ("places", sa.Float, False), ("occupied", sa.Float, True),
    ],
}
FILTERS = {
    "inflow": ["year", "municipality", "target_group", "organisation"],
    "lde": ["year", "organisation", "municipality"],
    "maatwerk": ["year", "organisation", "municipality", "kind"],
}


def upgrade() -> None:
    op.create_table(
        "imports",
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
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("sample", sa.Boolean, nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by", sa.Text, nullable=True),
    )
    op.create_index("ix_imports_sha256", "imports", ["sha256"])
    op.create_index("ix_imports_kind_status", "imports", ["kind", "status"])
    op.create_table(
        "store_meta",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.bulk_insert(
        sa.table("store_meta", sa.column("id", sa.Integer), sa.column("version", sa.Integer)),
        [{"id": 1, "version": 0}],
    )
    op.create_table(
        "labels",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("value", sa.Text, nullable=False, unique=True),
    )
    for kind, columns in TIDY.items():
        table = f"{kind}_rows"
        op.create_table(
            table,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id"), nullable=False),
            sa.Column("superseded_by", sa.Integer, sa.ForeignKey("imports.id"), nullable=True),
            *(_column(name, type_, nullable) for name, type_, nullable in columns),
        )
        op.create_index(f"ix_{kind}_import", table, ["import_id"])
        current = sa.text("superseded_by IS NULL")
        replaced = sa.text("superseded_by IS NOT NULL")
        op.create_index(
            f"ix_{kind}_current", table, FILTERS[kind],
            sqlite_where=current, postgresql_where=current,
        )
        op.create_index(
            f"ix_{kind}_superseded", table, ["superseded_by"],
            sqlite_where=replaced, postgresql_where=replaced,
        )
    op.create_table(
        "inflow_summary",
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("quarter_key", sa.Integer, primary_key=True),
        sa.Column("municipality", sa.Text, primary_key=True),
        sa.Column("target_group", sa.Text, primary_key=True),
        sa.Column("inflow", sa.BigInteger, nullable=False),
        sa.Column("row_count", sa.Integer, nullable=False),
    )


def _column(name: str, type_, nullable: bool) -> sa.Column:
    if type_ == LABEL:
        return sa.Column(name, sa.Integer, nullable=nullable)
    return sa.Column(name, type_, nullable=nullable)


def downgrade() -> None:
    op.drop_table("inflow_summary")
    for kind in reversed(list(TIDY)):
        op.drop_table(f"{kind}_rows")
    op.drop_table("labels")
    op.drop_table("store_meta")
    op.drop_table("imports")
