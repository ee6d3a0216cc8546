"""Errors the store raises, with Dutch messages the Gegevens page can show as they are."""

from __future__ import annotations


class StoreError(Exception):
    """Something the user asked of the store that cannot be done; ``str()`` is Dutch."""


class DuplicateImportError(StoreError):
    """The same file (same sha256) is already imported and active."""

    def __init__(self, file_name: str, import_id: int) -> None:
        self.import_id = import_id
        super().__init__(
            f"Het bestand '{file_name}' is al ingelezen (import {import_id}). "
            "Bevestig opnieuw inlezen als dat echt de bedoeling is."
        )


class UndoError(StoreError):
    """An import that cannot be undone (already undone, or replaced by a later import)."""
