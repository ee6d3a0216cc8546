"""What an editor reads before confirming an import, in Dutch (no streamlit here).

The preview of a file's rows and the "what changes" table speak the dataset's own words
(the column labels of its ``kinds/`` declaration) and Flemish numbers (1.092; 590,5),
never ``year``, ``nis_code`` or ``None``. ``falls`` names every year whose total an
import would lower by more than ``FALL_WARNING``; ``sample_removal`` says, in one line,
that the first real import takes the sample data away.
"""

from __future__ import annotations

import pandas as pd

import kinds
from charts import numbers
from kinds.model import PERIOD_PARTS

# NOTE: a fifth less in a year is more than the usual ups and downs of these series
# (inflow moved at most about 25 % a year, even in 2020–2021) and the typical trace of
# a file that lacks part of the data (a municipality, an organisation, some months).
FALL_WARNING = 0.20
MISSING = "–"
_WHEN = {"before": "vóór", "after": "na", "replaced": "vervangen"}


def _cell(column: kinds.Column, value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "" if column.dtype == "string" else MISSING
    if column.name in PERIOD_PARTS:
        return str(int(value))  # a year is 2021, never 2.021
    if column.dtype == "string":
        return str(value)
    return numbers.exact(float(value))


def rows(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A file's tidy rows with the dataset's Dutch column labels and Flemish numbers."""
    spec = kinds.get(kind)
    shown = [c for c in spec.columns if c.name in frame.columns]
    return pd.DataFrame(
        {c.label: [_cell(c, v) for v in frame[c.name].tolist()] for c in shown},
        index=frame.index,
    )


def changes(kind: str, table: pd.DataFrame) -> pd.DataFrame:
    """The store's "what changes" table (per year, before → after) in Dutch words and
    numbers: "Jaar", "Rijen vóór", "Instroom na" …; "–" where there was nothing."""
    spec = kinds.get(kind)
    out = {}
    for name in table.columns:
        if name == "year":
            out[spec.column("year").label] = [str(int(y)) for y in table[name]]
            continue
        measure, _, when = name.rpartition("_")
        label = "Rijen" if measure == "rows" else spec.column(measure).short
        if measure in spec.names:
            decimals = 0 if spec.column(measure).dtype == "Int64" else 1
            cells = [numbers.number(v, decimals) for v in table[name].astype(float)]
        else:
            cells = [numbers.integer(v) for v in table[name].astype(float)]
        out[f"{label} {_WHEN.get(when, when)}"] = cells
    return pd.DataFrame(out)


def falls(kind: str, table: pd.DataFrame) -> list[str]:
    """One Dutch sentence per year and headline figure that the import would lower by
    more than ``FALL_WARNING``, e.g. "2019: Instroom van 480 naar 120 (−75 %)"."""
    spec = kinds.get(kind)
    found = []
    for record in table.to_dict("records"):
        for measure in spec.headline_measures:
            before, after = record.get(f"{measure}_before"), record.get(f"{measure}_after")
            if before is None or pd.isna(before) or before <= 0:
                continue
            after = 0.0 if after is None or pd.isna(after) else float(after)
            share = after / float(before) - 1.0
            if share < -FALL_WARNING:
                column = spec.column(measure)
                decimals = 0 if column.dtype == "Int64" else 1
                found.append(
                    f"{int(record['year'])}: {column.short} van "
                    f"{numbers.number(before, decimals)} naar {numbers.number(after, decimals)} "
                    f"({numbers.change(share)})"
                )
    return found


def sample_removal(removed: tuple[str, ...] | list[str]) -> str:
    """The one line that says a real import takes the sample data away (and undo brings
    them back)."""
    words = kinds.either([kinds.get(k).data_noun for k in removed], "en")
    return (
        f"Dit is de eerste import van echte gegevens: alle fictieve voorbeeldgegevens "
        f"({words}) worden verwijderd. Maak je deze import ongedaan, dan komen ze terug."
    )
