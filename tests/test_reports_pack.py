"""The ROSE pack over the real chart catalogue on the sample data: the numbers in the
deck and the workbook equal the indicator values for the chosen filters, the handout
has the same charts in the same order, masking reaches all three files, and an inflow
sheet reads back through the loaders."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import openpyxl
import pandas as pd
import pytest
from pdf_pages import assert_apart, drawn_texts, page_texts, shows
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from reports_specs import HOSTILE, assert_laid_out, assert_no_live_cell

from charts import catalogue
from indicators.datasets import Datasets
from indicators.filters import Filters
from loaders import load_inflow, load_lde
from reports.cells import safe_text
from reports.pack import ALL_CHARTS, build_specs, data_period, rose_pack
from reports.pdf import PAGE_SIZE, handout
from reports.xlsx import workbook
from sample_data.generate import expected_inflow, expected_lde, expected_maatwerk

# A line chart with a dashed reference series reads back as LINE (one series without markers).
EXPECTED_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked_column": XL_CHART_TYPE.COLUMN_STACKED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
}
ALL_KEYS = list(ALL_CHARTS)
CHOSEN = Filters(municipalities=("Kortrijk", "Menen", "Spiere-Helkijn"), years=(2018, 2023))


@pytest.fixture(scope="module")
def datasets() -> Datasets:
    return Datasets(inflow=expected_inflow(), lde=expected_lde(), maatwerk=expected_maatwerk())


@pytest.fixture(scope="module")
def pack(datasets):
    return rose_pack(datasets, CHOSEN, ALL_KEYS, generated=dt.date(2026, 3, 5))


def _charts(pptx_bytes: bytes) -> dict[str, object]:
    """Chart per slide title (the spec's title), for the chart slides."""
    slides = list(Presentation(io.BytesIO(pptx_bytes)).slides)
    charts = {}
    for slide in slides[1:-1]:
        chart = next((shape.chart for shape in slide.shapes if shape.has_chart), None)
        if chart is None:  # a map: shapes, not a chart
            continue
        title = next(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        charts[title] = chart
    return charts


def _inflow_per(datasets: Datasets, filters: Filters, by: list[str]) -> pd.Series:
    """The indicator values computed straight from the tidy rows."""
    rows = filters.apply(datasets.inflow)
    return rows.groupby(by)["inflow"].sum().astype(float)


def test_one_slide_per_drawable_chart(pack, datasets):
    specs = build_specs(datasets, CHOSEN, ALL_KEYS)
    assert specs, "the sample data must give charts"
    presentation = Presentation(io.BytesIO(pack[0]))
    slides = list(presentation.slides)
    assert len(slides) == len(specs) + 2
    for slide, spec in zip(slides[1:-1], specs, strict=True):
        if spec.kind == "map":
            _assert_map_slide(slide, spec)
            continue
        chart = next(shape.chart for shape in slide.shapes if shape.has_chart)
        plot = chart.plots[0]
        assert plot.categories and list(plot.categories) == spec.categories, spec.key
        expected = EXPECTED_TYPES[spec.kind]
        if spec.kind == "line" and (spec.reference_lines or spec.context):
            expected = XL_CHART_TYPE.LINE  # a series without markers: reference or context
        assert chart.chart_type == expected, spec.key
    assert_laid_out(presentation)
    assert len({s.key for s in specs}) == len(specs)  # the headline chart only once
    assert openpyxl.load_workbook(io.BytesIO(pack[1])).sheetnames == [
        "Filters",
        *(s.filename for s in specs),
        "Bron",
    ]


def _assert_map_slide(slide, spec) -> None:
    """A map slide: one group of editable shapes, a freeform per municipality of the
    region filled in its class's colour, and every municipality's figure beside it."""
    [group] = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.GROUP]
    shapes = list(group.shapes)
    areas = {s.name: s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.FREEFORM}
    assert set(spec.map.swatch) <= set(areas), spec.key
    for name, index in spec.map.swatch.items():
        swatch = spec.map.legend[index]
        fill = areas[name].fill
        colour = fill.back_color if swatch.pattern else fill.fore_color
        assert f"#{colour.rgb}".lower() == swatch.colour, (spec.key, name)
    texts = [s.text_frame.text for s in shapes if s.has_text_frame]
    for x, text in zip(spec.data["x"], spec.data["text"], strict=True):
        assert safe_text(f"{x}: {text}") in texts, (spec.key, x)
    assert all(s.label in texts for s in spec.map.legend)


def test_the_handout_has_a_page_per_slide_with_the_same_titles_and_sources(pack, datasets):
    specs = build_specs(datasets, CHOSEN, ALL_KEYS)
    pages = page_texts(pack.pdf)
    assert len(pages) == len(Presentation(io.BytesIO(pack.pptx)).slides) == len(specs) + 2
    for page, spec in zip(pages[1:-1], specs, strict=True):
        assert shows(page, spec.title) and shows(page, spec.source), spec.key


def test_no_text_of_the_catalogue_handout_overlaps_another(datasets):
    specs = build_specs(datasets, Filters(mask_small=True), ALL_KEYS)
    with drawn_texts() as drawn:
        handout(specs, filters=CHOSEN, title="W13", period="2017–2023", generated=dt.date.today())
    assert len(drawn) == len(specs) + 2
    assert_apart(drawn, PAGE_SIZE)


def test_yearly_inflow_on_the_slide_equals_the_indicator(pack, datasets):
    spec = catalogue.build("instroom.per_jaar", datasets, CHOSEN)
    chart = _charts(pack[0])[spec.title]
    expected = _inflow_per(datasets, CHOSEN, ["year"])
    categories = [int(c) for c in chart.plots[0].categories]
    assert categories == [y for y in range(2018, 2024) if y in expected.index]
    assert list(chart.plots[0].series[0].values) == [expected[y] for y in categories]


def test_inflow_per_municipality_and_year_equals_the_indicator_in_both_files(pack, datasets):
    spec = catalogue.build("instroom.gemeenten_per_jaar", datasets, CHOSEN)
    # the chosen municipalities in colour among all the others (grey) for comparison
    assert set(spec.context) and not set(spec.context) & set(CHOSEN.municipalities)
    expected = _inflow_per(datasets, replace(CHOSEN, municipalities=()), ["municipality", "year"])
    chart = _charts(pack[0])[spec.title]
    years = [int(c) for c in chart.plots[0].categories]
    for series in chart.plots[0].series:
        wanted = [expected.get((series.name, y)) for y in years]
        assert list(series.values) == wanted, series.name
    sheet = openpyxl.load_workbook(io.BytesIO(pack[1]))[spec.filename]
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "Gemeente")
    header = rows[start]
    assert header[:2] == ("Gemeente", "Doelgroep")
    found = {}
    for row in rows[start + 1 :]:
        if row[0] is None:
            break
        for year, value in zip(header[2:], row[2:], strict=False):
            if value is not None:
                found[(row[0], year)] = value
    assert found == expected.to_dict()


def test_masking_reaches_both_files(datasets):
    filters = Filters(municipalities=("Spiere-Helkijn",), mask_small=True)
    spec = catalogue.build("instroom.gemeenten_per_jaar", datasets, filters)
    small = spec.data.loc[(spec.data["value"] > 0) & (spec.data["value"] < 5)]
    assert len(small), "Spiere-Helkijn must have small yearly counts in the sample"
    slides, book, pdf = rose_pack(datasets, filters, ["instroom.gemeenten_per_jaar"])
    plot = _charts(slides)[spec.title].plots[0]
    series = next(s for s in plot.series if s.name == "Spiere-Helkijn")
    mine = spec.data.loc[spec.data["series"] == "Spiere-Helkijn"]
    for year, value in zip(spec.categories, series.values, strict=True):
        exact = mine.loc[mine["x"] == year, "value"].iloc[0]
        assert value == (None if 0 < exact < 5 else exact)
    sheet = openpyxl.load_workbook(io.BytesIO(book))[spec.filename]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert values.count("<5") == len(small)
    chart_page = page_texts(pdf)[1]
    assert shows(chart_page, "Kleine aantallen (1 tot 4) niet getekend (<5)")
    assert chart_page.count("<5") == len(small) + 1  # a label per point, and the note


def test_an_inflow_pivot_reads_back_through_the_loaders(datasets):
    filters = Filters(target_groups=("LDE",), years=(2018, 2022))
    spec = catalogue.build("instroom.gemeenten_per_jaar", datasets, filters)
    loaded = load_inflow(workbook([spec], filters=filters))
    assert set(loaded["target_group"]) == {"LDE"}
    assert loaded.attrs.get("warnings", []) == []
    back = loaded.groupby(["municipality", "year"])["inflow"].sum().astype(float)
    expected = _inflow_per(datasets, filters, ["municipality", "year"])
    # The chart shows full years only (months of a year all present).
    shown = [int(year) for year in spec.categories]
    expected = expected.loc[expected.index.get_level_values("year").isin(shown)]
    assert len(back) > 20 and shown
    pd.testing.assert_series_equal(back, expected, check_names=False, check_index_type=False)


def test_the_period_is_the_chosen_years_or_the_data(datasets):
    assert data_period(datasets, CHOSEN) == "2018–2023"
    assert data_period(datasets, Filters()) == "2017–2023"


def test_charts_without_data_are_left_out():
    empty = Datasets()
    slides, book, pdf = rose_pack(empty, Filters(), ALL_KEYS)
    assert len(Presentation(io.BytesIO(slides)).slides) == 2
    assert openpyxl.load_workbook(io.BytesIO(book)).sheetnames == ["Filters", "Bron"]
    assert len(page_texts(pdf)) == 2


def test_a_hostile_organisation_name_from_the_data_comes_out_inert(datasets):
    lde = datasets.lde.copy()
    first = lde["organisation"].iloc[0]
    lde["organisation"] = lde["organisation"].replace(first, HOSTILE)
    hostile = Datasets(lde=lde)
    filters = Filters(organisations=(HOSTILE,))
    slides, book, pdf = rose_pack(hostile, filters, ["lde.per_organisatie"])
    sheet = openpyxl.load_workbook(io.BytesIO(book)).worksheets[1]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    found = [c for c in cells if "HYPERLINK" in c.value]
    assert found, "the organisation must be in the sheet"
    for cell in found:  # the category and the title that starts with the name
        assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK")
    assert f"'{HOSTILE}" in {c.value for c in found}
    chart = next(iter(_charts(slides).values()))
    # The slide shows what "Gegevens bewerken" shows: the inert text of the workbook.
    assert f"'{HOSTILE}" in chart.plots[0].categories
    assert f"'{HOSTILE}" in assert_no_live_cell(slides)
    assert shows(page_texts(pdf)[1], HOSTILE)  # a PDF is no spreadsheet: the name as is


def test_an_lde_trend_per_organisation_reads_back_through_the_loaders(datasets):
    spec = catalogue.build("lde.trend_per_organisatie", datasets, Filters())
    loaded = load_lde(workbook([spec], filters=Filters()))
    assert loaded.attrs.get("warnings", []) == []
    back = loaded.set_index(["organisation", "year"])["fte"].sort_index()
    # The indicator: a year's FTE is the mean of its quarters.
    lde = datasets.lde
    expected = lde.groupby(["organisation", "year"])["fte"].mean().sort_index()
    expected = expected.loc[expected.index.get_level_values("organisation").isin(spec.series)]
    assert len(back) == len(expected) > 20
    pd.testing.assert_series_equal(
        back, expected, check_names=False, check_index_type=False, rtol=1e-9
    )
