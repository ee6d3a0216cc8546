"""The store: the only package that knows SQL.

Tidy frames (docs/ARCHITECTURE.md) go in through ``Store.plan_import`` →
``Store.apply_import`` and come out through ``Store.read`` / ``Store.inflow_aggregate``; an
import log records every file with its "what changes" table, and every import can be undone.

Semantics (details in ``storage.scope``, ``storage.store`` and ``storage.writes``):

* **Replace.** Importing replaces the current rows of the same kind whose period and
  entity the file covers: per year and entity, the file's months, else quarters, else the
  whole year (a finer file also replaces coarser stored rows it overlaps); entities are
  organisations for LDE, kind + organisation (or municipality when none) for maatwerk,
  and for inflow the organisations the file names, or everything when it names none. A
  maatwerk row naming neither is a region total and overlaps every entity of its kind.
  Replaced rows are kept, marked ``superseded_by`` the new import; nothing is deleted.
* **Undo** withdraws an import's rows (they point ``superseded_by`` at their own import)
  and restores exactly the rows it replaced, unless those belong to an import undone or
  removed since. It is refused while a later active import replaced part of the undone
  import's rows: undo newest first, so nothing newer is silently overwritten.
* **Duplicates.** A file whose sha256 matches an *active* import is refused unless forced
  (a file whose earlier import was replaced or undone may come back).
* **Sample data** are imports flagged ``sample``; removing them withdraws them like undo.
  The first real import of any kind sets all sample rows aside (marked ``superseded_by``
  it, in its own transaction) and is compared with real data only; once no real import
  is live any more (undone), the sample rows come back exactly. ``Store.seed_sample``
  loads the sample data only into a never-used store, checked under the write lock.
* **One transaction, one lock.** Each import, undo or sample removal is one transaction
  that first bumps ``store_meta.version`` (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: that
  row's lock), so concurrent sessions queue; the scope is recomputed under the lock and
  the "what changes" actually applied is what the log keeps.
* **Speed.** Text values are dictionary-encoded (``labels``); SQLite writes multi-row
  INSERTs, PostgreSQL uses COPY; the replace scope is tested in SQL (``storage.replaced``),
  never row by row in Python; the summaries (``schema.SUMMARIES``: inflow per year,
  quarter, municipality and target group, and per those plus month or organisation) are
  kept in step by every write, for the pages' aggregates and detail views.
* **Statuses** in the log: active, superseded (all rows replaced later), undone, removed,
  refused (an upload the loaders refused: logged with why, no rows, no version bump).
"""

from storage.errors import DuplicateImportError, StoreError, UndoError
from storage.schema import KINDS, SUMMARY_KEYS, TIDY
from storage.store import ImportPlan, Store

__all__ = [
    "KINDS",
    "SUMMARY_KEYS",
    "TIDY",
    "DuplicateImportError",
    "ImportPlan",
    "Store",
    "StoreError",
    "UndoError",
]
