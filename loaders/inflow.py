"""Load inflow (instroom): target-group workers starting per period, a flow.

Accepts aggregated tables (long or wide by year, quarter or month) and person-level
lists (one row per worker), which are counted while loading: the returned frame holds
counts only, never a name, national register number, birth date or address.
"""

from __future__ import annotations

import pandas as pd

from loaders.fields import Findings
from loaders.pipeline import aggregate, finish, run
from loaders.validate import check_duplicates

KEYS = ["year", "month", "quarter", "municipality", "nis_code", "target_group", "organisation"]


def tidy(frame: pd.DataFrame, found: Findings) -> pd.DataFrame:
    person = frame["_col_inflow"].isna().to_numpy()
    if person.any():  # person-level rows: count them first (one row per worker)
        counted = frame[person]
        grouped = counted.groupby(
            KEYS, dropna=False, sort=False, observed=True, as_index=False
        ).agg(inflow=("inflow", "sum"), _row=("_row", "min"), _sheet=("_sheet", "first"))
        frame = (
            pd.concat([frame[~person], grouped], ignore_index=True) if (~person).any() else grouped
        )
    frame = check_duplicates(frame, "inflow", found)
    if found.problems:
        return frame
    return finish(aggregate(frame, KEYS, ["inflow"]), "inflow")


def load_inflow(source) -> pd.DataFrame:
    """Load an inflow file into the tidy ``inflow`` frame (see docs/ARCHITECTURE.md).

    ``source`` is a path, bytes or a binary file object (xlsx, xlsm, xls, ods, csv/txt).
    Columns: ``year``, ``month`` and ``quarter`` (Int64, nullable; the quarter follows
    from the month), ``municipality`` (official name or the region's outside label, never
    null), ``nis_code``, ``target_group``, ``organisation`` (nullable), ``inflow`` (Int64
    ≥ 0). Person-level lists are counted. ``frame.attrs["warnings"]`` is a list of Dutch
    sentences about what was dropped or not recognised. Raises ``ValidationError``
    listing every problem when the file cannot be loaded.
    """
    return run(source, "inflow", tidy)
