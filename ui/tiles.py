"""The Overzicht tiles: headline numbers picked from the indicators, formatted in Dutch.

No arithmetic of its own: every value and change comes from ``indicators``; this
module only chooses the year to show and turns numbers into tile text.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from charts import numbers
from indicators import inflow, lde, maatwerk
from indicators.change import PRE_CORONA_YEAR, relative_change
from indicators.datasets import Datasets
from indicators.filters import Filters
from indicators.masking import MASK_LABEL, is_small
from indicators.periods import last_full_year


@dataclass(frozen=True)
class Tile:
    """One headline number: label, value text, optional change text and explanation."""

    label: str
    value: str
    delta: str | None = None
    help: str = ""
    delta_colour: str = "normal"


def inflow_tiles(datasets: Datasets, filters: Filters) -> list[Tile]:
    """Inflow in the last full year, against the year before and against 2019."""
    rows = filters.apply(datasets.inflow)
    year = last_full_year(rows)
    if year is None:
        return []
    table = inflow.per_year(rows).set_index("year")
    value = float(table.at[year, "inflow"])
    shown = MASK_LABEL if filters.mask_small and is_small(value) else numbers.integer(value)
    tiles = [
        Tile(
            f"Instroom {year}",
            shown,
            _change(table.at[year, "change"], f"t.o.v. {year - 1}"),
            "Aantal doelgroepwerknemers dat in het jaar startte.",
        )
    ]
    if year != PRE_CORONA_YEAR and PRE_CORONA_YEAR in table.index:
        tiles.append(
            Tile(
                f"Instroom t.o.v. {PRE_CORONA_YEAR}",
                numbers.change(table.at[year, "change_vs_base"]),
                help=f"Instroom {year} tegenover {PRE_CORONA_YEAR}, het laatste jaar vóór corona.",
            )
        )
    return tiles


def lde_tile(datasets: Datasets, filters: Filters) -> list[Tile]:
    """LDE FTE of the last year against the 100-FTE reference."""
    yearly = lde.fte_per_year(filters.apply(datasets.lde))
    if yearly.empty:
        return []
    last = yearly.iloc[-1]
    reference = lde.REGIONAL_FTE_REFERENCE
    change = relative_change(float(last["fte"]), reference)
    return [
        Tile(
            f"LDE {int(last['year'])}",
            numbers.fte(float(last["fte"])),
            _change(change, f"t.o.v. {numbers.integer(reference)} VTE"),
            "Gemiddelde van de kwartalen; referentie: de regio telt meer dan 100 VTE LDE.",
        )
    ]


def maatwerk_tiles(datasets: Datasets, filters: Filters) -> list[Tile]:
    """Maatwerk granted vs filled places and the fill rate, last year."""
    yearly = maatwerk.granted_filled(filters.apply(datasets.maatwerk))
    yearly = yearly.dropna(subset=["places"])
    if yearly.empty:
        return []
    last = yearly.iloc[-1]
    year = int(last["year"])
    return [
        Tile(
            f"Maatwerk bezet {year}",
            numbers.fte(last["occupied"]),
            f"van {numbers.fte(last['places'])} toegekend",
            "Bezette en toegekende VTE (contingent), gemiddelde van de kwartalen.",
            delta_colour="off",
        ),
        Tile(
            f"Bezettingsgraad {year}",
            numbers.percent(last["fill_rate"]),
            help="Bezette VTE gedeeld door het contingent.",
        ),
    ]


def overview(datasets: Datasets, filters: Filters) -> list[Tile]:
    """Every Overzicht tile that has data, in display order."""
    return [
        *inflow_tiles(datasets, filters),
        *lde_tile(datasets, filters),
        *maatwerk_tiles(datasets, filters),
    ]


def _change(share: float | None, against: str) -> str | None:
    if share is None or pd.isna(share):
        return None
    return f"{numbers.change(float(share))} {against}"


KIND_NAMES = {"inflow": "Instroom", "lde": "LDE", "maatwerk": "Maatwerk"}


def freshness(datasets: Datasets) -> list[Tile]:
    """Per dataset: the period covered and the date of the last import."""
    table = datasets.freshness
    out = []
    for kind, name in KIND_NAMES.items():
        rows = table.loc[table["kind"] == kind] if "kind" in table else table.iloc[:0]
        if rows.empty or pd.isna(rows.iloc[-1]["first_year"]):
            out.append(Tile(name, "nog niet geladen", help="Laad een bestand op via Gegevens."))
            continue
        row = rows.iloc[-1]
        first, last = int(row["first_year"]), int(row["last_year"])
        period = str(first) if first == last else f"{first}–{last}"
        when = datasets.last_import(kind)
        out.append(Tile(name, period, f"laatste import {when:%d-%m-%Y}" if when else None))
    return out
