"""The ROSE workbook, reopened with openpyxl: sheets, numbers, masking, and inert text."""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from dataclasses import replace

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reports_specs import HOSTILE, all_specs, fill_rate, import_log

from charts.spec import ORGANISATION
from indicators.filters import Filters
from reports.cells import safe_text, sheet_name
from reports.text import TextPage
from reports.xlsx import workbook

FILTERS = Filters(organisations=(HOSTILE,), years=(2017, 2023), mask_small=True)


@pytest.fixture(scope="module")
def specs():
    return all_specs()


@pytest.fixture(scope="module")
def data(specs) -> bytes:
    return workbook(specs, filters=FILTERS, imports=import_log(), generated=dt.date(2026, 3, 5))


@pytest.fixture(scope="module")
def book(data):
    return openpyxl.load_workbook(io.BytesIO(data))


def _table(sheet, x_title: str):
    """The wide table under the header row whose first cell is ``x_title``."""
    rows = list(sheet.iter_rows())
    start = next(i for i, row in enumerate(rows) if row[0].value == x_title)
    header = [c.value for c in rows[start] if c.value is not None]
    body = []
    for row in rows[start + 1 :]:
        if row[0].value is None:
            break
        body.append(row[: len(header)])
    return header, body


def test_sheets_are_filters_one_per_chart_and_bron(book, specs):
    assert book.sheetnames == ["Filters", *(s.filename for s in specs), "Bron"]


# Time charts with a series per municipality are written as a municipality × year pivot.
PIVOTED = {"lde.bezettingsgraad"}


def _cells(book, spec) -> dict[tuple[str, str], object]:
    """(x, series) → cell of a chart sheet, whichever way round the table is written."""
    pivot = spec.key in PIVOTED
    header, body = _table(book[spec.filename], "Gemeente" if pivot else spec.x_title)
    across = [str(h) for h in header[1:]]
    cells = {}
    for row in body:
        down = str(row[0].value)
        for heading, cell in zip(across, row[1:], strict=False):
            cells[(heading, down) if pivot else (down, heading)] = cell
    return cells


def test_the_numbers_equal_the_spec_and_stay_numbers(book, specs):
    for spec in specs:
        cells = _cells(book, spec)
        for point in spec.data.itertuples(index=False):
            # Text categories were neutralised on the way out: compare like with like.
            cell = cells[(safe_text(point.x), point.series)]
            text = getattr(point, "text", None)
            if spec.masked and text == "<5":
                assert cell.value == "<5" and cell.data_type == "s"
            elif math.isnan(point.value):
                assert cell.value is None
            else:
                assert cell.data_type == "n", (spec.key, point.x, point.series)
                assert cell.value == pytest.approx(point.value)


def test_a_municipality_time_chart_is_a_municipality_by_year_pivot(book):
    header, body = _table(book["lde-bezettingsgraad"], "Gemeente")
    assert header == ["Gemeente", 2020, 2021, 2022, 2023]
    assert [row[0].value for row in body] == ["Kortrijk", "Menen"]
    assert [c.value for c in body[1][1:]] == [0.88, 0.88, None, 0.88]


def _first_headers(spec) -> list[object]:
    """The first header cell of the table on the chart's sheet and the one beside it."""
    sheet = openpyxl.load_workbook(io.BytesIO(workbook([spec], filters=FILTERS)))[spec.filename]
    rows = list(sheet.iter_rows(values_only=True))
    return next(list(row[:2]) for row in rows if row[1] is not None)


def test_the_layout_follows_what_the_series_are_not_the_chart_key():
    spec = fill_rate()
    assert _first_headers(spec)[0] == "Gemeente"
    # The same chart under another key still is a municipality pivot ...
    assert _first_headers(replace(spec, key="iets.anders"))[0] == "Gemeente"
    # ... one that does not say what its series are is a table with a row per year ...
    assert _first_headers(replace(spec, series_title=""))[0] == "Jaar"
    # ... and organisations as series make an organisation pivot, whatever the key.
    named = replace(spec, key="lde.onbekend", series_title=ORGANISATION)
    assert _first_headers(named)[0] == "Organisatie"


def test_only_an_inflow_count_pivot_gets_a_target_group_column():
    spec = replace(fill_rate(), value_format="count")
    assert _first_headers(spec) == ["Gemeente", 2020]
    inflow = replace(spec, dataset="inflow", key="lde.naam")
    assert _first_headers(inflow) == ["Gemeente", "Doelgroep"]


def test_years_are_numbers_and_values_carry_locale_rendered_formats(book):
    _, body = _table(book["instroom-per-jaar"], "Jaar")
    assert [row[0].value for row in body] == list(range(2017, 2024))
    assert body[0][1].number_format == "#,##0"
    _, fte = _table(book["lde-vte-organisatie"], "Organisatie")
    assert fte[0][1].number_format == "#,##0.0"
    _, rate = _table(book["lde-bezettingsgraad"], "Gemeente")
    assert rate[0][1].number_format == "0.0%"


def test_masked_cells_say_lt5_and_the_total_stays_exact(book):
    sheet = book["instroom-gemeente-jaar"]
    header, body = _table(sheet, "Jaar")
    assert header == ["Jaar", "Kortrijk", "Spiere-Helkijn", "Totaal"]
    assert [[c.value for c in row] for row in body] == [
        [2020, 40, "<5", 43],
        [2021, 31, 7, 38],
        [2022, 35, "<5", 37],
    ]
    notes = [sheet.cell(row=r, column=1).value for r in range(1, 5)]
    assert any(n and "<5" in n for n in notes)


def _all_cells(book):
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from (cell for cell in row if cell.value is not None)


def test_hostile_text_comes_out_inert_everywhere(book, data):
    texts = [cell for cell in _all_cells(book) if isinstance(cell.value, str)]
    hostile = [cell for cell in texts if "HYPERLINK" in cell.value or "cmd|" in cell.value]
    # Organisation (category), chart title (twice), filter value, file name, user.
    assert len(hostile) >= 6
    for cell in texts:
        assert cell.data_type == "s", (cell.parent.title, cell.coordinate)
        assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
    assert f"'{HOSTILE}" in {cell.value for cell in hostile}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(n) for n in sheets)
        assert not any("hyperlink" in n.lower() for n in archive.namelist())


def test_the_filters_sheet_lists_filters_date_and_contents(book, specs):
    sheet = book["Filters"]
    pairs = {row[0].value: row[1].value for row in sheet.iter_rows() if row[0].value}
    assert pairs["Gemaakt op"] == dt.datetime(2026, 3, 5)
    assert pairs["Jaren"] == "2017–2023"
    assert pairs["Organisaties"] == f"'{HOSTILE}"
    assert pairs["Kleine aantallen gemaskeerd"] == "ja"
    for spec in specs:
        assert pairs[spec.filename] == safe_text(spec.title)


def test_the_bron_sheet_lists_the_files_used(book, specs):
    sheet = book["Bron"]
    header, body = _table(sheet, "Import")
    assert header[:4] == ["Import", "Soort gegevens", "Bestand", "Ingelezen op"]
    assert [row[2].value for row in body] == ["instroom_2017_2023.xlsx", f"'{HOSTILE}.xlsx"]
    assert body[0][1].value == "instroom"
    # 10:15 UTC on 1 March is 11:15 in Brussels.
    assert body[0][3].value == dt.datetime(2026, 3, 1, 11, 15)
    assert body[0][header.index("Rijen")].value == 1200
    assert body[0][header.index("Jaren")].value == "2017–2023"
    assert body[0][header.index("Gemeenten")].value == "Kortrijk; Menen"
    assert body[0][header.index("Voorbeeldgegevens")].value == "nee"
    assert not {"status", "changes", "undone_at", "Status"} & set(header)
    sources = {c.value for c in _all_cells(book) if c.parent.title == "Bron"}
    assert {safe_text(s.source) for s in specs} <= sources


def test_a_workbook_without_imports_or_charts_still_opens():
    data = workbook([], filters=Filters(), imports=None)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Filters", "Bron"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+32 56 000", "'+32 56 000"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Werkplus Waregem", "Werkplus Waregem"),
        ("−24 %", "−24 %"),  # the typographic minus of our labels is not a formula
        ("", ""),
    ],
)
def test_safe_text(text, expected):
    assert safe_text(text) == expected


def test_sheet_names_are_valid_and_unique():
    taken = {"filters", "bron"}
    long = "instroom-per-gemeente-per-1000-inwoners-per-jaar"
    names = [
        sheet_name(long, taken),
        sheet_name(long, taken),
        sheet_name("a[b]:c*d?e/f\\g", taken),
        sheet_name("FILTERS", taken),
        sheet_name("'quoted'", taken),
        sheet_name("History", taken),
        sheet_name("", taken),
    ]
    assert names[0] == long[:31]
    assert names[1] == long[:27] + " (2)"
    assert names[2] == "a-b--c-d-e-f-g"
    assert names[3] == "FILTERS (2)"
    assert names[4] == "quoted"
    assert names[5] == "History (2)"
    assert names[6] == "Blad"
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == len(names)


def test_reference_lines_and_events_are_noted_above_the_table(book):
    above = [c.value for row in book["lde-vte-organisatie"].iter_rows(max_row=6) for c in row]
    assert "Referentielijn: Meer dan 100 VTE" in above
    notes = [c.value for row in book["instroom-per-jaar"].iter_rows(max_row=6) for c in row]
    assert any(n and n.startswith("Gebeurtenissen: Eerste lockdown") for n in notes)


def test_a_chart_given_twice_gets_one_sheet(specs):
    twin = replace(specs[0], key="overzicht.instroom")
    book = openpyxl.load_workbook(io.BytesIO(workbook([specs[0], twin], filters=Filters())))
    assert book.sheetnames == ["Filters", specs[0].filename, "Bron"]


@given(st.text())
def test_safe_text_never_starts_a_formula_and_keeps_the_text(text):
    safe = safe_text(text)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert safe in (text, "'" + text)


@given(st.lists(st.text(max_size=60), max_size=12))
def test_sheet_names_are_always_valid_and_unique(wanted):
    taken = {"filters", "bron"}
    names = [sheet_name(w, taken) for w in wanted]
    for name in names:
        assert 1 <= len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
        assert not name.startswith("'") and not name.endswith("'")
    assert len({n.lower() for n in names} | {"filters", "bron"}) == len(names) + 2


def test_the_rose_note_is_the_first_sheet_with_its_text_inert():
    note = (
        TextPage("Nota voor de ROSE", ("In 2023 stroomden 412 doelgroepwerknemers in.",)),
        TextPage("Instroom", (("Kortrijk: ", "de meeste instromers."), HOSTILE, ("Enkel vet", ""))),
    )
    data = workbook([], filters=Filters(), imports=None, first=note)
    book = openpyxl.load_workbook(io.BytesIO(data), rich_text=True)
    assert book.sheetnames == ["Nota", "Filters", "Bron"]
    cells = [row[0] for row in book["Nota"].iter_rows() if row[0].value is not None]
    texts = [str(cell.value) for cell in cells]
    assert texts == [
        "Nota voor de ROSE",
        "In 2023 stroomden 412 doelgroepwerknemers in.",
        "Instroom",
        "Kortrijk: de meeste instromers.",
        f"'{HOSTILE}",
        "Enkel vet",
    ]
    lead_in = cells[3].value  # a rich text: the bold head, then the plain rest
    assert [(str(part.text), bool(part.font.b)) for part in lead_in] == [
        ("Kortrijk: ", True),
        ("de meeste instromers.", False),
    ]
    assert cells[0].font.b and cells[5].font.b and not cells[1].font.b


def test_without_a_note_there_is_no_note_sheet(book):
    assert "Nota" not in book.sheetnames
