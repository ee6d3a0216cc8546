"""The tidy dataset shapes of docs/ARCHITECTURE.md, as the sample data's truth uses them.

Taken from the kinds' declarations (``kinds``), the contract the loaders are checked
against, not from the loaders themselves: the truth does not lean on the code it checks.
"""

from __future__ import annotations

import pandas as pd

import kinds
from reference import load_region


def tidy(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The frame in the contract's column order and dtypes, sorted on its keys; a frame
    without NIS codes gets those of its municipalities (every sample place is in the
    region or named outside it)."""
    spec = kinds.get(kind)
    if "nis_code" in spec.names and "nis_code" not in frame:
        frame = frame.assign(nis_code=frame["municipality"].map(load_region().nis_codes))
    # "string" is the loaders' text dtype; pandas' default "str" is the same for a frame.
    dtypes = {c: "str" if t == "string" else t for c, t in spec.dtypes.items()}
    # A file that does not say who flowed in: every profile "onbekend".
    frame = frame.assign(**{c.name: c.missing for c in spec.profiles if c.name not in frame})
    out = frame[list(dtypes)].astype(dtypes)
    return out.sort_values(list(spec.keys), kind="stable", na_position="first", ignore_index=True)
