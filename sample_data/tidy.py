"""The tidy dataset shapes of docs/ARCHITECTURE.md, as the sample data's truth uses them.

Kept here rather than taken from ``loaders.COLUMNS``: the truth must not lean on the
code it checks.
"""

from __future__ import annotations

import pandas as pd

COLUMNS = {
    "inflow": {
        "year": "Int64",
        "month": "Int64",
        "quarter": "Int64",
        "municipality": "str",
        "nis_code": "str",
        "target_group": "str",
        "organisation": "str",
        "inflow": "Int64",
    },
    "lde": {
        "year": "Int64",
        "quarter": "Int64",
        "organisation": "str",
        "municipality": "str",
        "fte": "float64",
        "contingent": "float64",
    },
    "maatwerk": {
        "year": "Int64",
        "quarter": "Int64",
        "organisation": "str",
        "municipality": "str",
        "kind": "str",
        "places": "float64",
        "occupied": "float64",
    },
}


def tidy(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The frame in the contract's column order and dtypes, sorted on its keys."""
    columns = COLUMNS[kind]
    out = frame[list(columns)].astype(columns)
    keys = [c for c, dtype in columns.items() if dtype != "float64" and c != "inflow"]
    return out.sort_values(keys, kind="stable", na_position="first", ignore_index=True)
