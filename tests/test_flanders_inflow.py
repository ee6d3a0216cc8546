"""Inflow of the region against the rest of its province and of Flanders, from a
Flanders-wide open-data file (tests/flanders_opendata.py: inflow per municipality,
quarter and target group) loaded and stored as staff would; every figure by hand.

W13 has 14 municipalities in West-Vlaanderen: 50 others in the province, 286 in Flanders.
Per municipality and quarter the file has 10 starters in 2019 and 8 in 2023 in the region
(collectief maatwerk 6 → 4, LDE 3 → 3, individueel 1 → 1), 10 → 11 in the rest of the
province (5/3/2 → 6/3/2) and 10 → 12 elsewhere in Flanders (5/3/2 → 5/5/2), plus two
rows of places outside Flanders (Brussel 7, a place no one knows 3).
"""

from __future__ import annotations

import dataclasses

import openpyxl
import pandas as pd
import pytest

import kinds
from charts import NoData, catalogue
from charts import flanders as charts
from indicators.datasets import Datasets
from indicators.filters import Filters
from loaders import load_inflow
from reference import load_region
from storage import SUMMARY_KEYS, Store
from tests.flanders_opendata import write_inflow

PROVINCE = "Rest van West-Vlaanderen"
FLANDERS = "Rest van Vlaanderen (zonder W13)"
REGION = "Regio W13"
# 2019 and 2023, all four quarters: per area its municipalities × 4 × the yearly figure
REGION_2019, REGION_2023 = 14 * 4 * 10, 14 * 4 * 8  # 560, 448
PROVINCE_2019, PROVINCE_2023 = 50 * 4 * 10, 50 * 4 * 11  # 2000, 2200
FLANDERS_2019, FLANDERS_2023 = 286 * 4 * 10, (50 * 11 + 236 * 12) * 4  # 11440, 13528


def _person_list(path, rows) -> object:
    """A region LDE organisation's list of starters, one row per person (openpyxl)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Instroom 2023"
    sheet.append(["Naam werknemer", "Woonplaats", "Datum in dienst", "Doelgroep", "Organisatie"])
    for number, (place, month) in enumerate(rows):
        sheet.append([f"Werknemer {number}", place, f"{month:02d}/03/2023", "LDE", "Buurtwerk"])
    book.save(path)
    return path


# Six starters in the region, three living elsewhere (two in Roeselare, one in Ieper).
PERSONS = [
    ("Kortrijk", 1), ("Kortrijk", 2), ("Kortrijk", 4), ("Menen", 5), ("Menen", 7),
    ("Wevelgem", 8), ("Roeselare", 3), ("Roeselare", 9), ("8900 Ieper", 10),
]


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> tuple[Datasets, Datasets]:
    """The file stored; Datasets read from the rows and as the pages read them (inflow
    summed per the summaries' keys)."""
    folder = tmp_path_factory.mktemp("flanders_inflow")
    frame = load_inflow(write_inflow(folder / "vdab_instroom_vlaanderen.csv", load_region()))
    store = Store(f"sqlite:///{folder / 'store.sqlite'}")
    store.apply_import(
        store.plan_import("inflow", frame, file_name="vdab.csv", sha256="e" * 64), user="test"
    )
    rows = Datasets.from_store(store)
    summed = Datasets(inflow=store.inflow_aggregate(SUMMARY_KEYS), region=rows.region)
    store.dispose()
    return rows, summed


def _value(spec, series: str, x: str | int) -> float:
    rows = spec.data.loc[(spec.data["series"] == series) & (spec.data["x"] == str(x))]
    return float(rows["value"].iloc[0])


def test_the_file_is_comparison_data_and_leaves_the_region_alone(stored):
    for datasets in stored:
        inflow, beyond = datasets.inflow, datasets.beyond["inflow"]
        region = datasets.region
        assert set(inflow["municipality"]) == set(region.names)  # no "Buiten W13" at all
        assert inflow.groupby("year")["inflow"].sum().to_dict() == {
            2019: REGION_2019, 2023: REGION_2023
        }
        assert set(beyond["municipality"]) == {region.comparison_label}
        # 286 Flemish municipalities, Brussel (no Flemish NIS code) and the unknown place
        assert beyond["nis_code"].nunique() == 286
        assert int(beyond["inflow"].sum()) == FLANDERS_2019 + FLANDERS_2023 + 7 + 3


def test_the_loader_says_which_rows_are_comparison_data(tmp_path):
    frame = load_inflow(write_inflow(tmp_path / "instroom.csv", load_region()))
    said = [w for w in frame.attrs["warnings"] if "vergelijkingsgegevens" in w]
    assert len(said) == 1 and "2019, 2023" in said[0] and "286 Vlaamse gemeenten" in said[0]
    # naming no organisation, it replaces all inflow of its periods: staff are told
    assert any("vervangt het alle instroom" in w for w in frame.attrs["warnings"])


def test_inflow_against_2019_by_hand(stored):
    for datasets in stored:
        spec = charts.inflow_change(datasets, Filters())
        assert list(dict.fromkeys(spec.data["series"])) == [REGION, PROVINCE, FLANDERS]
        assert _value(spec, REGION, 2023) == pytest.approx(448 / 560 - 1)  # −20 %
        assert _value(spec, PROVINCE, 2023) == pytest.approx(2200 / 2000 - 1)  # +10 %
        assert _value(spec, FLANDERS, 2023) == pytest.approx(13528 / 11440 - 1)  # +18,3 %
        assert _value(spec, REGION, 2019) == 0.0
        assert spec.title == (
            "Instroom t.o.v. 2019 in 2023: regio W13 −20 %, rest van West-Vlaanderen +10 %, "
            "rest van Vlaanderen (zonder W13) +18 %"
        )
        assert "minstens een kwart van de Vlaamse gemeenten buiten W13" in spec.subtitle


def test_target_group_shares_by_hand(stored):
    for datasets in stored:
        spec = charts.target_group_shares(datasets, Filters())
        assert spec.categories == ["Collectief maatwerk", "LDE", "Individueel maatwerk"]
        assert _value(spec, REGION, "Collectief maatwerk") == pytest.approx(4 / 8)
        assert _value(spec, REGION, "LDE") == pytest.approx(3 / 8)
        assert _value(spec, PROVINCE, "Individueel maatwerk") == pytest.approx(2 / 11)
        # rest of Flanders 2023: (50 × 6 + 236 × 5) × 4 = 5920 of 13528 in collectief
        assert _value(spec, FLANDERS, "Collectief maatwerk") == pytest.approx(5920 / 13528)
        assert _value(spec, FLANDERS, "LDE") == pytest.approx((50 * 3 + 236 * 5) * 4 / 13528)
        assert spec.title == (
            "Aandeel Collectief maatwerk in de instroom in 2023: regio W13 50,0 %, rest van "
            "West-Vlaanderen 54,5 %, rest van Vlaanderen (zonder W13) 43,8 %"
        )
        assert spec.data.loc[spec.data["series"] == REGION, "text"].tolist() == [
            "50,0 %", "37,5 %", "12,5 %"
        ]


def test_shares_compare_only_the_target_groups_every_area_counts(stored):
    rows, _ = stored
    # The region's own data also count 2023 starters in werkervaring and artikel 60, which
    # the open data of Flanders leave out: 20 + 12 in Kortrijk.
    extra = rows.inflow.loc[
        (rows.inflow["year"] == 2023) & (rows.inflow["municipality"] == "Kortrijk")
    ].iloc[:2].assign(target_group=["Werkervaring", "Artikel 60"], inflow=[20, 12])
    wider = Datasets(
        inflow=pd.concat([rows.inflow, extra, rows.beyond["inflow"]], ignore_index=True),
        region=rows.region,
    )
    spec = charts.target_group_shares(wider, Filters())
    assert spec.categories == ["Collectief maatwerk", "LDE", "Individueel maatwerk"]
    # The same shares as without them: 4/8 of the groups all three areas count, not
    # 4 × 56 / (448 + 32) of a total the others do not have.
    assert _value(spec, REGION, "Collectief maatwerk") == pytest.approx(4 / 8)
    assert _value(spec, FLANDERS, "Collectief maatwerk") == pytest.approx(5920 / 13528)
    assert "zonder Artikel 60, Werkervaring" in spec.subtitle
    plain = charts.target_group_shares(rows, Filters())
    assert "zonder" not in plain.subtitle


def test_a_selection_is_masked_where_its_counts_are_small(stored):
    rows, _ = stored
    chosen = Filters(municipalities=("Kortrijk",), mask_small=True)
    spec = charts.target_group_shares(rows, chosen)
    # Kortrijk 2023: 16 collectief, 12 LDE and 4 individueel (a small count: "<5")
    texts = spec.data.loc[spec.data["series"] == "Kortrijk"].set_index("x")["text"]
    assert texts.to_dict() == {
        "Collectief maatwerk": "50,0 %", "LDE": "37,5 %", "Individueel maatwerk": "<5"
    }
    assert spec.masked
    # Against 2019 on a small base: no percentage, the count said in numbers (masked)
    small = rows.inflow.loc[rows.inflow["municipality"] == "Kortrijk"].assign(inflow=1)
    small.loc[small["year"] == 2019, "inflow"] = [3] + [0] * 11  # 3 starters in 2019
    few = Datasets(
        inflow=pd.concat([small, rows.beyond["inflow"]], ignore_index=True), region=rows.region
    )
    with pytest.raises(NoData) as raised:
        charts.inflow_change(few, chosen)
    assert "telde in 2019 <5 instromers" in raised.value.message
    with pytest.raises(NoData) as raised:
        charts.inflow_change(few, dataclasses.replace(chosen, mask_small=False))
    assert "telde in 2019 3 instromers" in raised.value.message


def test_without_flanders_data_the_instroom_page_says_which_file_adds_it(stored):
    rows, _ = stored
    only_region = Datasets(inflow=rows.inflow, region=rows.region)
    for key in ("instroom.vlaanderen_2019", "instroom.vlaanderen_doelgroepen"):
        with pytest.raises(NoData) as raised:
            catalogue.build(key, only_region, Filters())
        assert kinds.get("inflow").flanders_file in raised.value.message
    assert {"instroom.vlaanderen_2019", "instroom.vlaanderen_doelgroepen"} <= set(
        catalogue.for_page("instroom")
    )


def test_profile_and_organisation_filters_leave_no_comparison(stored):
    rows, _ = stored
    with pytest.raises(NoData) as raised:
        charts.inflow_change(rows, Filters(profiles=(("sex", ("vrouw",)),)))
    assert "geslacht" in raised.value.message
    with pytest.raises(NoData):
        charts.target_group_shares(rows, Filters(organisations=("Buurtwerk",)))


def test_a_person_list_with_a_few_starters_elsewhere_is_the_regions_own(tmp_path):
    region = load_region()
    frame = load_inflow(_person_list(tmp_path / "buurtwerk.xlsx", PERSONS))
    assert not any("vergelijkingsgegevens" in w for w in frame.attrs["warnings"])
    outside = frame.loc[frame["municipality"] == region.outside_label]
    assert int(outside["inflow"].sum()) == 3
    assert sorted(outside["nis_code"]) == ["33011", "36015"]  # Ieper, Roeselare
    datasets = Datasets(inflow=frame, region=region)
    assert datasets.beyond["inflow"].empty
    assert datasets.inflow.groupby("municipality")["inflow"].sum().to_dict() == {
        "Kortrijk": 3, "Menen": 2, "Wevelgem": 1, region.outside_label: 3
    }


def test_beside_a_flanders_file_the_region_keeps_its_own_starters_elsewhere(tmp_path):
    """The Flanders file first (an export naming no organisation), then the organisation's
    list: the region's "Buiten W13" holds the list's three starters, nothing of Flanders."""
    region = load_region()
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    for name, frame in (
        ("vdab.csv", load_inflow(write_inflow(tmp_path / "vdab.csv", region))),
        ("buurtwerk.xlsx", load_inflow(_person_list(tmp_path / "buurtwerk.xlsx", PERSONS))),
    ):
        store.apply_import(
            store.plan_import("inflow", frame, file_name=name, sha256=name), user="test"
        )
    datasets = Datasets(inflow=store.inflow_aggregate(SUMMARY_KEYS), region=region)
    # The pages' detail views sum the store per what they show (no municipality): the
    # open data of Flanders stays out of them too.
    from ui import data

    for key in data.DETAIL_CHARTS:
        shown = data.asked(store, datasets, data.Asked.of(key, Filters()))
        assert shown.inflow.groupby("year")["inflow"].sum().to_dict() == {
            2019: REGION_2019, 2023: REGION_2023 + 9
        }, key
    organisations = data.asked(store, datasets, data.Asked.of("instroom.per_organisatie",
                                                              Filters()))
    assert organisations.inflow.groupby("organisation")["inflow"].sum().to_dict() == {
        "Buurtwerk": 9
    }
    store.dispose()
    per_place = datasets.inflow.loc[datasets.inflow["year"] == 2023].groupby("municipality")
    totals = per_place["inflow"].sum()
    assert totals[region.outside_label] == 3
    assert totals["Kortrijk"] == 4 * 8 + 3 and totals["Zwevegem"] == 4 * 8
    spec = charts.inflow_change(datasets, Filters())
    assert _value(spec, REGION, 2023) == pytest.approx((448 + 9) / 560 - 1)
    assert _value(spec, FLANDERS, 2023) == pytest.approx(13528 / 11440 - 1)


def test_a_falling_line_is_drawn_below_zero(stored):
    """The region's −20 % must be on the plot: the value axis starts below it."""
    from charts import plotly as chart_plotly

    rows, _ = stored
    spec = charts.inflow_change(rows, Filters())
    for width in (390, 1366):
        low, high = chart_plotly.figure(spec, width=width).layout.yaxis.range
        assert low < -0.2 and high > 13528 / 11440 - 1
