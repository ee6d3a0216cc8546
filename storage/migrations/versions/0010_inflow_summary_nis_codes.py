"""Inflow summaries keyed by NIS code too, so the region can be compared with Flanders.

Inflow rows outside the region keep the NIS code of the Flemish municipality they name,
but the summaries the pages read summed them all under one municipality label ("Buiten
W13", or the comparison label of open data of Flanders). Every summary gets the key
``nis_code`` (its label id, 0 for none) after ``municipality``: a region municipality has
one code, so only rows outside the region add sums. The summaries are derived data:
each is recreated with the new key and refilled here from the current rows, so nothing
stored is lost (rows stay as they are; rows of a Flanders-wide file imported before this
revision stay under the outside label until that file is imported again).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# A frozen snapshot: the summaries and their keys before and after this revision.
_BEFORE = ("year", "quarter", "municipality", "target_group")
_AFTER = ("year", "quarter", "municipality", "nis_code", "target_group")
_DETAILS = ("month", "organisation", "age_band", "sex", "education")


def _tables(base: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {
        "inflow_summary": base,
        **{f"inflow_summary_{detail}": (*base, detail) for detail in _DETAILS},
    }


def _recreate(name: str, keys: tuple[str, ...]) -> None:
    op.drop_table(name)
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
    for name, keys in _tables(_AFTER).items():
        _recreate(name, keys)


def downgrade() -> None:
    for name, keys in _tables(_BEFORE).items():
        _recreate(name, keys)
