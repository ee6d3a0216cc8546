"""Who flows in: the share of each age band, sex and education level per year.

One builder per profile column (``kinds.PROFILES``), each a stacked column of shares among
the inflow whose profile is known, with a title that states the largest shift ("Aandeel
50-plussers in de instroom steeg van 18 % naar 26 %") and a note when most of the inflow
did not say.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

import kinds
from charts import base, numbers
from charts.nodata import NoData
from charts.spec import ChartSpec
from indicators import profiles as ind
from indicators.datasets import Datasets
from indicators.filters import Filters
from indicators.masking import MASK_LABEL, is_small
from kinds.profiles import NOUNS

# Above this share of unknown inflow, the chart says the shares rest on a minority.
MOSTLY_UNKNOWN = 0.5


def key_of(column: str) -> str:
    """The catalogue key of a profile's chart: "instroom.leeftijdsgroep"."""
    return f"instroom.{kinds.profile(column).label.lower()}"


def _masked(count: float, filters: Filters) -> bool:
    return filters.mask_small and is_small(count)


def shift_sentence(shift: ind.Shift, column: str, filters: Filters) -> str:
    """ "Aandeel 50-plussers in de instroom steeg van 18 % naar 26 % (2019–2023)", in
    numbers of starters when the base is small, without figures when masking hides them."""
    noun = NOUNS[column].get(shift.value, shift.value)
    years = f"{shift.first_year}–{shift.last_year}"
    if _masked(shift.count_before, filters) or _masked(shift.count_after, filters):
        return f"Aandeel {noun} in de instroom {years} (kleine aantallen gemaskeerd)"
    if shift.small:
        return (
            f"{noun[0].upper()}{noun[1:]}: {numbers.integer(shift.count_before)} van "
            f"{numbers.integer(shift.known_before)} in {shift.first_year}, "
            f"{numbers.integer(shift.count_after)} van {numbers.integer(shift.known_after)} "
            f"in {shift.last_year} (kleine aantallen)"
        )
    before, after = numbers.percent(shift.before, 0), numbers.percent(shift.after, 0)
    if before == after:
        return f"Aandeel {noun} in de instroom bleef {after} ({years})"
    verb = "steeg" if shift.after > shift.before else "daalde"
    return f"Aandeel {noun} in de instroom {verb} van {before} naar {after} ({years})"


def profile_rows(datasets: Datasets, filters: Filters, column: str) -> pd.DataFrame:
    """The filtered inflow per period and ``column`` (shared by the chart and the note)."""
    rows = base.filtered(datasets, filters, "inflow")
    if column not in rows:
        raise NoData(f"De instroomgegevens hebben geen {kinds.profile(column).label.lower()}.")
    return rows.groupby(["year", column], observed=True)["inflow"].sum().reset_index()


def _spec(datasets: Datasets, filters: Filters, column: str) -> ChartSpec:
    declared = kinds.profile(column)
    rows = profile_rows(datasets, filters, column)
    years = base.years_shown(datasets, "inflow", rows)
    rows = rows.loc[rows["year"].isin(years)]
    table = ind.shares(rows, column, declared.missing)
    label = declared.label.lower()
    if table.empty:
        raise NoData(
            f"De ingelezen instroombestanden vermelden geen {label}. Een lijst met een rij "
            "per persoon (geboortedatum of rijksregisternummer, geslacht, opleidingsniveau) "
            "of een tabel per leeftijdsgroep, geslacht of opleidingsniveau geeft die."
        )
    order = {v: i for i, v in enumerate(declared.values)}
    table = table.assign(_rank=table[column].map(order)).sort_values(["_rank", "year"])
    data = pd.DataFrame(
        {
            "x": table["year"].astype(str),
            "series": table[column].astype(str),
            "value": table["share"],
            "text": [
                MASK_LABEL if _masked(n, filters) else numbers.percent(s, 0)
                for n, s in zip(table["inflow"], table["share"], strict=True)
            ],
        }
    )
    known_years = sorted(int(y) for y in table["year"].unique())
    shift = ind.largest_shift(table, column, known_years[0], known_years[-1])
    if shift is None:
        year = known_years[-1]
        top = table.loc[table["year"] == year].sort_values("share").iloc[-1]
        noun = NOUNS[column].get(top[column], top[column])
        title = f"Aandeel {noun} in de instroom in {year}: " + (
            MASK_LABEL if _masked(top["inflow"], filters) else numbers.percent(top["share"], 0)
        )
    else:
        title = shift_sentence(shift, column, filters)
    unknown = ind.unknown_share(rows, column, declared.missing) or 0.0
    note = f"Aandeel per {label} onder de instromers van wie die gekend is"
    if unknown > MOSTLY_UNKNOWN:
        note += (
            f". Let op: {label} onbekend bij {numbers.percent(unknown, 0)} van de instroom; "
            "de aandelen gelden voor de rest"
        )
    elif unknown > 0:
        note += f" ({numbers.percent(unknown, 0)} onbekend)"
    return ChartSpec(
        key=key_of(column),
        dataset="inflow",
        series_title=declared.label,
        title=title,
        subtitle=f"{note}, {base.scope(datasets, filters)}",
        kind="stacked_column",
        data=data.reset_index(drop=True),
        x_title="Jaar",
        y_title="Aandeel van de instroom",
        value_format="percent",
        source=base.source_line(datasets, ["inflow"], known_years),
        x_dates=base.year_dates(known_years),
        masked=filters.mask_small,
    )


def builder(column: str) -> Callable[[Datasets, Filters], ChartSpec]:
    """The chart builder of profile ``column``."""

    def build(datasets: Datasets, filters: Filters) -> ChartSpec:
        return _spec(datasets, filters, column)

    build.__doc__ = f"Share of each {column} value in the inflow per year."
    return build
