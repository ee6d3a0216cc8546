"""Loaders: every spreadsheet staff receive → a tidy, validated DataFrame, or a Dutch error.

Public API (see docs/ARCHITECTURE.md for the tidy shapes, README.md "Gegevensformaten" for the
accepted files):

- ``detect(source) -> "inflow" | "lde" | "maatwerk"``
- ``load_inflow(source)``, ``load_lde(source)``, ``load_maatwerk(source)`` → DataFrame
- ``load(source, kind=None)``: detect (unless ``kind`` is given), then load
- ``COLUMNS[kind]``: tidy columns with dtype, required flag, Dutch label, explanation and
  synonyms; ``template_frame(kind)`` an empty frame with the Dutch labels
- ``ValidationError`` (``.problems``: every ``Problem`` with sheet, Excel row and column)

``source`` is a path (``str``/``pathlib.Path``), ``bytes`` or a binary file object (a
Streamlit ``UploadedFile``, a nameless ``io.BytesIO``); the format is sniffed from the
content. Warnings that do not stop a load travel in ``frame.attrs["warnings"]``: a list
of Dutch sentences (totals dropped or not matching their parts, places outside the region
or not recognised, unknown target groups, repeated rows dropped).
"""

from __future__ import annotations

import pandas as pd

from loaders import inflow, lde, maatwerk
from loaders.columns import COLUMNS, DATASET_NAMES, KINDS, template_frame
from loaders.detect import detect, detect_workbook
from loaders.errors import Problem, ValidationError
from loaders.inflow import load_inflow
from loaders.lde import load_lde
from loaders.maatwerk import load_maatwerk
from loaders.pipeline import run
from loaders.reading import Workbook, read_workbook

TIDY = {"inflow": inflow.tidy, "lde": lde.tidy, "maatwerk": maatwerk.tidy}


def load(source: object, kind: str | None = None) -> pd.DataFrame:
    """Load ``source`` as ``kind``, or as the kind ``detect`` finds; the file is read once.

    ``frame.attrs["kind"]`` tells which kind was loaded (besides ``"warnings"``).
    """
    if kind is not None and kind not in TIDY:
        raise ValueError(f"unknown dataset kind {kind!r}; expected one of {KINDS}")
    owned = not isinstance(source, Workbook)
    workbook = source if isinstance(source, Workbook) else read_workbook(source)
    if kind is None:
        kind = detect_workbook(workbook)
    frame = run(workbook, kind, TIDY[kind], owned=owned)
    frame.attrs["kind"] = kind
    return frame


__all__ = [
    "COLUMNS",
    "DATASET_NAMES",
    "KINDS",
    "Problem",
    "ValidationError",
    "detect",
    "load",
    "load_inflow",
    "load_lde",
    "load_maatwerk",
    "template_frame",
]
