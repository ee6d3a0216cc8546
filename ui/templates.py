"""Excel templates per dataset, generated from ``loaders.COLUMNS``.

The header row uses the same Dutch labels the loaders recognise, and a second sheet
explains every column, so a template and the loaders can never disagree.
"""

from __future__ import annotations

import io

import xlsxwriter

from loaders.columns import COLUMNS
from ui.uploads import KIND_LABELS

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATA_SHEET = "Gegevens"
HELP_SHEET = "Uitleg"
_TYPES = {"Int64": "geheel getal", "float64": "getal", "string": "tekst"}


def file_name(kind: str) -> str:
    return f"sjabloon-{kind}.xlsx"


def template(kind: str) -> bytes:
    """An ``.xlsx`` template for ``kind``: an empty data sheet and a Dutch explanation."""
    columns = COLUMNS[kind]
    buffer = io.BytesIO()
    # NOTE: no string conversions, so an explanation is never read as a formula or URL.
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    header = book.add_format({"bold": True, "bg_color": "#dce6f1", "border": 1})
    required = book.add_format({"bold": True, "bg_color": "#fde9d9", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})

    data = book.add_worksheet(DATA_SHEET)
    for col, spec in enumerate(columns):
        data.write_string(0, col, spec.label, required if spec.required else header)
        data.set_column(col, col, max(12, len(spec.label) + 4))
    data.freeze_panes(1, 0)

    notes = book.add_worksheet(HELP_SHEET)
    notes.write_string(0, 0, f"Sjabloon {KIND_LABELS[kind]}", book.add_format({"bold": True}))
    notes.write_string(
        1,
        0,
        f"Vul op het blad '{DATA_SHEET}' één rij per periode en groep in. Verplichte "
        "kolommen hebben een oranje kop. Laad het bestand daarna op via de pagina Gegevens.",
    )
    heads = ("Kolom", "Verplicht", "Soort waarde", "Uitleg", "Ook herkend als")
    for col, text in enumerate(heads):
        notes.write_string(3, col, text, header)
    for row, spec in enumerate(columns, start=4):
        notes.write_string(row, 0, spec.label, wrap)
        notes.write_string(row, 1, "ja" if spec.required else "nee", wrap)
        notes.write_string(row, 2, _TYPES.get(spec.dtype, spec.dtype), wrap)
        notes.write_string(row, 3, spec.explanation, wrap)
        notes.write_string(row, 4, ", ".join(spec.synonyms[:8]), wrap)
    notes.set_column(0, 0, 16)
    notes.set_column(1, 2, 13)
    notes.set_column(3, 4, 60)
    book.close()
    return buffer.getvalue()
