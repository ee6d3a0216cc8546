"""LDE charts: FTE per organisation, trend per organisation, the regional total against
the 100-FTE reference, and fill rates against the 90 % rule.
"""

from __future__ import annotations

import pandas as pd

from charts import base, numbers
from charts.nodata import NoData
from charts.spec import ORGANISATION, ChartSpec, ReferenceLine
from indicators import lde as ind
from indicators.change import year_on_year
from indicators.datasets import Datasets
from indicators.filters import Filters
from kinds import LDE

LDE_COLOUR = "#3a9e8f"
ENTITY = LDE.entity  # "LDE-organisatie", "LDE-organisaties"
OTHERS = "Overige organisaties"


def per_organisation(datasets: Datasets, filters: Filters) -> ChartSpec:
    """FTE per organisation in the last full year, largest first."""
    rows = base.filtered(datasets, filters, "lde")
    year, note = base.snapshot_year(datasets, "lde", rows)
    table = ind.fte_per_organisation(rows, year)
    series = f"VTE {year}"
    data = pd.DataFrame(
        {
            "x": table["organisation"],
            "series": series,
            "value": table["fte"],
            "text": table["fte"].map(lambda v: numbers.number(v, 1)),
        }
    )
    top = table.iloc[0]
    title = (
        f"{top['organisation']} is de grootste {ENTITY.one} in {year} "
        f"met {numbers.fte(top['fte'])}"
    )
    return ChartSpec(
        key="lde.per_organisatie",
        dataset="lde",
        title=title,
        subtitle=f"Tewerkstelling in VTE per organisatie in {year}{note} "
        f"(jaargemiddelde van de kwartalen), samen {numbers.fte(table['fte'].sum())}",
        kind="bar",
        data=data,
        x_title="Organisatie",
        y_title="VTE",
        value_format="fte",
        source=base.source_line(datasets, ["lde"], [year]),
        colours={series: LDE_COLOUR},
    )


def trend_per_organisation(datasets: Datasets, filters: Filters) -> ChartSpec:
    """FTE per year, one line per organisation."""
    rows = base.filtered(datasets, filters, "lde")
    years = base.years_shown(datasets, "lde", rows)
    table = ind.fte_per_year(rows.loc[rows["year"].isin(years)], by=("organisation",))
    title = f"VTE per {ENTITY.one}, {base.period_text(years)}"
    pivot = table.pivot(index="organisation", columns="year", values="fte")
    first, last = years[0], years[-1]
    # NOTE: like with like: only organisations with figures in both years, so an
    # organisation missing from one year's file is never announced as growth or loss.
    diff = (pivot[last] - pivot[first]).dropna().sort_values() if first != last else None
    if diff is not None and not diff.empty and diff.abs().max() > 0:
        name = diff.abs().idxmax()
        verb = "groeide" if diff[name] > 0 else "kromp"
        sign = "+" if diff[name] > 0 else ""
        title = (
            f"{name} {verb} het sterkst: {sign}{numbers.number(diff[name], 1)} VTE "
            f"tussen {first} en {last}"
        )
    order = table.groupby("organisation")["fte"].last().sort_values(ascending=False).index
    table = base.at_most_palette(table, "organisation", order, OTHERS, "fte")
    # largest first, the grouped rest last
    rank = {o: i for i, o in enumerate(dict.fromkeys([*order, *table["organisation"]]))}
    table = table.assign(_rank=table["organisation"].map(rank)).sort_values(["_rank", "year"])
    data = pd.DataFrame(
        {"x": table["year"].astype(str), "series": table["organisation"], "value": table["fte"]}
    )
    return ChartSpec(
        key="lde.trend_per_organisatie",
        dataset="lde",
        series_title=ORGANISATION,
        title=title,
        subtitle="Tewerkstelling in VTE per jaar (gemiddelde van de kwartalen)",
        kind="line",
        data=data.reset_index(drop=True),
        x_title="Jaar",
        y_title="VTE",
        value_format="fte",
        source=base.source_line(datasets, ["lde"], years),
        events=base.events(datasets, filters, ("lde",)),
        x_dates=base.year_dates(years),
    )


def regional_total(datasets: Datasets, filters: Filters) -> ChartSpec:
    """The LDE organisations' FTE together per year against the 100-FTE reference."""
    rows = base.filtered(datasets, filters, "lde")
    years = base.years_shown(datasets, "lde", rows)
    totals = ind.fte_per_year(rows.loc[rows["year"].isin(years)]).set_index("year")["fte"]
    change = year_on_year(totals)
    series = f"VTE {base.scope(datasets, filters)}"
    data = pd.DataFrame(
        {
            "x": [str(y) for y in totals.index],
            "series": series,
            "value": totals.to_numpy(),
            "text": [
                numbers.number(v, 1) + ("" if pd.isna(c) else f" ({numbers.change(c)})")
                for v, c in zip(totals, change, strict=True)
            ],
        }
    )
    last = years[-1]
    reference = numbers.integer(ind.REGIONAL_FTE_REFERENCE)
    who = ENTITY.many
    if not filters.covers_region:
        who += f" in {base.scope(datasets, filters)}"
    title = f"{who} samen {numbers.fte(totals[last])} in {last}"
    subtitle = (
        f"Tewerkstelling van alle {ENTITY.many} samen in VTE per jaar "
        "(gemiddelde van de kwartalen); label: verandering t.o.v. vorig jaar"
    )
    lines: tuple[ReferenceLine, ...] = ()
    if filters.covers_region:
        side = "boven" if totals[last] > ind.REGIONAL_FTE_REFERENCE else "onder"
        title += f": {side} de {reference} VTE"
        lines = (ReferenceLine(ind.REGIONAL_FTE_REFERENCE, f"Referentie: {reference} VTE"),)
    else:
        # NOTE: the reference is the region's total, no target of a part of it.
        subtitle = subtitle.replace("alle ", "de gekozen ", 1) + (
            f"; de referentie van {reference} VTE geldt voor de hele regio en staat hier niet"
        )
    return ChartSpec(
        key="lde.regio_totaal",
        dataset="lde",
        title=title,
        subtitle=subtitle,
        kind="column",
        data=data,
        x_title="Jaar",
        y_title="VTE",
        value_format="fte",
        source=base.source_line(datasets, ["lde"], years),
        colours={series: LDE_COLOUR},
        reference_lines=lines,
        events=base.events(datasets, filters, ("lde",)),
        x_dates=base.year_dates(years),
    )


def fill_rate(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Fill rate per organisation with a known contingent against the 90 % rule."""
    rows = base.filtered(datasets, filters, "lde")
    known = rows.loc[rows["contingent"].notna()]
    if known.empty:
        raise NoData(
            f"Van geen enkele {ENTITY.one} in deze selectie is het contingent bekend, "
            "dus de bezettingsgraad kan niet berekend worden."
        )
    year, note = base.snapshot_year(datasets, "lde", known)
    table = ind.fill_rates(known, year)
    series = f"Bezettingsgraad {year}"
    data = base.fill_rate_points(table, series)
    meets, total = int(table["meets_rule"].sum()), len(table)
    rule = numbers.percent(ind.FILL_RATE_RULE, 0)
    if total == 1:
        title = (
            f"De enige {ENTITY.one} met een contingent, {table['organisation'].iloc[0]}, "
            f"haalde in {year} {'de' if meets else 'niet de'} {rule}-regel"
        )
    elif meets == total:
        every = "Beide" if total == 2 else f"Alle {total}"
        title = f"{every} {ENTITY.many} met een contingent haalden in {year} de {rule}-regel"
    else:
        verb = "haalde" if meets == 1 else "haalden"
        title = f"{meets} van de {total} {ENTITY.many} {verb} in {year} de {rule}-regel"
    under = table.loc[~table["meets_rule"], "organisation"].tolist()
    in_year = rows.loc[rows["year"] == year, "organisation"].dropna().unique()
    left_out = len(set(in_year) - set(table["organisation"]))
    counted = f"{total} {ENTITY.one if total == 1 else ENTITY.many} met een gekend contingent"
    if left_out:
        counted += (
            f"; zonder {left_out} {ENTITY.one if left_out == 1 else ENTITY.many} "
            "waarvan het contingent niet gekend is"
        )
    return ChartSpec(
        key="lde.bezettingsgraad",
        dataset="lde",
        title=title,
        subtitle=f"Ingevulde VTE gedeeld door het contingent in {year}{note}: {counted}"
        + (f"; onder {rule}: {', '.join(under)}" if under else "")
        + f"; {base.scope(datasets, filters)}: "
        + numbers.percent(ind.regional_fill_rate(known, year)),
        kind="bar",
        data=data,
        x_title="Organisatie",
        y_title="Bezettingsgraad",
        value_format="percent",
        source=base.source_line(datasets, ["lde"], [year]),
        colours={series: LDE_COLOUR},
        reference_lines=(ReferenceLine(ind.FILL_RATE_RULE, f"{rule}-regel"),),
        highlight=tuple(under),
    )
