"""The store: tidy frames in and out, import log, replace with preview, undo, freshness.

Every write runs in one transaction that holds the store's write lock (see
``storage.engine``), re-reads what it replaces inside that lock and records the "what
changes" table it actually applied, so a plan made before another session's import can
never lose that import's data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from storage import bulk, labels, logins, summary, writes
from storage.config import database_url
from storage.engine import make_engine, migrate, write_transaction
from storage.errors import DuplicateImportError, StoreError, UndoError
from storage.frames import check_kind, from_rows, tidy
from storage.logins import Backoff, LoginResult
from storage.schema import (
    DATA,
    KEYS,
    KINDS,
    SUMMARISED,
    SUMMARY_KEYS,
    TIDY,
    imports,
    inflow_organisations,
    inflow_summary,
    store_meta,
)
from storage.scope import changes_table, scope_mask


@dataclass(frozen=True, eq=False)
class ImportPlan:
    """What importing a tidy frame would do, for the user to confirm before it is applied."""

    kind: str
    frame: pd.DataFrame
    file_name: str
    sha256: str
    sample: bool
    rows: int
    years: tuple[int, ...]
    municipalities: tuple[str, ...]
    warnings: tuple[str, ...]
    changes: pd.DataFrame  # per year: rows and totals before → after, rows replaced
    rows_replaced: int
    duplicate_of: int | None  # an active import of the very same file
    base_version: int  # store version the preview was computed on
    # The kinds of sample data this (real) import sets aside: all of them, whatever its
    # own kind. ``changes`` compares with real data only.
    removes_sample: tuple[str, ...] = ()


class Store:
    """The dashboard's database. ``url`` None → ``DATABASE_URL`` or ``data/w13.sqlite``."""

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)
        self.engine = make_engine(self.url)
        migrate(self.engine)

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    def dispose(self) -> None:
        """Close pooled connections (tests, or before a process forks)."""
        self.engine.dispose()

    # -- reading -----------------------------------------------------------------------

    def version(self) -> int:
        """A number that changes after every write: a cache key across sessions."""
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(store_meta.c.version)).scalar_one())

    def read(self, kind: str) -> pd.DataFrame:
        """All current rows of ``kind`` as the tidy frame of ARCHITECTURE.md."""
        check_kind(kind)
        table = DATA[kind]
        query = (
            sa.select(*(table.c[c.name] for c in TIDY[kind]))
            .where(table.c.superseded_by.is_(None))
            .order_by(table.c.id)
        )
        with self.engine.connect() as conn:
            return from_rows(kind, conn.execute(query).all(), labels.load(conn))

    def inflow_aggregate(self, by: Sequence[str] = ("year", "municipality")) -> pd.DataFrame:
        """Current inflow summed per ``by`` columns, computed in the database.

        Groupings of year, quarter, municipality and target group come from the summary
        table (a few thousand rows at most); others scan the current inflow rows.
        """
        by = list(by)
        unknown = [c for c in by if c not in KEYS["inflow"]]
        if unknown or not by:
            raise StoreError(f"Kan instroom niet groeperen per {', '.join(unknown) or '(niets)'}.")
        if set(by) <= set(SUMMARY_KEYS):
            source = inflow_summary
            quarter = sa.case((source.c.quarter_key == 0, None), else_=source.c.quarter_key)
            columns = {c: (quarter if c == "quarter" else source.c[c]) for c in by}
            where = sa.true()
        else:
            source = DATA["inflow"]
            columns = {c: source.c[c] for c in by}
            where = source.c.superseded_by.is_(None)
        keys = [columns[c].label(c) for c in by]
        query = (
            sa.select(*keys, sa.func.sum(source.c.inflow).label("inflow"))
            .where(where)
            .group_by(*keys)
            .order_by(*keys)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            mapping = labels.load(conn) if source is not inflow_summary else {}
        out = pd.DataFrame.from_records(rows, columns=[*by, "inflow"])
        if source is not inflow_summary:
            labels.decode(out, labels.text_columns("inflow"), mapping)
        dtypes = {c.name: c.dtype for c in TIDY["inflow"]}
        return out.astype({c: dtypes[c] for c in [*by, "inflow"]})

    def distinct(self, kind: str, column: str) -> tuple[str, ...]:
        """The distinct values of text ``column`` over the current rows of ``kind``, sorted.

        For the filter options: inflow's municipalities, target groups and organisations
        come from the summary tables (a few thousand rows) instead of the data rows.
        """
        check_kind(kind)
        if column not in labels.text_columns(kind):
            raise StoreError(f"Kolom '{column}' van {kind} is geen tekstkolom.")
        if kind == SUMMARISED and column in (*SUMMARY_KEYS, "organisation"):
            source = inflow_organisations if column == "organisation" else inflow_summary
            query = sa.select(source.c[column]).distinct()
            with self.engine.connect() as conn:
                values = conn.execute(query).scalars().all()
        else:
            table = DATA[kind]
            query = (
                sa.select(table.c[column]).distinct()
                .where(table.c.superseded_by.is_(None), table.c[column].is_not(None))
            )
            with self.engine.connect() as conn:
                ids = conn.execute(query).scalars().all()
                mapping = labels.load(conn) if ids else {}
            values = [mapping[i] for i in ids]
        return tuple(sorted(values, key=lambda v: (v.casefold(), v)))

    def import_log(self) -> pd.DataFrame:
        """Every import, newest first, with its re-showable "what changes" table."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(imports).order_by(imports.c.id.desc())).mappings().all()
        log = pd.DataFrame(
            {
                "id": pd.array([r["id"] for r in rows], dtype="Int64"),
                "kind": pd.array([r["kind"] for r in rows], dtype="str"),
                "file_name": pd.array([r["file_name"] for r in rows], dtype="str"),
                "sha256": pd.array([r["sha256"] for r in rows], dtype="str"),
                "user": pd.array([r["user_name"] for r in rows], dtype="str"),
                "imported_at": _utc([r["imported_at"] for r in rows]),
                "rows": pd.array([r["rows"] for r in rows], dtype="Int64"),
                "years": [list(r["years"]) for r in rows],
                "municipalities": [list(r["municipalities"]) for r in rows],
                "warnings": [list(r["warnings"]) for r in rows],
                "status": pd.array([r["status"] for r in rows], dtype="str"),
                "changes": [list(r["changes"]) for r in rows],
                "sample": pd.array([bool(r["sample"]) for r in rows], dtype="bool"),
                "undone_at": _utc([r["undone_at"] for r in rows]),
                "undone_by": pd.array([r["undone_by"] for r in rows], dtype="str"),
            }
        )
        return log

    def changes(self, import_id: int) -> pd.DataFrame:
        """The "what changes" table recorded when ``import_id`` was applied."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(imports.c.kind, imports.c.changes).where(imports.c.id == import_id)
            ).one_or_none()
        if row is None:
            raise StoreError(f"Import {import_id} bestaat niet.")
        return _changes_frame(row.kind, row.changes)

    def freshness(self) -> pd.DataFrame:
        """Per kind: when it was last imported, its first and last year, current rows, and
        whether its current rows are fictional sample data (``sample``)."""
        records = []
        with self.engine.connect() as conn:
            shown = sa.select(imports.c.kind, imports.c.sample).where(imports.c.status == "active")
            sample = {kind for kind, flag in conn.execute(shown).all() if flag}
            for kind in KINDS:
                table = DATA[kind]
                query = sa.select(sa.func.min(table.c.year), sa.func.max(table.c.year),
                                  sa.func.count()).where(table.c.superseded_by.is_(None))
                if kind == SUMMARISED:  # the summary counts current rows: no scan of them
                    query = sa.select(
                        sa.func.min(inflow_summary.c.year), sa.func.max(inflow_summary.c.year),
                        sa.func.coalesce(sa.func.sum(inflow_summary.c.row_count), 0),
                    )
                first, last, count = conn.execute(query).one()
                last_import = conn.execute(
                    sa.select(sa.func.max(imports.c.imported_at)).where(
                        imports.c.kind == kind, imports.c.status == "active"
                    )
                ).scalar_one()
                records.append((kind, last_import, first, last, count, kind in sample))
        return pd.DataFrame(
            {
                "kind": pd.array([r[0] for r in records], dtype="str"),
                "last_import": _utc([r[1] for r in records]),
                "first_year": pd.array([r[2] for r in records], dtype="Int64"),
                "last_year": pd.array([r[3] for r in records], dtype="Int64"),
                "rows": pd.array([r[4] for r in records], dtype="int64"),
                "sample": pd.array([r[5] for r in records], dtype="bool"),
            }
        )

    def has_sample_data(self) -> bool:
        """Whether any current rows come from sample data."""
        return self._count_active(sample=True) > 0

    def only_sample_data(self) -> bool:
        """Whether the store holds sample data and nothing else (the badge is shown)."""
        return self.has_sample_data() and self._count_active(sample=False) == 0

    def _count_active(self, *, sample: bool) -> int:
        query = sa.select(sa.func.count()).where(
            imports.c.status == "active", imports.c.sample.is_(sample)
        )
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    # -- writing -----------------------------------------------------------------------

    def record_refusal(
        self, *, file_name: str, sha256: str, user: str, kind: str | None, reasons: Sequence[str]
    ) -> int:
        """Log an upload the loaders refused (who, when, why): status "refused", no rows.

        No data changes, so the store version stays and every cache stays warm.
        """
        with self.engine.execution_options(w13_begin="IMMEDIATE").begin() as conn:
            return int(
                conn.execute(
                    sa.insert(imports).values(
                        kind=kind or "", file_name=file_name, sha256=sha256, user_name=user,
                        imported_at=dt.datetime.now(dt.UTC), rows=0, years=[],
                        municipalities=[], warnings=[str(r) for r in reasons], changes=[],
                        status="refused", sample=False,
                    )
                ).inserted_primary_key[0]
            )

    def plan_import(
        self, kind: str, frame: pd.DataFrame, *, file_name: str, sha256: str,
        sample: bool = False,
    ) -> ImportPlan:
        """Preview importing ``frame``: scope, per-year before → after, duplicate check."""
        incoming = tidy(kind, frame)
        years = tuple(sorted(int(y) for y in incoming["year"].unique()))
        with self.engine.connect() as conn:
            version = int(conn.execute(sa.select(store_meta.c.version)).scalar_one())
            held = {} if sample else writes.sample_imports(conn)
            existing = _real(writes.current_rows(conn, kind, years), held)
            duplicate = writes.active_with_sha(conn, sha256)
        replaced = scope_mask(kind, incoming, existing)
        return ImportPlan(
            kind=kind,
            frame=incoming,
            file_name=file_name,
            sha256=sha256,
            sample=sample,
            rows=len(incoming),
            years=years,
            municipalities=tuple(sorted(incoming["municipality"].dropna().unique().tolist())),
            warnings=tuple(str(w) for w in frame.attrs.get("warnings", [])),
            changes=writes.changes(kind, incoming, existing, replaced),
            rows_replaced=int(replaced.sum()),
            duplicate_of=duplicate,
            base_version=version,
            removes_sample=tuple(k for k in KINDS if k in held),
        )

    def apply_import(
        self, plan: ImportPlan, *, user: str, force: bool = False,
        progress: bulk.Progress | None = None,
    ) -> int:
        """Apply a plan in one transaction and return the new import's id.

        The scope is recomputed under the write lock, so rows another session imported
        since the plan are handled like any other stored rows. A real (non-sample) import
        sets every sample row aside, of all kinds, in the same transaction: sample and real
        data never mix, and undoing it brings the sample back. ``progress(done, total)`` is
        called after every written batch.
        """
        # NOTE: the new rows' only foreign keys are this transaction's own import row (and
        # a NULL superseded_by); SQLite checking that key on each of a million rows cost
        # about a sixth of the import's CPU time.
        with write_transaction(self.engine, check_foreign_keys=False) as conn:
            return _apply(conn, plan, user=user, force=force, progress=progress)

    def seed_sample(self, plans: Sequence[ImportPlan], *, user: str) -> list[int]:
        """Apply the sample ``plans`` in one transaction if the store was never used.

        Checked under the write lock, so two processes starting on an empty store at the
        same moment load the sample data once; returns the new import ids ([] when the
        import log was not empty).
        """
        with write_transaction(self.engine, check_foreign_keys=False) as conn:
            if conn.execute(sa.select(sa.func.count()).select_from(imports)).scalar_one():
                return []
            return [_apply(conn, plan, user=user, force=True) for plan in plans]

    def undo(self, import_id: int, *, user: str) -> None:
        """Withdraw an import's rows and restore exactly the rows it replaced.

        Refused (UndoError) when a later, still active import replaced some of this
        import's rows: undo that one first, so nothing newer is silently overwritten.
        """
        with write_transaction(self.engine) as conn:
            row = conn.execute(
                sa.select(imports.c.kind, imports.c.status).where(imports.c.id == import_id)
            ).one_or_none()
            if row is None:
                raise UndoError(f"Import {import_id} bestaat niet.")
            if row.status not in writes.LIVE:
                raise UndoError(f"Import {import_id} is al ongedaan gemaakt of verwijderd.")
            table = DATA[row.kind]
            later = sorted(
                conn.execute(
                    sa.select(table.c.superseded_by).distinct().where(
                        writes.own_rows(conn, row.kind, [import_id]),
                        table.c.superseded_by.is_not(None),
                        table.c.superseded_by != import_id,
                    )
                ).scalars()
            )
            if later:
                names = ", ".join(str(i) for i in later)
                raise UndoError(
                    f"Import {import_id} kan niet ongedaan gemaakt worden: latere import(s) "
                    f"{names} vervingen een deel van deze gegevens. Maak die eerst ongedaan."
                )
            writes.withdraw(conn, row.kind, [import_id], status="undone", user=user)

    def remove_sample_data(self, *, user: str) -> None:
        """Withdraw every sample import (status "removed"); real data stays as it is."""
        with write_transaction(self.engine) as conn:
            for kind in KINDS:
                ids = conn.execute(
                    sa.select(imports.c.id).where(
                        imports.c.kind == kind, imports.c.sample.is_(True),
                        imports.c.status.in_(writes.LIVE),
                    )
                ).scalars().all()
                if ids:
                    writes.withdraw(conn, kind, list(ids), status="removed", user=user)

    # -- editor logins -----------------------------------------------------------------

    def attempt_login(
        self,
        *,
        account: str,
        client: str,
        name: str,
        check: Callable[[], bool],
        backoff: Backoff = Backoff(),  # noqa: B008 (frozen dataclass)
        now: dt.datetime | None = None,
    ) -> LoginResult:
        """Check a password unless its account or client address is locked out; log it."""
        return logins.attempt(
            self.engine, account=account, client=client, name=name, check=check,
            backoff=backoff, now=now or dt.datetime.now(dt.UTC),
        )

    def login_log(self, limit: int = 1000) -> pd.DataFrame:
        """The newest login attempts: attempted_at (UTC), account, client, name, outcome."""
        columns = ["attempted_at", "account", "client", "name", "outcome"]
        return pd.DataFrame(logins.log(self.engine, limit), columns=["id", *columns])[columns]


def _real(existing: pd.DataFrame, held: dict[str, list[int]]) -> pd.DataFrame:
    """``existing`` without the rows of the sample imports ``held`` (a real import sets
    them aside, so it is compared with real data only)."""
    ids = [i for group in held.values() for i in group]
    if not ids:
        return existing
    return existing.loc[~existing["import_id"].isin(ids)].reset_index(drop=True)


def _apply(
    conn: sa.Connection, plan: ImportPlan, *, user: str, force: bool,
    progress: bulk.Progress | None = None,
) -> int:
    """``Store.apply_import`` inside a write transaction: returns the new import's id."""
    kind, incoming = plan.kind, plan.frame
    duplicate = writes.active_with_sha(conn, plan.sha256)
    if duplicate is not None and not force:
        raise DuplicateImportError(plan.file_name, duplicate)
    held = {} if plan.sample else writes.sample_imports(conn)
    existing = _real(writes.current_rows(conn, kind, plan.years), held)
    replaced = scope_mask(kind, incoming, existing)
    changes = writes.changes(kind, incoming, existing, replaced)
    import_id = conn.execute(
        sa.insert(imports).values(
            kind=kind, file_name=plan.file_name, sha256=plan.sha256, user_name=user,
            imported_at=dt.datetime.now(dt.UTC), rows=plan.rows,
            years=list(plan.years), municipalities=list(plan.municipalities),
            warnings=list(plan.warnings), changes=writes.changes_json(changes),
            status="active", sample=plan.sample,
        )
    ).inserted_primary_key[0]
    # NOTE: the sample rows go first: mark_replaced updates id ranges of current rows,
    # which must then hold real rows only.
    writes.set_aside_sample(conn, held, import_id)
    gone = existing[replaced]
    writes.mark_replaced(conn, kind, existing, replaced, import_id)
    encoded = labels.encode(conn, kind, incoming)
    after = writes.last_row_id(conn, kind)
    bulk.insert_frame(conn, kind, encoded, import_id, progress=progress)
    writes.record_rows(conn, kind, import_id, after)
    if kind == SUMMARISED:
        # NOTE: summed on the label ids (grouping a million integer rows is several
        # times cheaper than text), then the few summary keys are decoded.
        added = summary.decode(summary.delta(encoded, 1), labels.load(conn))
        summary.apply(conn, added, summary.delta(gone, -1))
    writes.refresh_status(conn, kind, gone["import_id"].unique().tolist())
    return int(import_id)


def _changes_frame(kind: str, records: list[dict]) -> pd.DataFrame:
    empty = changes_table(kind, pd.DataFrame(columns=["year"]), pd.DataFrame(columns=["year"]),
                          pd.DataFrame())
    frame = pd.DataFrame.from_records(records, columns=list(empty.columns))
    return frame.astype(empty.dtypes.to_dict())


def _utc(values: list) -> pd.Series:
    return pd.Series(pd.to_datetime(pd.Series(values, dtype=object), utc=True))
