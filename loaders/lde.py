"""Load LDE (lokale diensteneconomie) FTE per organisation: stocks, kept per quarter."""

from __future__ import annotations

import pandas as pd

from loaders.fields import Findings
from loaders.pipeline import aggregate, finish, run
from loaders.stocks import average_months
from loaders.validate import check_duplicates

KEYS = ["year", "quarter", "organisation", "municipality"]


def tidy(frame: pd.DataFrame, found: Findings) -> pd.DataFrame:
    frame = average_months(frame, KEYS, ["fte", "contingent"], found)
    frame = check_duplicates(frame, "lde", found)
    if "contingent" not in frame:
        frame = frame.assign(contingent=float("nan"))
    # Rows meeting on one key are different places (Heule and Kortrijk, or two places
    # outside the region): their stocks add up, and unknown stays unknown.
    tidy = aggregate(frame, KEYS, ["fte", "contingent"])
    return finish(tidy, "lde")


def load_lde(source) -> pd.DataFrame:
    """Load an LDE file into the tidy ``lde`` frame (see docs/ARCHITECTURE.md).

    Columns: ``year``, ``quarter`` (Int64, nullable), ``organisation``, ``municipality``
    (nullable), ``fte`` (float ≥ 0), ``contingent`` (granted FTE, NaN when unknown).
    FTE are stocks: quarter rows are kept as quarters, never summed into a year.
    ``frame.attrs["warnings"]`` lists Dutch warnings; ``ValidationError`` lists every
    problem of a file that cannot be loaded.
    """
    return run(source, "lde", tidy)
