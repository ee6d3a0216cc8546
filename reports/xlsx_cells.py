"""Typed, injection-safe cell writing for the Excel export (xlsxwriter).

Numbers are written as numbers (with a number format), dates as dates (Brussels time),
and anything else as text through ``cells.safe_text`` and ``write_string`` – never
through xlsxwriter's guessing ``write``, so no cell can become a formula or a link.
"""

from __future__ import annotations

import datetime as dt
import math
from numbers import Number

import numpy as np
import pandas as pd
import xlsxwriter

from reports.cells import safe_text


class Styles:
    """The few cell formats of the workbook, created once per workbook."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.grey = book.add_format({"font_color": "#666666", "italic": True})
        self.header = book.add_format({"bold": True, "bottom": 1, "text_wrap": True})
        self.bold = book.add_format({"bold": True})
        self.text = book.add_format({})
        self.wrapped = book.add_format({"text_wrap": True, "valign": "top"})
        self.masked = book.add_format({"align": "right"})
        self.year = book.add_format({"num_format": "0", "align": "left"})
        self.year_header = book.add_format({"num_format": "0", "bold": True, "bottom": 1})
        self.date = book.add_format({"num_format": "dd/mm/yyyy hh:mm", "align": "left"})
        self.day = book.add_format({"num_format": "dd/mm/yyyy", "align": "left"})
        self._numbers: dict[str, object] = {}

    def number(self, code: str):
        if code not in self._numbers:
            self._numbers[code] = self.book.add_format({"num_format": code})
        return self._numbers[code]


def write_cell(sheet, row: int, col: int, value: object, styles: Styles, number=None) -> None:
    """One cell, typed: numbers as numbers, dates as dates, anything else as safe text."""
    if value is None or value is pd.NA or value is pd.NaT:
        sheet.write_blank(row, col, None, styles.text)
    elif isinstance(value, bool | np.bool_):
        sheet.write_string(row, col, "ja" if value else "nee", styles.text)
    elif isinstance(value, Number):
        number_value = float(value)
        if math.isnan(number_value) or math.isinf(number_value):
            sheet.write_blank(row, col, None, styles.text)
        else:
            sheet.write_number(row, col, number_value, number or styles.text)
    elif isinstance(value, dt.datetime):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_convert("Europe/Brussels").tz_localize(None)
        sheet.write_datetime(row, col, stamp.to_pydatetime(), styles.date)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, styles.day)
    else:
        sheet.write_string(row, col, safe_text(str(value)), styles.text)
