"""A chart in words, for screen readers: the finding, what the chart shows, and its
numbers in brief (the full table stays one click away under the chart).

Small counts are said the way the chart shows them ("<5") when masking is on.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from charts import numbers
from charts.spec import ChartSpec
from indicators.masking import MASK_LABEL, is_small

KINDS = {
    "column": "Staafdiagram",
    "stacked_column": "Gestapeld staafdiagram",
    "bar": "Liggend staafdiagram",
    "line": "Lijndiagram",
    "map": "Kaart",
}
# Beyond this many series the text names how many there are, not each of them.
NAMED_SERIES = 6


def _value(spec: ChartSpec, value: float, text: object = None) -> str:
    """A value as said: "<5" when masked (a small count, or a point labelled so)."""
    if spec.masked and (
        (spec.value_format == "count" and is_small(value)) or text == MASK_LABEL
    ):
        return MASK_LABEL
    return numbers.by_format(value, spec.value_format)


def _said(spec: ChartSpec, row: pd.Series) -> str:
    return _value(spec, row["value"], row.get("text"))


def _extremes(spec: ChartSpec) -> str:
    """The highest and lowest point of a one-series chart, or the first and last of a
    series over time."""
    rows = spec.data.dropna(subset=["value"])
    if rows.empty:
        return "Er zijn geen cijfers."
    high = rows.loc[rows["value"].idxmax()]
    low = rows.loc[rows["value"].idxmin()]
    said = f"Hoogste: {high['x']} ({_said(spec, high)}); "
    said += f"laagste: {low['x']} ({_said(spec, low)})."
    if spec.x_dates and len(rows) > 1:
        first, last = rows.iloc[0], rows.iloc[-1]
        said = (
            f"Van {first['x']} ({_said(spec, first)}) tot {last['x']} "
            f"({_said(spec, last)}). " + said
        )
    return said


def text_alternative(spec: ChartSpec) -> str:
    """E.g. "Staafdiagram: Instroom daalde in 2021 met 25 % t.o.v. 2019. Aantal
    instromers per jaar, regio W13. Van 2017 (462) tot 2023 (439). Hoogste: ..."."""
    parts = [f"{KINDS.get(spec.kind, 'Grafiek')}: {spec.title}."]
    if spec.subtitle:
        parts.append(spec.subtitle.rstrip(".") + ".")
    shown = [s for s in spec.series if s not in spec.context]
    categories = spec.categories
    ranking = len(spec.series) == len(categories)  # one bar per category, e.g. municipality
    if len(shown) > 1 and not ranking:
        what = (spec.series_title or "reeks").lower()
        names = ", ".join(shown) if len(shown) <= NAMED_SERIES else f"{len(shown)} in totaal"
        parts.append(f"Per {what}: {names}; van {categories[0]} tot {categories[-1]}.")
    else:
        parts.append(_extremes(spec if ranking else replace(spec, data=_main(spec))))
    if spec.context:
        parts.append(f"In kleur: {', '.join(shown)}; de andere in grijs ter vergelijking.")
    parts.append("De cijfers staan in de tabel onder de grafiek.")
    return " ".join(parts)


def _main(spec: ChartSpec) -> pd.DataFrame:
    """The spec's rows without the grey context series."""
    return spec.data.loc[~spec.data["series"].isin(spec.context)]
