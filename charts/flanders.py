"""The region against the rest of its province and of Flanders, per year: the maatwerk
fill rate, granted places against 2019 and the share of individueel maatwerk, the LDE
fill rate, inflow against 2019 and inflow per target group as shares.

A comparison line is drawn and named only for the years the data cover its area
(``indicators.flanders``); without such data the chart says which file adds them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd

import kinds
from charts import base, numbers
from charts.nodata import NoData
from charts.spec import AREA, PALETTE, ChartSpec, ValueFormat
from indicators import flanders as ind
from indicators.change import PRE_CORONA_YEAR, small_base
from indicators.datasets import Datasets
from indicators.filters import Filters
from indicators.masking import MASK_LABEL, is_small
from indicators.periods import full_years

COMPARISON_COLOURS = ("#6e6e6e", "#b0b0b0")  # the province darker than Flanders


def _needed(kind: str) -> str:
    """What the page says where the rest of Flanders is missing: the file that adds it."""
    spec = kinds.get(kind)
    return (
        f"Een vergelijking met de rest van de provincie en van Vlaanderen vraagt "
        f"{spec.data_noun} van alle Vlaamse gemeenten: laad {spec.flanders_file} op via de "
        "pagina Gegevens."
    )


def _areas(datasets: Datasets, filters: Filters, kind: str) -> tuple[ind.Areas, str]:
    if filters.organisations:
        raise NoData(
            "De vergelijking met Vlaanderen geldt voor alle organisaties samen: kies alle "
            "organisaties in de filters."
        )
    profiles = [c for c in filters.chosen_profiles if c in kinds.get(kind).names]
    if profiles:  # open data of Flanders say nothing of who flows in
        words = " en ".join(kinds.get(kind).column(c).label.lower() for c in profiles)
        raise NoData(
            f"De vergelijking met Vlaanderen geldt voor alle instromers samen: kies alle "
            f"waarden voor {words} in de filters."
        )
    inside = base.filtered(datasets, filters, kind)
    beyond = datasets.beyond.get(kind, inside.iloc[:0])
    beyond = replace(filters, municipalities=()).apply(beyond) if len(beyond) else beyond
    found = ind.areas(inside, beyond, datasets.region)
    if len(found.names) == 1:
        raise NoData(_needed(kind))
    label = base.scope(datasets, filters)
    return found, label[:1].upper() + label[1:]


def _colours(found: ind.Areas, label: str, region_colour: str) -> dict[str, str]:
    return {label: region_colour} | dict(zip(found.names[1:], COMPARISON_COLOURS, strict=False))


def _line(
    datasets: Datasets,
    kind: str,
    key: str,
    found: ind.Areas,
    label: str,
    table: pd.DataFrame,
    column: str,
    *,
    value_format: ValueFormat,
    title: Callable[[dict[str, float], int], str],
    subtitle: str,
    y_title: str,
) -> ChartSpec:
    """A line per area over the years of ``table`` (columns ``area``, ``year``, ``column``)."""
    # Years in order, the selection first in each: the categories and the legend follow
    # the rows (an area covered in fewer years must not put its years first).
    order = {name: i for i, name in enumerate(found.names)}
    table = table.dropna(subset=[column]).assign(order=lambda t: t["area"].map(order))
    table = table.sort_values(["year", "order"], kind="stable")
    table = table.assign(series=table["area"].replace({datasets.region.code: label}))
    if table.empty:
        raise NoData(_needed(kind))
    last = int(table["year"].max())
    at_last = table.loc[table["year"] == last].set_index("series")[column].to_dict()
    # NOTE: no point labels: the areas' lines often run close together (their labels
    # would meet); the title says the last year's figures, the hover and table all.
    data = pd.DataFrame(
        {
            "x": table["year"].astype(int).astype(str),
            "series": table["series"],
            "value": table[column].astype(float),
        }
    )
    covered = "; ".join(
        f"{name}: {', '.join(str(y) for y in years)}"
        if len(years) < 3
        else f"{name}: {years[0]}–{years[-1]}"
        for name, years in found.years.items()
    )
    return ChartSpec(
        key=key,
        dataset=kind,
        title=title(at_last, last),
        subtitle=f"{subtitle}; vergelijking waar de gegevens het gebied dekken ({covered})",
        kind="line",
        data=data,
        x_title="Jaar",
        y_title=y_title,
        value_format=value_format,
        source=base.source_line(datasets, [kind], sorted({int(y) for y in table["year"]})),
        colours=_colours(found, label, PALETTE[0]),
        series_title=AREA,
    )


def _title(
    what: str, at: dict[str, float], year: int, label: str, fmt: Callable[[float], str]
) -> str:
    """ "Bezettingsgraad maatwerk in 2023: regio W13 80,0 %, rest van Vlaanderen (zonder
    W13) 84,8 %" — the selection first, then each comparison area."""
    parts = [
        f"{name[0].lower()}{name[1:]} {fmt(v)}"
        for name, v in sorted(at.items(), key=lambda item: item[0] != label)
    ]
    return f"{what} in {year}: " + ", ".join(parts)


def fill_rate(datasets: Datasets, filters: Filters) -> ChartSpec:
    """The maatwerk fill rate of the region against the rest of province and Flanders."""
    found, label = _areas(datasets, filters, "maatwerk")
    return _line(
        datasets,
        "maatwerk",
        "maatwerk.vlaanderen_bezetting",
        found,
        label,
        ind.fill_rates(found),
        "fill_rate",
        value_format="percent",
        title=lambda at, year: _title("Bezettingsgraad maatwerk", at, year, label, numbers.percent),
        subtitle="Bezette gedeeld door toegekende plaatsen (VTE) per jaar",
        y_title="Bezettingsgraad",
    )


def places_change(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Granted maatwerk places against 2019, the region against the rest of Flanders."""
    found, label = _areas(datasets, filters, "maatwerk")
    table = ind.places_change(found, PRE_CORONA_YEAR)
    if table["change"].notna().sum() == 0:
        raise NoData(
            f"Er zijn geen maatwerkcijfers van {PRE_CORONA_YEAR} voor de regio en de "
            "vergelijkingsgebieden samen: een verandering t.o.v. "
            f"{PRE_CORONA_YEAR} kan niet getoond worden."
        )
    return _line(
        datasets,
        "maatwerk",
        "maatwerk.vlaanderen_2019",
        found,
        label,
        table,
        "change",
        value_format="change",
        title=lambda at, year: _title(
            f"Toegekende maatwerkplaatsen t.o.v. {PRE_CORONA_YEAR}",
            at,
            year,
            label,
            numbers.change,
        ),
        subtitle=f"Verandering van het toegekende contingent (VTE) t.o.v. {PRE_CORONA_YEAR}",
        y_title=f"Verandering t.o.v. {PRE_CORONA_YEAR}",
    )


def individual_share(datasets: Datasets, filters: Filters) -> ChartSpec:
    """The share of individueel maatwerk in the granted places, region against Flanders."""
    found, label = _areas(datasets, filters, "maatwerk")
    return _line(
        datasets,
        "maatwerk",
        "maatwerk.vlaanderen_individueel",
        found,
        label,
        ind.individual_share(found),
        "share",
        value_format="percent",
        title=lambda at, year: _title(
            "Aandeel individueel maatwerk", at, year, label, numbers.percent
        ),
        subtitle="Individueel maatwerk als deel van alle toegekende maatwerkplaatsen (VTE)",
        y_title="Aandeel individueel maatwerk",
    )


def lde_fill_rate(datasets: Datasets, filters: Filters) -> ChartSpec:
    """LDE jobs filled against the contingent: the region against the rest of province
    and Flanders (open data per site)."""
    found, label = _areas(datasets, filters, "lde")
    return _line(
        datasets,
        "lde",
        "lde.vlaanderen_bezetting",
        found,
        label,
        ind.lde_fill_rates(found),
        "fill_rate",
        value_format="percent",
        title=lambda at, year: _title("Bezettingsgraad LDE", at, year, label, numbers.percent),
        subtitle="Ingevulde VTE gedeeld door het toegekende contingent per jaar, over de "
        "organisaties met een gekend contingent",
        y_title="Bezettingsgraad",
    )


def _inflow_rule(datasets: Datasets) -> str:
    """The rule that makes inflow outside the region comparison data, as the charts say it."""
    code = datasets.region.code
    return (
        f"Vlaamse cijfers komen uit bestanden die in een jaar minstens een kwart van de "
        f"Vlaamse gemeenten buiten {code} noemen, uit elke provincie; andere instroom "
        f"buiten de regio telt als '{datasets.region.outside_label}'"
    )


def inflow_change(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Inflow against 2019: the region (or selection) against the rest of its province
    and of Flanders, each in the years it has whole."""
    found, label = _areas(datasets, filters, "inflow")
    table = ind.inflow_change(found, PRE_CORONA_YEAR, datasets.complete_years("inflow"))
    own = table.loc[table["area"] == datasets.region.code, "base"]
    base_count = float(own.iloc[0]) if len(own) else float("nan")
    if pd.isna(base_count) or table["change"].notna().sum() == 0:
        raise NoData(
            f"Er is geen instroom van {PRE_CORONA_YEAR} voor {label[0].lower()}{label[1:]} "
            f"en de vergelijkingsgebieden samen: een verandering t.o.v. {PRE_CORONA_YEAR} "
            "kan niet getoond worden."
        )
    if small_base(base_count):
        shown = (
            MASK_LABEL
            if filters.mask_small and is_small(base_count)
            else numbers.integer(base_count)
        )
        raise NoData(
            f"{label} telde in {PRE_CORONA_YEAR} {shown} instromers: te weinig (kleine "
            "aantallen) om een verandering in procenten met Vlaanderen te vergelijken."
        )
    return _line(
        datasets,
        "inflow",
        "instroom.vlaanderen_2019",
        found,
        label,
        table,
        "change",
        value_format="change",
        title=lambda at, year: _title(
            f"Instroom t.o.v. {PRE_CORONA_YEAR}", at, year, label, numbers.change
        ),
        subtitle=f"Verandering van het aantal instromers t.o.v. {PRE_CORONA_YEAR}, volledige "
        f"jaren. {_inflow_rule(datasets)}",
        y_title=f"Verandering t.o.v. {PRE_CORONA_YEAR}",
    )


def _left_out(groups: list[str]) -> str:
    """The subtitle's words for target groups not every area counts (left out of all)."""
    if not groups:
        return ""
    return (
        f", in de doelgroepen die elk gebied telt (zonder {', '.join(groups)}: niet in "
        "de cijfers van elk gebied)"
    )


def target_group_shares(datasets: Datasets, filters: Filters) -> ChartSpec:
    """The inflow of the last year the comparison covers per target group as shares: the
    region (or selection) against the rest of its province and of Flanders."""
    found, label = _areas(datasets, filters, "inflow")
    inside = found.rows.loc[found.rows["area"] == datasets.region.code]
    own_years = set(full_years(inside, datasets.complete_years("inflow")))
    years = sorted(own_years & {y for covered in found.years.values() for y in covered})
    if not years:
        raise NoData(_needed("inflow"))
    year = years[-1]
    table = ind.shares(found, "target_group", year)
    if table.empty:
        raise NoData(
            f"De gebieden tellen in {year} geen gemeenschappelijke doelgroep: hun aandelen "
            "zijn niet te vergelijken."
        )
    missing = kinds.get("inflow").column("target_group").missing
    counted = found.rows.loc[(found.rows["year"] == year) & (found.rows["inflow"] > 0)]
    left_out = sorted(set(counted["target_group"]) - set(table["target_group"]))
    own = table.loc[table["area"] == datasets.region.code].sort_values(
        "share", ascending=False, kind="stable"
    )
    order = [g for g in own["target_group"] if g != missing]
    order += [g for g in dict.fromkeys(table["target_group"]) if g not in order and g != missing]
    order += [missing] if missing in set(table["target_group"]) else []
    areas = {name: i for i, name in enumerate(found.names)}
    table = table.assign(
        _group=table["target_group"].map({g: i for i, g in enumerate(order)}),
        _area=table["area"].map(areas),
    ).sort_values(["_group", "_area"], kind="stable")
    series = table["area"].replace({datasets.region.code: label})
    texts = [
        MASK_LABEL if filters.mask_small and is_small(count) else numbers.percent(share)
        for count, share in zip(table["inflow"], table["share"], strict=True)
    ]
    data = pd.DataFrame(
        {
            "x": table["target_group"].to_numpy(),
            "series": series.to_numpy(),
            "value": table["share"].astype(float).to_numpy(),
            "text": texts,
        }
    )
    top = own.loc[own["target_group"] != missing]
    top = (top if len(top) else own).iloc[0]
    at = data.loc[data["x"] == top["target_group"]].set_index("series")["value"].to_dict()
    title = _title(
        f"Aandeel {top['target_group']} in de instroom", at, year, label, numbers.percent
    )
    return ChartSpec(
        key="instroom.vlaanderen_doelgroepen",
        dataset="inflow",
        title=title,
        subtitle=f"Instromers per doelgroep als deel van alle instromers van het gebied in "
        f"{year}{_left_out(left_out)}. {_inflow_rule(datasets)}",
        kind="bar",
        data=data,
        x_title="Doelgroep",
        y_title="Aandeel van de instroom",
        value_format="percent",
        source=base.source_line(datasets, ["inflow"], [year]),
        colours=_colours(found, label, PALETTE[0]),
        series_title=AREA,
        masked=filters.mask_small,
    )
