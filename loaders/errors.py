"""Problems found in an uploaded file: data first (a stable code, where, the value), and a
Dutch message; reported all at once.

The code says *what* is wrong (tests assert codes, the Gegevens page groups on them), the
message says it to staff in Dutch, and sheet / row / column say where, as Excel shows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

# Every problem code with its Dutch title (the heading of a group of such problems).
CODES: dict[str, str] = {
    # The file itself, before any question about its kind.
    "empty_file": "Leeg bestand",
    "encrypted": "Beveiligd met een wachtwoord",
    "corrupt": "Beschadigd bestand",
    "not_a_spreadsheet": "Geen rekenblad",
    "unsupported_format": "Niet ondersteund formaat",
    "too_large": "Te groot bestand",
    "cell_too_long": "Te lange cel",
    "unclosed_quote": "Aanhalingsteken niet gesloten",
    "unsafe_file": "Onveilig bestand",
    "unreadable": "Onleesbaar bestand",
    "file_not_found": "Bestand niet gevonden",
    # The table.
    "unknown_kind": "Soort gegevens niet herkend",
    "no_header": "Geen kopregel",
    "no_data_rows": "Geen gegevensrijen",
    "missing_column": "Verplichte kolom ontbreekt",
    # Rows and cells.
    "missing_value": "Lege verplichte cel",
    "no_year": "Geen jaar",
    "year_out_of_range": "Jaar buiten bereik",
    "invalid_period": "Geen geldige periode",
    "invalid_quarter": "Geen geldig kwartaal",
    "invalid_month": "Geen geldige maand",
    "period_conflict": "Kwartaal en maand spreken elkaar tegen",
    "not_a_number": "Geen getal",
    "negative_number": "Negatief getal",
    "not_whole_number": "Geen geheel getal",
    "unknown_maatwerk_kind": "Onbekende soort maatwerk",
    "conflicting_rows": "Dezelfde gegevens met verschillende waarden",
    # Our own failure, never a traceback.
    "unexpected_error": "Onverwachte fout",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, located as Excel shows it (1-based row, column letters).

    ``code`` is one of ``CODES``; ``value`` the failing cell as the message quotes it (never
    a person field); ``count`` how many cells a summary problem stands for ("… en nog 37
    cellen met hetzelfde probleem").
    """

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    code: str = field(kw_only=True)
    value: str | None = field(default=None, kw_only=True)
    count: int = field(default=1, kw_only=True)

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}")

    @property
    def title(self) -> str:
        return CODES[self.code]

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

    def __reduce__(self):  # pickled whole (a cache, a worker process), not as its text
        return (type(self), (self.problems, self.file_name))

    @property
    def total(self) -> int:
        """How many problems, the cells a capped summary stands for included."""
        return sum(p.count for p in self.problems)

    @property
    def codes(self) -> list[str]:
        """The problems' codes, in order (repeated codes repeated)."""
        return [p.code for p in self.problems]

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

    def grouped(self, *, single: int = 3, places: int = 3) -> list[str]:
        """One Dutch line per code, in order of first appearance.

        A code with at most ``single`` problems lists them as they are; more become one
        line with the count and the first ``places`` places, e.g. "Geen getal (37 keer):
        blad 'Data' rij 4 kolom C, rij 5 kolom C, rij 9 kolom C … Bijvoorbeeld: 'veel' is
        geen getal (Instroom)."
        """
        by_code: dict[str, list[Problem]] = {}
        for problem in self.problems:
            by_code.setdefault(problem.code, []).append(problem)
        lines = []
        for code, problems in by_code.items():
            total = sum(p.count for p in problems)
            if total <= single:
                lines += [str(p) for p in problems]
                continue
            located = [p for p in problems if p.row is not None or p.column][:places]
            head = f"{CODES[code]} ({total} keer)"
            if located:
                head += f": {_places(located)}"
            end = " …" if total > len(located) else "."
            example = (located or problems)[0].message
            lines.append(f"{head}{end} Bijvoorbeeld: {example}")
        return lines


def _places(problems: list[Problem]) -> str:
    """ "blad 'Data' rij 4 kolom C, rij 5 kolom C": the sheet only where it changes."""
    parts, sheet = [], None
    for problem in problems:
        words = []
        if problem.sheet and problem.sheet != sheet:
            words.append(f"blad '{problem.sheet}'")
            sheet = problem.sheet
        if problem.row is not None:
            words.append(f"rij {problem.row}")
        if problem.column:
            words.append(f"kolom {problem.column}")
        parts.append(" ".join(words))
    return ", ".join(p for p in parts if p)
