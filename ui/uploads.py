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


@dataclass(frozen=True)
class ParsedFile:
    """An uploaded file after detection and loading."""

    name: str
    sha256: str
    kind: str | None
    frame: pd.DataFrame | None = None
    error: ValidationError | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.frame is not None and self.error is None


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def detect(name: str, content: bytes) -> str | None:
    """The dataset kind the loaders recognise in the file, or None."""
    try:
        return loaders.detect(io.BytesIO(content))
    except ValidationError:
        return None


def parse(name: str, content: bytes, kind: str | None = None) -> ParsedFile:
    """Load ``content`` as ``kind`` (detected when None); every problem is kept."""
    digest = sha256(content)
    kind = kind or detect(name, content)
    if kind is None:
        problem = Problem(
            f"Het soort gegevens werd niet herkend. Kies zelf of het om {kinds.nouns()} "
            "gaat, of vertrek van een sjabloon.",
            code="unknown_kind",
        )
        return ParsedFile(name, digest, None, error=ValidationError([problem], name))
    try:
        frame = loaders.load(io.BytesIO(content), kind)
    except ValidationError as error:
        error.file_name = error.file_name or name
        return ParsedFile(name, digest, kind, error=error)
    warnings = tuple(frame.attrs.get("warnings", ()))
    return ParsedFile(name, digest, kind, frame=frame, warnings=warnings)


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
