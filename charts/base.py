"""What every chart builder shares: filtered data or NoData, source line, events, dates.

Kept apart from the builders so each builder module reads as "which numbers, which
finding" and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

import pandas as pd

import kinds
import reference
from charts import numbers
from charts.nodata import NoData
from charts.spec import PALETTE, EventMarker
from indicators import periods
from indicators.datasets import Datasets
from indicators.filters import Filters


def filtered(datasets: Datasets, filters: Filters, kind: str) -> pd.DataFrame:
    """The rows of ``kind`` matching ``filters``; NoData when there are none."""
    frame = datasets.frame(kind)
    if frame.empty:
        raise NoData.missing_dataset(kinds.get(kind).data_noun)
    # NOTE: without a selection the frame is used as it is: Filters.apply would copy it.
    rows = filters.apply(frame) if any(selection(filters)) else frame
    if rows.empty:
        raise unmatched(kind, filters, lambda c: c not in frame or frame[c].notna().any())
    return rows


def unmatched(kind: str, filters: Filters, split: Callable[[str], bool]) -> NoData:
    """Why no rows of ``kind`` (which has some) match ``filters``; ``split(column)``: whether
    its rows are split per ``column`` (any has a value there)."""
    noun = kinds.get(kind).data_noun  # "Er zijn nog geen LDE-gegevens ingeladen."
    for column, chosen, one, many in (
        ("municipality", filters.municipalities, "gemeente", "gemeenten"),
        ("organisation", filters.organisations, "organisatie", "organisaties"),
    ):
        if chosen and not split(column):
            return NoData(
                f"De {noun} zijn niet per {one} opgesplitst. Kies "
                f"alle {many} in de filters om ze te zien."
            )
    return NoData.filtered_away(noun)


def selection(filters: Filters) -> tuple:
    """The part of ``filters`` that decides which rows count (not how they are shown)."""
    return (
        filters.municipalities,
        filters.years,
        filters.target_groups,
        filters.organisations,
        filters.profiles,
    )


def at_most_palette(
    table: pd.DataFrame, column: str, order: Sequence[str], other: str, value: str
) -> pd.DataFrame:
    """``table`` with at most ``len(PALETTE)`` distinct ``column`` values, so no two series
    share a colour: the first ones of ``order`` (largest first) and the rest summed per
    remaining key as ``other``, e.g. "Overige organisaties (4)". Totals stay exact.
    """
    if len(order) <= len(PALETTE):
        return table
    kept = set(order[: len(PALETTE) - 1])
    rest = table.loc[~table[column].isin(kept)]
    keys = [c for c in table.columns if c not in (column, value)]
    summed = rest.groupby(keys, dropna=False, sort=False)[value].sum().reset_index()
    summed[column] = f"{other} ({len(order) - len(kept)})"
    return pd.concat([table.loc[table[column].isin(kept)], summed], ignore_index=True)


def period_text(years: Iterable[int]) -> str:
    years = sorted({int(y) for y in years})
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


SAMPLE_MARK = "fictieve voorbeeldgegevens"


def source_line(datasets: Datasets, shown: Iterable[str], years: Iterable[int]) -> str:
    """E.g. "Bron: VDAB-instroomgegevens, regie sociale economie W13 · periode 2017–2023
    · laatste import 12-03-2024" (the latest import of the datasets shown). While any
    of them are sample data it starts with "Let op: fictieve voorbeeldgegevens": the
    renderers draw the line inside the figure, so a screenshot or slide says so too.
    """
    shown = list(shown)
    names = " en ".join(kinds.get(k).source for k in shown)
    parts = [f"Bron: {names}, regie sociale economie {datasets.region.code}"]
    period = period_text(years)
    if period:
        parts.append(f"periode {period}")
    imports = [d for k in shown if (d := datasets.last_import(k)) is not None]
    if imports:
        parts.append(f"laatste import {max(imports):%d-%m-%Y}")
    if any(datasets.is_sample(k) for k in shown):
        # NOTE: first, so a narrow figure that cuts the line off still says it.
        parts.insert(0, f"Let op: {SAMPLE_MARK}")
    return " · ".join(parts)


def scope(datasets: Datasets, filters: Filters) -> str:
    """Who the numbers are about: the region, or the chosen municipalities."""
    chosen = filters.municipalities
    if not chosen:
        return f"regio {datasets.region.code}"
    if len(chosen) <= 3:
        return ", ".join(chosen[:-1]) + (" en " if len(chosen) > 1 else "") + chosen[-1]
    return f"{len(chosen)} gemeenten"


def _work_forms(datasets: Datasets, filters: Filters, kind: str) -> frozenset[str]:
    """The work forms (target groups) in the rows of ``kind`` that match ``filters``."""

    def compute() -> frozenset[str]:
        try:
            rows = filtered(datasets, filters, kind)
        except NoData:
            return frozenset()
        return frozenset(rows["target_group"].dropna().unique().tolist())

    return datasets.memo((f"{kind}.work_forms", selection(filters)), compute)


def concerned(
    datasets: Datasets, filters: Filters, dataset_kinds: Iterable[str]
) -> tuple[reference.Event, ...]:
    """The reference events about what a chart shows: one of its ``dataset_kinds``, or a
    work form in the rows it shows of a kind with target groups (the AMA break concerns
    arbeidszorg inflow only).
    """
    shown = set(dataset_kinds)
    grouped = [k for k in shown if "target_group" in kinds.get(k).names]
    forms = frozenset().union(*(_work_forms(datasets, filters, k) for k in grouped))
    return tuple(
        e
        for e in reference.events()
        if shown.intersection(e.concerns) or forms.intersection(e.concerns)
    )


def events(
    datasets: Datasets, filters: Filters, dataset_kinds: Iterable[str]
) -> tuple[EventMarker, ...]:
    """The events a chart of ``dataset_kinds`` shows as markers; none when switched off."""
    if not filters.show_events:
        return ()
    return tuple(
        EventMarker(start=e.start, end=e.end, label=e.label, kind=e.kind)
        for e in concerned(datasets, filters, dataset_kinds)
    )


def break_note(
    datasets: Datasets, filters: Filters, dataset_kinds: Iterable[str], years: Iterable[int]
) -> str:
    """A subtitle note for each series break of the chart inside the years shown, e.g.
    " · breuk in de reeks: Arbeidszorg wordt AMA (april 2021)".

    Said in the subtitle as well as by the marker, so it holds with events switched off.
    """
    shown = {int(y) for y in years}
    notes = [
        f"{e.label} ({MONTH_NAMES[e.start.month - 1]} {e.start.year})"
        for e in concerned(datasets, filters, dataset_kinds)
        if e.kind == "break" and e.start.year in shown and e.start.year - 1 in shown
    ]
    return f" · breuk in de reeks: {'; '.join(notes)}" if notes else ""


def year_dates(years: Iterable[int]) -> dict[str, dt.date]:
    """x label → first day of the year, so markers can be placed on a year axis."""
    return {str(int(y)): dt.date(int(y), 1, 1) for y in years}


MONTH_NAMES = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def period_label(year: int, period: int, unit: str) -> str:
    """E.g. "mrt 2021" for a month, "2021 K1" for a quarter (the way staff write them)."""
    return f"{MONTHS[period - 1]} {year}" if unit == "month" else f"{year} K{period}"


def period_date(year: int, period: int, unit: str) -> dt.date:
    month = period if unit == "month" else 3 * (period - 1) + 1
    return dt.date(year, month, 1)


def full_years(datasets: Datasets, kind: str, rows: pd.DataFrame) -> list[int]:
    """The years of ``rows`` (a selection of ``kind``) that the whole dataset covers
    completely: a municipality without starts in December is no incomplete year."""
    return periods.full_years(rows, complete=datasets.complete_years(kind))


def partial(datasets: Datasets, kind: str, rows: pd.DataFrame) -> tuple[int, int, str] | None:
    """The dataset's incomplete last year ``(year, periods, unit)`` when ``rows`` have it."""
    found = datasets.partial_year(kind)
    return found if found is not None and (rows["year"] == found[0]).any() else None


def years_shown(datasets: Datasets, kind: str, rows: pd.DataFrame) -> list[int]:
    """The years a time chart of ``rows`` shows: the full ones, else all there are."""
    return full_years(datasets, kind, rows) or sorted(int(y) for y in rows["year"].unique())


def snapshot_year(datasets: Datasets, kind: str, rows: pd.DataFrame) -> tuple[int, str]:
    """The year for one-year charts: the last full one, else the partial last year with
    a note for the subtitle, e.g. ``(2024, " (onvolledig jaar, t.e.m. jun)")``.
    """
    years = full_years(datasets, kind, rows)
    if years:
        return years[-1], ""
    found = partial(datasets, kind, rows)
    if found is None:
        return int(rows["year"].max()), ""
    year, count, unit = found
    until = MONTHS[count - 1] if unit == "month" else f"K{count}"
    return year, f" (onvolledig jaar, t.e.m. {until})"


def fill_rate_points(table: pd.DataFrame, series: str) -> pd.DataFrame:
    """A bar per organisation of a fill-rate table (``organisation``, ``fill_rate``)."""
    return pd.DataFrame(
        {
            "x": table["organisation"],
            "series": series,
            "value": table["fill_rate"],
            "text": table["fill_rate"].map(numbers.percent),
        }
    )
