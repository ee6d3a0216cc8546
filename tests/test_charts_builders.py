"""Chart builders on hand-made data: the numbers, the finding in the title, the source
line, colours, masking, events and the friendly NoData messages."""

from __future__ import annotations

import datetime as dt

import pytest

import kinds
from charts import NoData, catalogue
from charts import inflow as inflow_charts
from charts import lde as lde_charts
from charts import maatwerk as maatwerk_charts
from indicators import inflow as inflow_ind
from indicators.filters import Filters
from tests.indicators_frames import REGION, datasets, inflow, lde, maatwerk

YEARS = {2019: 200, 2020: 170, 2021: 152, 2022: 190, 2023: 210}


def _inflow_frame():
    # Klein has 3 a year (a small count); Groot the rest of the yearly total.
    rows = [(y, None, "Groot", "LDE", "Org A", v - 3) for y, v in YEARS.items()]
    rows += [(y, None, "Klein", "Arbeidszorg / AMA", "Org B", 3) for y in YEARS]
    return inflow(rows)


DATA = datasets(
    inflow=_inflow_frame(),
    lde=lde(
        [(y, q, "A", 60 + y - 2019, 70) for y in range(2019, 2024) for q in range(1, 5)]
        + [(y, q, "B", 35, None) for y in range(2019, 2024) for q in range(1, 5)]
    ),
    maatwerk=maatwerk(
        [(y, None, "W", "collectief", 100, 100 - 2 * (y - 2019)) for y in YEARS]
        + [(y, None, "I", "individueel", 10 + y - 2019, 10 + y - 2019) for y in YEARS]
    ),
)


def test_yearly_inflow_states_the_2021_drop_and_labels_each_change():
    spec = inflow_charts.per_year(DATA, Filters())
    assert spec.title == "Instroom daalde in 2021 met 24 % t.o.v. 2019"
    assert spec.categories == ["2019", "2020", "2021", "2022", "2023"]
    assert spec.data["value"].tolist() == list(YEARS.values())
    # 170/200 − 1 = −15 %, 152/170 − 1 = −10,6 %, 190/152 − 1 = +25 %, 210/190 − 1 = +10,5 %
    assert spec.data["text"].tolist() == ["", "−15 %", "−11 %", "+25 %", "+11 %"]
    assert spec.highlight == ("2021",)
    assert spec.x_dates["2021"] == dt.date(2021, 1, 1)
    assert spec.source == (
        "Bron: VDAB-instroomgegevens, regie sociale economie T2 · periode 2019–2023 "
        "· laatste import 12-03-2024"
    )
    assert spec.x_title == "Jaar" and spec.y_title == "Aantal instromers"


def test_yearly_inflow_data_equals_indicator():
    spec = inflow_charts.per_year(DATA, Filters(municipalities=("Klein",)))
    expected = inflow_ind.per_year(Filters(municipalities=("Klein",)).apply(DATA.inflow))
    assert spec.data["value"].tolist() == expected["inflow"].tolist() == [3.0] * 5
    assert spec.title == "Instroom bleef in 2023 gelijk aan 2022: 3 (kleine aantallen)"
    assert "Klein" in spec.subtitle


def test_rising_inflow_title_and_no_highlight():
    data = datasets(
        inflow=inflow(
            [(2022, None, "Groot", "LDE", "A", 100), (2023, None, "Groot", "LDE", "A", 105)]
        )
    )
    spec = inflow_charts.per_year(data, Filters())
    assert spec.title == "Instroom steeg in 2023 met 5 % t.o.v. 2022"
    assert spec.highlight == ()


def test_events_follow_the_switch():
    assert {e.label for e in inflow_charts.per_year(DATA, Filters()).events} >= {
        "Eerste lockdown",
        "Arbeidszorg wordt AMA",
    }
    assert inflow_charts.per_year(DATA, Filters(show_events=False)).events == ()


LOCKDOWNS = {"Eerste lockdown", "Tweede lockdown"}
AMA, MAATWERK_DECREE = "Arbeidszorg wordt AMA", "Individueel maatwerk van kracht"


@pytest.mark.parametrize(
    ("build", "filters", "wanted"),
    [
        # inflow that includes arbeidszorg: lockdowns and the AMA break, not the decree
        (inflow_charts.per_year, Filters(), LOCKDOWNS | {AMA}),
        (inflow_charts.per_target_group, Filters(), LOCKDOWNS | {AMA}),
        # inflow of other work forms only: the AMA break does not concern it
        (inflow_charts.per_year, Filters(target_groups=("LDE",)), LOCKDOWNS),
        (inflow_charts.per_year, Filters(municipalities=("Groot",)), LOCKDOWNS),
        # LDE and maatwerk: the lockdowns and the individueel-maatwerk decree
        (lde_charts.regional_total, Filters(), LOCKDOWNS | {MAATWERK_DECREE}),
        (lde_charts.trend_per_organisation, Filters(), LOCKDOWNS | {MAATWERK_DECREE}),
        (maatwerk_charts.per_kind, Filters(), LOCKDOWNS | {MAATWERK_DECREE}),
        # maatwerk against inflow: what concerns either of the two
        (maatwerk_charts.unfilled_vs_inflow, Filters(), LOCKDOWNS | {MAATWERK_DECREE, AMA}),
    ],
)
def test_a_chart_shows_only_the_events_that_concern_it(build, filters, wanted):
    assert {e.label for e in build(DATA, filters).events} == wanted


def test_every_event_names_known_datasets_or_work_forms():
    from reference import events, target_groups

    known = {"inflow", "lde", "maatwerk"} | {t.name for t in target_groups()}
    for event in events():
        assert event.concerns, f"{event.label} names nothing it concerns"
        assert set(event.concerns) <= known, f"{event.label}: {event.concerns}"
    lockdowns = [e for e in events() if e.kind == "period"]
    assert lockdowns and all(set(e.concerns) >= {"inflow", "lde", "maatwerk"} for e in lockdowns)


def test_masking_changes_labels_not_values():
    masked = inflow_charts.per_municipality(DATA, Filters(mask_small=True))
    rows = masked.data.set_index("x")
    assert rows.loc["Klein", "text"] == "<5"
    assert rows.loc["Klein", "value"] == 3
    assert rows["value"].sum() == YEARS[2023]  # total exact
    assert masked.masked
    plain = inflow_charts.per_municipality(DATA, Filters()).data.set_index("x")
    assert plain.loc["Klein", "text"] == "3"


def test_per_1000_uses_region_population_and_colours():
    spec = inflow_charts.per_1000(DATA, Filters())
    rows = spec.data.set_index("x")
    assert rows.loc["Groot", "value"] == pytest.approx(207 / 50)  # 207 per 50.000
    assert rows.loc["Klein", "value"] == pytest.approx(1.5)  # 3 per 2.000
    assert spec.title == "Groot had in 2023 de hoogste instroom per 1.000 inwoners (4,14)"
    assert spec.colours["Klein"] == "#222222"
    assert set(spec.series) == {"Groot", "Klein"}


def test_municipality_lines_have_region_colours():
    spec = inflow_charts.municipalities_per_year(DATA, Filters())
    assert spec.series == ["Groot", "Klein"]
    assert spec.colours["Groot"] == REGION.colours["Groot"]
    assert spec.title == "Instroom in Groot steeg in 2023 met 5 % t.o.v. 2019"  # 207 / 197


def test_target_group_and_organisation():
    groups = inflow_charts.per_target_group(DATA, Filters())
    assert groups.kind == "stacked_column"
    assert groups.title == "LDE is in 2023 de grootste doelgroep: 99 % van de instroom"
    orgs = inflow_charts.per_organisation(DATA, Filters())
    assert orgs.data.set_index("x")["value"].to_dict() == {"Org A": 207.0, "Org B": 3.0}
    assert orgs.title == "Org A had in 2023 de meeste instromers (207)"


def test_monthly_and_quarterly_compare_with_a_year_earlier():
    rows = [(2022, m, "Groot", "LDE", "A", 10) for m in range(1, 13)]
    rows += [(2023, m, "Groot", "LDE", "A", 8) for m in range(1, 4)]
    data = datasets(inflow=inflow(rows))
    months = inflow_charts.per_month(data, Filters())
    assert months.title == "Instroom jan–mrt daalde in 2023 met 20 % t.o.v. jan–mrt 2022"
    assert months.series == ["2022", "2023"]
    quarters = inflow_charts.per_quarter(data, Filters())
    current = quarters.data.loc[quarters.data["series"] == "Instroom"].set_index("x")["value"]
    assert current["2023 K1"] == 24
    assert quarters.title == "Instroom daalde in 2023 K1 met 20 % t.o.v. 2022 K1"


def test_monthly_without_months_is_nodata():
    with pytest.raises(NoData, match="niet per maand"):
        inflow_charts.per_month(DATA, Filters())


def test_lde_total_against_100_fte():
    spec = lde_charts.regional_total(DATA, Filters())
    assert spec.data["value"].tolist() == [95, 96, 97, 98, 99]
    assert spec.title == "LDE-organisaties samen 99,0 VTE in 2023: onder de 100 VTE"
    assert [r.value for r in spec.reference_lines] == [100.0]


def test_lde_fill_rate_against_90_percent():
    spec = lde_charts.fill_rate(DATA, Filters())
    assert spec.data.set_index("x")["value"].to_dict() == {"A": pytest.approx(64 / 70)}
    assert spec.title == (
        "De enige LDE-organisatie met een contingent, A, haalde in 2023 de 90 %-regel"
    )
    assert "1 LDE-organisatie met een gekend contingent" in spec.subtitle
    assert [r.value for r in spec.reference_lines] == [0.9]
    no_contingent = datasets(lde=lde([(2023, None, "B", 5, None)]))
    with pytest.raises(NoData, match="contingent"):
        lde_charts.fill_rate(no_contingent, Filters())


def test_maatwerk_granted_filled_and_unfilled_vs_inflow():
    spec = maatwerk_charts.granted_vs_filled(DATA, Filters())
    assert spec.title == "Maatwerk in 2023: 106 van de 114 toegekende plaatsen bezet (93,0 %)"
    unfilled = maatwerk_charts.unfilled_vs_inflow(DATA, Filters())
    rows = unfilled.data.loc[unfilled.data["series"] == maatwerk_charts.UNFILLED]
    assert rows["value"].tolist() == [0, 2, 4, 6, 8]
    assert unfilled.title == (
        "In 2023 bleven 8 maatwerkplaatsen onbezet; de instroom steeg (+11 %)"
    )


def test_maatwerk_unfilled_while_inflow_drops():
    data = datasets(
        inflow=inflow(
            [(2022, None, "Groot", "LDE", "A", 100), (2023, None, "Groot", "LDE", "A", 80)]
        ),
        maatwerk=maatwerk(
            [(2022, None, "W", "collectief", 50, 45), (2023, None, "W", "collectief", 50, 40)]
        ),
    )
    spec = maatwerk_charts.unfilled_vs_inflow(data, Filters())
    assert (
        spec.title
        == "In 2023 bleven 10 maatwerkplaatsen onbezet, terwijl de instroom met 20 % daalde"
    )


def test_collectief_individueel():
    spec = maatwerk_charts.per_kind(DATA, Filters())
    assert spec.series == ["Collectief maatwerk", "Individueel maatwerk"]
    # the largest change in places, not the +40 % on the small individueel base
    assert spec.title == "Collectief maatwerk daalde van 100 naar 92 bezette plaatsen (2019–2023)"


@pytest.mark.parametrize("key", list(catalogue.CATALOGUE))
def test_every_chart_without_data_is_a_dutch_message(key):
    with pytest.raises(NoData) as error:
        catalogue.build(key, datasets(), Filters())
    assert "ingeladen" in error.value.message or "geen" in error.value.message


@pytest.mark.parametrize("key", list(catalogue.CATALOGUE))
def test_every_chart_with_filters_leaving_nothing(key):
    with pytest.raises(NoData, match="selectie"):
        catalogue.build(key, DATA, Filters(years=(1990, 1991)))


def test_masked_titles_do_not_reveal_small_counts():
    data = datasets(inflow=inflow([(2023, None, "Klein", "LDE", "Org B", 3)]))
    masked = Filters(mask_small=True)
    assert inflow_charts.per_year(data, masked).title == "Instroom in 2023: <5"
    assert inflow_charts.per_year(data, Filters()).title == "Instroom in 2023: 3"
    assert inflow_charts.per_municipality(data, masked).title.endswith("(<5)")
    assert inflow_charts.per_organisation(data, masked).title == (
        "Org B had in 2023 de meeste instromers (<5)"
    )


def test_organisation_chart_names_a_known_organisation():
    data = datasets(
        inflow=inflow(
            [(2023, None, "Groot", "LDE", None, 50), (2023, None, "Groot", "LDE", "Org A", 20)]
        )
    )
    spec = inflow_charts.per_organisation(data, Filters())
    assert spec.title == "Org A had in 2023 de meeste instromers (20)"
    assert spec.data["value"].sum() == 70  # the unknown organisation stays in the chart
    unknown = datasets(inflow=inflow([(2023, None, "Groot", "LDE", None, 50)]))
    with pytest.raises(NoData, match="geen organisatie"):
        inflow_charts.per_organisation(unknown, Filters())


def test_municipality_filter_on_data_without_municipalities():
    # the LDE test rows carry no municipality: say so instead of "nothing selected"
    with pytest.raises(NoData, match="niet per gemeente opgesplitst"):
        lde_charts.regional_total(DATA, Filters(municipalities=("Klein",)))


def test_series_break_is_said_in_the_subtitle_even_without_markers():
    spec = inflow_charts.per_year(DATA, Filters(show_events=False))
    assert spec.events == ()
    assert spec.subtitle.endswith("breuk in de reeks: Arbeidszorg wordt AMA (april 2021)")
    later = inflow_charts.per_year(DATA, Filters(years=(2022, 2023)))
    assert "breuk" not in later.subtitle
    # the break concerns arbeidszorg: inflow of other work forms has no break to note
    other = inflow_charts.per_year(DATA, Filters(target_groups=("LDE",), show_events=False))
    assert "breuk" not in other.subtitle


def test_inflow_without_target_group_is_shown_as_not_given_and_never_the_finding():
    missing = kinds.get("inflow").column("target_group").missing
    rows = [(y, None, "Groot", missing, "Org A", 30 + y - 2022) for y in (2022, 2023)]
    rows += [(y, None, "Groot", "LDE", "Org A", 10) for y in (2022, 2023)]
    spec = inflow_charts.per_target_group(datasets(inflow=inflow(rows)), Filters())
    assert spec.title.startswith("LDE is in 2023 de grootste doelgroep")
    assert list(dict.fromkeys(spec.data["series"])) == ["LDE", missing]  # shown, last
