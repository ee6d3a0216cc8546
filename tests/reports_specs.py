"""Hand-made ChartSpecs for the report tests: one per chart kind, with the awkward parts
(masked small counts, text labels, reference lines, events, per-point colours)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import zipfile

import openpyxl
import pandas as pd

from charts.spec import MUNICIPALITY, ChartSpec, EventMarker, ReferenceLine

HOSTILE = '=HYPERLINK("http://x","y")'
YEARS = [str(y) for y in range(2017, 2024)]
EVENTS = (
    EventMarker(dt.date(2020, 3, 18), "Eerste lockdown", "period", dt.date(2020, 5, 4)),
    EventMarker(dt.date(2021, 4, 1), "Arbeidszorg wordt AMA", "break"),
)


def per_year() -> ChartSpec:
    values = [300.0, 310, 320, 250, 240, 270, 280]
    texts = ["", "+3 %", "+3 %", "−22 %", "−4 %", "+13 %", "+4 %"]
    return ChartSpec(
        key="instroom.per_jaar",
        dataset="inflow",
        title="Instroom daalde in 2021 met 25 % t.o.v. 2019",
        subtitle="Aantal instromers per jaar, regio W13",
        kind="column",
        data=pd.DataFrame({"x": YEARS, "series": "Instroom W13", "value": values, "text": texts}),
        x_title="Jaar",
        y_title="Aantal instromers",
        value_format="count",
        source="Bron: VDAB-instroomgegevens · periode 2017–2023 · laatste import 01-03-2026",
        colours={"Instroom W13": "#1f3b73"},
        events=EVENTS,
        x_dates={y: dt.date(int(y), 1, 1) for y in YEARS},
    )


def per_municipality_masked() -> ChartSpec:
    """Stacked inflow per year for two municipalities; Spiere-Helkijn's counts are small."""
    rows = []
    for year, big, small in (("2020", 40, 3), ("2021", 31, 7), ("2022", 35, 2)):
        rows.append((year, "Kortrijk", float(big), None))
        rows.append((year, "Spiere-Helkijn", float(small), "<5" if small < 5 else None))
    data = pd.DataFrame(rows, columns=["x", "series", "value", "text"])
    return ChartSpec(
        key="instroom.gemeente_jaar",
        dataset="inflow",
        series_title=MUNICIPALITY,
        title="Kortrijk draagt het grootste deel van de instroom",
        kind="stacked_column",
        data=data,
        x_title="Jaar",
        y_title="Aantal instromers",
        value_format="count",
        source="Bron: VDAB-instroomgegevens",
        colours={"Kortrijk": "#9467bd", "Spiere-Helkijn": "#bcbd22"},
        masked=True,
    )


def fte_per_organisation() -> ChartSpec:
    """A bar per organisation, one of them with a hostile name."""
    organisations = ["Werkplus Waregem", HOSTILE, "+Kringwinkel", "@Fietspunt"]
    data = pd.DataFrame(
        {"x": organisations, "series": "VTE 2023", "value": [40.25, 30.5, 12.0, 1234.5]}
    )
    return ChartSpec(
        key="lde.vte_organisatie",
        dataset="lde",
        title=HOSTILE,
        kind="bar",
        data=data,
        x_title="Organisatie",
        y_title="VTE",
        value_format="fte",
        source="-Bron: LDE-organisatielijsten",
        reference_lines=(ReferenceLine(100.0, "Meer dan 100 VTE"),),
    )


def fill_rate() -> ChartSpec:
    """Fill rate over time for two municipalities (colours per series) and the 90 % rule."""
    rows = [(y, m, v) for y in YEARS[-4:] for m, v in (("Kortrijk", 0.95), ("Menen", 0.88))]
    data = pd.DataFrame(rows, columns=["x", "series", "value"])
    data.loc[(data["x"] == "2022") & (data["series"] == "Menen"), "value"] = float("nan")
    return ChartSpec(
        key="lde.bezettingsgraad",
        dataset="lde",
        series_title=MUNICIPALITY,
        title="Menen blijft onder de 90 %-regel",
        kind="line",
        data=data,
        x_title="Jaar",
        y_title="Bezettingsgraad",
        value_format="percent",
        source="Bron: LDE-organisatielijsten",
        colours={"Kortrijk": "#9467bd", "Menen": "#7f7f7f"},
        reference_lines=(ReferenceLine(0.9, "90 %-regel"),),
        events=EVENTS,
        x_dates={y: dt.date(int(y), 1, 1) for y in YEARS[-4:]},
    )


def per_municipality_bar() -> ChartSpec:
    """One series over municipalities: each bar in its municipality's colour."""
    data = pd.DataFrame({"x": ["Kortrijk", "Menen"], "series": "Instroom", "value": [120.0, 45.0]})
    return ChartSpec(
        key="instroom.gemeente",
        dataset="inflow",
        title="Kortrijk heeft de meeste instroom",
        kind="column",
        data=data,
        x_title="Gemeente",
        y_title="Aantal instromers",
        value_format="count",
        source="Bron: VDAB",
        colours={"Kortrijk": "#9467bd", "Menen": "#7f7f7f"},
    )


def all_specs() -> list[ChartSpec]:
    return [
        per_year(),
        per_municipality_masked(),
        fte_per_organisation(),
        fill_rate(),
        per_municipality_bar(),
    ]


def import_log() -> pd.DataFrame:
    """Shaped like ``Store.import_log()``: list cells, statuses, undo bookkeeping."""
    return pd.DataFrame(
        {
            "id": pd.array([3, 2, 1], dtype="Int64"),
            "kind": ["inflow", "lde", "inflow"],
            "file_name": ["instroom_2017_2023.xlsx", HOSTILE + ".xlsx", "oud.xlsx"],
            "sha256": ["ab" * 32, "cd" * 32, "ef" * 32],
            "user": ["an", "=cmd|' /C calc'!A0", "an"],
            "imported_at": pd.to_datetime(
                ["2026-03-01 10:15", "2026-03-02 09:00", "2026-02-01 08:00"]
            ).tz_localize("UTC"),
            "rows": pd.array([1200, 40, 5], dtype="Int64"),
            "years": [[2017, 2018, 2019, 2020, 2021, 2022, 2023], [2023], [2017]],
            "municipalities": [["Kortrijk", "Menen"], [], ["Kortrijk"]],
            "warnings": [["Rij 12: totaalrij weggelaten."], [], []],
            "status": ["active", "active", "undone"],
            "changes": [[{"year": 2017}], [], []],
            "sample": [False, False, False],
            "undone_at": pd.to_datetime([None, None, "2026-02-02"]).tz_localize("UTC"),
            "undone_by": [None, None, "an"],
        }
    )


def _overlap(a, b) -> bool:
    return (
        a.left < b.left + b.width
        and b.left < a.left + a.width
        and a.top < b.top + b.height
        and b.top < a.top + a.height
    )


def assert_laid_out(presentation) -> None:
    """No two shapes of a slide overlap and every shape lies on the slide."""
    for number, slide in enumerate(presentation.slides, start=1):
        shapes = list(slide.shapes)
        for a, b in itertools.combinations(shapes, 2):
            assert not _overlap(a, b), (number, a.name, b.name)
        for shape in shapes:
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= presentation.slide_width, (number, shape.name)
            assert shape.top + shape.height <= presentation.slide_height, (number, shape.name)


# Names that spreadsheet programs take for a formula, an array formula or a link.
FORMULA_LIKE = [
    '=HYPERLINK("http://x","y")',
    "+cmd",
    "-1+1",
    "@SUM(1+1)",
    "{=SUM(1+1)}",
    "http://evil.example/klik",
    "\t=1+1",
]


def embedded_workbooks(pptx_bytes: bytes) -> list[openpyxl.Workbook]:
    """Every workbook embedded in the deck (a native chart's "Gegevens bewerken")."""
    with zipfile.ZipFile(io.BytesIO(pptx_bytes)) as archive:
        return [
            openpyxl.load_workbook(io.BytesIO(archive.read(name)))
            for name in archive.namelist()
            if name.startswith("ppt/embeddings/") and name.endswith(".xlsx")
        ]


def assert_no_live_cell(pptx_bytes: bytes) -> list[str]:
    """No cell of an embedded workbook is a formula or a link; returns their texts."""
    books = embedded_workbooks(pptx_bytes)
    assert books, "the deck embeds no workbook"
    texts = []
    for book in books:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (cell.coordinate, cell.value)
                    assert cell.hyperlink is None, (cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith(("=", "+", "-", "@", "\t"))
                        texts.append(cell.value)
    return texts
