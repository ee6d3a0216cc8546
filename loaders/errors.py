"""Problems found in an uploaded file, reported all at once in Dutch."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, located as Excel shows it (1-based row, column letters)."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"blad '{self.sheet}'")
        if self.row is not None:
            parts.append(f"rij {self.row}")
        if self.column:
            parts.append(f"kolom {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class ValidationError(ValueError):
    """A file that cannot be loaded; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem], file_name: str | None = None) -> None:
        self.problems: list[Problem] = list(problems)
        self.file_name = file_name
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        noun = "probleem" if count == 1 else "problemen"
        head = f"Het bestand '{self.file_name}'" if self.file_name else "Het bestand"
        lines = [f"{head} kan niet ingelezen worden ({count} {noun}):"]
        lines += [f"- {problem}" for problem in self.problems[:50]]
        if count > 50:
            lines.append(f"- … en nog {count - 50} andere.")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """The problems as a table with Dutch headers, for the upload page."""
        return pd.DataFrame(
            {
                "Blad": [p.sheet or "" for p in self.problems],
                "Rij": pd.array([p.row for p in self.problems], dtype="Int64"),
                "Kolom": [p.column or "" for p in self.problems],
                "Probleem": [p.message for p in self.problems],
            }
        )
