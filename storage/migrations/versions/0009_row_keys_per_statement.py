"""PostgreSQL: the data rows' keys into ``imports`` checked once per statement.

A foreign key makes PostgreSQL look up (and lock) the referenced import for every row
written: three quarters of the server's time in a million-row COPY, and again for every
row an import marks replaced (issue 12). On PostgreSQL the foreign keys of
``import_id`` and ``superseded_by`` give way to statement-level triggers over the
statement's transition tables: after an INSERT or UPDATE of data rows, one anti-join
checks that every written key names an import; after a DELETE or a change of id in
``imports``, one check per data table that no row still names a vanished import. A
violation raises the same error class as the foreign key did (SQLSTATE 23503).
SQLite keeps its foreign keys (the store skips their per-row check during a bulk insert
whose keys the transaction itself guarantees, and checks them afterwards).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_TABLES = ("inflow_rows", "lde_rows", "maatwerk_rows")
_KEYS = ("import_id", "superseded_by")

_ROWS_NAME_IMPORTS = """
CREATE FUNCTION w13_rows_name_imports() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM written w
        WHERE NOT EXISTS (SELECT 1 FROM imports i WHERE i.id = w.import_id)
           OR (w.superseded_by IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM imports i WHERE i.id = w.superseded_by))
    ) THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = format('a row of %I names an import that does not exist', TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END $$
"""

_IMPORTS_STAY_NAMED = f"""
CREATE FUNCTION w13_imports_stay_named() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    vanished integer[];
    data_table text;
    named boolean;
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT array_agg(id) INTO vanished FROM old_imports;
    ELSE
        SELECT array_agg(o.id) INTO vanished FROM old_imports o
        WHERE NOT EXISTS (SELECT 1 FROM new_imports n WHERE n.id = o.id);
    END IF;
    IF vanished IS NULL THEN
        RETURN NULL;
    END IF;
    FOREACH data_table IN ARRAY ARRAY{list(_TABLES)!r}::text[] LOOP
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE import_id = ANY($1)'
                       ' OR superseded_by = ANY($1))', data_table)
        INTO named USING vanished;
        IF named THEN
            RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
                MESSAGE = format('rows of %I still name a removed import', data_table);
        END IF;
    END LOOP;
    RETURN NULL;
END $$
"""


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgresql():
        return
    op.execute(_ROWS_NAME_IMPORTS)
    op.execute(_IMPORTS_STAY_NAMED)
    for table in _TABLES:
        op.execute(f"""
            DO $$
            DECLARE name text;
            BEGIN
                FOR name IN SELECT conname FROM pg_constraint
                    WHERE conrelid = '{table}'::regclass AND contype = 'f'
                LOOP
                    EXECUTE format('ALTER TABLE {table} DROP CONSTRAINT %I', name);
                END LOOP;
            END $$
        """)
        for event in ("INSERT", "UPDATE"):
            op.execute(
                f"CREATE TRIGGER {table}_name_imports_{event.lower()} AFTER {event} ON {table}"
                " REFERENCING NEW TABLE AS written FOR EACH STATEMENT"
                " EXECUTE FUNCTION w13_rows_name_imports()"
            )
    op.execute(
        "CREATE TRIGGER imports_stay_named_delete AFTER DELETE ON imports"
        " REFERENCING OLD TABLE AS old_imports FOR EACH STATEMENT"
        " EXECUTE FUNCTION w13_imports_stay_named()"
    )
    op.execute(
        "CREATE TRIGGER imports_stay_named_update AFTER UPDATE ON imports"
        " REFERENCING OLD TABLE AS old_imports NEW TABLE AS new_imports FOR EACH STATEMENT"
        " EXECUTE FUNCTION w13_imports_stay_named()"
    )


def downgrade() -> None:
    if not _postgresql():
        return
    op.execute("DROP TRIGGER imports_stay_named_delete ON imports")
    op.execute("DROP TRIGGER imports_stay_named_update ON imports")
    for table in _TABLES:
        for event in ("insert", "update"):
            op.execute(f"DROP TRIGGER {table}_name_imports_{event} ON {table}")
        for key in _KEYS:
            op.create_foreign_key(f"{table}_{key}_fkey", table, "imports", [key], ["id"])
    op.execute("DROP FUNCTION w13_imports_stay_named()")
    op.execute("DROP FUNCTION w13_rows_name_imports()")
