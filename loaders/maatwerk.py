"""Load maatwerk capacity (contingent) and occupation (bezetting): stocks per quarter."""

from __future__ import annotations

import pandas as pd

from loaders.fields import Findings
from loaders.pipeline import aggregate, finish, run
from loaders.stocks import average_months
from loaders.validate import check_duplicates

KEYS = ["year", "quarter", "organisation", "municipality", "kind"]


def tidy(frame: pd.DataFrame, found: Findings) -> pd.DataFrame:
    frame = average_months(frame, KEYS, ["places", "occupied"], found)
    frame = check_duplicates(frame, "maatwerk", found)
    if "occupied" not in frame:
        frame = frame.assign(occupied=float("nan"))  # unknown, never 0
    # Rows meeting on one key are different places (Heule and Kortrijk, or two places
    # outside the region): their stocks add up, and unknown stays unknown.
    tidy = aggregate(frame, KEYS, ["places", "occupied"])
    return finish(tidy, "maatwerk")


def load_maatwerk(source) -> pd.DataFrame:
    """Load a maatwerk file into the tidy ``maatwerk`` frame (see docs/ARCHITECTURE.md).

    Columns: ``year``, ``quarter`` (Int64, nullable), ``organisation`` (nullable; WSE
    open data gives sites), ``municipality`` (nullable), ``kind`` (``"collectief"`` for
    maatwerkbedrijf, maatwerkafdeling and CMW; ``"individueel"`` for IM), ``places``
    (granted contingent) and ``occupied`` (filled; NaN when unknown, never 0).
    ``frame.attrs["warnings"]`` lists Dutch warnings; ``ValidationError`` lists every
    problem of a file that cannot be loaded.
    """
    return run(source, "maatwerk", tidy)
