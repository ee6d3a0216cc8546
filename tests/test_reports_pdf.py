"""The ROSE handout, reopened with pypdf: A4 landscape, a page per chart between the title
and closing pages, titles, source lines and notes as text, Flemish numbers, names from
files as literal text, no network, and no text drawn over another."""

from __future__ import annotations

import datetime as dt
import socket
from dataclasses import replace

import pandas as pd
import pytest
from pdf_pages import assert_apart, drawn_texts, page_texts, reader, shows
from reports_specs import (
    HOSTILE,
    YEARS,
    all_specs,
    fill_rate,
    fte_per_organisation,
    import_log,
    per_municipality_masked,
    per_year,
)

import reference
from charts.spec import ORGANISATION, ChartSpec
from indicators.filters import Filters
from reports.notes import chart_notes, masked_note
from reports.pdf import PAGE_SIZE, TextPage, handout
from reports.table import grid
from reports.text import SAMPLE_WARNING

FILTERS = Filters(municipalities=("Kortrijk", "Menen"), years=(2017, 2023), mask_small=True)
GENERATED = dt.date(2026, 3, 5)
TITLE = "Sociale economie in de regio W13"
# Names as a file may bring them: a formula, HTML, matplotlib's formula markup ($…$),
# a legend-hiding underscore, a Plotly placeholder.
HOSTILE_NAMES = (
    HOSTILE,
    '<a href="https://x.example">Klik</a>',
    "$\\alpha$ & <b>co</b>",
    "_verborgen",
    "%{y}",
)


def _handout(specs, **kw) -> bytes:
    options = {
        "filters": FILTERS,
        "title": TITLE,
        "period": "2017–2023",
        "generated": GENERATED,
        "imports": import_log(),
    }
    return handout(specs, **(options | kw))


def hostile_specs() -> list[ChartSpec]:
    """A bar chart over hostile organisations and a line chart with them as series."""
    values = [120.0, 60.5, 30.25, 12.0, 1234.5]
    bars = ChartSpec(
        key="lde.vijandig",
        dataset="lde",
        title=f"{HOSTILE_NAMES[1]} is de grootste",
        subtitle=f"Onder {HOSTILE_NAMES[2]}",
        kind="bar",
        data=pd.DataFrame({"x": HOSTILE_NAMES, "series": "VTE", "value": values}),
        x_title="Organisatie",
        y_title="VTE",
        value_format="fte",
        source=f"Bron: {HOSTILE}",
    )
    rows = [(y, name, 10.0 + i) for y in YEARS for i, name in enumerate(HOSTILE_NAMES)]
    lines = ChartSpec(
        key="lde.vijandig_trend",
        dataset="lde",
        series_title=ORGANISATION,
        title="Vijf organisaties",
        kind="line",
        data=pd.DataFrame(rows, columns=["x", "series", "value"]),
        x_title="Jaar",
        y_title="VTE",
        value_format="fte",
        source="Bron: LDE",
    )
    return [bars, lines]


@pytest.fixture(scope="module")
def pages() -> list[str]:
    return page_texts(_handout(all_specs()))


def test_a4_landscape_with_a_page_per_chart_between_title_and_closing_pages(pages):
    specs = all_specs()
    document = reader(_handout(specs))
    assert len(document.pages) == len(specs) + 2 == len(pages)
    for page in document.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            PAGE_SIZE, abs=0.5
        )
    for number, (spec, text) in enumerate(zip(specs, pages[1:-1], strict=True), start=2):
        assert shows(text, spec.title), number
        assert shows(text, spec.source), number
        if spec.subtitle:
            assert shows(text, spec.subtitle), number
        assert shows(text, f"{number}/{len(specs) + 2}")


def test_the_notes_name_events_and_masked_points(pages):
    masked = per_municipality_masked()
    text = pages[2]
    assert "<5" in text
    (note,) = masked_note(grid(masked))
    assert "Spiere-Helkijn 2020" in note and shows(text, note)
    yearly = pages[1]
    (events,) = chart_notes(per_year(), with_reference_lines=False)
    assert shows(yearly, events)
    assert shows(yearly, "Gebeurtenissen: Eerste lockdown (maart–mei 2020)")
    for label in ("Eerste lockdown", "Arbeidszorg wordt AMA"):  # above the plot too
        assert yearly.count(label) == 2


def test_numbers_are_flemish(pages):
    organisations = pages[3]  # fte_per_organisation: 1234.5 VTE, the 100-VTE reference
    assert "1.234,5" in organisations and "30,5" in organisations
    assert "1,234.5" not in organisations and "1234.5" not in organisations
    assert "Meer dan 100 VTE" in organisations  # the reference line, named in the legend
    fill = pages[4]  # percentages on the axis and in the legend
    assert "90 %-regel" in fill
    assert any(f"{p} %" in fill for p in range(80, 101))
    assert "0.9" not in fill


def test_title_page_says_what_when_and_for_whom(pages):
    first = pages[0]
    for wanted in (
        TITLE,
        "5 maart 2026 · gegevens 2017–2023",
        "Gemeenten: Kortrijk, Menen",
        "Jaren: 2017–2023",
        "Kleine aantallen gemaskeerd: ja",
        "Inhoud",
    ):
        assert shows(first, wanted), wanted
    for number, spec in enumerate(all_specs(), start=2):
        assert shows(first, f"{number} {spec.title}")


def test_closing_page_has_the_glossary_events_and_files_used(pages):
    last = pages[-1]
    assert shows(last, "Begrippen en kanttekeningen")
    for term, definition in reference.glossary().items():
        assert shows(last, f"{term}: {definition}")
    for event in reference.events():
        assert shows(last, event.note)
    assert shows(last, "Gebruikte bestanden: instroom_2017_2023.xlsx")
    assert shows(last, f"{HOSTILE}.xlsx")
    assert "oud.xlsx" not in last  # undone: no longer behind the figures


def test_names_from_files_are_literal_text_and_nothing_links():
    pdf = _handout(hostile_specs())
    texts = page_texts(pdf)
    bars, lines = texts[1], texts[2]
    for name in HOSTILE_NAMES:
        assert shows(bars, name), name  # on the category axis
        assert shows(lines, name), name  # in the legend, "_verborgen" too
    assert shows(bars, f"{HOSTILE_NAMES[1]} is de grootste")
    assert shows(bars, f"Onder {HOSTILE_NAMES[2]}")
    assert shows(bars, f"Bron: {HOSTILE}")
    assert b"/URI" not in pdf and b"/JavaScript" not in pdf
    assert not any(page.annotations for page in reader(pdf).pages)  # no link, no note


def test_made_without_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network used: {args}")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert len(reader(_handout([per_year(), fill_rate()])).pages) == 4


def test_text_pages_come_first_and_flow_on_to_a_next_page():
    paragraphs = tuple(f"Alinea {i}: " + "de instroom daalde in 2021. " * 12 for i in range(30))
    note = TextPage("Nota voor de ROSE-vergadering", paragraphs)
    texts = page_texts(_handout([per_year()], first=[note]))
    assert shows(texts[0], "Nota voor de ROSE-vergadering")
    continued = [i for i, t in enumerate(texts) if shows(t, "ROSE-vergadering (vervolg)")]
    assert continued and continued[0] == 1
    notes = texts[: continued[-1] + 1]
    assert all(sum(shows(t, p) for t in notes) == 1 for p in paragraphs)  # each once, whole
    assert shows(texts[len(notes)], TITLE)  # then the title page
    assert shows(texts[len(notes)], f"{len(notes) + 2} {per_year().title}")  # numbered on
    assert len(texts) == len(notes) + 3


def test_without_charts_only_title_and_closing_pages():
    assert len(reader(_handout([])).pages) == 2


def test_a_chart_given_twice_gets_one_page():
    spec = per_year()
    assert len(reader(_handout([spec, replace(spec, key="overzicht.instroom")])).pages) == 3


def crowded_specs() -> list[ChartSpec]:
    """Six close series with a label at every point, three of them masked: as lines and
    as grouped columns, where labels would fall on each other."""
    rows = [
        (year, name, 2.0 if i < 3 else 50.0 + i / 3, "<5" if i < 3 else f"{50 + i / 3:.0f}")
        for year in YEARS
        for i, name in enumerate("ABCDEF")
    ]
    data = pd.DataFrame(rows, columns=["x", "series", "value", "text"])
    lines = ChartSpec(
        key="drukte.lijnen",
        title="Dicht bij elkaar",
        kind="line",
        data=data,
        x_title="Jaar",
        y_title="Aantal",
        value_format="count",
        source="Bron: test",
        masked=True,
    )
    return [lines, replace(lines, key="drukte.kolommen", kind="column")]


def test_no_text_overlaps_another_or_leaves_the_page():
    long_name = "vzw Buurtwerk en Sociale Tewerkstelling Leiestreek Zuid-West-Vlaanderen (fictief)"
    long = replace(
        fte_per_organisation(),
        data=fte_per_organisation().data.assign(x=[long_name, HOSTILE, "+K", "@F"]),
        title="Een zeer lange titel die de bevinding van deze grafiek in veel woorden " * 2,
    )
    with drawn_texts() as drawn:
        pdf = _handout([*all_specs(), *hostile_specs(), *crowded_specs(), long])
    assert "<5" in page_texts(pdf)[-3]  # labels that fit are kept
    assert_apart(drawn, PAGE_SIZE)


def test_sample_data_are_called_fictional_on_the_title_page():
    assert shows(page_texts(_handout([per_year()], sample=True))[0], SAMPLE_WARNING)
    assert "fictieve" not in page_texts(_handout([per_year()]))[0]
