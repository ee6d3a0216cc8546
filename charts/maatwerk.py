"""Maatwerk charts: granted vs filled places per organisation, fill rate, collectief vs
individueel over time, and unfilled places against inflow (capacity waiting while
inflow drops).
"""

from __future__ import annotations

import pandas as pd

from charts import base, numbers
from charts import inflow as inflow_charts
from charts.nodata import NoData
from charts.spec import KIND, ChartSpec, ReferenceLine
from indicators import inflow as inflow_ind
from indicators import maatwerk as ind
from indicators.datasets import Datasets
from indicators.filters import Filters
from indicators.periods import full_years

GRANTED, FILLED = "Toegekend (contingent)", "Bezet"
COLOURS = {GRANTED: "#b8c4dd", FILLED: "#1f3b73"}
KIND_LABELS = {"collectief": "Collectief maatwerk", "individueel": "Individueel maatwerk"}
KIND_COLOURS = {"Collectief maatwerk": "#1f3b73", "Individueel maatwerk": "#e07b39"}
# The datasets the unfilled-places chart relates: its sources and the events it shows.
UNFILLED_VS_INFLOW = ("maatwerk", "inflow")
UNFILLED, INFLOW = "Onbezette plaatsen", "Instroom"


def _with_occupation(datasets: Datasets, filters: Filters) -> pd.DataFrame:
    rows = base.filtered(datasets, filters, "maatwerk")
    known = rows.loc[rows["occupied"].notna()]
    if known.empty:
        raise NoData(
            "De maatwerkgegevens van deze selectie bevatten geen bezetting, alleen het "
            "contingent: bezetting en bezettingsgraad kunnen niet getoond worden."
        )
    return known


def _years(rows: pd.DataFrame) -> list[int]:
    return full_years(rows) or sorted(int(y) for y in rows["year"].unique())


def granted_vs_filled(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Granted and filled places per organisation in the last full year."""
    rows = _with_occupation(datasets, filters)
    year, note = base.snapshot_year(rows)
    table = ind.per_organisation(rows, year)
    data = pd.concat(
        [
            pd.DataFrame({"x": table["organisation"], "series": GRANTED, "value": table["places"]}),
            pd.DataFrame(
                {"x": table["organisation"], "series": FILLED, "value": table["occupied"]}
            ),
        ],
        ignore_index=True,
    )
    data["text"] = data["value"].map(lambda v: numbers.number(v, 1))
    places, occupied = table["places"].sum(), table["occupied"].sum()
    title = (
        f"Maatwerk in {year}: {numbers.number(occupied, 0)} van de "
        f"{numbers.number(places, 0)} toegekende plaatsen bezet "
        f"({numbers.percent(occupied / places if places else None)})"
    )
    return ChartSpec(
        key="maatwerk.toegekend_bezet",
        dataset="maatwerk",
        title=title,
        subtitle=f"Toegekend contingent en bezetting in VTE per organisatie in {year}{note} "
        "(gemiddelde van de kwartalen)",
        kind="bar",
        data=data,
        x_title="Organisatie",
        y_title="VTE",
        value_format="fte",
        source=base.source_line(datasets, ["maatwerk"], [year]),
        colours=COLOURS,
    )


def fill_rate(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Fill rate per organisation in the last full year, lowest first, with the region's."""
    rows = _with_occupation(datasets, filters)
    year, note = base.snapshot_year(rows)
    table = ind.per_organisation(rows, year).dropna(subset=["fill_rate"])
    table = table.sort_values("fill_rate", kind="stable")
    regional = ind.granted_filled(rows.loc[rows["year"] == year])["fill_rate"].iloc[0]
    series = f"Bezettingsgraad {year}"
    data = pd.DataFrame(
        {
            "x": table["organisation"],
            "series": series,
            "value": table["fill_rate"],
            "text": table["fill_rate"].map(numbers.percent),
        }
    )
    lowest = table.iloc[0]
    title = f"Bezettingsgraad maatwerk {numbers.percent(regional)} in {year}"
    if len(table) > 1:
        title += f"; laagst bij {lowest['organisation']} ({numbers.percent(lowest['fill_rate'])})"
    return ChartSpec(
        key="maatwerk.bezettingsgraad",
        dataset="maatwerk",
        title=title,
        subtitle=f"Bezette gedeeld door toegekende plaatsen per organisatie in {year}{note}",
        kind="bar",
        data=data,
        x_title="Organisatie",
        y_title="Bezettingsgraad",
        value_format="percent",
        source=base.source_line(datasets, ["maatwerk"], [year]),
        colours={series: COLOURS[FILLED]},
        reference_lines=(ReferenceLine(regional, f"Regio: {numbers.percent(regional)}"),),
    )


def per_kind(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Collectief vs individueel maatwerk per year (filled places, or granted when the
    occupation is not known for every year)."""
    rows = base.filtered(datasets, filters, "maatwerk")
    years = _years(rows)
    table = ind.per_kind(rows.loc[rows["year"].isin(years)])
    use_occupied = table["occupied"].notna().all()
    column = "occupied" if use_occupied else "places"
    what = "bezette" if use_occupied else "toegekende"
    table = table.assign(label=table["kind"].map(KIND_LABELS).fillna(table["kind"]))
    data = pd.DataFrame(
        {
            "x": table["year"].astype(str),
            "series": table["label"],
            "value": table[column],
            "text": table[column].map(lambda v: numbers.number(v, 0)),
        }
    )
    first, last = years[0], years[-1]
    pivot = table.pivot(index="label", columns="year", values=column)
    title = f"Collectief en individueel maatwerk, {base.period_text(years)}"
    if first != last and last in pivot:
        growth = (pivot[last] / pivot[first].where(pivot[first] > 0) - 1).dropna()
        if not growth.empty:
            name = growth.abs().idxmax()
            verb = "groeide" if growth[name] > 0 else "daalde"
            title = (
                f"{name} {verb} van {numbers.number(pivot.loc[name, first], 0)} naar "
                f"{numbers.number(pivot.loc[name, last], 0)} {what} plaatsen ({first}–{last})"
            )
    return ChartSpec(
        key="maatwerk.collectief_individueel",
        dataset="maatwerk",
        series_title=KIND,
        title=title,
        subtitle=f"{what.capitalize()} plaatsen in VTE per jaar (gemiddelde van de kwartalen)",
        kind="stacked_column",
        data=data.reset_index(drop=True),
        x_title="Jaar",
        y_title="VTE",
        value_format="fte",
        source=base.source_line(datasets, ["maatwerk"], years),
        colours=KIND_COLOURS,
        events=base.events(datasets, filters, ("maatwerk",)),
        x_dates=base.year_dates(years),
    )


def unfilled_vs_inflow(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Unfilled maatwerk places against inflow per year: capacity waiting while inflow drops."""
    rows = _with_occupation(datasets, filters)
    inflow_rows = inflow_charts.compacted(datasets, filters)
    inflow = inflow_ind.per_year(inflow_rows)
    inflow = inflow.loc[inflow["full"]].set_index("year")["inflow"]
    table = ind.unfilled_vs_inflow(rows.loc[rows["year"].isin(_years(rows))], inflow)
    if table.empty:
        raise NoData(
            "De maatwerk- en instroomgegevens van deze selectie hebben geen gemeenschappelijke "
            "volledige jaren."
        )
    years = table["year"].tolist()
    data = pd.concat(
        [
            pd.DataFrame(
                {"x": table["year"].astype(str), "series": UNFILLED, "value": table["unfilled"]}
            ),
            pd.DataFrame(
                {"x": table["year"].astype(str), "series": INFLOW, "value": table["inflow"]}
            ),
        ],
        ignore_index=True,
    )
    data["text"] = ""
    last = table.iloc[-1]
    title = (
        f"In {int(last['year'])} bleven {numbers.number(last['unfilled'], 0)} "
        "maatwerkplaatsen onbezet"
    )
    if len(table) > 1:
        change = last["inflow"] / table.iloc[-2]["inflow"] - 1 if table.iloc[-2]["inflow"] else None
        if change is not None and change < 0:
            title += f", terwijl de instroom met {numbers.percent(-change, 0)} daalde"
        elif change is not None:
            title += f"; de instroom {'steeg' if change > 0 else 'bleef gelijk'}"
            title += f" ({numbers.change(change)})" if change > 0 else ""
    return ChartSpec(
        key="maatwerk.onbezet_vs_instroom",
        dataset="maatwerk",
        title=title,
        subtitle="Onbezette maatwerkplaatsen (toegekend min bezet, VTE) en het aantal "
        "instromers per jaar",
        kind="line",
        data=data,
        x_title="Jaar",
        y_title="Plaatsen (VTE) / instromers",
        value_format="count",
        source=base.source_line(datasets, UNFILLED_VS_INFLOW, years),
        colours={UNFILLED: "#d1495b", INFLOW: "#1f3b73"},
        events=base.events(datasets, filters, UNFILLED_VS_INFLOW),
        x_dates=base.year_dates(years),
    )
