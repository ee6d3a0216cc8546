"""Lay the true sample figures out in the shapes staff really receive.

Each writer takes a path and the ``Truth`` and writes one file; none of them draws
random numbers, so the file content depends only on the truth. Workbooks get fixed
document properties (xlsxwriter already fixes the zip timestamps), so regenerating
gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from sample_data import fiction
from sample_data.inflow import export_label
from sample_data.story import EXPORT_YEARS, PERSON_YEAR, YEARS
from sample_data.truth import Truth

CREATED = dt.datetime(2024, 2, 15, 9, 30)
AUTHOR = "Regie sociale economie W13 (voorbeeldgegevens)"
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
PERSON_COLUMNS = (
    "Naam",
    "Voornaam",
    "Rijksregisternummer",
    "Geboortedatum",
    "Adres",
    "Postcode",
    "Gemeente",
    "Startdatum",
    "Geslacht",
    "Opleiding",
    "Doelgroep",
    "Organisatie",
    "Opmerking",
)


def _workbook(path: Path, title: str) -> tuple[Workbook, dict[str, object]]:
    """A workbook with fixed document properties (stable bytes) and the shared formats."""
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"title": title, "author": AUTHOR, "company": AUTHOR, "created": CREATED})
    formats = {
        "title": book.add_format({"bold": True, "font_size": 13}),
        "source": book.add_format({"italic": True, "font_color": "#555555"}),
        "head": book.add_format(
            {
                "bold": True,
                "bg_color": "#DDE5F0",
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
            }
        ),
        "total": book.add_format({"bold": True, "top": 1}),
        "fte": book.add_format({"num_format": "0.0"}),
        "fte_total": book.add_format({"num_format": "0.0", "bold": True, "top": 1}),
        "date": book.add_format({"num_format": "dd/mm/yyyy"}),
        "right": book.add_format({"align": "right"}),
    }
    return book, formats


def _heading(sheet: Worksheet, formats: dict, title: str, source: str, note: str = "") -> None:
    """Title, "Bron:" line and an optional note above the table, as real files have."""
    sheet.write(0, 0, title, formats["title"])
    sheet.write(1, 0, source, formats["source"])
    if note:
        sheet.write(2, 0, note, formats["source"])


# --- the VDAB-like export -------------------------------------------------------------


def write_inflow_export(path: Path, truth: Truth) -> None:
    """Cover sheet, one sheet per year with months as columns, totals, a hidden helper."""
    book, formats = _workbook(path, "Instroom doelgroepwerknemers sociale economie W13")
    _export_cover(book.add_worksheet("Toelichting"), formats)
    for year in EXPORT_YEARS:
        _export_year(book.add_worksheet(f"Instroom {year}"), formats, truth, year)
    helper = book.add_worksheet("hulp_postcodes")
    helper.write_row(0, 0, ["postcode", "gemeente"])
    pairs = sorted((pc, m.name) for m in truth.region.municipalities for pc in m.postcodes)
    for i, (postcode, name) in enumerate(pairs, start=1):
        helper.write_row(i, 0, [postcode, name])
    helper.hide()
    book.close()


def _export_cover(sheet: Worksheet, formats: dict) -> None:
    lines = [
        "Instroom van doelgroepwerknemers in de sociale economie, regio W13",
        "Bron: VDAB, bewerking regie sociale economie W13",
        "",
        "Eén tabblad per jaar; per gemeente (woonplaats) en doelgroep "
        "het aantal starters per maand.",
        "Lege cel = geen instroom. Rijen met een plaats buiten W13 staan mee in de export.",
        "Let op: vanaf april 2021 wordt arbeidszorg geregistreerd als arbeidsmatige "
        "activiteiten (AMA); 2021 is voor die werkvorm niet vergelijkbaar met 2020.",
        "VOORBEELDGEGEVENS: alle cijfers zijn fictief.",
    ]
    sheet.write(0, 0, lines[0], formats["title"])
    for row, line in enumerate(lines[1:], start=1):
        sheet.write(row, 0, line)
    sheet.set_column(0, 0, 100)


def export_rows(truth: Truth, year: int) -> pd.DataFrame:
    """The rows of one year's sheet: label, target-group label, jan..dec (zeros kept)."""
    cells = truth.cells[truth.cells["year"] == year]
    spelling = truth.spelling[truth.spelling["year"] == year]
    written = dict(zip(spelling["municipality"], spelling["written"], strict=True))
    wide = cells.pivot_table(
        index=["place", "target_group"], columns="month", values="inflow", aggfunc="sum"
    ).reset_index()
    wide = wide[wide[list(range(1, 13))].sum(axis=1) > 0]
    wide.insert(0, "label", wide["place"].map(lambda p: written.get(p, p)))
    wide.insert(1, "group_label", [export_label(g, year) for g in wide["target_group"]])
    return wide.sort_values(
        ["label", "group_label"], key=lambda s: s.str.casefold(), ignore_index=True
    )


def _export_year(sheet: Worksheet, formats: dict, truth: Truth, year: int) -> None:
    _heading(
        sheet,
        formats,
        f"Instroom doelgroepwerknemers sociale economie – {year}",
        "Bron: VDAB, bewerking regie sociale economie W13",
        "Aantal starters per maand, naar woonplaats; toestand op 15/02/2024",
    )
    header_row = 4
    sheet.write_row(header_row, 0, ["Gemeente", "Doelgroep", *MONTHS, "Totaal"], formats["head"])
    rows = export_rows(truth, year)
    months = list(range(1, 13))
    for i, (_, row) in enumerate(rows.iterrows(), start=header_row + 1):
        sheet.write_string(i, 0, row["label"])
        sheet.write_string(i, 1, row["group_label"])
        values = [int(row[m]) for m in months]
        # Pivot tables leave a month without starters blank rather than 0.
        for j, value in enumerate(values, start=2):
            if value:
                sheet.write_number(i, j, value)
        sheet.write_number(i, 14, sum(values))
    last = header_row + len(rows) + 1
    sheet.write(last, 0, "Eindtotaal", formats["total"])
    sheet.write_blank(last, 1, None, formats["total"])
    for j, month in enumerate(months, start=2):
        sheet.write_number(last, j, int(rows[month].sum()), formats["total"])
    sheet.write_number(last, 14, int(rows[months].to_numpy().sum()), formats["total"])
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 26)
    sheet.freeze_panes(header_row + 1, 2)


# --- the person-level list ------------------------------------------------------------


def write_persons(path: Path, truth: Truth) -> None:
    """One row per invented worker, with the identity columns a real list has."""
    book, formats = _workbook(path, f"Instromers {PERSON_YEAR}")
    sheet = book.add_worksheet(f"Instromers {PERSON_YEAR}")
    _heading(
        sheet,
        formats,
        f"Nieuwe doelgroepwerknemers {PERSON_YEAR} – VERTROUWELIJK (fictieve personen)",
        "Bron: opgave organisaties, verzameld door regie sociale economie W13",
    )
    header_row = 3
    sheet.write_row(header_row, 0, PERSON_COLUMNS, formats["head"])
    for i, person in enumerate(truth.persons.itertuples(index=False), start=header_row + 1):
        for j, column in enumerate(PERSON_COLUMNS):
            value = getattr(person, column)
            if isinstance(value, dt.date):
                sheet.write_datetime(i, j, dt.datetime.combine(value, dt.time()), formats["date"])
            elif isinstance(value, int):
                sheet.write_number(i, j, value)
            elif isinstance(value, str) and value:  # a blank cell stays blank
                sheet.write_string(i, j, value)
    widths = (16, 12, 18, 13, 22, 9, 18, 12, 9, 24, 26, 44, 32)
    for j, width in enumerate(widths):
        sheet.set_column(j, j, width)
    sheet.autofilter(header_row, 0, header_row + len(truth.persons), len(PERSON_COLUMNS) - 1)
    sheet.freeze_panes(header_row + 1, 0)
    book.close()


# --- LDE ------------------------------------------------------------------------------

# The one organisation whose 2017 figures were typed as text with a decimal comma.
LDE_TEXT_NUMBERS = (fiction.LDE_ORGANISATIONS[3].name, 2017)


def _comma(value: float) -> str:
    """A number as Belgian Excel users type it: one decimal, decimal comma."""
    return f"{value:.1f}".replace(".", ",")


def write_lde(path: Path, truth: Truth) -> None:
    """Organisations down, each quarter merged over "Contingent | Ingevulde VTE", a totals row.

    Staff add two columns every quarter, so the sheet grows sideways to 58 columns.
    """
    book, formats = _workbook(path, "LDE: contingent en bezetting per kwartaal")
    sheet = book.add_worksheet("LDE VTE")
    _heading(
        sheet,
        formats,
        "Lokale diensteneconomie (LDE): contingent en ingevulde VTE per kwartaal",
        "Bron: opgave LDE-organisaties, bewerking regie sociale economie W13",
    )
    top = 3
    sheet.merge_range(top, 0, top + 1, 0, "Organisatie", formats["head"])
    sheet.merge_range(top, 1, top + 1, 1, "Gemeente", formats["head"])
    quarters = [(year, quarter) for year in YEARS for quarter in range(1, 5)]
    for q, (year, quarter) in enumerate(quarters):
        col = 2 + 2 * q
        sheet.merge_range(top, col, top, col + 1, f"K{quarter} {year}", formats["head"])
        sheet.write_row(top + 1, col, ["Contingent", "Ingevulde VTE"], formats["head"])
    lde = truth.lde.set_index(["organisation", "year", "quarter"])
    for i, org in enumerate(fiction.LDE_ORGANISATIONS, start=top + 2):
        sheet.write_string(i, 0, org.name)
        sheet.write_string(
            i, 1, truth.lde.query("organisation == @org.name")["municipality"].iloc[0]
        )
        for q, (year, quarter) in enumerate(quarters):
            col = 2 + 2 * q
            if (org.name, year, quarter) not in lde.index:
                sheet.write_row(i, col, ["n.v.t.", "n.v.t."], formats["right"])
                continue
            row = lde.loc[(org.name, year, quarter)]
            values = [float(row["contingent"]), float(row["fte"])]
            if (org.name, year) == LDE_TEXT_NUMBERS:
                sheet.write_row(i, col, [_comma(v) for v in values], formats["right"])
            else:
                sheet.write_row(i, col, values, formats["fte"])
    last = top + 2 + len(fiction.LDE_ORGANISATIONS)
    sheet.write(last, 0, "Totaal W13", formats["total"])
    sheet.write_blank(last, 1, None, formats["total"])
    totals = truth.lde.groupby(["year", "quarter"])[["contingent", "fte"]].sum()
    for q, key in enumerate(quarters):
        values = [round(float(v), 1) for v in totals.loc[key, ["contingent", "fte"]]]
        sheet.write_row(last, 2 + 2 * q, values, formats["fte_total"])
    sheet.set_column(0, 0, 42)
    sheet.set_column(1, 1, 14)
    sheet.freeze_panes(top + 2, 2)
    book.close()


# --- maatwerk -------------------------------------------------------------------------


def write_maatwerk(path: Path, truth: Truth) -> None:
    """Collectief per year and individueel per quarter, each period over "Contingent | Bezet"."""
    book, formats = _workbook(path, "Maatwerk: contingent en bezetting")
    source = (
        "Bron: Departement WSE en opgave maatwerkbedrijven, bewerking regie sociale economie W13"
    )
    maatwerk = truth.maatwerk
    collectief = maatwerk[maatwerk["kind"] == "collectief"]
    _maatwerk_sheet(
        book.add_worksheet("Collectief maatwerk"),
        formats,
        collectief,
        "Collectief maatwerk: contingent en bezetting (VTE, jaargemiddelde)",
        source,
        [(str(y), y, None) for y in YEARS],
    )
    individueel = maatwerk[maatwerk["kind"] == "individueel"]
    _maatwerk_sheet(
        book.add_worksheet("Individueel maatwerk"),
        formats,
        individueel,
        "Individueel maatwerk (vanaf 1 juli 2023): plaatsen en bezetting (VTE)",
        source,
        [(f"{PERSON_YEAR} K{q}", PERSON_YEAR, q) for q in (3, 4)],
    )
    book.close()


def _maatwerk_sheet(
    sheet: Worksheet,
    formats: dict,
    frame: pd.DataFrame,
    title: str,
    source: str,
    periods: list[tuple[str, int, int | None]],
) -> None:
    _heading(sheet, formats, title, source)
    top = 3
    for col, name in enumerate(("Organisatie", "Vorm", "Gemeente")):
        sheet.merge_range(top, col, top + 1, col, name, formats["head"])
    for p, (label, _year, _quarter) in enumerate(periods):
        col = 3 + 2 * p
        sheet.merge_range(top, col, top, col + 1, label, formats["head"])
        sheet.write_row(top + 1, col, ["Contingent", "Bezet"], formats["head"])
    forms = {o.name: o.form for o in fiction.CMW_ORGANISATIONS}
    organisations = list(dict.fromkeys(frame["organisation"]))
    is_individueel = bool((frame["kind"] == "individueel").all())
    for i, name in enumerate(organisations, start=top + 2):
        rows = frame[frame["organisation"] == name]
        form = fiction.INDIVIDUEEL if is_individueel else forms[name]
        sheet.write_row(i, 0, [name, form, rows["municipality"].iloc[0]])
        for p, (_label, year, quarter) in enumerate(periods):
            row = _period_row(rows, year, quarter)
            sheet.write_row(i, 3 + 2 * p, [row["places"], row["occupied"]], formats["fte"])
    last = top + 2 + len(organisations)
    sheet.write(last, 0, "Totaal", formats["total"])
    sheet.write_row(last, 1, ["", ""], formats["total"])
    for p, (_label, year, quarter) in enumerate(periods):
        period = frame[(frame["year"] == year) & _quarter_mask(frame, quarter)]
        totals = [round(float(period[c].sum()), 1) for c in ("places", "occupied")]
        sheet.write_row(last, 3 + 2 * p, totals, formats["fte_total"])
    sheet.set_column(0, 0, 46)
    sheet.set_column(1, 2, 18)
    sheet.freeze_panes(top + 2, 3)


def _quarter_mask(frame: pd.DataFrame, quarter: int | None) -> pd.Series:
    return frame["quarter"].isna() if quarter is None else frame["quarter"] == quarter


def _period_row(rows: pd.DataFrame, year: int, quarter: int | None) -> pd.Series:
    match = rows[(rows["year"] == year) & _quarter_mask(rows, quarter)]
    return match.iloc[0]


# --- WSE open data --------------------------------------------------------------------

WSE_HEADER = ("periode", "gemeente", "maatregel", "cmw_aantal_toegekend_vte", "cmw_aantal_vte")


def write_wse_csv(path: Path, truth: Truth) -> None:
    """Semicolon CSV in cp1252 with decimal commas, as Excel saves the open data."""
    lines = [";".join(WSE_HEADER)]
    for row in truth.wse.itertuples(index=False):
        lines.append(
            ";".join(
                [
                    f"{row.year} K{row.quarter}",
                    row.municipality.upper(),
                    "Collectief maatwerk",
                    _comma(row.places),
                    _comma(row.occupied),
                ]
            )
        )
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
