"""The region against the rest of its province and of Flanders, from Flanders-wide
open-data files (tests/flanders_opendata.py: maatwerk per municipality, LDE per site)
loaded, and for maatwerk stored, as staff would: every figure computed by hand from
the files' round numbers.

W13 has 14 municipalities, all in West-Vlaanderen (64 municipalities): 50 others in the
province, 286 in Flanders. The W13 region file reads the name "Lille" as the French
city; the file's NIS code 13019 makes it the Flemish Lille all the same.
"""

from __future__ import annotations

import pandas as pd
import pytest

from charts import NoData
from charts import flanders as charts
from indicators import maatwerk as maatwerk_ind
from indicators.datasets import Datasets
from indicators.filters import Filters
from loaders import load_lde, load_maatwerk
from reference import load_region
from storage import Store
from tests.flanders_opendata import write, write_sites

PROVINCE = "Rest van West-Vlaanderen"
FLANDERS = "Rest van Vlaanderen (zonder W13)"
REGION = "Regio W13"


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Datasets:
    folder = tmp_path_factory.mktemp("flanders")
    frame = load_maatwerk(write(folder / "wse_opendata_vlaanderen.csv", load_region()))
    store = Store(f"sqlite:///{folder / 'store.sqlite'}")
    store.apply_import(
        store.plan_import("maatwerk", frame, file_name="wse.csv", sha256="f" * 64), user="test"
    )
    datasets = Datasets.from_store(store)
    store.dispose()
    return datasets


def _value(spec, series: str, year: int) -> float:
    rows = spec.data.loc[(spec.data["series"] == series) & (spec.data["x"] == str(year))]
    return float(rows["value"].iloc[0])


def test_outside_rows_keep_their_nis_codes_and_stay_out_of_the_region(stored):
    beyond = stored.beyond["maatwerk"]
    # 2 years × 4 quarters × 2 measures = 16 rows per municipality outside W13
    assert len(beyond) == 286 * 16
    assert beyond["nis_code"].notna().all() and "13019" in set(beyond["nis_code"])
    # the region's own figures: 14 municipalities × (36 + 9) FTE granted in 2023
    table = maatwerk_ind.granted_filled(stored.maatwerk)
    assert table.set_index("year").loc[2023, "places"] == pytest.approx(14 * 45)
    assert set(stored.maatwerk["municipality"]) == set(stored.region.names)


def test_fill_rate_of_the_region_province_and_flanders_by_hand(stored):
    spec = charts.fill_rate(stored, Filters())
    assert set(spec.series) == {REGION, PROVINCE, FLANDERS}
    # W13 2023: (27 + 9) / (36 + 9) = 80 %
    assert _value(spec, REGION, 2023) == pytest.approx(0.8)
    # rest of the province: (110 + 11) / (121 + 11) = 121 / 132
    assert _value(spec, PROVINCE, 2023) == pytest.approx(121 / 132)
    # rest of Flanders: 50 × 121 occupied in the province and 236 × 110 elsewhere,
    # over 286 × 132 granted
    assert _value(spec, FLANDERS, 2023) == pytest.approx((50 * 121 + 236 * 110) / (286 * 132))
    assert spec.title == (
        "Bezettingsgraad maatwerk in 2023: regio W13 80,0 %, rest van West-Vlaanderen "
        "91,7 %, rest van Vlaanderen (zonder W13) 84,8 %"
    )
    # 2019: everywhere outside (90 + 10) / 110; W13 (30 + 10) / 50
    assert _value(spec, FLANDERS, 2019) == pytest.approx(100 / 110)
    assert _value(spec, REGION, 2019) == pytest.approx(0.8)


def test_places_against_2019_by_hand(stored):
    spec = charts.places_change(stored, Filters())
    assert _value(spec, REGION, 2023) == pytest.approx(45 / 50 - 1)  # −10 %
    assert _value(spec, FLANDERS, 2023) == pytest.approx(132 / 110 - 1)  # +20 %
    assert _value(spec, PROVINCE, 2023) == pytest.approx(0.2)
    assert "regio W13 −10 %" in spec.title and "+20 %" in spec.title


def test_share_of_individueel_maatwerk_by_hand(stored):
    spec = charts.individual_share(stored, Filters())
    assert _value(spec, REGION, 2023) == pytest.approx(9 / 45)  # 20 %
    assert _value(spec, FLANDERS, 2023) == pytest.approx(11 / 132)  # 8,3 %
    assert _value(spec, FLANDERS, 2019) == pytest.approx(10 / 110)  # 9,1 %


def test_a_selection_compares_its_own_municipalities(stored):
    spec = charts.fill_rate(stored, Filters(municipalities=("Kortrijk",)))
    assert "Kortrijk" in set(spec.series) and _value(spec, "Kortrijk", 2023) == pytest.approx(0.8)
    assert FLANDERS in set(spec.series)


def test_without_flanders_data_the_page_says_which_file_adds_it(stored):
    only_region = Datasets(maatwerk=stored.maatwerk, region=stored.region)
    with pytest.raises(NoData) as raised:
        charts.fill_rate(only_region, Filters())
    assert "open-data-bestand van het Departement WSE" in raised.value.message


def test_a_few_places_outside_the_region_are_no_comparison(stored):
    # Roeselare and Ieper only: rows outside the region, but no picture of Flanders
    beyond = stored.beyond["maatwerk"]
    few = beyond.loc[beyond["nis_code"].isin(["36015", "33011"])]
    some = Datasets(
        maatwerk=pd.concat([stored.maatwerk, few], ignore_index=True), region=stored.region
    )
    assert len(some.beyond["maatwerk"]) == len(few)
    with pytest.raises(NoData):
        charts.fill_rate(some, Filters())


def test_lde_fill_rate_from_the_per_site_export_by_hand(tmp_path):
    region = load_region()
    frame = load_lde(write_sites(tmp_path / "wse_vestigingen.csv", region))
    datasets = Datasets(lde=frame, region=region)
    # the region's LDE: one site in each of its 14 municipalities, 10 granted, 9 filled
    assert len(datasets.lde) == 14 * 4 and len(datasets.beyond["lde"]) == 286 * 4
    spec = charts.lde_fill_rate(datasets, Filters())
    assert _value(spec, REGION, 2023) == pytest.approx(0.9)
    assert _value(spec, PROVINCE, 2023) == pytest.approx(0.8)
    # 50 sites at 8 and 236 at 7 FTE filled, over 286 × 10 granted
    assert _value(spec, FLANDERS, 2023) == pytest.approx((50 * 8 + 236 * 7) / 2860)
    assert spec.title == (
        "Bezettingsgraad LDE in 2023: regio W13 90,0 %, rest van West-Vlaanderen 80,0 %, "
        "rest van Vlaanderen (zonder W13) 71,7 %"
    )
    without = Datasets(lde=datasets.lde, region=region)
    with pytest.raises(NoData) as raised:
        charts.lde_fill_rate(without, Filters())
    assert "lde_aantal_toegekend_vte" in raised.value.message


def test_years_run_in_order_with_the_selection_first(stored):
    # the region also has 2018; the comparison areas only 2019 and 2023
    extra = stored.maatwerk.loc[stored.maatwerk["year"] == 2019].assign(year=2018)
    rows = pd.concat([stored.beyond["maatwerk"], stored.maatwerk, extra], ignore_index=True)
    spec = charts.fill_rate(Datasets(maatwerk=rows, region=stored.region), Filters())
    assert spec.categories == ["2018", "2019", "2023"]
    assert list(dict.fromkeys(spec.data["series"])) == [REGION, PROVINCE, FLANDERS]
