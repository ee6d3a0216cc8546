"""Honest charts on hand-made data (issue 10): missing is neither zero nor absent,
norms only where they apply, no headlines on small numbers, sample data say they are
fictional in charts, deck and workbook, and per-municipality sheets read as a table."""

from __future__ import annotations

import dataclasses
import io

import openpyxl
import pandas as pd
from pdf_pages import page_texts, shows
from pptx import Presentation

from charts import inflow as inflow_charts
from charts import lde as lde_charts
from charts import maatwerk as maatwerk_charts
from charts.base import SAMPLE_MARK
from indicators.filters import Filters
from reports.pack import rose_pack
from tests.indicators_frames import datasets, inflow, lde, maatwerk

# W is known in both years; V's occupation is unknown in 2023; N reports only in 2023.
MAATWERK = maatwerk(
    [
        (2022, None, "W", "collectief", 100, 90),
        (2022, None, "V", "collectief", 40, 38),
        (2023, None, "W", "collectief", 100, 95),
        (2023, None, "V", "collectief", 40, None),
        (2023, None, "N", "collectief", 60, 60),
    ]
)


def test_unknown_occupation_still_counts_as_capacity_and_is_named():
    spec = maatwerk_charts.granted_vs_filled(datasets(maatwerk=MAATWERK), Filters())
    granted = spec.data.loc[spec.data["series"] == "Toegekend (contingent)"]
    assert dict(zip(granted["x"], granted["value"], strict=True)) == {
        "W": 100.0, "N": 60.0, "V (bezetting onbekend)": 40.0
    }
    filled = spec.data.loc[spec.data["series"] == "Bezet"].set_index("x")["value"]
    assert pd.isna(filled["V (bezetting onbekend)"]) and filled["W"] == 95.0
    # 155 of the 160 places of W and N; V is named, not counted as empty
    assert spec.title == (
        "Maatwerk in 2023: 155 van de 160 toegekende plaatsen bezet (96,9 %); "
        "bezetting onbekend bij 1 maatwerkorganisatie"
    )
    assert "samen 200 toegekende plaatsen" in spec.subtitle
    assert "bezetting onbekend bij 1 maatwerkorganisatie (samen 40 toegekende plaatsen)" in (
        spec.subtitle
    )


def test_fill_rates_use_organisations_with_both_figures_and_say_how_many_are_left_out():
    spec = maatwerk_charts.fill_rate(datasets(maatwerk=MAATWERK), Filters())
    assert spec.data.set_index("x")["value"].to_dict() == {"W": 0.95, "N": 1.0}
    assert "2 maatwerkorganisaties met beide cijfers" in spec.subtitle
    assert "bezetting onbekend bij 1 maatwerkorganisatie" in spec.subtitle
    assert spec.reference_lines[0].label == "Regio T2: 96,9 %"


def test_a_change_title_compares_like_with_like():
    spec = maatwerk_charts.per_kind(datasets(maatwerk=MAATWERK), Filters())
    # granted places, since 2023's occupation is incomplete; N (2023 only) is no growth:
    # W and V had 140 places in both years
    assert spec.title == "Collectief en individueel maatwerk, 2022–2023"
    grown = MAATWERK.assign(places=MAATWERK["places"] + [0, 0, 10, 0, 0])
    spec = maatwerk_charts.per_kind(datasets(maatwerk=grown), Filters())
    assert spec.title == (
        "Collectief maatwerk groeide van 140 naar 150 toegekende plaatsen (2022–2023) "
        "bij de maatwerkorganisaties met cijfers in beide jaren"
    )


def test_lde_growth_of_an_organisation_missing_in_the_first_year_is_no_headline():
    frame = lde([(2022, None, "A", 10.0, 12.0), (2023, None, "A", 12.0, 12.0),
                 (2023, None, "Nieuw", 30.0, 31.0)])
    spec = lde_charts.trend_per_organisation(datasets(lde=frame), Filters())
    assert spec.title == "A groeide het sterkst: +2,0 VTE tussen 2022 en 2023"


def test_a_municipality_without_rows_shows_no_data_not_zero():
    frame = inflow([(2023, None, "Groot", "LDE", None, 40)])
    for build in (inflow_charts.per_municipality, inflow_charts.per_1000):
        spec = build(datasets(inflow=frame), Filters())
        row = spec.data.set_index("series").loc["Klein"]
        assert row["x"] == "Klein (geen gegevens)" and row["text"] == "geen gegevens"
        assert pd.isna(row["value"])
        assert "geen gegevens voor Klein" in spec.subtitle
    zero = inflow([(2023, None, "Groot", "LDE", None, 40), (2023, None, "Klein", "LDE", None, 0)])
    spec = inflow_charts.per_municipality(datasets(inflow=zero), Filters())
    assert spec.data.set_index("series").loc["Klein", "value"] == 0.0  # a real 0 stays 0


LDE_PLACES = lde(
    [(2023, None, "A", 30.0, 31.0), (2023, None, "B", 80.0, 84.0)]
).assign(municipality=pd.array(["Klein", "Groot"], dtype="string"))


def test_the_regional_lde_reference_is_no_target_for_one_municipality():
    region = lde_charts.regional_total(datasets(lde=LDE_PLACES), Filters())
    assert [r.value for r in region.reference_lines] == [100.0]
    assert region.title == "LDE-organisaties samen 110,0 VTE in 2023: boven de 100 VTE"
    one = lde_charts.regional_total(datasets(lde=LDE_PLACES), Filters(municipalities=("Klein",)))
    assert one.reference_lines == ()
    assert one.title == "LDE-organisaties in Klein samen 30,0 VTE in 2023"
    assert "geldt voor de hele regio" in one.subtitle
    fill = lde_charts.fill_rate(datasets(lde=LDE_PLACES), Filters(municipalities=("Klein",)))
    assert "Klein: 96,8 %" in fill.subtitle and "regio" not in fill.subtitle
    assert fill.title.startswith("De enige LDE-organisatie met een contingent, A, haalde")


def test_no_headline_on_a_small_base():
    # Klein +80 % on 5 → 9 starts; Groot +20 % on 100 → 120: Groot moved most in numbers
    frame = inflow([(2019, None, "Groot", "LDE", None, 100), (2019, None, "Klein", "LDE", None, 5),
                    (2023, None, "Groot", "LDE", None, 120), (2023, None, "Klein", "LDE", None, 9)])
    data = datasets(inflow=frame)
    spec = inflow_charts.municipalities_per_year(data, Filters())
    assert spec.title == "Instroom in Groot steeg in 2023 met 20 % t.o.v. 2019"
    small = inflow_charts.municipalities_per_year(data, Filters(municipalities=("Klein",)))
    assert small.title == "Instroom in Klein steeg van 5 in 2019 naar 9 in 2023 (kleine aantallen)"
    yearly = inflow_charts.per_year(
        datasets(inflow=frame.assign(year=frame["year"].replace({2019: 2022}))),
        Filters(municipalities=("Klein",)),
    )
    assert yearly.title == "Instroom steeg van 5 in 2022 naar 9 in 2023 (kleine aantallen)"


def _pack(sample: bool):
    frame = inflow([(y, None, town, "LDE", None, n) for y in (2022, 2023)
                    for town, n in (("Groot", 40), ("Klein", 6))])
    data = datasets(inflow=frame)
    data = dataclasses.replace(data, freshness=data.freshness.assign(sample=sample))
    keys = ["instroom.per_jaar", "instroom.per_gemeente"]
    return rose_pack(data, Filters(), keys)


def test_sample_data_are_called_fictional_in_deck_and_every_sheet():
    slides, book, pdf = _pack(sample=True)
    title_slide = Presentation(io.BytesIO(slides)).slides[0]
    assert any(SAMPLE_MARK in s.text_frame.text for s in title_slide.shapes if s.has_text_frame)
    workbook = openpyxl.load_workbook(io.BytesIO(book))
    for sheet in workbook.worksheets:
        cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
        assert any(SAMPLE_MARK in c for c in cells), sheet.title
    pages = page_texts(pdf)  # the title page, and every chart's source line
    assert all(shows(page, SAMPLE_MARK) for page in pages[:-1])
    slides, book, pdf = _pack(sample=False)
    assert not any(shows(page, SAMPLE_MARK) for page in page_texts(pdf))
    deck = Presentation(io.BytesIO(slides))
    texts = [s.text_frame.text for sl in deck.slides for s in sl.shapes if s.has_text_frame]
    assert not any(SAMPLE_MARK in t for t in texts)
    workbook = openpyxl.load_workbook(io.BytesIO(book))
    assert not any(
        SAMPLE_MARK in str(c) for s in workbook.worksheets for r in s.iter_rows(values_only=True)
        for c in r if c
    )


def test_the_per_municipality_sheet_is_one_row_per_municipality():
    book = _pack(sample=False).xlsx
    sheet = openpyxl.load_workbook(io.BytesIO(book))["instroom-per-gemeente"]
    rows = [r for r in sheet.iter_rows(values_only=True) if any(c is not None for c in r)]
    header = rows.index(("Gemeente", "Aantal instromers"))
    assert rows[header + 1:] == [("Groot", 40), ("Klein", 6)]


def test_a_year_without_any_known_occupation_shows_its_capacity():
    frame = maatwerk([(2022, None, "W", "collectief", 100, 90),
                      (2023, None, "W", "collectief", 110, None)])
    spec = maatwerk_charts.granted_vs_filled(datasets(maatwerk=frame), Filters())
    assert spec.title == (
        "Maatwerk in 2023: 110 toegekende plaatsen; bezetting onbekend bij 1 maatwerkorganisatie"
    )
    rate = maatwerk_charts.fill_rate(datasets(maatwerk=frame), Filters())
    assert rate.title == "Bezettingsgraad maatwerk 90,0 % in 2022"  # the last year it is known
