"""Put freshly computed arrays into frames without pandas' defensive copy.

pandas 3 copies an array set as a column (``frame[name] = values``) so that the frame
never shares memory with a caller's array. The loaders' arrays are fresh, held by
nothing else: at half a million rows each such copy costs a millisecond for nothing.
"""

from __future__ import annotations

import pandas as pd


def put(frame: pd.DataFrame, name: str, values: object) -> None:
    """``frame[name] = values`` for an array (numpy or pandas) no one else will change."""
    frame[name] = pd.Series(values, index=frame.index, copy=False)
