"""The ROSE deck, reopened with python-pptx: size, slides, native charts and their data."""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import replace

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.util import Emu, Inches
from reports_specs import (
    FORMULA_LIKE,
    all_specs,
    assert_laid_out,
    assert_no_live_cell,
    fill_rate,
    fte_per_organisation,
    import_log,
    per_municipality_bar,
    per_year,
)

import reference
from charts import plotly as chart_plotly
from charts.spec import HIGHLIGHT_COLOUR, PALETTE, ReferenceLine, series_colour
from indicators.filters import Filters
from reports.cells import safe_text
from reports.pptx import deck, visible_events

FILTERS = Filters(
    municipalities=("Kortrijk", "Spiere-Helkijn"), years=(2017, 2023), mask_small=True
)
EXPECTED_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked_column": XL_CHART_TYPE.COLUMN_STACKED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
}


@pytest.fixture(scope="module")
def specs():
    return all_specs()


@pytest.fixture(scope="module")
def presentation(specs):
    data = deck(
        specs,
        filters=FILTERS,
        title="Sociale economie in de regio W13",
        period="2017–2023",
        generated=dt.date(2026, 3, 5),
        imports=import_log(),
    )
    return Presentation(io.BytesIO(data))


def _texts(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def _chart_slides(presentation):
    return list(presentation.slides)[1:-1]


def _charts(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def test_the_deck_is_16_to_9(presentation):
    assert presentation.slide_width == Emu(12_192_000)
    assert presentation.slide_height == Emu(6_858_000)
    assert presentation.slide_width / presentation.slide_height == pytest.approx(16 / 9, 1e-3)


def test_a_title_slide_one_slide_per_chart_and_a_closing_slide(presentation, specs):
    assert len(presentation.slides) == len(specs) + 2
    assert not _charts(presentation.slides[0])
    assert not _charts(presentation.slides[-1])


def test_slide_text_is_proofed_as_flemish(presentation):
    runs = [
        run
        for slide in presentation.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    ]
    assert runs and {run.font.language_id for run in runs} == {MSO_LANGUAGE_ID.BELGIAN_DUTCH}


def test_the_title_slide_states_title_date_filters_and_period(presentation):
    text = _texts(presentation.slides[0])
    assert "Sociale economie in de regio W13" in text
    assert "5 maart 2026" in text
    assert "2017–2023" in text
    assert "Gemeenten: Kortrijk, Spiere-Helkijn" in text
    assert "Kleine aantallen gemaskeerd: ja" in text


def test_each_chart_slide_holds_one_native_chart_of_the_spec_kind(presentation, specs):
    for slide, spec in zip(_chart_slides(presentation), specs, strict=True):
        charts = _charts(slide)
        assert len(charts) == 1, spec.key
        expected = EXPECTED_TYPES[spec.kind]
        if spec.kind == "line" and spec.reference_lines:
            # python-pptx reports LINE once one series (the dashed reference) has no markers.
            expected = XL_CHART_TYPE.LINE
        assert charts[0].chart_type == expected, spec.key


def _expected(spec, name):
    """The spec's values of one series in category order; masked points blank."""
    rows = spec.data.set_index("x")
    series = rows.loc[rows["series"] == name]
    out = []
    for category in spec.categories:
        value = series["value"].get(category)
        text = series["text"].get(category) if "text" in series else None
        missing = value is None or (isinstance(value, float) and math.isnan(value))
        if missing or (spec.masked and text == "<5"):
            out.append(None)
        else:
            out.append(float(value))
    return out


def test_series_and_categories_equal_the_spec(presentation, specs):
    for slide, spec in zip(_chart_slides(presentation), specs, strict=True):
        plot = _charts(slide)[0].plots[0]
        assert list(plot.categories) == [safe_text(c) for c in spec.categories], spec.key
        names = [s.name for s in plot.series][: len(spec.series)]
        assert names == [safe_text(s) for s in spec.series], spec.key
        for series, name in zip(plot.series, spec.series, strict=False):
            assert list(series.values) == _expected(spec, name), (spec.key, name)


def test_masked_points_are_blank_in_the_chart_and_its_embedded_workbook(presentation, specs):
    chart = _charts(presentation.slides[2])[0]  # per_municipality_masked
    small = next(s for s in chart.plots[0].series if s.name == "Spiere-Helkijn")
    assert list(small.values) == [None, 7.0, None]
    labels = [p.data_label.text_frame.text for i, p in enumerate(small.points) if i != 1]
    assert labels == ["<5", "<5"]
    embedded = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
    numbers = {c.value for row in embedded.active.iter_rows() for c in row}
    assert 3 not in numbers and 2 not in numbers  # the exact small counts are not shipped
    assert 7 in numbers and 40 in numbers


def test_a_note_names_the_masked_points(presentation):
    text = _texts(_chart_slides(presentation)[1])
    assert "Kleine aantallen (1 tot 4) niet getekend (<5): Spiere-Helkijn 2020, " in text
    assert "Spiere-Helkijn 2022." in text
    assert "niet getekend" not in _texts(_chart_slides(presentation)[0])


def test_text_labels_are_custom_data_labels(presentation):
    series = _charts(presentation.slides[1])[0].plots[0].series[0]
    assert series.points[3].data_label.text_frame.text == "−22 %"
    assert series.points[1].data_label.text_frame.text == "+3 %"


def test_colours_come_from_the_spec(presentation, specs):
    stacked = _charts(presentation.slides[2])[0].plots[0]
    for series in stacked.series:
        wanted = specs[1].colours[series.name].lstrip("#").upper()
        assert str(series.format.fill.fore_color.rgb) == wanted
    lines = _charts(presentation.slides[4])[0].plots[0].series
    assert str(lines[1].format.line.color.rgb) == "7F7F7F"
    bars = _charts(presentation.slides[5])[0].plots[0].series[0]
    assert str(bars.points[0].format.fill.fore_color.rgb) == "9467BD"
    assert str(bars.points[1].format.fill.fore_color.rgb) == "7F7F7F"


def test_number_formats_are_locale_rendered_codes(presentation):
    formats = [
        _charts(slide)[0].value_axis.tick_labels.number_format
        for slide in _chart_slides(presentation)
    ]
    assert formats == ["#,##0", "#,##0", "#,##0.0", "0.0%", "#,##0"]


def test_title_subtitle_and_source_line_are_on_the_slide(presentation, specs):
    for slide, spec in zip(_chart_slides(presentation), specs, strict=True):
        text = _texts(slide)
        assert spec.title in text
        assert spec.source in text
        if spec.subtitle:
            assert spec.subtitle in text


def test_a_reference_line_is_a_dashed_series_on_a_line_chart(presentation):
    series = _charts(presentation.slides[4])[0].plots[0].series
    reference_series = series[-1]
    assert reference_series.name == "90 %-regel"
    assert list(reference_series.values) == [0.9] * 4


def test_a_reference_line_without_a_number_in_its_label_states_its_value():
    spec = replace(fte_per_organisation(), reference_lines=(ReferenceLine(0.9, "Norm"),))
    spec = replace(spec, value_format="percent")
    data = deck([spec], filters=Filters(), title="t", period="p", generated=dt.date(2026, 1, 1))
    slide = list(Presentation(io.BytesIO(data)).slides)[1]
    assert "Referentielijn: Norm (90,0 %)" in _texts(slide)


def test_bar_charts_read_top_down_with_the_value_axis_below(presentation):
    chart = _charts(_chart_slides(presentation)[2])[0]  # the bar chart per organisation
    assert chart.category_axis.reverse_order
    crosses = chart.value_axis._element.xpath("c:crosses/@val")
    assert crosses == ["max"]


def test_charts_carry_no_title_of_their_own(presentation):
    assert not any(_charts(slide)[0].has_title for slide in _chart_slides(presentation))


def test_bars_start_at_zero(presentation):
    for slide in _chart_slides(presentation)[:3]:
        assert _charts(slide)[0].value_axis.minimum_scale == 0


def test_a_reference_line_on_a_bar_chart_is_a_note(presentation):
    assert "Referentielijn: Meer dan 100 VTE" in _texts(presentation.slides[3])


def test_events_are_noted_on_time_charts_only(presentation):
    assert "Arbeidszorg wordt AMA (april 2021)" in _texts(presentation.slides[1])
    assert "Gebeurtenissen" not in _texts(presentation.slides[3])  # organisations, no time
    notes = presentation.slides[1].notes_slide.notes_text_frame.text
    assert "breuk in de reeks" in notes


def test_events_outside_the_axis_are_left_out():
    spec = fill_rate()  # 2020–2023: both events fall inside
    assert [e.label for e in visible_events(spec)] == ["Eerste lockdown", "Arbeidszorg wordt AMA"]
    later = {y: d for y, d in spec.x_dates.items() if y >= "2022"}
    assert visible_events(replace(spec, x_dates=later)) == []


def test_the_closing_slide_defines_the_terms_and_notes_the_series_break(presentation):
    text = _texts(presentation.slides[-1])
    for term in ("Instroom", "VTE", "Contingent", "Bezettingsgraad"):
        assert f"{term}: {reference.glossary()[term]}" in text
    ama = next(e for e in reference.events() if e.kind == "break")
    assert ama.note in text
    assert "instroom_2017_2023.xlsx (instroom, 01/03/2026)" in text
    assert "oud.xlsx" not in text  # an undone import did not feed the figures


def test_a_deck_without_charts_still_has_title_and_closing_slide():
    data = deck([], filters=Filters(), title="Leeg", period="", generated=dt.date(2026, 1, 1))
    assert len(Presentation(io.BytesIO(data)).slides) == 2


def test_every_chart_kind_reopens_with_its_values():
    spec = per_year()
    data = deck([spec], filters=Filters(), title="t", period="p", generated=dt.date(2026, 1, 1))
    chart = _charts(Presentation(io.BytesIO(data)).slides[1])[0]
    assert list(chart.plots[0].series[0].values) == list(spec.data["value"])


def _one_chart(spec):
    data = deck([spec], filters=Filters(), title="t", period="p", generated=dt.date(2026, 1, 1))
    return _charts(list(Presentation(io.BytesIO(data)).slides)[1])[0]


def test_highlighted_categories_get_the_highlight_colour():
    spec = replace(per_year(), highlight=("2021",))
    points = _one_chart(spec).plots[0].series[0].points
    assert str(points[4].format.fill.fore_color.rgb) == HIGHLIGHT_COLOUR.lstrip("#").upper()
    assert points[3].format.fill.type is None  # the others keep the series colour


def test_series_have_the_same_colours_on_the_slide_as_on_screen():
    rows = [(x, name, 1.0) for name in ("A", "B", "C") for x in ("2021", "2022")]
    data = pd.DataFrame(rows, columns=["x", "series", "value"])
    spec = replace(fill_rate(), data=data, colours={"B": "#123456"})
    slide = [str(s.format.line.color.rgb) for s in list(_one_chart(spec).plots[0].series)[:3]]
    screen = [t.line.color for t in chart_plotly.figure(spec).data if t.meta in spec.series]
    wanted = [series_colour(spec, name, i) for i, name in enumerate(spec.series)]
    assert wanted == [PALETTE[0], "#123456", PALETTE[2]] == screen
    assert slide == [c.lstrip("#").upper() for c in wanted]


def test_one_series_per_category_bars_are_centred_without_legend():
    data = pd.DataFrame(
        {"x": ["Kortrijk", "Menen"], "series": ["Kortrijk", "Menen"], "value": [120.0, 45.0]}
    )
    spec = replace(per_year(), data=data, colours={"Kortrijk": "#9467bd", "Menen": "#7f7f7f"})
    chart = _one_chart(spec)
    assert chart.plots[0].overlap == 100
    assert not chart.has_legend
    assert [list(s.values) for s in chart.plots[0].series] == [[120.0, None], [None, 45.0]]


def test_labels_that_are_just_the_value_become_real_value_labels():
    spec = per_municipality_bar()
    spec = replace(spec, data=spec.data.assign(value=[1234.0, 45.0], text=["1.234", "45"]))
    series = _one_chart(spec).plots[0].series[0]
    assert series.data_labels.show_value
    assert series.data_labels.number_format == "#,##0"
    assert not series.points[0].data_label.has_text_frame


def test_no_shapes_overlap_or_leave_the_slide(presentation):
    assert_laid_out(presentation)


def test_long_titles_filters_and_many_files_still_fit():
    long_title = "Bezettingsgraad maatwerk 93,7 % in 2023; laagst bij " * 3
    spec = replace(fill_rate(), title=long_title.strip(), subtitle="Per gemeente " * 12)
    organisations = tuple(f"Organisatie met een lange naam nummer {i}" for i in range(40))
    log = pd.concat([import_log()] * 5, ignore_index=True)
    data = deck(
        [spec],
        filters=Filters(organisations=organisations),
        title="Sociale economie in de regio Zuid-West-Vlaanderen (W13): ROSE maart 2026",
        period="2017–2023",
        generated=dt.date(2026, 1, 1),
        imports=log,
    )
    presentation = Presentation(io.BytesIO(data))
    assert_laid_out(presentation)
    chart = next(s for s in list(presentation.slides)[1].shapes if s.has_chart)
    assert chart.height > Inches(3)
    assert "…" in _texts(presentation.slides[0])
    closing = _texts(list(presentation.slides)[-1])
    assert closing.count("instroom_2017_2023.xlsx") == 4  # ten active files, eight listed
    assert "en nog 2 (zie het Excel-bestand, blad Bron)" in closing


def test_a_chart_given_twice_gets_one_slide():
    twin = replace(per_year(), key="overzicht.instroom")  # same title and numbers
    other = replace(per_year(), key="instroom.ander", title="Een ander besluit")
    data = deck(
        [per_year(), twin, other, per_year()],
        filters=Filters(),
        title="t",
        period="p",
        generated=dt.date(2026, 1, 1),
    )
    assert len(Presentation(io.BytesIO(data)).slides) == 2 + 2


def test_no_name_becomes_a_formula_or_link_in_the_embedded_workbooks():
    bar = replace(
        fte_per_organisation(),
        data=pd.DataFrame({"x": FORMULA_LIKE, "series": "VTE 2023", "value": 1.0}),
    )
    two_series = replace(
        per_municipality_bar(),
        data=pd.DataFrame(
            {"x": ["2022", "2022", "2023", "2023"], "series": FORMULA_LIKE[:2] * 2, "value": 2.0}
        ),
        colours={},
    )
    data = deck(
        [bar, two_series], filters=Filters(), title="t", period="p", generated=dt.date(2026, 1, 1)
    )
    texts = assert_no_live_cell(data)
    for name in FORMULA_LIKE:  # each name is there, readable, as text
        assert safe_text(name) in texts
    presentation = Presentation(io.BytesIO(data))
    plot = _charts(presentation.slides[1])[0].plots[0]
    assert list(plot.categories) == [safe_text(n) for n in FORMULA_LIKE]  # as in the workbook
    assert _texts(presentation.slides[1]).startswith("'=HYPERLINK")  # the title
