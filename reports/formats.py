"""Number-format codes for the exported files, one per ``ValueFormat``.

PowerPoint and Excel store number formats in the *invariant* notation ("," groups
thousands, "." marks decimals) and render them with the reader's locale, so a Flemish
PC shows ``#,##0.0`` as ``1.234,5``. Writing a Dutch-looking code such as ``#.##0``
would instead be read as "divide by 1,000" – hence the invariant codes here.
"""

from __future__ import annotations

from charts.spec import ValueFormat

# NOTE: "percent" values are fractions (0.947 → 94,7 %), as in ChartSpec's data; the
# decimals match ``charts.numbers.by_format`` so labels read the same as on screen.
NUMBER_FORMATS: dict[str, str] = {
    "count": "#,##0",
    "fte": "#,##0.0",
    "percent": "0.0%",
    "rate": "#,##0.00",
    "change": "+0%;-0%;0%",
}


def number_format(value_format: ValueFormat) -> str:
    """The invariant number-format code for a spec's ``value_format``."""
    return NUMBER_FORMATS.get(value_format, "#,##0.0")
