"""Accessible charts without a browser: WCAG 2.1 contrast of the theme and of every text
colour the charts use (also labels inside coloured bars), and each chart's text
alternative (the finding, what it shows, its numbers in brief, masked when asked)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from charts import catalogue, contrast, marks, traces
from charts import plotly as chart_plotly
from charts.describe import text_alternative
from charts.spec import HIGHLIGHT_COLOUR, PALETTE
from indicators.filters import Filters
from reference import load_region
from tests.indicators_frames import large_datasets
from ui.frame import CAPTION_GREY

THEME = tomllib.loads((Path(__file__).parent.parent / ".streamlit" / "config.toml").read_text())[
    "theme"
]
LARGE = large_datasets()
WHITE = "#ffffff"


def test_contrast_ratio_matches_wcag_examples():
    assert contrast.ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast.ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast.ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just fails
    assert contrast.ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # just passes
    assert contrast.ratio("#ffffff", "#767676") == contrast.ratio("#767676", "#ffffff")


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("textColor", "backgroundColor"),
        ("textColor", "secondaryBackgroundColor"),
        ("linkColor", "backgroundColor"),
        ("linkColor", "secondaryBackgroundColor"),
        ("primaryColor", "backgroundColor"),  # a selected tab, a toggle's label
    ],
)
def test_theme_text_meets_aa(text, background):
    assert contrast.ratio(THEME[text], THEME[background]) >= contrast.AA
    # a primary button writes white on the primary colour
    assert contrast.ratio(WHITE, THEME["primaryColor"]) >= contrast.AA


def test_captions_meet_aa_on_page_and_sidebar():
    for background in ("backgroundColor", "secondaryBackgroundColor"):
        assert contrast.ratio(CAPTION_GREY, THEME[background]) >= contrast.AA


@pytest.mark.parametrize(
    "colour", [chart_plotly.TEXT, chart_plotly.AXIS_TEXT, marks.TEXT_GREY], ids=str
)
def test_chart_text_colours_meet_aa_on_white(colour):
    # titles, ticks, legend, value labels, event labels (on their white background)
    assert contrast.ratio(colour, WHITE) >= contrast.AA


def _fills() -> set[str]:
    fills = set(PALETTE) | set(load_region().colours.values()) | {HIGHLIGHT_COLOUR}
    for key in catalogue.CATALOGUE:
        for trace in chart_plotly.figure(catalogue.build(key, LARGE, Filters())).data:
            if trace.type == "bar" and isinstance(trace.marker.color, str):
                fills.add(trace.marker.color)
    return fills


@pytest.mark.parametrize("fill", sorted(_fills()))
def test_a_label_inside_a_bar_meets_aa_on_its_fill(fill):
    assert contrast.ratio(contrast.text_on(fill), fill) >= contrast.AA


@pytest.mark.parametrize("width", [320, 600, 860])
@pytest.mark.parametrize("key", [k for k in catalogue.CATALOGUE if "kaart" in k])
def test_a_name_on_a_map_meets_aa_on_its_fill(key, width):
    spec = catalogue.build(key, LARGE, Filters())
    figure = chart_plotly.figure(spec, width=width)
    names = [a for a in figure.layout.annotations if a.name == "map name"]
    assert names, "a map names some municipalities"
    for name in names:
        if name.showarrow:  # beside its shape, on white
            assert name.bgcolor.startswith("rgba(255,255,255")
            assert contrast.ratio(name.font.color, WHITE) >= contrast.AA
        else:
            fill = spec.map.fill(name.text).colour
            assert contrast.ratio(name.font.color, fill) >= contrast.AA, (name.text, fill)


def test_stacked_labels_take_the_readable_colour_of_their_bar():
    figure = chart_plotly.figure(catalogue.build("instroom.per_doelgroep", LARGE, Filters()))
    for trace in figure.data:
        fill, text = trace.marker.color, trace.insidetextfont.color
        assert text == contrast.text_on(fill)
        assert trace.textfont.shadow == traces.HALO and trace.insidetextfont.shadow == "none"


@pytest.mark.parametrize("key", list(catalogue.CATALOGUE))
def test_every_chart_has_a_text_alternative(key):
    spec = catalogue.build(key, LARGE, Filters())
    said = text_alternative(spec)
    assert said.startswith(("Staafdiagram", "Gestapeld", "Liggend", "Lijndiagram", "Kaart"))
    assert spec.title in said and spec.subtitle.rstrip(".") in said
    assert said.endswith("De cijfers staan in de tabel onder de grafiek.")
    assert len(said) < 1200


def test_the_text_alternative_names_highest_and_lowest_and_masks_small_counts():
    from tests.test_charts_builders import DATA

    plain = text_alternative(catalogue.build("instroom.per_gemeente", DATA, Filters()))
    assert "Hoogste: Groot (207)" in plain and "laagste: Klein (3)" in plain
    masked = catalogue.build("instroom.per_gemeente", DATA, Filters(mask_small=True))
    said = text_alternative(masked)
    assert "laagste: Klein (<5)" in said and "(3)" not in said


def test_the_text_alternative_of_a_comparison_names_the_chosen_municipality():
    spec = catalogue.build("instroom.gemeenten_per_jaar", LARGE, Filters(municipalities=("Menen",)))
    said = text_alternative(spec)
    assert "In kleur: Menen; de andere in grijs ter vergelijking." in said
