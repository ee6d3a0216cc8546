"""Real writers for loader test fixtures: xlsxwriter, openpyxl, odf (pandas) and CSV bytes."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import xlsxwriter
from openpyxl import Workbook as OpenpyxlWorkbook

import kinds
from reference import load_region

Rows = list[list[object]]


def xlsx(sheets: dict[str, Rows], hidden: tuple[str, ...] = ()) -> bytes:
    """An .xlsx written by xlsxwriter; datetimes become real date cells."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, value, date_format)
                elif value is not None:
                    sheet.write(r, c, value)
        if name in hidden:
            sheet.hide()
    book.close()
    return buffer.getvalue()


def xlsx_merged(rows: Rows, merges: list[str], title: str = "Blad1") -> bytes:
    """An .xlsx written by openpyxl with merged ranges such as ``"C4:D4"``."""
    book = OpenpyxlWorkbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods(sheets: dict[str, Rows]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="odf") as writer:
        for name, rows in sheets.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=name, header=False, index=False)
    return buffer.getvalue()


def csv(rows: Rows, sep: str = ";", encoding: str = "cp1252") -> bytes:
    text = "\r\n".join(sep.join("" if v is None else str(v) for v in row) for row in rows)
    return (text + "\r\n").encode(encoding)


def expected(kind: str, records: list[dict]) -> pd.DataFrame:
    """A tidy frame of ``kind`` in contract order and dtypes, missing fields as NA (a
    profile column's "onbekend"); a record of a region municipality without ``nis_code``
    has that municipality's."""
    columns = kinds.get(kind).columns
    nis = load_region().nis_codes
    records = [
        {"nis_code": nis.get(r.get("municipality"))} | r if "nis_code" in kinds.get(kind).names
        else r
        for r in records
    ]
    data = {c.name: [r.get(c.name, c.missing or None) for r in records] for c in columns}
    frame = pd.DataFrame(data)
    for c in columns:
        dtype = "str" if c.dtype == "string" else c.dtype
        frame[c.name] = frame[c.name].astype(dtype)
    return frame


def same(actual: pd.DataFrame, wanted: pd.DataFrame) -> None:
    """Equal as sets of rows: sorted on every column, then compared exactly."""
    keys = list(wanted.columns)
    a = actual.sort_values(keys, ignore_index=True, na_position="first")
    b = wanted.sort_values(keys, ignore_index=True, na_position="first")
    pd.testing.assert_frame_equal(a, b, check_dtype=True)


def xls(rows: Rows, merges: list[tuple[int, int, int, int]] = (), title: str = "Blad1") -> bytes:
    """A real Excel 97-2003 .xls written by xlwt; merges as (r1, r2, c1, c2), 0-based."""
    import xlwt  # dev-only writer

    book = xlwt.Workbook()
    sheet = book.add_sheet(title)
    merged = {(r1, c1): (r2, c2) for r1, r2, c1, c2 in merges}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) in merged:
                r2, c2 = merged[(r, c)]
                sheet.write_merge(r, r2, c, c2, value)
            elif value is not None:
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_indented(
    rows: Rows, indents: dict[tuple[int, int], int], title: str = "Draaitabel"
) -> bytes:
    """An .xlsx written by openpyxl whose cells ``(row, column)`` (0-based) are indented by
    a cell style, as Excel writes the row labels of a compact pivot table."""
    from openpyxl.styles import Alignment

    book = OpenpyxlWorkbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for (r, c), level in indents.items():
        sheet.cell(row=r + 1, column=c + 1).alignment = Alignment(indent=level)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
