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
from indicators.change import small_base
from indicators.datasets import Datasets
from indicators.masking import MASK_LABEL, is_small
from indicators.overview import OverviewTiles

Arrow = Literal["up", "down", "off"]
# Named colours of ``st.metric``: the page never lets Streamlit read a direction from the
# delta text (it takes only an ASCII "-" for a fall, never the "−" of our numbers).
Colour = Literal["green", "red", "gray"]


@dataclass(frozen=True)
class Tile:
    """One tile: ``label``, ``value`` and an optional ``delta`` line, all Dutch text.

    ``arrow`` follows the sign of the number the delta shows (as rounded there: no arrow
    for "0 %"); ``colour`` follows what the change means, or is grey when it means
    nothing good or bad by itself.
    """

    key: str
    label: str
    value: str
    delta: str | None = None
    arrow: Arrow = "off"
    colour: Colour = "gray"
    help: str = ""


NO_DATA = "nog geen gegevens"
SMALL_NOTE = "Kleine aantallen: verschillen staan in aantallen, niet in procent."


def direction(value: float | None, decimals: int = 0) -> Arrow:
    """The arrow of a change as shown with ``decimals``: up, down, or none for 0."""
    if value is None or pd.isna(value) or round(float(value), decimals) == 0:
        return "off"
    return "up" if value > 0 else "down"


def colour(arrow: Arrow, rise_is_good: bool | None) -> Colour:
    """Green for a change in the good direction, red for the other, grey otherwise."""
    if arrow == "off" or rise_is_good is None:
        return "gray"
    return "green" if (arrow == "up") == rise_is_good else "red"


def _signed(value: float, decimals: int = 0) -> str:
    text = numbers.number(value, decimals)
    return text if text.startswith(numbers.MINUS) or round(value, decimals) == 0 else f"+{text}"


@dataclass(frozen=True)
class Delta:
    """The line under a tile's value, with its arrow and colour."""

    text: str | None = None
    arrow: Arrow = "off"
    colour: Colour = "gray"


def _inflow_change(current: float, base: float | None, against: str, mask: bool) -> Delta:
    """Inflow against ``base``: a percentage, or the difference in numbers on a small base
    (a rise is good). Nothing without a base, or when masking would let the difference
    reveal a small count."""
    if base is None or pd.isna(base) or (mask and (is_small(current) or is_small(base))):
        return Delta()
    if small_base(base):
        diff = current - base
        arrow = direction(diff)
        return Delta(f"{_signed(diff)} t.o.v. {against}", arrow, colour(arrow, True))
    share = current / base - 1.0
    arrow = direction(share * 100)
    return Delta(f"{numbers.change(share)} t.o.v. {against}", arrow, colour(arrow, True))


def _inflow(t: OverviewTiles, mask: bool) -> list[Tile]:
    if t.inflow_year is None:
        return [Tile("instroom", "Instroom (laatste volledige jaar)", NO_DATA)]
    previous = _inflow_change(t.inflow, t.inflow_previous, str(t.inflow_year - 1), mask)
    base = t.inflow_base
    base_count = MASK_LABEL if mask and is_small(base) else numbers.integer(base)
    if base is None or pd.isna(base):
        against_base = "–"
    elif small_base(base):
        against_base = MASK_LABEL if mask else _signed(t.inflow - base)
    else:
        against_base = numbers.change(t.inflow / base - 1.0)
    small = [value for value in (t.inflow_previous, base) if value is not None]
    notes = [SMALL_NOTE] if any(small_base(value) for value in small) else []
    return [
        Tile(
            "instroom",
            f"Instroom {t.inflow_year}",
            MASK_LABEL if mask and is_small(t.inflow) else numbers.integer(t.inflow),
            previous.text,
            previous.arrow,
            previous.colour,
            help=" ".join(
                ["Aantal gestarte doelgroepwerknemers in het laatste volledige jaar.", *notes]
            ),
        ),
        Tile(
            "instroom_2019",
            f"Instroom {t.inflow_year} t.o.v. {t.base_year}",
            against_base,
            None if base is None else f"{t.base_year}: {base_count}",
            help=" ".join(["Vergelijking met het laatste jaar vóór corona.", *notes]),
        ),
    ]


def _lde(t: OverviewTiles) -> Tile:
    if t.lde_year is None or t.lde_fte is None:
        return Tile("lde", "LDE (VTE)", NO_DATA)
    fill = (
        f" Bezettingsgraad {numbers.percent(t.lde_fill_rate)}."
        if t.lde_fill_rate is not None
        else ""
    )
    if t.lde_reference is not None:
        gap = t.lde_fte - t.lde_reference
        arrow = direction(gap, 1)
        return Tile(
            "lde",
            f"LDE-tewerkstelling {t.lde_year}",
            numbers.fte(t.lde_fte),
            f"{_signed(gap, 1)} VTE t.o.v. {numbers.integer(t.lde_reference)} VTE",
            arrow,
            colour(arrow, True),
            help="Som van de VTE van alle LDE-organisaties (jaargemiddelde van de kwartalen),"
            f" tegenover de regionale referentie van {numbers.integer(t.lde_reference)} VTE.{fill}",
        )
    # NOTE: the 100-FTE reference is the region's; a municipality or organisation is
    # compared with its own year before, in grey (a shift between organisations is no
    # gain or loss by itself).
    delta, arrow = None, "off"
    if t.lde_previous is not None:
        diff = t.lde_fte - t.lde_previous
        delta, arrow = f"{_signed(diff, 1)} VTE t.o.v. {t.lde_year - 1}", direction(diff, 1)
    return Tile(
        "lde",
        f"LDE-tewerkstelling {t.lde_year}",
        numbers.fte(t.lde_fte),
        delta,
        arrow,
        "gray",
        help="Som van de VTE van de gekozen LDE-organisaties (jaargemiddelde van de "
        "kwartalen). De referentie van 100 VTE geldt voor de hele regio, niet voor deze "
        f"selectie.{fill}",
    )


def _maatwerk(t: OverviewTiles) -> Tile:
    if t.maatwerk_year is None:
        return Tile("maatwerk", "Bezettingsgraad maatwerk", NO_DATA)
    entity = kinds.MAATWERK.entity
    unknown = t.maatwerk_unknown
    left_out = (
        f" Bezetting onbekend bij {unknown} "
        f"{entity.one if unknown == 1 else entity.many}: niet meegeteld."
        if unknown
        else ""
    )
    # NOTE: the rate is the value and the two FTE figures the line below it: a value as
    # long as "1.123 / 1.198 VTE" is cut off in a tile of a five-tile row.
    return Tile(
        "maatwerk",
        f"Bezettingsgraad maatwerk {t.maatwerk_year}",
        numbers.percent(t.maatwerk_fill_rate),
        f"{numbers.number(t.maatwerk_filled, 0)} van {numbers.number(t.maatwerk_granted, 0)} "
        "VTE bezet",
        help="Bezette tegenover toegekende maatwerkplaatsen (jaargemiddelde van de "
        f"kwartalen).{left_out}",
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
        years = frame["year"].dropna().unique()  # 64k rows at the scale of Flanders
        period = period_text(years) or "nog geen gegevens"
        rows.append(
            {
                "Gegevens": label[:1].upper() + label[1:],  # "LDE-gegevens" keeps its capitals
                "Laatste import": f"{last:%d-%m-%Y}" if last else "nog niet ingeladen",
                "Periode": period,
            }
        )
    return pd.DataFrame(rows)
