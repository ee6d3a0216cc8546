"""Profile charts (age band, sex, education) on hand-made inflow: shares among the known,
the shift in the title computed from the data, masking of the counts behind shares, and
the note when most of the inflow did not say."""

from __future__ import annotations

import pytest

from charts import NoData, catalogue, profiles
from charts.describe import text_alternative
from indicators import profiles as ind
from indicators.filters import Filters
from tests.indicators_frames import datasets, inflow
from ui.tables import numbers

# (year, age band, inflow): 50-plussers go from 18 of 100 known to 26 of 100.
ROWS = [
    (2019, "<25", 30), (2019, "25-49", 52), (2019, "50+", 18), (2019, "onbekend", 40),
    (2020, "<25", 20), (2020, "25-49", 60), (2020, "50+", 20),
    (2021, "<25", 24), (2021, "25-49", 50), (2021, "50+", 26), (2021, "onbekend", 10),
]


def _data(rows=ROWS, column: str = "age_band"):
    frame = inflow([(y, None, "Groot", "LDE", "Org", n) for y, _, n in rows])
    for name in ("age_band", "sex", "education"):
        frame[name] = "onbekend"
    frame[column] = [value for _, value, _ in rows]
    frame[column] = frame[column].astype("string")
    return datasets(inflow=frame)


def test_shares_are_of_the_known_inflow_and_say_what_was_unknown():
    frame = _data().inflow
    table = ind.shares(frame, "age_band", "onbekend")
    row = table.set_index(["year", "age_band"]).loc[(2019, "50+")]
    assert row["inflow"] == 18 and row["known"] == 100 and row["unknown"] == 40
    assert row["share"] == pytest.approx(0.18)
    assert ind.unknown_share(frame, "age_band", "onbekend") == pytest.approx(50 / 350)


def test_title_states_the_largest_shift_computed_from_the_data():
    spec = catalogue.build("instroom.leeftijdsgroep", _data(), Filters())
    # <25 moved 6 points, 25-49 moved 2, 50+ moved 8: the 50-plussers are the finding.
    assert spec.title == "Aandeel 50-plussers in de instroom steeg van 18 % naar 26 % (2019–2021)"
    shares = {(r.x, r.series): r.value for r in spec.data.itertuples()}
    assert shares[("2021", "50+")] == pytest.approx(0.26)
    assert "onbekend" not in set(spec.data["series"])
    assert spec.value_format == "percent" and spec.kind == "stacked_column"
    assert "(14 % onbekend)" in spec.subtitle


def test_a_small_base_is_worded_in_counts_and_a_tie_names_the_rise():
    rows = [(2019, "man", 8), (2019, "vrouw", 4), (2022, "man", 3), (2022, "vrouw", 6)]
    spec = catalogue.build("instroom.geslacht", _data(rows, "sex"), Filters())
    assert spec.title == "Vrouwen: 4 van 12 in 2019, 6 van 9 in 2022 (kleine aantallen)"
    rows = [(2019, "hoog", 30), (2019, "laag", 70), (2022, "hoog", 45), (2022, "laag", 55)]
    spec = catalogue.build("instroom.opleidingsniveau", _data(rows, "education"), Filters())
    assert spec.title.startswith("Aandeel ")
    assert "van 30 % naar 45 %" in spec.title or "van 70 % naar 55 %" in spec.title


def test_masking_hides_shares_of_small_counts_in_labels_table_and_title():
    rows = [(2019, "<25", 3), (2019, "25-49", 60), (2019, "50+", 37),
            (2021, "<25", 2), (2021, "25-49", 58), (2021, "50+", 40)]
    data = _data(rows)
    spec = catalogue.build("instroom.leeftijdsgroep", data, Filters(mask_small=True))
    labels = {(r.x, r.series): r.text for r in spec.data.itertuples()}
    assert labels[("2019", "<25")] == labels[("2021", "<25")] == "<5"
    assert labels[("2021", "50+")] == "40 %"
    table = numbers(spec)
    assert table.loc["2019", "<25"] == "<5" and table.loc["2021", "50+"] == "40,0 %"
    # The largest move is 50+ (37 → 40 %), not a small count: it stays the title.
    assert spec.title == "Aandeel 50-plussers in de instroom steeg van 37 % naar 40 % (2019–2021)"
    unmasked = catalogue.build("instroom.leeftijdsgroep", data, Filters())
    assert {r.text for r in unmasked.data.itertuples()} >= {"3 %", "2 %"}


def test_title_without_figures_when_the_shifting_share_rests_on_a_small_count():
    rows = [(2019, "<25", 1), (2019, "25-49", 60), (2019, "50+", 39),
            (2021, "<25", 30), (2021, "25-49", 40), (2021, "50+", 30)]
    spec = catalogue.build("instroom.leeftijdsgroep", _data(rows), Filters(mask_small=True))
    assert spec.title == (
        "Aandeel jongeren onder 25 in de instroom 2019–2021 (kleine aantallen gemaskeerd)"
    )


def test_note_when_most_of_the_inflow_did_not_say():
    rows = [(2022, "man", 30), (2022, "vrouw", 20), (2022, "onbekend", 150)]
    spec = catalogue.build("instroom.geslacht", _data(rows, "sex"), Filters())
    assert "Let op: geslacht onbekend bij 75 % van de instroom" in spec.subtitle
    assert spec.title == "Aandeel mannen in de instroom in 2022: 60 %"
    assert "Gestapeld staafdiagram" in text_alternative(spec)


def test_no_profile_anywhere_is_a_dutch_no_data_message():
    with pytest.raises(NoData, match="vermelden geen opleidingsniveau"):
        catalogue.build("instroom.opleidingsniveau", _data(), Filters())


def test_profile_filter_and_chart_keys():
    assert [profiles.key_of(c) for c in ("age_band", "sex", "education")] == [
        "instroom.leeftijdsgroep", "instroom.geslacht", "instroom.opleidingsniveau"]
    chosen = Filters(profiles=(("age_band", ("50+",)),))
    rows = _data().inflow
    assert int(chosen.apply(rows)["inflow"].sum()) == 18 + 20 + 26
    assert ("Leeftijdsgroep", "50+") in chosen.describe()
