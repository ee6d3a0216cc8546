"""Loaders: every spreadsheet staff receive → a tidy, validated DataFrame, or a Dutch error.

Public API (see docs/ARCHITECTURE.md for the tidy shapes, README.md "Gegevensformaten" for the
accepted files):

- ``detect(source) -> "inflow" | "lde" | "maatwerk"``; ``guess(source)``: the kinds
  ranked, and whether the best is sure (the Gegevens page offers the choice when not)
- ``load_inflow(source)``, ``load_lde(source)``, ``load_maatwerk(source)`` → DataFrame
- ``load(source, kind=None)``: detect (unless ``kind`` is given), then load
- the kinds, their tidy columns, synonyms and required columns are declared in ``kinds/``
- ``ValidationError`` (``.problems``: every ``Problem`` with a stable code, sheet, Excel row
  and column; ``.grouped()`` one Dutch line per code)

``source`` is a path (``str``/``pathlib.Path``), ``bytes`` or a binary file object (a
Streamlit ``UploadedFile``, a nameless ``io.BytesIO``); the format is sniffed from the
content. Warnings that do not stop a load travel in ``frame.attrs["warnings"]``: a list
of Dutch sentences (totals dropped or not matching their parts, places outside the region
or not recognised, unknown target groups, repeated rows dropped).
"""

from __future__ import annotations

import pandas as pd

import kinds
from loaders.collector import collector_paused
from loaders.detect import Guess, detect, guess, guess_workbook, unknown_kind
from loaders.errors import Problem, ValidationError
from loaders.pipeline import run
from loaders.reading import Workbook, read_workbook


@collector_paused
def load(source: object, kind: str | None = None, *, owned: bool = False) -> pd.DataFrame:
    """Load ``source`` as ``kind``, or as the kind ``guess`` finds; the file is read once.

    When the guess is not sure (a tie, or nothing recognisable), the kinds are tried in
    the order of the evidence and the first whose loader reads the file wins: detection
    never refuses a file a loader reads. ``frame.attrs["kind"]`` tells which kind was
    loaded (besides ``"warnings"``). ``owned=True`` hands over a ``Workbook`` source: its
    rows are released while loading, as for a file read here.
    """
    if kind is not None:
        kinds.get(kind)  # ValueError for an unknown kind, before the file is read
    owned = owned or not isinstance(source, Workbook)
    workbook = source if isinstance(source, Workbook) else read_workbook(source)
    if kind is not None:
        frame = run(workbook, kind, owned=owned)
    else:
        frame, kind = _load_best(workbook, owned)
    frame.attrs["kind"] = kind
    return frame


def _load_best(workbook: Workbook, owned: bool) -> tuple[pd.DataFrame, str]:
    found = guess_workbook(workbook)
    if found.sure:
        return run(workbook, found.kind, owned=owned), found.kind
    first: ValidationError | None = None
    for name in found.ranking:
        try:
            return run(workbook, name), name  # rows kept for the next attempt
        except ValidationError as error:
            first = first or error
    if found.kind is None:
        raise unknown_kind(workbook.name)
    raise first


def load_inflow(source: object) -> pd.DataFrame:
    """Load an inflow file into the tidy ``inflow`` frame (see docs/ARCHITECTURE.md).

    ``source`` is a path, bytes or a binary file object (xlsx, xlsm, xls, ods, csv/txt).
    Person-level lists are counted: the frame holds counts only, never a name, national
    register number, birth date or address.
    """
    return run(source, "inflow")


def load_lde(source: object) -> pd.DataFrame:
    """Load an LDE file into the tidy ``lde`` frame: FTE are stocks, kept per quarter."""
    return run(source, "lde")


def load_maatwerk(source: object) -> pd.DataFrame:
    """Load a maatwerk file into the tidy ``maatwerk`` frame: places and occupation are
    stocks per quarter; ``occupied`` is NaN when unknown, never 0."""
    return run(source, "maatwerk")


__all__ = [
    "Guess",
    "Problem",
    "ValidationError",
    "detect",
    "guess",
    "load",
    "load_inflow",
    "load_lde",
    "load_maatwerk",
]
