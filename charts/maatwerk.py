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
from indicators.change import relative_change, small_base
from indicators.datasets import Datasets
from indicators.filters import Filters
from kinds import MAATWERK

GRANTED, FILLED = "Toegekend (contingent)", "Bezet"
COLOURS = {GRANTED: "#b8c4dd", FILLED: "#1f3b73"}
KIND_LABELS = {"collectief": "Collectief maatwerk", "individueel": "Individueel maatwerk"}
KIND_COLOURS = {"Collectief maatwerk": "#1f3b73", "Individueel maatwerk": "#e07b39"}
# The datasets the unfilled-places chart relates: its sources and the events it shows.
UNFILLED_VS_INFLOW = ("maatwerk", "inflow")
UNFILLED, INFLOW = "Onbezette plaatsen", "Instroom"
UNKNOWN_LABEL = " (bezetting onbekend)"
ENTITY = MAATWERK.entity  # "maatwerkorganisatie", "maatwerkorganisaties"


def _with_occupation(datasets: Datasets, filters: Filters) -> pd.DataFrame:
    """The filtered rows, when some have a known occupation (else NoData)."""
    rows = base.filtered(datasets, filters, "maatwerk")
    if rows["occupied"].isna().all():
        raise NoData(
            "De maatwerkgegevens van deze selectie bevatten geen bezetting, alleen het "
            "contingent: bezetting en bezettingsgraad kunnen niet getoond worden."
        )
    return rows


def _entities(count: int) -> str:
    return f"{count} {ENTITY.one if count == 1 else ENTITY.many}"


def _left_out(unknown: int, places: float | None = None) -> str:
    """A subtitle note on the organisations whose occupation is unknown."""
    if not unknown:
        return ""
    share = f" (samen {numbers.number(places, 0)} toegekende plaatsen)" if places else ""
    return (
        f"; bezetting onbekend bij {_entities(unknown)}{share}: "
        "niet in de bezettingsgraad"
    )


def granted_vs_filled(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Granted and filled places per organisation in the last full year.

    Every organisation's contingent counts; one whose occupation is unknown has no filled
    bar and says so in its label, and stays out of the fill rate in the title.
    """
    rows = _with_occupation(datasets, filters)
    year, note = base.snapshot_year(datasets, "maatwerk", rows)
    table = ind.per_organisation(rows, year)
    unknown = table["places_known"].isna()
    labels = table["organisation"].where(~unknown, table["organisation"] + UNKNOWN_LABEL)
    data = pd.concat(
        [
            pd.DataFrame({"x": labels, "series": GRANTED, "value": table["places"]}),
            pd.DataFrame({"x": labels, "series": FILLED, "value": table["occupied"]}),
        ],
        ignore_index=True,
    )
    data["text"] = data["value"].map(lambda v: "" if pd.isna(v) else numbers.number(v, 1))
    totals = ind.granted_filled(rows.loc[rows["year"] == year]).iloc[0]
    places, occupied = totals["places_known"], totals["occupied"]
    if pd.isna(places) or not places:  # this year no occupation is known at all
        title = f"Maatwerk in {year}: {numbers.number(totals['places'], 0)} toegekende plaatsen"
    else:
        title = (
            f"Maatwerk in {year}: {numbers.number(occupied, 0)} van de "
            f"{numbers.number(places, 0)} toegekende plaatsen bezet "
            f"({numbers.percent(occupied / places)})"
        )
    if totals["unknown"]:
        title += f"; bezetting onbekend bij {_entities(int(totals['unknown']))}"
    return ChartSpec(
        key="maatwerk.toegekend_bezet",
        dataset="maatwerk",
        title=title,
        subtitle=f"Toegekend contingent en bezetting in VTE per organisatie in {year}{note} "
        f"(gemiddelde van de kwartalen); samen {numbers.number(totals['places'], 0)} "
        "toegekende plaatsen"
        + _left_out(int(totals["unknown"]), totals["places"] - totals["places_known"]),
        kind="bar",
        data=data,
        x_title="Organisatie",
        y_title="VTE",
        value_format="fte",
        source=base.source_line(datasets, ["maatwerk"], [year]),
        colours=COLOURS,
    )


def fill_rate(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Fill rate per organisation in the last full year, lowest first, with the selection's
    own rate (the region's only when the whole region is shown)."""
    rows = _with_occupation(datasets, filters)
    known = rows.loc[rows["occupied"].notna()]
    year, note = base.snapshot_year(datasets, "maatwerk", known)
    table = ind.per_organisation(rows, year).dropna(subset=["fill_rate"])
    if table.empty:
        raise NoData(
            f"Van geen enkele {ENTITY.one} in deze selectie zijn in {year} zowel het "
            "contingent als de bezetting bekend."
        )
    table = table.sort_values("fill_rate", kind="stable")
    totals = ind.granted_filled(rows.loc[rows["year"] == year]).iloc[0]
    overall = totals["fill_rate"]
    scope = base.scope(datasets, filters)
    series = f"Bezettingsgraad {year}"
    data = base.fill_rate_points(table, series)
    lowest = table.iloc[0]
    title = f"Bezettingsgraad maatwerk {numbers.percent(overall)} in {year}"
    if len(table) > 1:
        title += f"; laagst bij {lowest['organisation']} ({numbers.percent(lowest['fill_rate'])})"
    label = scope[:1].upper() + scope[1:]  # "Regio W13", "Kortrijk"
    return ChartSpec(
        key="maatwerk.bezettingsgraad",
        dataset="maatwerk",
        title=title,
        subtitle=f"Bezette gedeeld door toegekende plaatsen per organisatie in {year}{note}, "
        f"{_entities(len(table))} met beide cijfers"
        + _left_out(int(totals["unknown"]), totals["places"] - totals["places_known"]),
        kind="bar",
        data=data,
        x_title="Organisatie",
        y_title="Bezettingsgraad",
        value_format="percent",
        source=base.source_line(datasets, ["maatwerk"], [year]),
        colours={series: COLOURS[FILLED]},
        reference_lines=(ReferenceLine(overall, f"{label}: {numbers.percent(overall)}"),),
    )


def per_kind(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Collectief vs individueel maatwerk per year (filled places, or granted when the
    occupation is not known for every organisation and year)."""
    rows = base.filtered(datasets, filters, "maatwerk")
    years = base.years_shown(datasets, "maatwerk", rows)
    shown = rows.loc[rows["year"].isin(years)]
    table = ind.per_kind(shown)
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
    title = f"Collectief en individueel maatwerk, {base.period_text(years)}"
    change = _like_for_like(shown, column, first, last) if first != last else None
    if change is not None:
        name, before, after, complete = change
        verb = "groeide" if after > before else "daalde"
        title = (
            f"{name} {verb} van {numbers.number(before, 0)} naar "
            f"{numbers.number(after, 0)} {what} plaatsen ({first}–{last})"
        )
        if not complete:
            title += f" bij de {ENTITY.many} met cijfers in beide jaren"
    return ChartSpec(
        key="maatwerk.collectief_individueel",
        dataset="maatwerk",
        series_title=KIND,
        title=title,
        subtitle=f"{what[:1].upper()}{what[1:]} plaatsen in VTE per jaar "
        "(gemiddelde van de kwartalen)",
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


def _like_for_like(
    rows: pd.DataFrame, column: str, first: int, last: int
) -> tuple[str, float, float, bool] | None:
    """The maatwerk kind whose ``column`` moved most between ``first`` and ``last``, over
    the series (organisations) with figures in both years: ``(label, before, after,
    complete)``, ``complete`` False when some series were left out. None without change.

    NOTE: the largest absolute change, not the largest percentage: a percentage on a
    handful of individueel-maatwerk places would headline chance (see SMALL_BASE).
    """
    per_series = ind.per_series(rows.loc[rows["year"].isin([first, last])], column)
    both = per_series.dropna(subset=[first, last]) if last in per_series else per_series.iloc[:0]
    if both.empty:
        return None
    sums = both.groupby(level="kind")[[first, last]].sum()
    moved = (sums[last] - sums[first]).abs()
    if moved.max() == 0:
        return None
    kind = moved.idxmax()
    complete = len(both.xs(kind, level="kind")) == len(per_series.xs(kind, level="kind"))
    label = KIND_LABELS.get(kind, kind)
    return label, float(sums.loc[kind, first]), float(sums.loc[kind, last]), complete


def _unknown_note(rows: pd.DataFrame, years: list[int]) -> str:
    """A subtitle note when some series of these years had an unknown occupation."""
    totals = ind.granted_filled(rows.loc[rows["year"].isin(years)])
    if not totals["unknown"].any():
        return ""
    most = int(totals["unknown"].max())
    return (
        f"; alleen {ENTITY.many} met gekende bezetting (tot {_entities(most)} per jaar "
        "zonder bezetting niet meegeteld)"
    )


def unfilled_vs_inflow(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Unfilled maatwerk places against inflow per year: capacity waiting while inflow drops."""
    rows = _with_occupation(datasets, filters)
    inflow_rows = inflow_charts.compacted(datasets, filters)
    inflow = inflow_ind.per_year(inflow_rows, datasets.complete_years("inflow"))
    inflow = inflow.loc[inflow["full"]].set_index("year")["inflow"]
    shown = rows.loc[rows["year"].isin(base.years_shown(datasets, "maatwerk", rows))]
    table = ind.unfilled_vs_inflow(shown, inflow)
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
        before, now = table.iloc[-2]["inflow"], last["inflow"]
        change = relative_change(now, before)
        if small_base(before):  # a percentage on a handful of starts says nothing
            title += f"; de instroom: {numbers.integer(now)} (vorig jaar {numbers.integer(before)})"
        elif change is not None and change < 0:
            title += f", terwijl de instroom met {numbers.percent(-change, 0)} daalde"
        elif change is not None:
            title += f"; de instroom {'steeg' if change > 0 else 'bleef gelijk'}"
            title += f" ({numbers.change(change)})" if change > 0 else ""
    return ChartSpec(
        key="maatwerk.onbezet_vs_instroom",
        dataset="maatwerk",
        title=title,
        subtitle="Onbezette maatwerkplaatsen (toegekend min bezet, VTE) en het aantal "
        "instromers per jaar" + _unknown_note(rows, years),
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
