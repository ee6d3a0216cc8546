"""The import log as the exports show it: which files the figures come from.

The store's import log (``Store.import_log()``) is passed in as a frame; its columns
are matched by name so that the exports keep working if the log gains columns.
"""

from __future__ import annotations

import pandas as pd

# Known import-log columns, in display order, with their Dutch headers.
HEADERS: dict[str, str] = {
    "id": "Import",
    "kind": "Soort gegevens",
    "file_name": "Bestand",
    "imported_at": "Ingelezen op",
    "user": "Door",
    "rows": "Rijen",
    "first_year": "Eerste jaar",
    "last_year": "Laatste jaar",
    "years": "Jaren",
    "municipalities": "Gemeenten",
    "status": "Status",
    "sample": "Voorbeeldgegevens",
    "sha256": "SHA-256",
}
# Other names the same facts may carry.
ALIASES: dict[str, str] = {
    "file": "file_name",
    "filename": "file_name",
    "name": "file_name",
    "created_at": "imported_at",
    "at": "imported_at",
    "when": "imported_at",
    "timestamp": "imported_at",
    "imported_by": "user",
    "row_count": "rows",
    "n_rows": "rows",
}
KIND_NAMES = {"inflow": "instroom", "lde": "LDE", "maatwerk": "maatwerk"}
# Undone or failed imports did not feed the figures.
INACTIVE_STATUSES = {"undone", "failed", "error", "ongedaan", "mislukt"}


def import_table(imports: pd.DataFrame | None) -> pd.DataFrame:
    """The imports that feed the figures, with Dutch headers; known columns first."""
    if imports is None or imports.empty:
        return pd.DataFrame()
    frame = imports.rename(columns={k: v for k, v in ALIASES.items() if v not in imports})
    if "status" in frame:
        status = frame["status"].astype("string").str.lower()
        frame = frame.loc[~status.isin(INACTIVE_STATUSES).fillna(False).astype(bool)]
    if "kind" in frame:
        frame = frame.assign(kind=frame["kind"].map(lambda k: KIND_NAMES.get(k, k)))
    known = [c for c in HEADERS if c in frame]
    others = [c for c in frame.columns if c not in HEADERS]
    return frame[known + others].rename(columns=HEADERS)


def import_rows(imports: pd.DataFrame | None) -> list[str]:
    """One short line per imported file: ``instroom.xlsx (instroom, 12/03/2026)``."""
    table = import_table(imports)
    if table.empty or "Bestand" not in table:
        return []
    lines = []
    for _, row in table.iterrows():
        details = [str(row[c]) for c in ("Soort gegevens",) if c in row and pd.notna(row[c])]
        if "Ingelezen op" in row and pd.notna(row["Ingelezen op"]):
            details.append(pd.Timestamp(row["Ingelezen op"]).strftime("%d/%m/%Y"))
        suffix = f" ({', '.join(details)})" if details else ""
        lines.append(f"{row['Bestand']}{suffix}")
    return lines
