"""Maps of the region's municipalities: inflow per 1.000 inhabitants, the change of inflow
against 2019, LDE jobs per 1.000 inhabitants, and the maatwerk fill rate where the data
carry a municipality.

Each map shows every municipality of the region (a map compares places; the chosen ones
are outlined), coloured by class of value; one without figures is "geen gegevens"
(hatched, never a 0), small counts are dotted when masked, and the neighbouring Flemish
municipalities are grey. The outlines and classes travel in ``ChartSpec.map``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from charts import base, geo, numbers, takeaways
from charts import inflow as inflow_charts
from charts.nodata import NoData
from charts.spec import MUNICIPALITY, ChartSpec, ValueFormat
from indicators import inflow as inflow_ind
from indicators import lde as lde_ind
from indicators import maatwerk as maatwerk_ind
from indicators.change import PRE_CORONA_YEAR, SMALL_BASE, relative_change, small_base
from indicators.datasets import Datasets
from indicators.filters import Filters
from indicators.masking import MASK_LABEL, is_small

MASKED = f"{MASK_LABEL} (afgeschermd)"
SMALL = "kleine aantallen"


def _map(
    datasets: Datasets,
    filters: Filters,
    table: pd.DataFrame,
    *,
    value_format: ValueFormat,
    centre: float | None = None,
    label: str = "",
) -> tuple[pd.DataFrame, geo.MapLayer, dict[str, str]]:
    """Data, layer and colours of a map of ``table`` (columns ``municipality``, ``value``,
    ``text``, ``detail`` and ``dotted``: a row drawn dotted, as ``label`` in the legend,
    instead of in its class), one row per municipality of the region in region order."""
    region = datasets.region
    outlines = geo.base(region)
    if not outlines.areas:
        raise NoData(
            f"Voor geen enkele gemeente van {region.name} is een grens gekend (de NIS-codes "
            "van het regiobestand zijn geen Vlaamse gemeenten): er is geen kaart."
        )
    table = table.set_index("municipality").reindex(region.names)
    dotted = table["dotted"].astype("boolean").fillna(False).astype(bool)
    classed = table.loc[table["value"].notna() & ~dotted]
    legend: list[geo.Swatch] = []
    swatch: dict[str, int] = {}
    if not classed.empty:
        limits = geo.breaks(classed["value"].tolist(), centre=centre)
        for low, high, colour in zip(
            limits[:-1], limits[1:], geo.class_colours(limits, centre), strict=True
        ):
            legend.append(geo.Swatch(_range(low, high, limits, value_format), colour))
        for name, value in classed["value"].items():
            swatch[name] = geo.classify(value, limits)
        used = sorted(set(swatch.values()))
        renumber = {old: new for new, old in enumerate(used)}
        legend = [legend[i] for i in used]
        swatch = {name: renumber[i] for name, i in swatch.items()}
    for name, is_dotted in dotted.items():
        if name in swatch:
            continue
        entry = (
            geo.Swatch(label, geo.MASKED_FILL, ".")
            if is_dotted
            else geo.Swatch(geo.NO_DATA, geo.NO_DATA_FILL, "/")
        )
        if entry not in legend:
            legend.append(entry)
        swatch[name] = legend.index(entry)
    drawn = {a.name for a in outlines.areas}
    layer = geo.MapLayer(
        areas=outlines.areas,
        neighbours=outlines.neighbours,
        view=outlines.view,
        legend=tuple(legend),
        swatch={n: i for n, i in swatch.items() if n in drawn},
        missing=outlines.missing,
        chosen=tuple(n for n in filters.municipalities if n in drawn),
    )
    data = pd.DataFrame(
        {
            "x": region.names,
            "series": region.names,
            "value": table["value"].to_numpy(dtype=float),
            "text": [t if isinstance(t, str) else geo.NO_DATA for t in table["text"]],
            "detail": [d if isinstance(d, str) else "" for d in table["detail"]],
        }
    )
    colours = {name: legend[i].colour for name, i in swatch.items()}
    return data, layer, colours


def _range(low: float, high: float, limits: list[float], value_format: ValueFormat) -> str:
    """A class's label: "1,25 tot 1,5", "−20 % tot −10 %" (as many decimals as the class
    limits need)."""
    if value_format == "change":
        places = geo.decimals(limits, 100)
        return f"{numbers.change(low, places)} tot {numbers.change(high, places)}"
    if value_format == "percent":
        places = geo.decimals(limits, 100)
        return f"{numbers.percent(low, places)} tot {numbers.percent(high, places)}"
    places = geo.decimals(limits)
    return f"{numbers.number(low, places)} tot {numbers.number(high, places)}"


def _subtitle_notes(datasets: Datasets, layer: geo.MapLayer, absent: list[str]) -> str:
    notes = ""
    if absent:
        notes += f"; geen gegevens voor {', '.join(absent)}"
    if layer.missing:
        notes += f"; geen grenzen gekend voor {', '.join(layer.missing)} (niet getekend)"
    if layer.chosen:
        notes += f"; omlijnd: {', '.join(layer.chosen)}"
    return notes + f"; in grijs de buurgemeenten buiten {datasets.region.code}"


def _spec(datasets: Datasets, filters: Filters, key: str, **fields) -> ChartSpec:
    return ChartSpec(
        key=key,
        kind="map",
        series_title=MUNICIPALITY,
        x_title="Gemeente",
        masked=filters.mask_small,
        **fields,
    )


def _inflow_rows(datasets: Datasets, filters: Filters) -> pd.DataFrame:
    """Inflow per municipality and period, every municipality kept (a map shows them all)."""
    everywhere = replace(filters, municipalities=())
    return inflow_charts.compacted(datasets, everywhere, "municipality")


def _masked_count(filters: Filters) -> Callable[[float], str]:
    return lambda v: MASK_LABEL if filters.mask_small and is_small(v) else numbers.integer(v)


def per_1000(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Inflow per 1.000 inhabitants per municipality in the last full year, on a map."""
    rows = _inflow_rows(datasets, filters)
    year, note = base.snapshot_year(datasets, "inflow", rows)
    table = inflow_ind.per_municipality(rows.loc[rows["year"] == year], datasets.region)
    table = table.loc[table["municipality"].isin(datasets.region.names)]
    if table["inflow"].isna().all():
        raise NoData.filtered_away("instroomgegevens per gemeente")
    count = _masked_count(filters)
    masked = table["inflow"].map(lambda n: filters.mask_small and pd.notna(n) and is_small(n))
    frame = pd.DataFrame(
        {
            "municipality": table["municipality"],
            "value": table["per_1000"],
            "text": [
                MASK_LABEL if m else (numbers.number(v, 2) if pd.notna(v) else None)
                for m, v in zip(masked, table["per_1000"], strict=True)
            ],
            "detail": [
                None if pd.isna(n) else f"{count(n)} instromers, {numbers.integer(p)} inwoners"
                for n, p in zip(table["inflow"], table["population"], strict=True)
            ],
            "dotted": masked,
        }
    )
    data, layer, colours = _map(datasets, filters, frame, value_format="rate", label=MASKED)
    known = frame.loc[frame["value"].notna() & ~frame["dotted"]]
    title = f"Instroom per 1.000 inwoners per gemeente in {year}"
    if not known.empty:
        top = known.loc[known["value"].idxmax()]
        title = takeaways.largest(
            "de hoogste instroom per 1.000 inwoners", top["municipality"], year, top["text"]
        )
    absent = table.loc[table["inflow"].isna(), "municipality"].tolist()
    return _spec(
        datasets,
        filters,
        "instroom.kaart_per_1000",
        dataset="inflow",
        title=title,
        subtitle=f"Instromers per 1.000 inwoners in {year}{note}; inwoners: "
        f"{datasets.region.population_source or 'regiobestand'}"
        + _subtitle_notes(datasets, layer, absent),
        data=data,
        y_title="Instromers per 1.000 inwoners",
        value_format="rate",
        source=base.source_line(datasets, ["inflow"], [year]),
        colours=colours,
        map=layer,
    )


def change_2019(datasets: Datasets, filters: Filters) -> ChartSpec:
    """The change of inflow per municipality against 2019 (the last year before corona),
    on a map; a municipality with fewer than 20 starts in 2019 is dotted ("kleine
    aantallen": its percentage is chance)."""
    rows = _inflow_rows(datasets, filters)
    years = base.years_shown(datasets, "inflow", rows)
    last = years[-1]
    first = PRE_CORONA_YEAR if PRE_CORONA_YEAR in years else years[0]
    if first == last:
        raise NoData(
            f"Er zijn instroomgegevens van één jaar ({last}): een verandering per gemeente "
            "kan niet getoond worden."
        )
    region = datasets.region
    before = inflow_ind.per_municipality(rows.loc[rows["year"] == first], region)
    after = inflow_ind.per_municipality(rows.loc[rows["year"] == last], region)
    table = before[["municipality", "inflow"]].merge(
        after[["municipality", "inflow"]], on="municipality", suffixes=("_before", "_after")
    )
    table = table.loc[table["municipality"].isin(region.names)]
    count = _masked_count(filters)
    change = [
        relative_change(a, b) for a, b in zip(table["inflow_after"], table["inflow_before"],
                                              strict=True)
    ]
    small = [pd.notna(b) and pd.notna(a) and small_base(b)
             for a, b in zip(table["inflow_after"], table["inflow_before"], strict=True)]
    frame = pd.DataFrame(
        {
            "municipality": table["municipality"],
            "value": [float("nan") if c is None else c for c in change],
            "text": [None if c is None else numbers.change(c) for c in change],
            "detail": [
                None if pd.isna(a) or pd.isna(b) else f"{count(b)} in {first}, {count(a)} in {last}"
                for a, b in zip(table["inflow_after"], table["inflow_before"], strict=True)
            ],
            "dotted": small,
        }
    )
    # NOTE: a small base shows its numbers, never a percentage (honest titles).
    frame.loc[frame["dotted"], "text"] = frame.loc[frame["dotted"], "detail"]
    if frame["value"].isna().all() and not any(small):
        raise NoData.filtered_away("instroomgegevens per gemeente")
    data, layer, colours = _map(
        datasets, filters, frame, value_format="change", centre=0.0,
        label=f"{SMALL} (minder dan {numbers.integer(SMALL_BASE)} in {first})",
    )
    total_before = table["inflow_before"].sum(min_count=1)
    total_after = table["inflow_after"].sum(min_count=1)
    title = takeaways.trend(
        f"Instroom in regio {region.code}", last,
        relative_change(total_after, total_before), str(first),
        current=total_after, base=total_before, count=count,
    )
    both = table.dropna(subset=["inflow_before", "inflow_after"])
    if not both.empty:
        # NOTE: the municipality that moved most in numbers, not in percent (honest titles)
        moved = both["inflow_after"] - both["inflow_before"]
        if moved.abs().max() > 0:
            row = both.loc[moved.abs().idxmax()]
            verb = "daling" if row["inflow_after"] < row["inflow_before"] else "stijging"
            title += (
                f"; de grootste {verb} in {row['municipality']} "
                f"({count(row['inflow_before'])} → {count(row['inflow_after'])})"
            )
    absent = frame.loc[frame["value"].isna() & ~frame["dotted"], "municipality"].tolist()
    return _spec(
        datasets,
        filters,
        "instroom.kaart_2019",
        dataset="inflow",
        title=title,
        subtitle=f"Verandering van de instroom in {last} t.o.v. {first} per gemeente"
        + _subtitle_notes(datasets, layer, absent),
        data=data,
        y_title=f"Verandering t.o.v. {first}",
        value_format="change",
        source=base.source_line(datasets, ["inflow"], [first, last]),
        colours=colours,
        map=layer,
    )


def maatwerk_fill_rate(datasets: Datasets, filters: Filters) -> ChartSpec:
    """The maatwerk fill rate per municipality in the last year with a known occupation,
    where the data name a municipality (open data per site; a company's home town)."""
    everywhere = replace(filters, municipalities=())
    rows = base.filtered(datasets, everywhere, "maatwerk")
    region = datasets.region
    rows = rows.loc[rows["municipality"].isin(region.names)]
    known = rows.loc[rows["occupied"].notna()]
    if known.empty:
        raise NoData(
            "De maatwerkgegevens noemen geen gemeente van de regio met een gekende "
            "bezetting: een kaart van de bezettingsgraad kan niet getekend worden."
        )
    year, note = base.snapshot_year(datasets, "maatwerk", known)
    table = maatwerk_ind.granted_filled(rows.loc[rows["year"] == year], by=("municipality",))
    frame = pd.DataFrame({"municipality": region.names}).merge(
        table, on="municipality", how="left"
    )
    frame = frame.assign(
        value=frame["fill_rate"],
        text=frame["fill_rate"].map(lambda v: numbers.percent(v) if pd.notna(v) else None),
        detail=[
            None if pd.isna(o) else f"{numbers.number(o, 1)} van {numbers.number(p, 1)} "
            "plaatsen bezet"
            for o, p in zip(frame["occupied"], frame["places_known"], strict=True)
        ],
        dotted=False,
    )
    data, layer, colours = _map(datasets, filters, frame, value_format="percent")
    shown = frame.dropna(subset=["value"])
    lowest = shown.loc[shown["value"].idxmin()]
    title = (
        f"Bezettingsgraad maatwerk in {year} het laagst in {lowest['municipality']} "
        f"({numbers.percent(lowest['value'])})"
        if len(shown) > 1
        else f"Bezettingsgraad maatwerk in {year}: {numbers.percent(lowest['value'])} in "
        f"{lowest['municipality']}"
    )
    absent = frame.loc[frame["value"].isna(), "municipality"].tolist()
    return _spec(
        datasets,
        filters,
        "maatwerk.kaart",
        dataset="maatwerk",
        title=title,
        subtitle=f"Bezette gedeeld door toegekende plaatsen per gemeente van de vestiging in "
        f"{year}{note}" + _subtitle_notes(datasets, layer, absent),
        data=data,
        y_title="Bezettingsgraad",
        value_format="percent",
        source=base.source_line(datasets, ["maatwerk"], [year]),
        colours=colours,
        map=layer,
    )


def lde_per_1000(datasets: Datasets, filters: Filters) -> ChartSpec:
    """LDE jobs (FTE) per 1.000 inhabitants per municipality of the organisation, in the
    last full year: where the local service economy is dense or thin."""
    everywhere = replace(filters, municipalities=())
    rows = base.filtered(datasets, everywhere, "lde")
    region = datasets.region
    rows = rows.loc[rows["municipality"].isin(region.names)]
    if rows.empty:
        raise NoData(
            "De LDE-gegevens noemen geen gemeente van de regio: een kaart per gemeente kan "
            "niet getekend worden."
        )
    year, note = base.snapshot_year(datasets, "lde", rows)
    fte = lde_ind.fte_per_year(rows.loc[rows["year"] == year], by=("municipality",))
    table = pd.DataFrame({"municipality": region.names}).merge(fte, on="municipality", how="left")
    table["population"] = table["municipality"].map(region.population).astype("float64")
    table["value"] = table["fte"] / table["population"] * 1000.0
    frame = table.assign(
        text=table["value"].map(lambda v: numbers.number(v, 2) if pd.notna(v) else None),
        detail=[
            None if pd.isna(f) else f"{numbers.number(f, 1)} VTE, {numbers.integer(p)} inwoners"
            for f, p in zip(table["fte"], table["population"], strict=True)
        ],
        dotted=False,
    )
    data, layer, colours = _map(datasets, filters, frame, value_format="rate")
    shown = frame.dropna(subset=["value"])
    top = shown.loc[shown["value"].idxmax()]
    title = takeaways.largest(
        "de meeste LDE-jobs per 1.000 inwoners", top["municipality"], year, top["text"]
    )
    absent = frame.loc[frame["value"].isna(), "municipality"].tolist()
    return _spec(
        datasets,
        filters,
        "lde.kaart",
        dataset="lde",
        title=title,
        subtitle=f"LDE-jobs (VTE) per 1.000 inwoners in {year}{note}, per gemeente van de "
        f"organisatie; inwoners: {region.population_source or 'regiobestand'}"
        + _subtitle_notes(datasets, layer, absent),
        data=data,
        y_title="LDE-VTE per 1.000 inwoners",
        value_format="rate",
        source=base.source_line(datasets, ["lde"], [year]),
        colours=colours,
        map=layer,
    )
