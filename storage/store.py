"""The store: tidy frames in and out, import log, replace with preview, undo, freshness.

Every write runs in one transaction that holds the store's write lock (see
``storage.engine``), re-reads what it replaces inside that lock and records the "what
changes" table it actually applied, so a plan made before another session's import can
never lose that import's data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

import kinds
from storage import bulk, labels, logins, replaced, summary, writes
from storage.config import database_url
from storage.engine import make_engine, migrate, write_transaction
from storage.errors import DuplicateImportError, StoreError, UndoError
from storage.fetch import arrow, matrix
from storage.frames import bits, check_kind, from_arrow, from_matrix, tidy
from storage.logins import Backoff, LoginResult
from storage.schema import DATA, KEYS, KINDS, SUMMARIES, SUMMARISED, TIDY, imports, store_meta
from storage.scope import Cover, changes_table, cover, partials


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
    # What the file covers (``storage.scope.cover``), computed once for plan and apply.
    cover: Cover | None = None

    @property
    def replaces_all(self) -> bool:
        """Whether the file replaces every stored row of its years (a full re-import)."""
        return int(self.changes["rows_before"].sum()) == self.rows_replaced


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

    @contextmanager
    def _reading(self) -> Iterator[sa.Connection]:
        """A connection whose statements all see one snapshot of the store.

        NOTE: SQLite's read transaction is one snapshot already; PostgreSQL's default READ
        COMMITTED gives each statement its own, so a preview could mix two versions.
        """
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            yield conn

    # -- reading -----------------------------------------------------------------------

    def version(self) -> int:
        """A number that changes after every write: a cache key across sessions."""
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(store_meta.c.version)).scalar_one())

    def read(self, kind: str) -> pd.DataFrame:
        """All current rows of ``kind`` as the tidy frame of ARCHITECTURE.md."""
        check_kind(kind)
        table = DATA[kind]
        names = [c.name for c in TIDY[kind]]
        query = (
            sa.select(*(table.c[n] for n in names))
            .where(table.c.superseded_by.is_(None))
            .order_by(table.c.id)
        )
        return self._fetch(kind, query, names)

    def _fetch(self, kind: str, query: sa.Select, names: Sequence[str]) -> pd.DataFrame:
        """What ``query`` reads, as a typed frame of ``kind``'s columns ``names``: through
        Arrow from PostgreSQL when every column is an integer (``storage.fetch``)."""
        dtypes = {c.name: c.dtype for c in TIDY[kind]}
        postgres = self.engine.dialect.name == "postgresql"
        if postgres and all(dtypes.get(n) != "float64" for n in names):
            table = arrow(self.engine, query, names)
            with self._reading() as conn:  # after the rows: every label they use is there
                return from_arrow(kind, table, labels.lookup(conn))
        with self._reading() as conn:
            lookup = labels.lookup(conn)
            values = matrix(conn, query, len(names), bits(kind, names, len(lookup) - 1))
            return from_matrix(kind, names, values, lookup)

    def inflow_aggregate(
        self,
        by: Sequence[str] = ("year", "municipality"),
        *,
        only: Mapping[str, Collection[str | int]] | None = None,
        years: tuple[int, int] | None = None,
        without: Mapping[str, Collection[str]] | None = None,
    ) -> pd.DataFrame:
        """Current rows of the summarised kind (inflow) summed per ``by`` columns.

        ``only``: per column, the values a row must have one of (text as it reads, e.g.
        ``{"municipality": ["Menen"]}``); ``years``: first and last year. A filtered
        column must be one of ``by``, so the result still says what it was filtered on.
        ``without``: per text column, values whose rows are left out (the open data of
        Flanders, under the region's comparison label, from a view of the region); the
        column need not be one of ``by``.

        Read from the smallest summary that has every ``by`` column as a key (a few
        thousand sums); other groupings are summed by the database over the rows.
        """
        kind = SUMMARISED
        by = list(by)
        only = dict(only or {})
        unknown = [c for c in by if c not in KEYS[kind]]
        if unknown or not by:
            raise StoreError(f"Kan instroom niet groeperen per {', '.join(unknown) or '(niets)'}.")
        ungrouped = sorted(set(only) - set(by))
        if ungrouped:
            raise StoreError(f"Kan instroom niet filteren op {', '.join(ungrouped)}.")
        found = summary.smallest(by)
        if found is not None:
            source, count = found.table, found.table.c.row_count
            keys = [sa.func.nullif(source.c[c], 0) for c in by]
            where = [sa.true()]
        else:
            source, count = DATA[kind], sa.literal(1)
            keys = [source.c[c] for c in by]
            where = [source.c.superseded_by.is_(None)]
        if years is not None:
            where.append(source.c.year.between(int(years[0]), int(years[1])))
        if only:
            where.extend(self._chosen(kind, source, only))
        if without:
            where.extend(~condition for condition in self._chosen(kind, source, without))
        measures = list(kinds.get(kind).measures)
        order = keys
        if found is not None and set(by) == set(found.keys):
            # NOTE: ``by`` is the summary's whole primary key: a row per group already, so
            # no GROUP BY (SQLite sorted 64k summary rows into a temporary b-tree for it).
            query = sa.select(*keys, *(source.c[m] for m in measures)).where(*where, count > 0)
            if self.engine.dialect.name == "sqlite":
                # NOTE: ordered by the stored keys, the primary key's, so SQLite sorts
                # nothing: the order of the nullif keys there (NULL sorts first, as 0,
                # no label's id, does). PostgreSQL sorts NULL last: it keeps the keys.
                order = [source.c[c] for c in by]
        else:
            query = (
                sa.select(*keys, *(sa.func.sum(source.c[m]) for m in measures))
                .where(*where)
                .group_by(*keys)
                .having(sa.func.sum(count) > 0)
            )
        return self._fetch(kind, query.order_by(*order), [*by, *measures])

    def _chosen(
        self, kind: str, source: sa.Table, only: Mapping[str, Collection[str | int]]
    ) -> list[sa.ColumnElement[bool]]:
        """``only`` as conditions on ``source``: text values by their label ids.

        NOTE: the ids are looked up first so the data query holds numbers only (it is
        compiled with its values inlined, see ``storage.fetch``); labels are never
        changed or removed, so an id read now still names the same text.
        """
        texts = set(labels.text_columns(kind))
        wanted = {v for c, values in only.items() if c in texts for v in values}
        with self._reading() as conn:
            ids = labels.ids(conn, wanted) if wanted else {}
        return [
            source.c[column].in_(
                sorted({ids[v] for v in values if v in ids}) if column in texts
                else sorted({int(v) for v in values})
            )
            for column, values in only.items()
        ]

    def distinct(self, kind: str, column: str) -> tuple[str, ...]:
        """The distinct values of text ``column`` over the current rows of ``kind``, sorted.

        For the filter options: a column the summaries keep comes from a summary (a few
        thousand rows) instead of the data rows.
        """
        check_kind(kind)
        if column not in labels.text_columns(kind):
            raise StoreError(f"Kolom '{column}' van {kind} is geen tekstkolom.")
        found = summary.smallest([column]) if kind == SUMMARISED else None
        if found is not None:
            query = sa.select(found.table.c[column]).distinct().where(found.table.c[column] != 0)
        else:
            table = DATA[kind]
            query = (
                sa.select(table.c[column]).distinct()
                .where(table.c.superseded_by.is_(None), table.c[column].is_not(None))
            )
        with self._reading() as conn:
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
                    counted = SUMMARIES[0].table
                    query = sa.select(
                        sa.func.min(counted.c.year), sa.func.max(counted.c.year),
                        sa.func.coalesce(sa.func.sum(counted.c.row_count), 0),
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
        with self._reading() as conn:
            version = int(conn.execute(sa.select(store_meta.c.version)).scalar_one())
            held = {} if sample else writes.sample_imports(conn)
            # A real import is compared with real data only: the sample rows go aside.
            stored = writes.current_in_years(conn, kind, years, exclude=held.get(kind, ()))
            covered = None if stored is None else cover(kind, incoming)
            parts = partials(kind, incoming.iloc[:0]).assign(replaced=False)
            if covered is not None:
                with replaced.covering(conn, kind, covered) as file:
                    summed = None if held.get(kind) else file.summed(conn, kind, years)
                    parts = file.partials(conn, kind, stored) if summed is None else summed
            duplicate = writes.active_with_sha(conn, sha256)
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
            changes=changes_table(kind, parts, incoming),
            rows_replaced=int(parts.loc[parts["replaced"], "rows"].sum()),
            duplicate_of=duplicate,
            base_version=version,
            removes_sample=tuple(k for k in KINDS if k in held),
            cover=covered,
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
            return _apply(conn, plan, user=user, force=force, progress=progress, first=True)

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


def _apply(
    conn: sa.Connection, plan: ImportPlan, *, user: str, force: bool,
    progress: bulk.Progress | None = None, first: bool = False,
) -> int:
    """``Store.apply_import`` inside a write transaction: returns the new import's id.

    The scope is recomputed under the write lock by the database (``storage.replaced``).
    The plan's "what changes" table is kept when nothing was written since the plan: the
    store's version is the plan's and this is the ``first`` write of the transaction.
    """
    kind, incoming, years = plan.kind, plan.frame, plan.years
    version = int(conn.execute(sa.select(store_meta.c.version)).scalar_one()) - 1
    duplicate = writes.active_with_sha(conn, plan.sha256)
    if duplicate is not None and not force:
        raise DuplicateImportError(plan.file_name, duplicate)
    held = {} if plan.sample else writes.sample_imports(conn)
    import_id = conn.execute(
        sa.insert(imports).values(
            kind=kind, file_name=plan.file_name, sha256=plan.sha256, user_name=user,
            imported_at=dt.datetime.now(dt.UTC), rows=plan.rows,
            years=list(years), municipalities=list(plan.municipalities),
            warnings=list(plan.warnings), changes=[], status="active", sample=plan.sample,
        )
    ).inserted_primary_key[0]
    writes.set_aside_sample(conn, held, import_id)
    table = DATA[kind]
    stored = writes.current_in_years(conn, kind, years)
    touched = writes.live_imports(conn, kind, years)
    before = int(summary.totals(conn, years)["rows"].sum()) if kind == SUMMARISED else 0
    unchanged = first and version == plan.base_version  # nothing written since the plan
    count = 0
    if stored is not None and unchanged and plan.replaces_all:
        # The very rows the plan saw, all of them replaced: no cover to test.
        update = sa.update(table).where(stored).values(superseded_by=import_id)
        count = conn.execute(update).rowcount
    elif stored is not None:
        with replaced.covering(conn, kind, plan.cover or cover(kind, incoming)) as file:
            count = file.mark(conn, kind, stored, import_id)
    # The rows this import replaced (the sample rows it set aside point at it too).
    mine = sa.and_(table.c.superseded_by == import_id,
                   table.c.import_id.not_in(held.get(kind, [])))
    if unchanged and count == plan.rows_replaced:
        changes = plan.changes
    else:
        kept = writes.current_in_years(conn, kind, years)
        where = mine if kept is None else sa.or_(kept, mine)
        parts = replaced.partials(conn, kind, where, mine)
        changes = changes_table(kind, parts, incoming)
    if kind == SUMMARISED:
        # NOTE: whichever is smaller: take the replaced rows' sums away, or recompute the
        # touched years from the rows that stay (a whole re-import leaves none).
        if before == count:  # nothing of these years stays
            summary.rebuild(conn, years, sa.false())
        elif before - count < count:
            summary.rebuild(conn, years, writes.current_in_years(conn, kind, years))
        elif count:
            summary.add_rows(conn, mine, -1)
    encoded = labels.encode(conn, kind, incoming)
    after = writes.last_row_id(conn, kind)
    # NOTE: the new rows are summed in a thread of their own while they are written: on
    # PostgreSQL the server takes them in meanwhile, and numpy lets go of the GIL.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="w13-sums") as pool:
        sums = pool.submit(summary.sums, encoded) if kind == SUMMARISED else None
        bulk.insert_frame(conn, kind, encoded.frame, import_id, progress=progress)
        writes.record_rows(conn, kind, import_id, after)
        if sums is not None:
            summary.add_sums(conn, sums.result(), fresh=before == count)
    writes.refresh_status(conn, kind, touched)
    conn.execute(sa.update(imports).where(imports.c.id == import_id)
                 .values(changes=writes.changes_json(changes)))
    return int(import_id)


def _changes_frame(kind: str, records: list[dict]) -> pd.DataFrame:
    none = partials(kind, pd.DataFrame()).assign(replaced=pd.Series(dtype=bool))
    empty = changes_table(kind, none, pd.DataFrame())
    frame = pd.DataFrame.from_records(records, columns=list(empty.columns))
    return frame.astype(empty.dtypes.to_dict())


def _utc(values: list) -> pd.Series:
    return pd.Series(pd.to_datetime(pd.Series(values, dtype=object), utc=True))
