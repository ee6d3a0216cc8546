"""Numbers as Belgian offices write them, parsed a whole column at a time.

Cells hold real numbers, or text such as ``"12,5"``, ``"1.234,5"``, ``"1 234"``,
``"1,234.5"`` (English exports), ``"€ 12"`` or a missing marker (``"n.v.t."``, ``"-"``,
``""``, ``"nb"``). The decimal separator of ambiguous text (``"1.234"``, ``"1,5"``) is
decided per column: Belgian decimal comma unless the column shows an unambiguous
decimal point elsewhere (``"0.5"``, ``"1,234.5"``). Parsing works on the unique
values of a column, so a 100,000-row column with a few hundred distinct values costs
a few hundred parses.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from loaders.normalise import text_key

MISSING_MARKERS = frozenset(
    {
        "",
        "nvt",
        "n v t",
        "nb",
        "n b",
        "na",
        "n a",
        "onbekend",
        "geen",
        "geen gegevens",
        "x",
        "xx",
        "ntb",
        "n t b",
        "nan",
        "none",
        "null",
        "leeg",
        "?",
    }
)
_DASHES = frozenset({"-", "--", "—", "–", "/", ".", "…", "...", "?"})
_STRIP = re.compile(r"[\s\u00a0\u202f'’€]|eur(o)?\b|vte\b|fte\b", re.IGNORECASE)
_PLAIN = re.compile(r"^[+-]?\d+$")
_COMMA_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+),\d+$")
_DOT_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)\.\d+$")
_DOT_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_COMMA_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
_DOT_UNAMBIGUOUS = re.compile(r"^[+-]?(\d+\.(\d{1,2}|\d{4,})|\d{1,3}(,\d{3})+\.\d+|0\.\d+)$")
_COMMA_UNAMBIGUOUS = re.compile(r"^[+-]?(\d+,(\d{1,2}|\d{4,})|\d{1,3}(\.\d{3})+,\d+|0,\d+)$")


def is_missing_marker(value: object) -> bool:
    """True for empty cells and the words and dashes offices use for "no figure"."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    if not isinstance(value, str):
        return False
    stripped = value.strip()
    return stripped in _DASHES or text_key(stripped) in MISSING_MARKERS


def _compact(text: str) -> str:
    return _STRIP.sub("", text.strip())


def decimal_point_column(texts: list[str]) -> bool:
    """Whether a column's text numbers use a decimal point (English) instead of a comma."""
    compacts = [_compact(t) for t in texts]
    dot = any(_DOT_UNAMBIGUOUS.match(c) for c in compacts)
    comma = any(_COMMA_UNAMBIGUOUS.match(c) for c in compacts)
    return dot and not comma


def parse_number_text(text: str, decimal_point: bool = False) -> float | None:
    """One text number, or ``None`` when it is not a number (missing markers included)."""
    if is_missing_marker(text):
        return None
    compact = _compact(text)
    if compact.endswith("%"):
        return None
    if _PLAIN.match(compact):
        return float(compact)
    if decimal_point:
        if _DOT_DECIMAL.match(compact) or _COMMA_THOUSANDS.match(compact):
            return float(compact.replace(",", ""))
        if _DOT_THOUSANDS.match(compact) and compact.count(".") > 1:
            return float(compact.replace(".", ""))
        return None
    if _COMMA_DECIMAL.match(compact) or _DOT_THOUSANDS.match(compact):
        return float(compact.replace(".", "").replace(",", "."))
    if _DOT_DECIMAL.match(compact) and "," in compact:
        # "1,234.5": both separators, the point last — unambiguously English.
        return float(compact.replace(",", ""))
    if re.match(r"^[+-]?\d*\.\d+$", compact):
        return float(compact)
    return None


def _parse_one(value: object, decimal_point: bool) -> tuple[float, bool]:
    """(number, bad): NaN and not bad for missing; NaN and bad for non-numbers."""
    if value is None:
        return np.nan, False
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        return np.nan, True
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value), False
    parsed = parse_number_text(str(value), decimal_point)
    if parsed is None:
        return np.nan, not is_missing_marker(str(value))
    return parsed, False


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of raw cells into float64 and a mask of cells that are not numbers.

    Missing markers become NaN and are not flagged; text that is not a number becomes
    NaN and is flagged, so validation can point at the exact cell.
    """
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values):
        return values.astype("float64"), pd.Series(False, index=values.index)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = [u for u in uniques if isinstance(u, str)]
    decimal_point = decimal_point_column(texts) if texts else False
    parsed = [_parse_one(u, decimal_point) for u in uniques]
    numbers = np.array([p[0] for p in parsed] + [np.nan], dtype="float64")
    bad = np.array([p[1] for p in parsed] + [False], dtype=bool)
    return (
        pd.Series(numbers[codes], index=values.index, dtype="float64"),
        pd.Series(bad[codes], index=values.index),
    )
