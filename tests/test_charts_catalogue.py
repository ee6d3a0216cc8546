"""The catalogue: keys per page, Dutch labels, and every chart built under its own key."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kinds
from charts import catalogue, profiles
from charts.overview import freshness_table, tile_texts
from charts.spec import AREA, KIND, MUNICIPALITY, ORGANISATION, TARGET_GROUP, YEAR
from indicators.filters import Filters
from indicators.overview import OverviewTiles, tiles
from tests.indicators_frames import (
    REGION,
    datasets,
    flanders_inflow,
    flanders_lde,
    flanders_maatwerk,
    inflow,
    lde,
    maatwerk,
    yearly_inflow,
)

DATA = datasets(
    inflow=yearly_inflow({2019: 200, 2021: 152, 2022: 160}),
    lde=lde([(2022, None, "A", 104.5, 110)]),
    maatwerk=maatwerk([(2022, None, "W", "collectief", 400, 380)]),
)


# Months, several municipalities, target groups and organisations: every chart builds.
MONTHLY = datasets(
    inflow=pd.concat(
        [
            inflow(
                [
                    (year, month, town, group, org, 10 + month)
                    for year in (2019, 2020, 2021, 2022)
                    for month in range(1, 13)
                    for town, group, org in (("Groot", "LDE", "A"), ("Klein", "Artikel 60", "B"))
                ]
            ).assign(  # who flows in, per municipality
                age_band=lambda f: f["municipality"].map({"Groot": "25-49", "Klein": "50+"}),
                sex=lambda f: f["municipality"].map({"Groot": "man", "Klein": "vrouw"}),
                education=lambda f: f["municipality"].map({"Groot": "laag", "Klein": "onbekend"}),
            ),
            # open data of the rest of Flanders, for the comparisons
            flanders_inflow(REGION, np.random.default_rng(5), range(2019, 2023)),
        ],
        ignore_index=True,
    ),
    lde=pd.concat(
        [
            lde(
                [
                    (y, q, o, f, 40)
                    for y in (2021, 2022)
                    for q in range(1, 5)
                    for o, f in (("A", 30), ("B", 38))
                ]
            ).assign(
                municipality=lambda f: f["organisation"].map({"A": "Groot", "B": "Klein"})
            ),
            flanders_lde(REGION, np.random.default_rng(4), range(2021, 2023)),
        ],
        ignore_index=True,
    ),
    # with open data of the rest of Flanders, for the comparisons
    maatwerk=pd.concat(
        [
            maatwerk(
                [
                    (y, None, "W", k, 100, 90, "Groot")
                    for y in (2021, 2022)
                    for k in ("collectief", "individueel")
                ]
            ),
            flanders_maatwerk(REGION, np.random.default_rng(3), range(2019, 2023)),
        ],
        ignore_index=True,
    ),
)


def test_pages_and_keys():
    assert catalogue.for_page("overzicht") == ["overzicht.instroom", "overzicht.kaart"]
    assert catalogue.for_page("instroom")[0] == "instroom.per_jaar"
    assert set(catalogue.for_page("lde")) == {
        "lde.per_organisatie",
        "lde.trend_per_organisatie",
        "lde.regio_totaal",
        "lde.bezettingsgraad",
        "lde.kaart",
        "lde.vlaanderen_bezetting",
    }
    assert "maatwerk.onbezet_vs_instroom" in catalogue.for_page("maatwerk")
    every = [k for page in catalogue.PAGES for k in catalogue.for_page(page)]
    assert sorted(every) == sorted(catalogue.CATALOGUE)
    assert catalogue.label("instroom.per_1000_inwoners") == "Instroom per 1.000 inwoners"
    with pytest.raises(KeyError):
        catalogue.for_page("onbekend")


@pytest.mark.parametrize(
    "key", ["overzicht.instroom", "lde.regio_totaal", "maatwerk.toegekend_bezet"]
)
def test_build_names_the_spec_after_its_key(key):
    spec = catalogue.build(key, DATA, Filters())
    assert spec.key == key
    assert spec.filename == key.replace(".", "-").replace("_", "-")
    assert spec.source.startswith("Bron: ")


# What each chart's series are; a chart missing here fails the test below.
SERIES_TITLES = {
    "instroom.per_maand": YEAR,
    "instroom.per_gemeente": MUNICIPALITY,
    "instroom.per_1000_inwoners": MUNICIPALITY,
    "instroom.kaart_per_1000": MUNICIPALITY,
    "maatwerk.vlaanderen_bezetting": AREA,
    "maatwerk.vlaanderen_2019": AREA,
    "maatwerk.vlaanderen_individueel": AREA,
    "instroom.kaart_2019": MUNICIPALITY,
    "overzicht.kaart": MUNICIPALITY,
    "maatwerk.kaart": MUNICIPALITY,
    "lde.kaart": MUNICIPALITY,
    "lde.vlaanderen_bezetting": AREA,
    "instroom.vlaanderen_2019": AREA,
    "instroom.vlaanderen_doelgroepen": AREA,
    "instroom.gemeenten_per_jaar": MUNICIPALITY,
    "instroom.per_doelgroep": TARGET_GROUP,
    "lde.trend_per_organisatie": ORGANISATION,
    "maatwerk.collectief_individueel": KIND,
    **{profiles.key_of(c.name): c.label for c in kinds.PROFILES},
}
# The column of the tidy dataset that a series title names.
COLUMNS = {
    MUNICIPALITY: "municipality",
    ORGANISATION: "organisation",
    TARGET_GROUP: "target_group",
    **{c.label: c.name for c in kinds.PROFILES},
}


@pytest.mark.parametrize("key", sorted(catalogue.CATALOGUE))
def test_every_chart_says_its_dataset_and_what_its_series_are(key):
    spec = catalogue.build(key, MONTHLY, Filters())
    page = catalogue.CATALOGUE[key].page
    assert spec.dataset == {"overzicht": "inflow", "instroom": "inflow"}.get(page, page)
    assert spec.series_title == SERIES_TITLES.get(key, "")
    column = COLUMNS.get(spec.series_title)
    if spec.kind == "map":  # every municipality of the region, with figures or without
        assert spec.series == MONTHLY.region.names
    elif column:  # the series are values of that column, nothing made up
        assert set(spec.series) <= set(MONTHLY.frame(spec.dataset)[column])


def test_overview_tiles_in_dutch():
    texts = {t.key: t for t in tile_texts(tiles(DATA, Filters()))}
    assert texts["instroom"].value == "160"
    assert texts["instroom"].delta == "+5 % t.o.v. 2021"  # 160 / 152 − 1
    assert texts["instroom_2019"].value == "−20 %"  # 160 / 200 − 1
    assert texts["lde"].value == "104,5 VTE"
    assert texts["lde"].delta == "+4,5 VTE t.o.v. 100 VTE" and texts["lde"].arrow == "up"
    assert texts["maatwerk"].value == "95,0 %"
    assert texts["maatwerk"].delta == "380 van 400 VTE bezet"


def test_overview_tile_values_for_the_last_full_year():
    assert tiles(DATA, Filters()).inflow == 160


def test_overview_tiles_masked():
    data = datasets(inflow=yearly_inflow({2019: 3, 2023: 4}))
    texts = {t.key: t for t in tile_texts(tiles(data, Filters()), mask=True)}
    assert texts["instroom"].value == "<5"
    assert texts["instroom_2019"].delta == "2019: <5"
    plain = {t.key: t for t in tile_texts(tiles(data, Filters()))}
    assert plain["instroom"].value == "4"


def test_overview_tiles_without_data():
    texts = tile_texts(OverviewTiles())
    assert all(t.value == "nog geen gegevens" for t in texts)


def test_freshness_table():
    table = freshness_table(DATA).set_index("Gegevens")
    assert table.loc["Instroomgegevens", "Laatste import"] == "12-03-2024"
    assert table.loc["Instroomgegevens", "Periode"] == "2019–2022"
    assert table.loc["Maatwerkgegevens", "Periode"] == "2022"
    assert freshness_table(datasets()).iloc[0]["Laatste import"] == "nog niet ingeladen"
