"""The store: the only package that knows SQL.

Tidy frames (docs/ARCHITECTURE.md) go in through ``Store.plan_import`` →
``Store.apply_import`` and come out through ``Store.read``; an import log records every
file with its "what changes" table, and every import can be undone.

Semantics in brief (details in ``storage.scope`` and ``storage.store``):

* Importing replaces current rows of the same kind whose period and entity the file
  covers; replaced rows are kept, marked ``superseded_by`` the new import.
* Undo withdraws an import's rows and restores exactly the rows it replaced; it is
  refused while a later active import replaced part of it (undo newest first).
* The same file (sha256) is refused while its earlier import is active, unless forced.
* Each import, undo or sample removal is one transaction under one write lock, so two
  sessions importing at once queue rather than interleave.
"""

from storage.errors import DuplicateImportError, StoreError, UndoError
from storage.schema import KINDS, TIDY
from storage.store import ImportPlan, Store

__all__ = [
    "KINDS",
    "TIDY",
    "DuplicateImportError",
    "ImportPlan",
    "Store",
    "StoreError",
    "UndoError",
]
