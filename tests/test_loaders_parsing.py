"""Property and unit tests of the pure parsers: periods, numbers, places, headers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kinds
from loaders.columns import synonym_table
from loaders.header import locate_table
from loaders.labels import TOTAL_WORDS, is_total_label
from loaders.normalise import column_letter, factorize, text_key
from loaders.numbers import parse_number_text, parse_numbers
from loaders.periods import MONTHS, Period, parse_period
from loaders.places import match_place, match_places
from reference import load_region

REGION = load_region()
years = st.integers(2000, 2030)
quarters = st.integers(1, 4)
months = st.integers(1, 12)
MONTH_NAMES = {n: [k for k, v in MONTHS.items() if v == n] for n in range(1, 13)}


def _case(text: str, upper: bool) -> str:
    return text.upper() if upper else text


@given(
    years,
    quarters,
    st.sampled_from(
        [
            "{y}-K{q}",
            "K{q} {y}",
            "{y} Q{q}",
            "Q{q}-{y}",
            "{y} K{q}",
            "{y}K{q}",
            "{q}e kwartaal {y}",
            "{y}/Q{q}",
        ]
    ),
    st.booleans(),
)
def test_quarters_written_any_way(year, quarter, pattern, upper):
    text = _case(pattern.format(y=year, q=quarter), upper)
    assert parse_period(text) == Period(year, quarter=quarter)


@given(years, months, st.data(), st.sampled_from(["{m} {y}", "{m}-{y}", "{m}. {y}"]), st.booleans())
def test_months_by_name(year, month, data, pattern, upper):
    name = data.draw(st.sampled_from(MONTH_NAMES[month]))
    text = _case(pattern.format(m=name, y=year), upper)
    assert parse_period(text) == Period(year, month=month)
    assert parse_period(text).quarter == (month - 1) // 3 + 1


@given(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
def test_dates_as_cells_and_as_day_first_text(day):
    wanted = Period(day.year, month=day.month)
    assert parse_period(day) == wanted
    assert parse_period(dt.datetime(day.year, day.month, day.day, 12)) == wanted
    assert parse_period(day.strftime("%d/%m/%Y")) == wanted
    assert parse_period(day.strftime("%d-%m-%Y")) == wanted
    assert parse_period(day.isoformat()) == wanted
    assert parse_period(f"{day.year}-{day.month:02d}") == wanted
    assert parse_period(day.year) == Period(day.year)
    assert parse_period(str(day.year)) == Period(day.year)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=12))
def test_words_that_are_no_month_are_no_period(word):
    if text_key(word) not in MONTHS and not {"k", "q"} & set(text_key(word).split()):
        assert parse_period(word) is None


def test_impossible_dates_and_totals_are_no_period():
    assert parse_period("31/02/2021") is None
    assert parse_period("Totaal") is None
    assert parse_period("Instroom 2021") is None
    assert parse_period(True) is None


@given(st.integers(0, 10**9), st.integers(0, 99))
def test_belgian_numbers_with_thousands_dot_and_decimal_comma(whole, cents):
    grouped = f"{whole:,}".replace(",", ".")
    assert parse_number_text(f"{grouped},{cents:02d}") == pytest.approx(whole + cents / 100)
    assert parse_number_text(grouped) == whole
    assert parse_number_text(f" {grouped} ") == whole


@given(st.integers(0, 10**9), st.integers(0, 99))
def test_english_numbers_in_a_column_that_shows_a_decimal_point(whole, cents):
    column = pd.Series([f"{whole:,}.{cents:02d}", "0.5"], dtype=object)
    values, bad = parse_numbers(column)
    assert values.iloc[0] == pytest.approx(whole + cents / 100)
    assert not bad.any()


@given(st.sampled_from(["", " ", "-", "–", "n.v.t.", "NVT", "nb", "n.b.", None, float("nan")]))
def test_missing_markers_are_missing_not_bad(marker):
    values, bad = parse_numbers(pd.Series([marker, "3"], dtype=object))
    assert pd.isna(values.iloc[0]) and values.iloc[1] == 3.0
    assert not bad.any()


@given(st.text(alphabet="abcyz!?", min_size=3, max_size=8))
def test_text_that_is_no_number_is_flagged(text):
    values, bad = parse_numbers(pd.Series([text, "1"], dtype=object))
    if text_key(text):  # punctuation only ("?!") counts as a missing marker
        assert bad.iloc[0] and pd.isna(values.iloc[0])
    assert values.iloc[1] == 1.0


def _respell(text: str, draw) -> str:
    spaced = text.replace("-", draw(st.sampled_from(["-", " ", " - ", "_"])))
    return draw(st.sampled_from([spaced.upper(), spaced.lower(), f"  {spaced} ", spaced.title()]))


@given(st.data())
def test_every_spelling_of_every_place_of_the_region_is_matched(data):
    m = data.draw(st.sampled_from(REGION.municipalities))
    written = data.draw(st.sampled_from([m.name, *m.parts, *m.aliases]))
    assert match_place(_respell(written, data.draw), REGION) == (m.name, True)
    code = data.draw(st.sampled_from([m.nis_code, *m.postcodes]))
    assert match_place(code, REGION) == (m.name, True)
    assert match_place(int(code), REGION) == (m.name, True)
    assert match_place(float(code), REGION) == (m.name, True)


@given(st.sampled_from(REGION.known_outside))
def test_known_places_outside_are_labelled_without_warning(place):
    assert match_place(place.upper(), REGION) == (REGION.outside_label, True)


@given(st.text(alphabet="qwxz", min_size=3, max_size=10))
def test_unknown_text_is_outside_and_reported_never_null(text):
    result = match_places(pd.Series([text, "Kortrijk", None], dtype=object), REGION)
    assert result.municipality.tolist()[:2] == [REGION.outside_label, "Kortrijk"]
    assert pd.isna(result.municipality.iloc[2])
    assert result.unknown == [text]


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_total_labels():
    for label in (
        "Totaal",
        "TOTAAL W13",
        "Eindtotaal",
        "Grand Total",
        "Subtotaal Kortrijk",
        "Algemeen totaal",
    ):
        assert is_total_label(label)
    for label in ("Kortrijk", "Totaalproject vzw", 12):
        assert not is_total_label(label)
    # Each totals word, in any case, passes the quick filter that skips most labels.
    for word in TOTAL_WORDS:
        assert is_total_label(word.upper()) and is_total_label(f"{word.title()} Menen")


def test_every_dataset_has_one_synonym_table_with_wse_and_english_names():
    assert synonym_table("maatwerk")["cmw aantal toegekend vte"] == "places"
    assert synonym_table("maatwerk")["cmw aantal vte"] == "occupied"
    assert synonym_table("maatwerk")["periode"] == "period"
    assert synonym_table("maatwerk")["vestiging"] == "organisation"
    assert synonym_table("inflow")["target group"] == "target_group"
    assert synonym_table("inflow")["naam"] == "person_name"  # never an organisation here
    assert synonym_table("lde")["naam"] == "organisation"
    for kind in kinds.KINDS:
        for spec in kind.columns:
            assert spec.label and spec.explanation and spec.synonyms
            assert synonym_table(kind.name)[spec.synonyms[0]] == spec.name
        assert kind.required


def test_two_row_header_with_quarters_under_a_year():
    rows = [
        ["Titel"],
        [],
        ["Organisatie", 2021, None, None],
        [None, "Contingent", "K1", "K2"],
        ["vzw A", 10, 9, 9.5],
    ]
    table = locate_table("LDE", rows, [], "lde")
    assert table.header_row == 4
    periods = [(c.letter, c.period, c.measure) for c in table.period_columns]
    assert periods == [
        ("B", Period(2021), "contingent"),
        ("C", Period(2021, quarter=1), None),
        ("D", Period(2021, quarter=2), None),
    ]
    assert table.titles == ("Titel",)
    assert table.context_year is None


@given(years, months)
def test_compact_yyyymm_as_number_and_text(year, month):
    wanted = Period(year, month=month)
    assert parse_period(year * 100 + month) == wanted
    assert parse_period(f"{year}{month:02d}") == wanted
    assert parse_period(f"{year}13") is None


@given(years, quarters)
def test_quarters_written_out_in_words(year, quarter):
    word = ["eerste", "tweede", "derde", "vierde"][quarter - 1]
    assert parse_period(f"{word} kwartaal {year}") == Period(year, quarter=quarter)
    assert parse_period(f"{quarter}e trimestre {year}") == Period(year, quarter=quarter)


@given(years)
def test_years_written_as_floats_by_pandas(year):
    assert parse_period(f"{year}.0") == Period(year)
    assert parse_period(f" {year}.00 ") == Period(year)


@pytest.mark.parametrize(
    ("kind", "header", "name"),
    [
        ("inflow", "Instroom (aantal)", "inflow"),
        ("inflow", "Aantal nieuwe instromers", "inflow"),
        ("inflow", "Gemeente (woonplaats)", "municipality"),
        ("inflow", "Gemeente van de vestiging", "municipality"),
        ("inflow", "Gemeente/stad", "municipality"),
        ("lde", "VTE (gemiddeld)", "fte"),
        ("lde", "Gemiddeld aantal VTE", "fte"),
        ("lde", "VTE gerealiseerd", "fte"),
        ("lde", "VTE's", "fte"),
        ("lde", "Bezetting in VTE", "fte"),
        ("lde", "Som van VTE", "fte"),
        ("lde", "Contingent (VTE)", "contingent"),
        ("maatwerk", "Toegekend contingent (VTE)", "places"),
        ("maatwerk", "Capaciteit (VTE)", "places"),
        ("maatwerk", "Aantal plaatsen contingent", "places"),
        ("maatwerk", "Sum of Contingent", "places"),
    ],
)
def test_headers_with_qualifiers_units_and_filler_words(kind, header, name):
    assert synonym_table(kind).match(header) == name


def test_a_header_naming_two_columns_equally_is_refused():
    # "gemeente" (municipality) and "doelgroep" (target group) weigh the same
    assert synonym_table("inflow").match("Gemeente doelgroep") is None
    assert synonym_table("inflow").match("Bron VDAB") is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("St.-Eloois-Vijve", "Waregem"),
        ("St-Baafs-Vijve", "Wielsbeke"),
        ("Kortrijk (Heule)", "Kortrijk"),
        ("Heule (Kortrijk)", "Kortrijk"),
        ("Kortrijk-Heule", "Kortrijk"),
        ("Zwevegem - Heestert", "Zwevegem"),
        ("Menen/Lauwe", "Menen"),
        ("Kortrijk, 8500", "Kortrijk"),
        ("Kerkstraat 130, 8560 Wevelgem", "Wevelgem"),
    ],
)
def test_abbreviated_and_combined_place_names(text, name):
    assert match_place(text, REGION) == (name, True)


LEIE = load_region(Path(__file__).parent / "regions" / "leie.toml")


@pytest.mark.parametrize(
    ("written", "nis_code"),
    [
        ("Roeselare", "36015"),
        ("ROESELARE", "36015"),
        ("36015", "36015"),
        (36015, "36015"),
        ("8800", "36015"),  # a postcode of Roeselare
        ("8800 Rumbeke", "36015"),  # a part by its postcode
        ("Kerkstraat 1, 8800 Roeselare", "36015"),
        ("Ypres", "33011"),  # a French name
        ("Stad Ieper", "33011"),
        ("St-Niklaas", "46021"),
        ("Borsbeek", "11007"),  # merged into Antwerpen in 2025; its own code until then
        ("Deinze", "44083"),
    ],
)
def test_a_flemish_place_outside_the_region_keeps_its_nis_code(written, nis_code):
    found = match_places(pd.Series([written, "Kortrijk"], dtype=object), REGION)
    assert found.municipality.tolist() == [REGION.outside_label, "Kortrijk"]
    assert found.nis_code.tolist() == [nis_code, "34022"]
    assert found.unknown == []


@pytest.mark.parametrize("written", ["Lille", "Mouscron", "7700", "Atlantis", "Lille 59000"])
def test_a_place_that_is_no_flemish_municipality_has_no_nis_code(written):
    # Lille is a Flemish municipality too, but the W13 region file lists the French city
    found = match_places(pd.Series([written], dtype=object), REGION)
    assert found.municipality.tolist() == [REGION.outside_label]
    assert found.nis_code.isna().all()


def test_another_region_knows_its_own_and_w13_places_from_the_flemish_table():
    found = match_places(pd.Series(["ZULTE", "9850", "Kortrijk", "Courtrai", "Lille"]), LEIE)
    assert found.municipality.tolist() == ["Zulte", "Deinze", *["Buiten LEIE"] * 3]
    assert found.nis_code.tolist()[:4] == ["44081", "44083", "34022", "34022"]
    assert pd.isna(found.nis_code.tolist()[4])  # Lille: the region file's foreign city


def test_combined_names_that_disagree_stay_unknown():
    assert match_place("Roeselare/Kortrijk", REGION) == (REGION.outside_label, False)
    assert match_place("Kerkstraat 1, 8800 Roeselare", REGION) == (REGION.outside_label, True)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.sampled_from(["Menen", "Kortrijk", "LDE", " ", "7"])), max_size=40
    ),
    st.integers(0, 40),
)
def test_factorize_of_a_categorical_equals_pandas_on_its_values(cells, dropped):
    # Key columns travel as categoricals built over a whole table; after rows are
    # dropped their codes must still factorize exactly as the remaining values would.
    column = pd.Series(pd.Categorical(pd.Series(cells, dtype=object)))[dropped:]
    codes, uniques = factorize(column)
    expected_codes, expected_uniques = pd.factorize(column.astype(object), use_na_sentinel=True)
    assert codes.tolist() == expected_codes.tolist()
    assert list(uniques) == list(expected_uniques)
