"""The Overzicht page's tiles and freshness table as Dutch text, ready for ``st.metric``.

The numbers come from ``indicators.overview.tiles``; this module only words them,
so the page stays layout and the ROSE pack can reuse the same sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

import kinds
from charts import numbers
from charts.base import period_text
from indicators.datasets import Datasets
from indicators.masking import MASK_LABEL, is_small
from indicators.overview import OverviewTiles

DeltaColour = Literal["normal", "inverse", "off"]


@dataclass(frozen=True)
class Tile:
    """One tile: ``label``, ``value`` and an optional ``delta`` line, all Dutch text."""

    key: str
    label: str
    value: str
    delta: str | None = None
    delta_colour: DeltaColour = "normal"
    help: str = ""


NO_DATA = "nog geen gegevens"


def _inflow(t: OverviewTiles, mask: bool) -> list[Tile]:
    if t.inflow_year is None:
        return [Tile("instroom", "Instroom (laatste volledige jaar)", NO_DATA)]
    previous = (
        f"{numbers.change(t.inflow_change)} t.o.v. {t.inflow_year - 1}"
        if t.inflow_change is not None
        else None
    )
    base = (
        f"{numbers.change(t.inflow_change_vs_base)} t.o.v. {t.base_year}"
        if t.inflow_change_vs_base is not None
        else None
    )
    base_count = MASK_LABEL if mask and is_small(t.inflow_base) else numbers.integer(t.inflow_base)
    return [
        Tile(
            "instroom",
            f"Instroom {t.inflow_year}",
            MASK_LABEL if mask and is_small(t.inflow) else numbers.integer(t.inflow),
            previous,
            help="Aantal gestarte doelgroepwerknemers in het laatste volledige jaar.",
        ),
        Tile(
            "instroom_2019",
            f"Instroom {t.inflow_year} t.o.v. {t.base_year}",
            numbers.change(t.inflow_change_vs_base) if base else "–",
            None if t.inflow_base is None else f"{t.base_year}: {base_count}",
            delta_colour="off",
            help="Vergelijking met het laatste jaar vóór corona.",
        ),
    ]


def _lde(t: OverviewTiles) -> Tile:
    if t.lde_year is None or t.lde_fte is None:
        return Tile("lde", "LDE (VTE)", NO_DATA)
    gap = t.lde_fte - t.lde_reference
    sign = "+" if gap >= 0 else ""
    return Tile(
        "lde",
        f"LDE-tewerkstelling {t.lde_year}",
        numbers.fte(t.lde_fte),
        f"{sign}{numbers.number(gap, 1)} VTE t.o.v. {numbers.integer(t.lde_reference)} VTE",
        help="Som van de VTE van alle LDE-organisaties (jaargemiddelde van de kwartalen)"
        + (
            f"; bezettingsgraad {numbers.percent(t.lde_fill_rate)}"
            if t.lde_fill_rate is not None
            else ""
        )
        + ".",
    )


def _maatwerk(t: OverviewTiles) -> Tile:
    if t.maatwerk_year is None:
        return Tile("maatwerk", "Bezettingsgraad maatwerk", NO_DATA)
    # NOTE: the rate is the value and the two FTE figures the line below it: a value as
    # long as "1.123 / 1.198 VTE" is cut off in a tile of a five-tile row.
    return Tile(
        "maatwerk",
        f"Bezettingsgraad maatwerk {t.maatwerk_year}",
        numbers.percent(t.maatwerk_fill_rate),
        f"{numbers.number(t.maatwerk_filled, 0)} van {numbers.number(t.maatwerk_granted, 0)} "
        "VTE bezet",
        delta_colour="off",
        help="Bezette tegenover toegekende maatwerkplaatsen (jaargemiddelde van de kwartalen).",
    )


def tile_texts(tiles: OverviewTiles, *, mask: bool = False) -> list[Tile]:
    """The Overzicht tiles in display order; ``mask`` shows small counts as "<5"."""
    return [*_inflow(tiles, mask), _lde(tiles), _maatwerk(tiles)]


def freshness_table(datasets: Datasets) -> pd.DataFrame:
    """Per dataset: last import and period covered, with Dutch column names."""
    rows = []
    for kind in kinds.NAMES:
        last = datasets.last_import(kind)
        frame = datasets.frame(kind)
        label = kinds.get(kind).data_noun
        years = frame["year"].dropna()
        period = period_text(years) or "nog geen gegevens"
        rows.append(
            {
                "Gegevens": label[:1].upper() + label[1:],  # "LDE-gegevens" keeps its capitals
                "Laatste import": f"{last:%d-%m-%Y}" if last else "nog niet ingeladen",
                "Periode": period,
            }
        )
    return pd.DataFrame(rows)
