"""Excel templates per dataset kind, generated from its declaration in ``kinds``.

The header row uses the same Dutch labels the loaders recognise, and a second sheet
explains every column; whether a column is required (and what may stand in for it)
comes from the same requirements the loaders check, so the two can never disagree.
"""

from __future__ import annotations

import io

import xlsxwriter

import kinds

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATA_SHEET = "Gegevens"
HELP_SHEET = "Uitleg"
_TYPES = {"Int64": "geheel getal", "float64": "getal", "string": "tekst"}


def file_name(kind: str) -> str:
    return f"sjabloon-{kind}.xlsx"


def template(kind: str) -> bytes:
    """An ``.xlsx`` template for ``kind``: an empty data sheet and a Dutch explanation."""
    spec = kinds.get(kind)
    columns = spec.columns
    buffer = io.BytesIO()
    # NOTE: no string conversions, so an explanation is never read as a formula or URL.
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    header = book.add_format({"bold": True, "bg_color": "#dce6f1", "border": 1})
    required = book.add_format({"bold": True, "bg_color": "#fde9d9", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})

    data = book.add_worksheet(DATA_SHEET)
    for col, column in enumerate(columns):
        # Orange: the column that names a requirement (its alternatives are explained).
        named = any(r.name == column.name for r in spec.required)
        data.write_string(0, col, column.label, required if named else header)
        data.set_column(col, col, max(12, len(column.label) + 4))
    data.freeze_panes(1, 0)

    notes = book.add_worksheet(HELP_SHEET)
    notes.write_string(0, 0, f"Sjabloon {spec.choice_label}", book.add_format({"bold": True}))
    notes.write_string(
        1,
        0,
        f"Vul op het blad '{DATA_SHEET}' één rij per periode en groep in. Verplichte "
        "kolommen hebben een oranje kop; de kolom Verplicht zegt wat er in de plaats mag "
        "komen. Laad het bestand daarna op via de pagina Gegevens.",
    )
    heads = ("Kolom", "Verplicht", "Soort waarde", "Uitleg", "Ook herkend als")
    for col, text in enumerate(heads):
        notes.write_string(3, col, text, header)
    for row, column in enumerate(columns, start=4):
        notes.write_string(row, 0, column.label, wrap)
        notes.write_string(row, 1, kinds.describe(spec, column.name), wrap)
        notes.write_string(row, 2, _TYPES.get(column.dtype, column.dtype), wrap)
        notes.write_string(row, 3, column.explanation, wrap)
        notes.write_string(row, 4, ", ".join(column.synonyms[:8]), wrap)
    notes.set_column(0, 0, 16)
    notes.set_column(1, 1, 30)
    notes.set_column(2, 2, 13)
    notes.set_column(3, 4, 60)
    book.close()
    return buffer.getvalue()
