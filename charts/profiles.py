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


# One number of a finding: ("share" | "count" | "known", the profile value it is about
# ("" for "known", the year's inflow with a known value), year, number).
Part = tuple[str, str, int, float]


def shift_parts(shift: ind.Shift, column: str, filters: Filters) -> tuple[str, tuple[Part, ...]]:
    """The sentence stating ``shift`` as a template with one ``{}`` per number, and those
    numbers: "Aandeel 50-plussers in de instroom steeg van {} naar {} (2019–2023)" with the
    two shares; in counts on a small base; without numbers when masking hides a count.
    Shared by the chart's title and the ROSE note, which hold each number to its indicator.
    """
    noun = NOUNS[column].get(shift.value, shift.value)
    first, last = shift.first_year, shift.last_year
    years = f"{first}–{last}"
    if _masked(shift.count_before, filters) or _masked(shift.count_after, filters):
        return f"Aandeel {noun} in de instroom {years} (kleine aantallen gemaskeerd)", ()
    if shift.small:
        return (
            f"{noun[0].upper()}{noun[1:]}: {{}} van {{}} in {first}, {{}} van {{}} in {last} "
            "(kleine aantallen)",
            (("count", shift.value, first, shift.count_before), ("known", "", first,
             shift.known_before), ("count", shift.value, last, shift.count_after),
             ("known", "", last, shift.known_after)),
        )
    before = ("share", shift.value, first, shift.before)
    after = ("share", shift.value, last, shift.after)
    if numbers.percent(shift.before, 0) == numbers.percent(shift.after, 0):
        return f"Aandeel {noun} in de instroom bleef {{}} ({years})", (after,)
    verb = "steeg" if shift.after > shift.before else "daalde"
    return f"Aandeel {noun} in de instroom {verb} van {{}} naar {{}} ({years})", (before, after)


def finding_parts(
    table: pd.DataFrame, column: str, filters: Filters
) -> tuple[str, tuple[Part, ...]]:
    """The finding of a profile's shares (``indicators.profiles.shares`` rows): the largest
    shift from the first to the last year with known values, or with one such year the
    share of its largest group ("Aandeel 25- tot 49-jarigen in de instroom in 2023: {}")."""
    years = sorted(int(y) for y in table["year"].unique())
    shift = ind.largest_shift(table, column, years[0], years[-1])
    if shift is not None:
        return shift_parts(shift, column, filters)
    top = table.loc[table["year"] == years[-1]].sort_values("share").iloc[-1]
    noun = NOUNS[column].get(top[column], top[column])
    template = f"Aandeel {noun} in de instroom in {years[-1]}: {{}}"
    if _masked(top["inflow"], filters):
        return template.format(MASK_LABEL), ()
    return template, (("share", str(top[column]), years[-1], float(top["share"])),)


def shown(part: Part) -> str:
    """A number of a shift sentence as written: a share in whole percents, else a count."""
    kind, _, _, value = part
    return numbers.percent(value, 0) if kind == "share" else numbers.integer(value)


def shift_sentence(shift: ind.Shift, column: str, filters: Filters) -> str:
    """ "Aandeel 50-plussers in de instroom steeg van 18 % naar 26 % (2019–2023)"."""
    template, parts = shift_parts(shift, column, filters)
    return template.format(*(shown(p) for p in parts))


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
    template, parts = finding_parts(table, column, filters)
    title = template.format(*(shown(p) for p in parts))
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
