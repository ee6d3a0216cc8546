"""One uploaded file, read through the real loaders: detected kind, tidy rows or problems.

No streamlit here: the Gegevens page and the first-start sample import share it, and
it is tested without a running app.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

import pandas as pd

import kinds
import loaders
from charts.numbers import integer, number
from indicators.periods import yearly_flow, yearly_stock
from loaders.errors import Problem, ValidationError
from loaders.reading import read_workbook


@dataclass(frozen=True)
class ParsedFile:
    """An uploaded file after detection and loading."""

    name: str
    sha256: str
    kind: str | None
    frame: pd.DataFrame | None = None
    error: ValidationError | None = None
    warnings: tuple[str, ...] = field(default=())
    # False when the file itself cannot be read (empty, encrypted, not a spreadsheet):
    # its own problem is shown, and no question about its kind is asked.
    readable: bool = True
    # False when the kind was guessed from a tie: the page asks to check it.
    sure: bool = True

    @property
    def ok(self) -> bool:
        return self.frame is not None and self.error is None


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def parse(name: str, content: bytes, kind: str | None = None) -> ParsedFile:
    """Load ``content`` as ``kind`` (guessed when None); every problem is kept.

    The file's own problems (empty, encrypted, disguised, too large) come first, before
    any question about its kind. A guess that is not sure is marked so (``sure``).
    """
    digest = sha256(content)
    try:
        workbook = read_workbook(io.BytesIO(content))
    except ValidationError as error:
        error.file_name = error.file_name or name
        return ParsedFile(name, digest, None, error=error, readable=False)
    found = loaders.guess(workbook) if kind is None else None
    try:
        frame = loaders.load(workbook, kind, owned=True)  # its rows go as they are read
    except ValidationError as error:
        error.file_name = error.file_name or name
        if kind is None and found.kind is None:
            problem = Problem(
                f"Het soort gegevens werd niet herkend. Kies zelf of het om {kinds.nouns()} "
                "gaat, of vertrek van een sjabloon.",
                code="unknown_kind",
            )
            error = ValidationError([problem], name)
        return ParsedFile(name, digest, kind or found.kind, error=error, sure=kind is not None)
    warnings = tuple(frame.attrs.get("warnings", ()))
    sure = kind is not None or (found.sure and frame.attrs["kind"] == found.kind)
    return ParsedFile(name, digest, frame.attrs["kind"], frame=frame, warnings=warnings, sure=sure)


def yearly_totals(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Total of the main measure per year: a sum for flows, the mean of quarters for stocks."""
    spec = kinds.get(kind)
    total = yearly_flow if spec.is_flow else yearly_stock
    return total(frame, spec.main_measure)


def summary(parsed: ParsedFile) -> dict[str, str]:
    """Kind, rows, years, municipalities and last year's total, in Dutch."""
    frame = parsed.frame
    if frame is None or parsed.kind is None:
        return {}
    spec = kinds.get(parsed.kind)
    totals = yearly_totals(spec.name, frame)
    years = [int(y) for y in totals["year"]]
    municipalities = frame["municipality"].dropna().nunique()
    last = f"Totaal {years[-1]}" if years else "Totaal"
    return {
        "Soort": spec.choice_label,
        "Rijen": integer(len(frame)),
        "Jaren": f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "–"),
        "Gemeenten": integer(municipalities),
        last: number(float(totals[spec.main_measure].iloc[-1]), spec.decimals) if years else "–",
    }
