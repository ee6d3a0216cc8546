"""Reading real workbooks and CSV exports into raw grids whose indices are Excel's rows/columns.

Fixtures are written here by the writers staff's tools use (xlsxwriter, openpyxl, odfpy,
CSV bytes in cp1252 / UTF-8 with BOM / UTF-16), never read from disk.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableProperties
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import P

from loaders.errors import ValidationError
from loaders.reading import Sheet, Workbook, read_workbook, source_bytes
from loaders.sniff import OLE_MAGIC


def xlsxwriter_book() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    cover = book.add_worksheet("Toelichting")
    cover.write("A1", "Instroom doelgroepwerknemers W13")
    data = book.add_worksheet("2021")
    # The table starts at C3 (title rows above, a blank column A-B), as staff files do.
    data.merge_range("C3:D3", "Kortrijk")
    data.write_row("C4", ["Contingent", "Bezet"])
    data.write_row("C5", [12, 10.5])
    data.write_datetime(
        "E5", dt.datetime(2021, 3, 31), book.add_format({"num_format": "dd/mm/yyyy"})
    )
    data.write_datetime(
        "F5", dt.datetime(2021, 3, 31, 14, 30), book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    )
    data.write_boolean("G5", True)
    helper = book.add_worksheet("Hulp")
    helper.write("A1", "lijst")
    helper.hide()
    book.close()
    return buffer.getvalue()


def test_xlsxwriter_workbook_keeps_order_offset_merges_hidden_sheets_and_types():
    book = read_workbook(xlsxwriter_book())
    assert book.format == "xlsx"
    assert [(sheet.name, sheet.hidden) for sheet in book.sheets] == [
        ("Toelichting", False),
        ("2021", False),
        ("Hulp", True),
    ]
    data = book.sheets[1]
    # Row index 2 is Excel row 3 and column index 2 is column C, although A1:B2 are empty.
    assert data.rows[2][2] == "Kortrijk"
    assert data.rows[2][3] is None  # the covered half of the merge
    assert data.merged == [(2, 2, 2, 3)]
    assert data.rows[3][2:4] == ["Contingent", "Bezet"]
    assert data.rows[4][2:7] == [
        12,
        10.5,
        dt.date(2021, 3, 31),
        dt.datetime(2021, 3, 31, 14, 30),
        True,
    ]
    assert data.rows[0] == [None] * 7
    assert len({len(row) for row in data.rows}) == 1  # rectangular


def test_openpyxl_workbook_with_merge_down_and_very_hidden_sheet():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "LDE"
    sheet["B2"] = "Organisatie"
    sheet["C2"] = "VTE"
    sheet["B3"] = "De Kringwinkel"
    sheet.merge_cells("B3:B4")
    sheet["C3"] = 4.5
    sheet["C4"] = 2
    secret = book.create_sheet("Verborgen")
    secret["A1"] = 1
    secret.sheet_state = "veryHidden"
    buffer = io.BytesIO()
    book.save(buffer)
    read = read_workbook(buffer.getvalue())
    lde = read.sheets[0]
    assert lde.merged == [(2, 1, 3, 1)]
    assert lde.rows == [
        [None, None, None],
        [None, "Organisatie", "VTE"],
        [None, "De Kringwinkel", 4.5],
        [None, None, 2],
    ]
    assert [(s.name, s.hidden) for s in read.sheets] == [("LDE", False), ("Verborgen", True)]


def test_xls_written_by_xlwt_is_read_in_the_child_with_merges_and_hidden_sheets():
    xlwt = pytest.importorskip("xlwt")  # dev-only writer (xlwt==1.3.0)
    book = xlwt.Workbook()
    sheet = book.add_sheet("Maatwerk")
    sheet.write_merge(1, 1, 2, 3, "2021")
    sheet.write(2, 2, "Contingent")
    sheet.write(2, 3, "Bezet")
    sheet.write(3, 2, 12)
    sheet.write(3, 3, 10.5)
    sheet.write(4, 2, dt.date(2021, 3, 31), xlwt.easyxf(num_format_str="DD/MM/YYYY"))
    helper = book.add_sheet("Hulp")
    helper.write(0, 0, "x")
    helper.visibility = 1
    buffer = io.BytesIO()
    book.save(buffer)
    read = read_workbook(buffer.getvalue())
    assert read.format == "xls"
    assert [(s.name, s.hidden, s.merged) for s in read.sheets] == [
        ("Maatwerk", False, [(1, 2, 1, 3)]),
        ("Hulp", True, []),
    ]
    assert read.sheets[0].rows[1:] == [
        [None, None, "2021", None],
        [None, None, "Contingent", "Bezet"],
        [None, None, 12, 10.5],
        [None, None, dt.date(2021, 3, 31), None],
    ]


def test_xlsm_is_told_apart_by_its_macro_part():
    buffer = io.BytesIO(xlsxwriter_book())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00" * 16)
    assert read_workbook(buffer.getvalue()).format == "xlsm"


def test_ods_written_by_pandas_keeps_offset_and_values():
    frame = pd.DataFrame({"Gemeente": ["Kortrijk", "Menen"], "Instroom": [12, 3]})
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="odf") as writer:
        frame.to_excel(writer, sheet_name="Instroom", index=False, startrow=2, startcol=1)
    book = read_workbook(buffer.getvalue())
    assert book.format == "ods"
    assert book.sheets[0].rows == [
        [None, None, None],
        [None, None, None],
        [None, "Gemeente", "Instroom"],
        [None, "Kortrijk", 12],
        [None, "Menen", 3],
    ]


def test_ods_merged_cells_and_hidden_sheet_come_from_content_xml():
    doc = OpenDocumentSpreadsheet()
    hidden = Style(name="verborgen", family="table")
    hidden.addElement(TableProperties(display="false"))
    doc.automaticstyles.addElement(hidden)
    table = Table(name="Maatwerk")
    table.addElement(_ods_row(_ods_cell("2021", columns=2), CoveredTableCell()))
    table.addElement(_ods_row(_ods_cell("Contingent"), _ods_cell("Bezet")))
    table.addElement(_ods_row(_ods_cell("Org A", rows=2)))
    table.addElement(_ods_row(CoveredTableCell(), _ods_cell("7")))
    doc.spreadsheet.addElement(table)
    helper = Table(name="Hulp", stylename=hidden)
    helper.addElement(_ods_row(_ods_cell("x")))
    doc.spreadsheet.addElement(helper)
    buffer = io.BytesIO()
    doc.write(buffer)
    book = read_workbook(buffer.getvalue())
    maatwerk = book.sheets[0]
    assert maatwerk.merged == [(0, 0, 0, 1), (2, 0, 3, 0)]
    assert maatwerk.rows == [["2021", None], ["Contingent", "Bezet"], ["Org A", None], [None, "7"]]
    assert [(s.name, s.hidden) for s in book.sheets] == [("Maatwerk", False), ("Hulp", True)]


def _ods_cell(text: str, rows: int = 1, columns: int = 1) -> TableCell:
    cell = TableCell(valuetype="string", numberrowsspanned=rows, numbercolumnsspanned=columns)
    cell.addElement(P(text=text))
    return cell


def _ods_row(*cells: object) -> TableRow:
    row = TableRow()
    for cell in cells:
        row.addElement(cell)
    return row


CP1252_SEMICOLON = (
    "Bron: VDAB\nGemeente;Doelgroep;Instroom\n"
    "Menen;Ernstig psychosociale beperking;1,5\nSpiere-Helkijn;;3\n"
).encode("cp1252")


def test_cp1252_semicolon_csv_with_accents_and_decimal_commas():
    book = read_workbook(CP1252_SEMICOLON)
    assert book.format == "csv"
    assert book.sheets == [
        Sheet(
            "CSV",
            [
                ["Bron: VDAB", None, None],
                ["Gemeente", "Doelgroep", "Instroom"],
                ["Menen", "Ernstig psychosociale beperking", "1,5"],
                ["Spiere-Helkijn", None, "3"],
            ],
            [],
            False,
        )
    ]


def test_cp1252_e_acute_is_decoded_not_mangled():
    rows = read_workbook("Organisatie;Plaats\nCréatief;Zwévegem\n".encode("cp1252")).sheets[0].rows
    assert rows[1] == ["Créatief", "Zwévegem"]


def test_utf8_bom_comma_csv_with_quoted_delimiters_and_newlines():
    text = 'jaar,gemeente,opmerking\n2021,Kortrijk,"Heule, Bissegem"\n2022,Menen,"twee\nlijnen"\n'
    rows = read_workbook(b"\xef\xbb\xbf" + text.encode("utf-8")).sheets[0].rows
    assert rows == [
        ["jaar", "gemeente", "opmerking"],
        ["2021", "Kortrijk", "Heule, Bissegem"],
        ["2022", "Menen", "twee\nlijnen"],
    ]


def test_tab_delimited_txt_and_utf16_unicode_text_from_excel():
    text = "Gemeente\tInstroom\nWevelgem\t4\n"
    assert read_workbook(text.encode("utf-8")).sheets[0].rows[1] == ["Wevelgem", "4"]
    utf16 = read_workbook(text.encode("utf-16"))  # Excel's "Unicode-tekst" (BOM + UTF-16LE)
    assert utf16.sheets[0].rows == [["Gemeente", "Instroom"], ["Wevelgem", "4"]]


def test_pipe_delimiter_and_excel_sep_hint_line():
    assert read_workbook(b"a|b\n1|2\n").sheets[0].rows == [["a", "b"], ["1", "2"]]
    # "sep=," overrides the guess and is not a row (Excel hides it too).
    assert read_workbook(b"sep=,\na;b,c\n").sheets[0].rows == [["a;b", "c"]]


def test_ragged_csv_rows_are_padded_and_trailing_blank_lines_dropped():
    rows = read_workbook(b"a;b;c\n1\n\n;;\n").sheets[0].rows
    assert rows == [["a", "b", "c"], ["1", None, None]]


def test_path_bytes_nameless_bytesio_and_uploaded_file_read_the_same(tmp_path):
    data = xlsxwriter_book()
    path = tmp_path / "instroom 2021.xlsx"
    path.write_bytes(data)

    class UploadedFile(io.BytesIO):
        name = "instroom 2021.xlsx"

    uploaded = UploadedFile(data)
    uploaded.seek(10)  # Streamlit hands over a file that may have been read before
    books = [read_workbook(path), read_workbook(str(path)), read_workbook(data)]
    books += [read_workbook(io.BytesIO(data)), read_workbook(uploaded)]
    assert [book.name for book in books] == ["instroom 2021.xlsx"] * 2 + [
        None,
        None,
        "instroom 2021.xlsx",
    ]
    assert all(book.sheets == books[0].sheets for book in books)
    assert uploaded.tell() == 0  # rewound for the next reader


def test_csv_sheet_is_named_after_the_file_stem(tmp_path):
    path = tmp_path / "lde_2023.csv"
    path.write_bytes(b"a;b\n1;2\n")
    assert read_workbook(path).sheets[0].name == "lde_2023"
    assert source_bytes(path) == (b"a;b\n1;2\n", "lde_2023.csv")


def test_workbook_type_is_frozen():
    book = read_workbook(b"a;b\n1;2\n")
    assert isinstance(book, Workbook)
    with pytest.raises(AttributeError):
        book.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("data", "code", "fragment"),
    [
        (b"", "empty_file", "leeg"),
        (b"  \r\n ", "empty_file", "leeg"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not_a_spreadsheet", "PNG-afbeelding"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "not_a_spreadsheet", "PDF-document"),
        (b"PK\x03\x04" + b"\x00" * 40, "corrupt", "beschadigd"),
        (b"\x00\x01\x02\x03" * 100, "not_a_spreadsheet", "geen spreadsheet"),
        (
            b"<!DOCTYPE html><html><table><tr><td>1</td></tr></table>",
            "not_a_spreadsheet",
            "webpagina",
        ),
    ],
)
def test_non_spreadsheets_are_refused_in_dutch(data, code, fragment):
    with pytest.raises(ValidationError) as caught:
        read_workbook(data)
    assert caught.value.codes == [code]
    assert fragment in str(caught.value)  # the message says what the file is


def test_word_document_in_a_zip_is_named_as_such():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ValidationError, match="Word-document") as caught:
        read_workbook(buffer.getvalue())
    assert caught.value.codes == ["not_a_spreadsheet"]


def test_password_protected_ooxml_is_recognised_from_its_ole_streams():
    # Encrypted .xlsx files are OLE compound files holding these two streams.
    fake = OLE_MAGIC + b"\x00" * 500 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50
    fake += "EncryptedPackage".encode("utf-16-le") + b"\x00" * 500
    with pytest.raises(ValidationError) as caught:
        read_workbook(fake)
    assert caught.value.codes == ["encrypted"]


def test_broken_xls_is_refused_by_the_child_process_with_a_dutch_message():
    fake = OLE_MAGIC + b"\x00" * 500 + "Workbook".encode("utf-16-le") + b"\x00" * 500
    with pytest.raises(ValidationError) as caught:
        read_workbook(fake)
    assert caught.value.codes in (["corrupt"], ["unreadable"])
    message = str(caught.value)
    assert "Excel 97-2003 (.xls)" in message or "veilig" in message


def test_missing_path_directory_and_odd_sources_are_validation_errors(tmp_path):
    for source, code in (
        (tmp_path / "weg.xlsx", "file_not_found"),
        (tmp_path, "unreadable"),
        (12, "unreadable"),
        (io.StringIO("a;b"), "unreadable"),
    ):
        with pytest.raises(ValidationError) as caught:
            read_workbook(source)  # type: ignore[arg-type]
        assert caught.value.codes == [code]
        assert caught.value.problems[0].message


@st.composite
def csv_tables(draw):
    """A header of plain names and data cells with accents, quotes, newlines, decimal commas."""
    delimiter = draw(st.sampled_from([";", ",", "\t", "|"]))
    width = draw(st.integers(2, 5))
    header = [f"kolom {index}" for index in range(width)]
    alphabet = "abcAZéèëçô 0123456789-'\"\n" + ("," if delimiter == ";" else "")
    cell = st.text(alphabet=alphabet, max_size=12)
    body = draw(st.lists(st.lists(cell, min_size=width, max_size=width), min_size=1, max_size=6))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return delimiter, encoding, [header, *body]


@settings(max_examples=60, deadline=None)
@given(csv_tables())
def test_any_delimiter_and_encoding_round_trips(table):
    delimiter, encoding, rows = table
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    read = read_workbook(text.getvalue().encode(encoding)).sheets[0].rows
    expected = [[value if value != "" else None for value in row] for row in rows]
    while expected and all(value is None for value in expected[-1]):
        expected.pop()
    assert read == expected


def test_semicolon_csv_with_commas_and_quoted_line_breaks_keeps_its_delimiter():
    # Found by hypothesis: splitting the sample into lines before parsing let the
    # quoted line breaks turn ',' into the delimiter that made the most equal rows.
    text = 'kolom 0;kolom 1;kolom 2;kolom 3\r\n;;,,;"\n,,0"\r\n;;,,;"\n,,"\r\n'
    rows = read_workbook(text.encode("utf-8")).sheets[0].rows
    assert rows == [
        ["kolom 0", "kolom 1", "kolom 2", "kolom 3"],
        [None, None, ",,", "\n,,0"],
        [None, None, ",,", "\n,,"],
    ]


def test_semicolon_csv_with_a_title_row_and_decimal_commas_keeps_its_delimiter():
    text = "Instroom 2021\r\nGemeente;Jaar;VTE\r\nKortrijk;2021;12,5\r\nMenen;2021;3,25\r\n"
    rows = read_workbook(text.encode("cp1252")).sheets[0].rows
    assert rows[1:] == [
        ["Gemeente", "Jaar", "VTE"],
        ["Kortrijk", "2021", "12,5"],
        ["Menen", "2021", "3,25"],
    ]
