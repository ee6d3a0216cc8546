"""Small-count masking for material that leaves the team.

Masking is a display concern: values stay exact (so totals computed from them stay
exact), and only the *labels* of counts from 1 to 4 become "<5".
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

MASK_LABEL = "<5"
MASK_BELOW = 5


def is_small(value: float) -> bool:
    """True for a count that could point to a person: 1 to 4 (0 is not masked)."""
    return not pd.isna(value) and 0 < value < MASK_BELOW


def mask_labels(values: pd.Series, fmt: Callable[[float], str], *, mask: bool = True) -> pd.Series:
    """Text labels for ``values``: formatted, or "<5" for small counts when ``mask``."""
    return values.map(lambda v: MASK_LABEL if mask and is_small(v) else fmt(v))


def mask_frame(
    frame: pd.DataFrame, columns: list[str], fmt: Callable[[float], str]
) -> pd.DataFrame:
    """A display copy of ``frame`` with ``columns`` as text, small counts shown as "<5"."""
    out = frame.copy()
    for column in columns:
        out[column] = mask_labels(out[column], fmt)
    return out
