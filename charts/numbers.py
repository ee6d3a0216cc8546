"""Flemish number formatting: 1.234,5 · 12,3 % · signed changes "−24 %" / "+5 %".

One module so that titles, labels, tables and exports format numbers identically.
Plotly gets the same convention through ``PLOTLY_SEPARATORS`` (decimal, thousands).
"""

from __future__ import annotations

import math

PLOTLY_SEPARATORS = ",."
MINUS = "−"  # U+2212: the typographic minus, as in print


def _flemish(text: str) -> str:
    """Swap the English separators of ``format(..., ",.Nf")`` for Flemish ones."""
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | None, decimals: int = 1) -> str:
    """``1234.5`` → ``1.234,5``; a negative number gets a typographic minus."""
    if _missing(value):
        return "–"
    text = _flemish(format(abs(value), f",.{decimals}f"))
    return f"{MINUS}{text}" if round(value, decimals) < 0 else text


def exact(value: float | None, decimals: int = 2) -> str:
    """A figure as it is, up to ``decimals``: ``1092.0`` → ``1.092``, ``590.5`` → ``590,5``."""
    if _missing(value):
        return "–"
    text = number(value, decimals)
    return text.rstrip("0").rstrip(",") if "," in text else text


def integer(value: float | None) -> str:
    """``1234`` → ``1.234``."""
    return number(value, 0)


def percent(share: float | None, decimals: int = 1) -> str:
    """A share as a percentage: ``0.123`` → ``12,3 %``."""
    if _missing(share):
        return "–"
    return f"{number(share * 100, decimals)} %"


def change(share: float | None, decimals: int = 0) -> str:
    """A relative change with its sign: ``-0.24`` → ``−24 %``, ``0.05`` → ``+5 %``."""
    if _missing(share):
        return "–"
    text = number(share * 100, decimals)
    rounded_zero = round(share * 100, decimals) == 0
    return f"{text} %" if text.startswith(MINUS) or rounded_zero else f"+{text} %"


def fte(value: float | None) -> str:
    """FTE with one decimal: ``104.25`` → ``104,3 VTE``."""
    return f"{number(value, 1)} VTE"


def by_format(value: float | None, value_format: str) -> str:
    """Format ``value`` the way a ``ChartSpec.value_format`` asks."""
    match value_format:
        case "count":
            return integer(value)
        case "percent":
            return percent(value)
        case "rate":
            return number(value, 2)
        case "change":
            return change(value)
        case _:
            return number(value, 1)


# Decimals of an axis tick before trailing zeros go (as ``d3_tick_format``).
TICK_DECIMALS = {"count": 6, "rate": 2}


def tick(value: float, value_format: str) -> str:
    """An axis tick as the screen shows it: ``100`` rather than ``100,0``; ``2,5`` stays."""
    if value_format == "percent":
        return percent(value, 0)
    if value_format == "change":
        return change(value)
    text = number(value, TICK_DECIMALS.get(value_format, 1))
    return text.rstrip("0").rstrip(",") if "," in text else text


def d3_format(value_format: str) -> str:
    """The d3 format string for axis ticks and hover (Plotly applies the separators)."""
    return {"count": ",.0f", "percent": ".0%", "rate": ",.2f", "change": "+.0%"}.get(
        value_format, ",.1f"
    )


def d3_tick_format(value_format: str) -> str:
    """Axis ticks without needless decimals: 100 rather than 100,0; 2,5 stays 2,5."""
    return {"count": ",~f", "percent": ".0%", "rate": ",.2~f", "change": "+.0%"}.get(
        value_format, ",.1~f"
    )
