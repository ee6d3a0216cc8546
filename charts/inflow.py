"""Inflow charts: per year with the change labelled, per period against a year earlier,
per municipality (absolute and per 1,000 inhabitants), per target group, per organisation.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

import kinds
from charts import base, numbers, takeaways
from charts.nodata import NoData
from charts.spec import CONTEXT_GREY, MUNICIPALITY, TARGET_GROUP, YEAR, ChartSpec
from indicators import inflow as ind
from indicators.change import PRE_CORONA_YEAR, relative_change
from indicators.datasets import Datasets
from indicators.filters import Filters
from indicators.masking import MASK_LABEL, is_small

# Organisations beyond this many are grouped as "Overige organisaties" (totals stay exact).
TOP_ORGANISATIONS = 15
YEARS_PER_MONTH_CHART = 3
OTHERS = "Overige organisaties"
REGION_SERIES_COLOUR = "#1f3b73"
PREVIOUS_SERIES_COLOUR = "#9e9e9e"
# What a municipality without any rows shows, instead of a bar of 0.
NO_ROWS = "geen gegevens"
# Above this many inflow rows (the detail level), the period totals are rolled up.
ROLLUP_ROWS = 50_000
# A line per municipality while there are at most this many (W13 with the places outside
# it); beyond, the chosen ones or the TOP_LINES with the most inflow in the last year, and
# the average of the others in grey: 300 lines of all of Flanders read as a grey mass.
MOST_LINES = 16
TOP_LINES = 8


def _label(value: float, text: str, filters: Filters) -> str:
    return MASK_LABEL if filters.mask_small and is_small(value) else text


def _count(value: float, filters: Filters) -> str:
    """A count for a label or title: "<5" when masked and small (titles leave the team too)."""
    return _label(value, numbers.integer(value), filters)


def compacted(datasets: Datasets, filters: Filters, *by: str) -> pd.DataFrame:
    """The filtered inflow summed per period and ``by``; NoData when nothing is left.

    Shared through ``datasets.memo`` by every chart of a page with the same selection.
    """
    if not by and len(datasets.inflow) > ROLLUP_ROWS:
        # Rolled up from the per-municipality sums (which the municipality charts share):
        # one pass over a large frame less. A small frame is summed directly: one groupby
        # instead of two on every filter change.
        return datasets.memo(
            ("inflow.compact", base.selection(filters), by),
            lambda: ind.compact(compacted(datasets, filters, "municipality")),
        )
    return datasets.memo(
        ("inflow.compact", base.selection(filters), by),
        lambda: ind.compact(base.filtered(datasets, filters, "inflow"), by),
    )


def per_year(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Inflow per full year, each column labelled with its change against the year before."""
    rows = compacted(datasets, filters)
    summary = ind.per_year(rows, datasets.complete_years("inflow"))
    shown = summary.loc[summary["full"]]
    note = ""
    partial = base.partial(datasets, "inflow", rows)
    if shown.empty:
        shown, note = summary, " · onvolledig jaar"
    elif partial:
        year, periods, unit = partial
        until = base.MONTHS[periods - 1] if unit == "month" else f"K{periods}"
        note = f" · {year} is onvolledig (t.e.m. {until}) en niet getoond"
    scope = base.scope(datasets, filters)
    series = f"Instroom {scope}"
    text = [
        _label(v, "" if pd.isna(c) else numbers.change(c), filters)
        for v, c in zip(shown["inflow"], shown["change"], strict=True)
    ]
    data = pd.DataFrame(
        {"x": shown["year"].astype(str), "series": series, "value": shown["inflow"], "text": text}
    )
    values = shown.rename(columns={"inflow": "value"})
    title = takeaways.yearly("Instroom", values, count=lambda v: _count(v, filters))
    found = takeaways.focus(values)
    # NOTE: the focus year is highlighted only when it is a fall, so a drop jumps out.
    highlight = (str(found[0]),) if found and found[1] is not None and found[1] < 0 else ()
    return ChartSpec(
        key="instroom.per_jaar",
        dataset="inflow",
        title=title,
        subtitle=f"Aantal instromers per jaar, {scope}; label: verandering t.o.v. vorig jaar{note}"
        + base.break_note(datasets, filters, ("inflow",), shown["year"]),
        kind="column",
        data=data,
        x_title="Jaar",
        y_title="Aantal instromers",
        value_format="count",
        source=base.source_line(datasets, ["inflow"], shown["year"]),
        colours={series: REGION_SERIES_COLOUR},
        events=base.events(datasets, filters, ("inflow",)),
        x_dates=base.year_dates(shown["year"]),
        masked=filters.mask_small,
        highlight=highlight,
    )


def per_quarter(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Inflow per quarter against the same quarter a year earlier, on a time axis."""
    rows = compacted(datasets, filters)
    periods = ind.per_period(rows, "quarter")
    if periods.empty:
        raise NoData("De instroomgegevens voor deze selectie zijn niet per kwartaal gegeven.")
    labels = [
        base.period_label(y, p, "quarter")
        for y, p in zip(periods["year"], periods["period"], strict=True)
    ]
    current, previous = "Instroom", "Zelfde kwartaal een jaar eerder"
    data = pd.concat(
        [
            pd.DataFrame({"x": labels, "series": current, "value": periods["inflow"]}),
            pd.DataFrame({"x": labels, "series": previous, "value": periods["previous"]}),
        ]
    ).dropna(subset=["value"])
    data["text"] = [_label(v, "", filters) for v in data["value"]]
    last = periods.iloc[-1]
    year = int(last["year"])
    earlier = base.period_label(year - 1, int(last["period"]), "quarter")
    title = takeaways.trend(
        "Instroom", labels[-1], last["change"], earlier, current=last["inflow"],
        base=last["previous"], count=lambda v: _count(v, filters),
    )
    dates = {
        label: base.period_date(y, p, "quarter")
        for label, y, p in zip(labels, periods["year"], periods["period"], strict=True)
    }
    return ChartSpec(
        key="instroom.per_kwartaal",
        dataset="inflow",
        title=title,
        subtitle="Aantal instromers per kwartaal en in hetzelfde kwartaal een jaar eerder, "
        f"{base.scope(datasets, filters)}",
        kind="line",
        data=data.reset_index(drop=True),
        x_title="Kwartaal",
        y_title="Aantal instromers",
        value_format="count",
        source=base.source_line(datasets, ["inflow"], periods["year"]),
        colours={current: REGION_SERIES_COLOUR, previous: PREVIOUS_SERIES_COLOUR},
        events=base.events(datasets, filters, ("inflow",)),
        x_dates=dates,
        masked=filters.mask_small,
    )


def per_month(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Inflow per month of the last three years, one line per year, so each month
    stands beside the same month a year earlier.
    """
    rows = compacted(datasets, filters)
    periods = ind.per_period(rows, "month")
    if periods.empty:
        raise NoData("De instroomgegevens voor deze selectie zijn niet per maand gegeven.")
    years = sorted(periods["year"].unique())[-YEARS_PER_MONTH_CHART:]
    shown = periods.loc[periods["year"].isin(years)]
    data = pd.DataFrame(
        {
            "x": [base.MONTHS[p - 1] for p in shown["period"]],
            "series": shown["year"].astype(str),
            "value": shown["inflow"],
        }
    )
    data["text"] = [_label(v, "", filters) for v in data["value"]]
    partial = base.partial(datasets, "inflow", rows)
    reach = partial[1] if partial and partial[2] == "month" else 12
    ytd = ind.year_to_date(rows, months=reach)
    title = f"Instroom per maand, {base.period_text(years)}"
    if ytd:
        span = f"jan–{base.MONTHS[ytd['months'] - 1]}" if ytd["months"] > 1 else "januari"
        title = takeaways.trend(
            f"Instroom {span}", ytd["year"], ytd["change"], f"{span} {ytd['year'] - 1}",
            current=ytd["inflow"], base=ytd["previous"], count=lambda v: _count(v, filters),
        )
    greys = [PREVIOUS_SERIES_COLOUR, "#6f86b8", REGION_SERIES_COLOUR][-len(years) :]
    order = pd.Categorical(data["x"], categories=base.MONTHS, ordered=True)
    data = data.assign(_order=order).sort_values(["_order"], kind="stable").drop(columns="_order")
    return ChartSpec(
        key="instroom.per_maand",
        dataset="inflow",
        series_title=YEAR,
        title=title,
        subtitle=f"Aantal instromers per maand, elk jaar een lijn, {base.scope(datasets, filters)}",
        kind="line",
        data=data.reset_index(drop=True),
        x_title="Maand",
        y_title="Aantal instromers",
        value_format="count",
        source=base.source_line(datasets, ["inflow"], years),
        colours=dict(zip([str(y) for y in years], greys, strict=True)),
        masked=filters.mask_small,
    )


def _comparison(datasets: Datasets, filters: Filters) -> tuple[Filters, tuple[str, ...]]:
    """The filters of a chart that compares municipalities, and the chosen ones.

    NOTE: a comparison keeps every municipality: the chosen ones keep their colour and
    the others turn grey, so a director sees the own municipality among its neighbours.
    """
    return replace(filters, municipalities=()), filters.municipalities


def _emphasis(region_colours: dict[str, str], names, chosen: tuple[str, ...]) -> tuple:
    """Colours per municipality and the context (grey) ones, for ``chosen`` (none: all)."""
    context = tuple(n for n in names if chosen and n not in chosen)
    colours = {
        n: CONTEXT_GREY if n in context else region_colours.get(n, CONTEXT_GREY) for n in names
    }
    return colours, context


def _municipality_spec(datasets: Datasets, filters: Filters, *, rate: bool) -> ChartSpec:
    everywhere, chosen = _comparison(datasets, filters)
    rows = compacted(datasets, everywhere, "municipality")
    year, note = base.snapshot_year(datasets, "inflow", rows)
    table = ind.per_municipality(rows.loc[rows["year"] == year], datasets.region)
    column = "per_1000" if rate else "inflow"
    # NOTE: a municipality without rows is "geen gegevens", never a bar of 0; the outside
    # label has no rate (no population) and is left out of the rate chart.
    missing = table["inflow"].isna()
    table = table.loc[missing | table[column].notna()]
    known = table.loc[~missing]
    if known.empty or (chosen and not known["municipality"].isin(chosen).any()):
        raise NoData.filtered_away("instroomgegevens per gemeente")
    fmt = (lambda v: numbers.number(v, 2)) if rate else numbers.integer
    texts = [
        NO_ROWS if pd.isna(n) else _label(n, fmt(v), filters)
        for n, v in zip(table["inflow"], table[column], strict=True)
    ]
    data = pd.DataFrame(
        {
            "x": table["municipality"].where(~missing, table["municipality"] + f" ({NO_ROWS})"),
            "series": table["municipality"],
            "value": table[column],
            "text": texts,
        }
    )
    what = "de hoogste instroom per 1.000 inwoners" if rate else "de meeste instroom"
    # Ranked among the region's municipalities: places outside it are no municipality.
    ranked = known.loc[known["municipality"] != datasets.region.outside_label]
    ranked = ranked.sort_values(column, ascending=False, kind="stable").reset_index(drop=True)
    mine = ranked.loc[ranked["municipality"].isin(chosen)] if len(chosen) == 1 else ranked
    top = mine.iloc[0]
    shown = fmt(top[column]) if rate else _count(top[column], filters)
    title = takeaways.largest(what, top["municipality"], year, shown)
    if len(chosen) == 1 and mine.index[0] > 0:
        subject = "instroom per 1.000 inwoners" if rate else "instroom"
        title = takeaways.rank(
            subject, top["municipality"], year, mine.index[0] + 1, len(ranked), shown
        )
    absent = table.loc[missing, "municipality"].tolist()
    subtitle = (
        f"Instromers per 1.000 inwoners in {year}{note}; inwoners: "
        f"{datasets.region.population_source or 'regiobestand'}"
        if rate
        else f"Aantal instromers per gemeente in {year}{note}"
    )
    if absent:
        subtitle += f"; geen gegevens voor {', '.join(absent)}"
    colours, context = _emphasis(datasets.region.colours, table["municipality"], chosen)
    return ChartSpec(
        key="instroom.per_1000_inwoners" if rate else "instroom.per_gemeente",
        dataset="inflow",
        series_title=MUNICIPALITY,
        title=title,
        subtitle=subtitle + (f"; in kleur: {base.scope(datasets, filters)}" if chosen else ""),
        kind="bar",
        data=data.reset_index(drop=True),
        x_title="Gemeente",
        y_title="Instromers per 1.000 inwoners" if rate else "Aantal instromers",
        value_format="rate" if rate else "count",
        source=base.source_line(datasets, ["inflow"], [year]),
        colours=colours,
        context=context,
        masked=filters.mask_small,
    )


def per_municipality(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Inflow per municipality in the last full year."""
    return _municipality_spec(datasets, filters, rate=False)


def per_1000(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Inflow per 1,000 inhabitants per municipality in the last full year."""
    return _municipality_spec(datasets, filters, rate=True)


def municipalities_per_year(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Inflow per year, one line per municipality in its own colour (the chosen ones in
    colour and the others grey when some are chosen); a region of many municipalities
    shows a few and the average of the others (``_readable_lines``)."""
    everywhere, chosen = _comparison(datasets, filters)
    rows = compacted(datasets, everywhere, "municipality")
    years = base.years_shown(datasets, "inflow", rows)
    table = ind.per_year_by(rows.loc[rows["year"].isin(years)], "municipality")
    if chosen and not table["municipality"].isin(chosen).any():
        raise NoData.filtered_away("instroomgegevens per gemeente")
    table, rest = _readable_lines(table, chosen, datasets.region, years[-1])
    shown = chosen or tuple(n for n in table["municipality"].unique() if n != rest)
    order = {
        name: i for i, name in enumerate([*datasets.region.names, datasets.region.outside_label])
    }
    # the context lines first, so the chosen ones are drawn over them
    table = table.sort_values(
        ["municipality", "year"],
        key=lambda s: (
            s.map(lambda n: (n in shown and n != rest, order.get(n, len(order))))
            if s.name == "municipality"
            else s
        ),
    )
    data = pd.DataFrame(
        {"x": table["year"].astype(str), "series": table["municipality"], "value": table["inflow"]}
    )
    data["text"] = [_label(v, "", filters) for v in data["value"]]
    # NOTE: against 2019 when shown, so the title measures the corona dip and recovery.
    first = PRE_CORONA_YEAR if PRE_CORONA_YEAR in years else years[0]
    last = years[-1]
    pivot = table.pivot(index="municipality", columns="year", values="inflow")
    if chosen or rest:
        pivot = pivot.loc[pivot.index.isin(shown)]
    title = f"Instroom per gemeente, {base.period_text(years)}"
    if first != last and first in pivot and last in pivot:
        # NOTE: the municipality that moved most in numbers, not in percent: "+80 %" on a
        # handful of starts is chance (small bases are worded in numbers by trend()).
        both = pivot[[first, last]].dropna()
        moved = (both[last] - both[first]).abs()
        if not moved.empty and moved.max() > 0:
            name = moved.idxmax()
            before, after = both.loc[name, first], both.loc[name, last]
            title = takeaways.trend(
                f"Instroom in {name}", last, relative_change(after, before), str(first),
                current=after, base=before, count=lambda v: _count(v, filters),
            )
    names = list(dict.fromkeys(data["series"]))
    colours, context = _emphasis(datasets.region.colours, names, shown if rest else chosen)
    subtitle = "Aantal instromers per jaar en per gemeente"
    if chosen or rest:
        coloured = (base.scope(datasets, filters) if chosen else
                    f"de {len(shown)} gemeenten met de meeste instroom in {last}")
        grey = f"het {rest.lower()}" if rest else "de andere"
        subtitle += f"; in kleur: {coloured}, in grijs {grey}"
    return ChartSpec(
        key="instroom.gemeenten_per_jaar",
        dataset="inflow",
        series_title=MUNICIPALITY,
        title=title,
        subtitle=subtitle,
        kind="line",
        data=data.reset_index(drop=True),
        x_title="Jaar",
        y_title="Aantal instromers",
        value_format="count",
        source=base.source_line(datasets, ["inflow"], years),
        colours=colours,
        context=context,
        events=base.events(datasets, filters, ("inflow",)),
        x_dates=base.year_dates(years),
        masked=filters.mask_small,
    )


def _readable_lines(
    table: pd.DataFrame, chosen: tuple[str, ...], region, last: int
) -> tuple[pd.DataFrame, str]:
    """``table`` (inflow per ``municipality`` and ``year``) as it is drawn: every line
    while they are at most ``MOST_LINES``, else the chosen municipalities (or the
    ``TOP_LINES`` with the most inflow in ``last``) and one line for the average of the
    region's other municipalities; that line's name ("" when every line is drawn)."""
    if table["municipality"].nunique() <= MOST_LINES:
        return table, ""
    if chosen:
        keep = set(chosen)
    else:
        latest = table.loc[table["year"] == last].sort_values(
            ["inflow", "municipality"], ascending=[False, True], kind="stable"
        )
        keep = set(latest["municipality"].head(TOP_LINES))
    others = table.loc[
        ~table["municipality"].isin(keep) & table["municipality"].isin(region.names)
    ]
    count = others["municipality"].nunique()
    rest = f"Gemiddelde van de {count} andere gemeenten"
    average = (others.groupby("year", as_index=False)["inflow"].sum()
               .assign(inflow=lambda f: f["inflow"] / count, municipality=rest))
    return pd.concat([table.loc[table["municipality"].isin(keep)], average],
                     ignore_index=True), rest


def per_target_group(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Inflow per year stacked by target group (the AMA series break is marked)."""
    rows = compacted(datasets, filters, "target_group")
    years = base.years_shown(datasets, "inflow", rows)
    rows = rows.loc[rows["year"].isin(years)]
    table = ind.per_year_by(rows, "target_group")
    # Largest first; inflow without a target group ("Niet opgegeven") last, never the finding.
    missing = kinds.get("inflow").column("target_group").missing
    order = ind.per_group(rows, "target_group")["target_group"].tolist()
    order = [g for g in order if g != missing] + [g for g in order if g == missing]
    table = base.at_most_palette(table, "target_group", order, "Overige doelgroepen", "inflow")
    rank = {g: i for i, g in enumerate(dict.fromkeys([*order, *table["target_group"]]))}
    table = table.assign(_rank=table["target_group"].map(rank)).sort_values(["_rank", "year"])
    data = pd.DataFrame(
        {
            "x": table["year"].astype(str),
            "series": table["target_group"],
            "value": table["inflow"],
        }
    )
    data["text"] = [_label(v, numbers.integer(v), filters) for v in data["value"]]
    year = years[-1]
    shares = ind.per_group(rows.loc[rows["year"] == year], "target_group")
    named = shares.loc[shares["target_group"] != missing]
    top = (named if len(named) else shares).iloc[0]
    title = (
        f"{top['target_group']} is in {year} de grootste doelgroep: "
        f"{numbers.percent(top['share'], 0)} van de instroom"
    )
    return ChartSpec(
        key="instroom.per_doelgroep",
        dataset="inflow",
        series_title=TARGET_GROUP,
        title=title,
        subtitle=f"Aantal instromers per jaar en per doelgroep, {base.scope(datasets, filters)}"
        + base.break_note(datasets, filters, ("inflow",), years),
        kind="stacked_column",
        data=data.reset_index(drop=True),
        x_title="Jaar",
        y_title="Aantal instromers",
        value_format="count",
        source=base.source_line(datasets, ["inflow"], years),
        events=base.events(datasets, filters, ("inflow",)),
        x_dates=base.year_dates(years),
        masked=filters.mask_small,
    )


def per_organisation(datasets: Datasets, filters: Filters) -> ChartSpec:
    """Inflow per organisation in the last full year, largest first; the rest grouped."""
    rows = compacted(datasets, filters, "organisation")
    year, note = base.snapshot_year(datasets, "inflow", rows)
    table = ind.per_group(rows.loc[rows["year"] == year], "organisation")
    if len(table) > TOP_ORGANISATIONS:
        rest = table.iloc[TOP_ORGANISATIONS - 1 :]
        other = pd.DataFrame({"organisation": [OTHERS], "inflow": [rest["inflow"].sum()]})
        table = pd.concat([table.iloc[: TOP_ORGANISATIONS - 1], other], ignore_index=True)
    series = f"Instroom {year}"
    data = pd.DataFrame(
        {
            "x": table["organisation"],
            "series": series,
            "value": table["inflow"],
            "text": [_label(v, numbers.integer(v), filters) for v in table["inflow"]],
        }
    )
    named = table.loc[~table["organisation"].isin([ind.UNKNOWN_ORGANISATION, OTHERS])]
    if named.empty:
        raise NoData("De instroomgegevens van deze selectie vermelden geen organisatie.")
    top = named.iloc[0]
    title = takeaways.largest(
        "de meeste instromers", top["organisation"], year, _count(top["inflow"], filters)
    )
    return ChartSpec(
        key="instroom.per_organisatie",
        dataset="inflow",
        title=title,
        subtitle=f"Aantal instromers per organisatie in {year}{note}, "
        f"{base.scope(datasets, filters)}",
        kind="bar",
        data=data,
        x_title="Organisatie",
        y_title="Aantal instromers",
        value_format="count",
        source=base.source_line(datasets, ["inflow"], [year]),
        colours={series: REGION_SERIES_COLOUR},
        masked=filters.mask_small,
    )
