"""The import log as the exports show it: which files the figures come from.

The store's import log (``Store.import_log()``) is passed in as a frame. Only active
imports feed the figures, so undone, removed or fully superseded ones are left out.
Columns are matched by name, list cells (years, municipalities, warnings) become
short text, and internal bookkeeping (the "what changes" table, undo details) is
dropped, so the exports keep working if the log gains columns.
"""

from __future__ import annotations

import pandas as pd

import kinds
from charts.base import period_text

# Known import-log columns, in display order, with their Dutch headers.
HEADERS: dict[str, str] = {
    "id": "Import",
    "kind": "Soort gegevens",
    "file_name": "Bestand",
    "imported_at": "Ingelezen op",
    "user": "Door",
    "rows": "Rijen",
    "years": "Jaren",
    "first_year": "Eerste jaar",
    "last_year": "Laatste jaar",
    "municipalities": "Gemeenten",
    "warnings": "Waarschuwingen",
    "sample": "Voorbeeldgegevens",
    "sha256": "SHA-256",
}
# Other names the same facts carry (the datasets' freshness stands in for the log).
ALIASES: dict[str, str] = {"last_import": "imported_at", "filename": "file_name"}
DROPPED = {"status", "changes", "undone_at", "undone_by"}
ACTIVE = "active"


def _as_text(value: object, column: str) -> object:
    """A list cell as short text: years as a period, anything else joined."""
    if not isinstance(value, list | tuple):
        return value
    if column == "years":
        return period_text(value) or None
    return "; ".join(str(v) for v in value) or None


def import_table(imports: pd.DataFrame | None) -> pd.DataFrame:
    """The active imports, known columns first, with Dutch headers."""
    if imports is None or imports.empty:
        return pd.DataFrame()
    frame = imports.rename(columns={k: v for k, v in ALIASES.items() if v not in imports})
    if "status" in frame:
        frame = frame.loc[(frame["status"] == ACTIVE).fillna(False).astype(bool)]
    frame = frame.drop(columns=[c for c in DROPPED if c in frame])
    if "kind" in frame:
        frame = frame.assign(kind=frame["kind"].map(lambda k: getattr(kinds.find(k), "noun", k)))
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = [_as_text(v, column) for v in frame[column]]
    known = [c for c in HEADERS if c in frame]
    others = [c for c in frame.columns if c not in HEADERS]
    return frame[known + others].rename(columns=HEADERS).reset_index(drop=True)


def import_rows(imports: pd.DataFrame | None) -> list[str]:
    """One short line per file: ``instroom.xlsx (instroom, 12/03/2026)``."""
    table = import_table(imports)
    if table.empty or "Bestand" not in table:
        return []
    lines = []
    for _, row in table.iterrows():
        details = [str(row["Soort gegevens"])] if pd.notna(row.get("Soort gegevens")) else []
        if pd.notna(row.get("Ingelezen op")):
            stamp = pd.Timestamp(row["Ingelezen op"])
            if stamp.tzinfo is not None:
                stamp = stamp.tz_convert("Europe/Brussels")
            details.append(f"{stamp:%d/%m/%Y}")
        suffix = f" ({', '.join(details)})" if details else ""
        lines.append(f"{row['Bestand']}{suffix}")
    return lines
