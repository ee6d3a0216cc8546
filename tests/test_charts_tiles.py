"""Overzicht tiles: arrows follow the numbers, colours their meaning, small bases are
given in numbers, and the regional LDE reference only for the whole region (issue 10,
points 3, 6 and 7)."""

from __future__ import annotations

import pytest

from charts.overview import tile_texts
from indicators.change import SMALL_BASE
from indicators.filters import Filters
from indicators.overview import tiles
from tests.indicators_frames import datasets, lde, yearly_inflow


def _tiles(filters: Filters = Filters(), **frames) -> dict:  # noqa: B008 (frozen)
    return {t.key: t for t in tile_texts(tiles(datasets(**frames), filters))}


@pytest.mark.parametrize(
    ("values", "delta", "arrow", "colour"),
    [
        ({2019: 200, 2020: 144}, "−28 % t.o.v. 2019", "down", "red"),  # a fall: never green
        ({2019: 200, 2020: 200}, "0 % t.o.v. 2019", "off", "gray"),
        ({2019: 200, 2020: 201}, "0 % t.o.v. 2019", "off", "gray"),  # rounds to 0: no arrow
        ({2019: 200, 2020: 250}, "+25 % t.o.v. 2019", "up", "green"),
    ],
    ids=["fall", "flat", "rounds-to-zero", "rise"],
)
def test_the_inflow_arrow_follows_the_sign_of_the_change(values, delta, arrow, colour):
    tile = _tiles(inflow=yearly_inflow(values))["instroom"]
    assert (tile.delta, tile.arrow, tile.colour) == (delta, arrow, colour)


def test_a_small_base_is_given_in_numbers_not_percent():
    assert SMALL_BASE == 20
    shown = _tiles(inflow=yearly_inflow({2019: 5, 2020: 9}))
    tile = shown["instroom"]
    assert (tile.delta, tile.arrow, tile.colour) == ("+4 t.o.v. 2019", "up", "green")
    assert "Kleine aantallen" in tile.help
    fall = _tiles(inflow=yearly_inflow({2019: 9, 2020: 5}))["instroom"]
    assert (fall.delta, fall.arrow, fall.colour) == ("−4 t.o.v. 2019", "down", "red")


def test_against_2019_on_a_small_base_is_a_difference():
    shown = _tiles(inflow=yearly_inflow({2019: 10, 2021: 8, 2022: 8}))
    assert shown["instroom_2019"].value == "−2"  # not "−20 %" on 10 starts
    assert shown["instroom_2019"].delta == "2019: 10"
    assert shown["instroom"].delta == "0 t.o.v. 2021" and shown["instroom"].arrow == "off"


LDE_TWO_PLACES = lde(
    [(2022, None, "A", 70.0, 75.0), (2022, None, "B", 20.0, 21.0),
     (2023, None, "A", 68.5, 75.0), (2023, None, "B", 42.0, 44.0)]
).assign(municipality=["Groot", "Klein", "Groot", "Klein"]).astype({"municipality": "string"})


def test_the_regional_lde_reference_only_for_the_whole_region():
    region = _tiles(lde=LDE_TWO_PLACES)["lde"]
    assert region.value == "110,5 VTE"
    assert (region.delta, region.arrow, region.colour) == (
        "+10,5 VTE t.o.v. 100 VTE", "up", "green"
    )
    one = _tiles(Filters(municipalities=("Groot",)), lde=LDE_TWO_PLACES)["lde"]
    assert one.value == "68,5 VTE"
    assert (one.delta, one.arrow, one.colour) == ("−1,5 VTE t.o.v. 2022", "down", "gray")
    assert "100 VTE" not in one.delta and "hele regio" in one.help
    organisation = _tiles(Filters(organisations=("B",)), lde=LDE_TWO_PLACES)["lde"]
    assert organisation.delta == "+22,0 VTE t.o.v. 2022"
    below = _tiles(lde=LDE_TWO_PLACES.assign(fte=LDE_TWO_PLACES["fte"] / 2))["lde"]
    assert (below.delta, below.arrow, below.colour) == (
        "−44,8 VTE t.o.v. 100 VTE", "down", "red"
    )
