"""Hostile and broken files are refused fast, in Dutch, before calamine can abort the process.

Each hostile package is built here by hand (zipfile + XML) from one minimal valid workbook,
so a refusal is caused by the one hostile part and nothing else. Time and Python-side
memory are asserted as generous sanity bounds only; the figures live in the report.
"""

from __future__ import annotations

import io
import pickle
import random
import string
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from loaders import reading
from loaders.errors import ValidationError
from loaders.reading import read_workbook
from loaders.safety import MAX_CELL_CHARS, MAX_CELLS, LimitError, preflight_zip
from loaders.sheetscan import SheetScan, _coarse_pattern, _greater_pattern

PKG = "http://schemas.openxmlformats.org/package/2006"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{PKG}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SML}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SML}.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
    '<sheets><sheet name="Instroom" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
NORMAL_CELLS = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>12</v></c></row>'
SHARED = (
    f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="1" '
    'uniqueCount="1"><si><t>Kortrijk</t></si></sst>'
)


def sheet_xml(cells: str = NORMAL_CELLS, dimension: str = "A1:B1", prolog: str = "") -> str:
    head = SHEET_HEAD.replace("<worksheet", prolog + "<worksheet", 1)
    return f'{head}<dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>'


def package(
    sheet: str | None = None,
    shared: str = SHARED,
    extra: dict | None = None,
    sheet_path: str = "worksheets/sheet1.xml",
) -> bytes:
    """A minimal .xlsx with the given worksheet (at ``xl/{sheet_path}``) and shared strings."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        rels = WORKBOOK_RELS.replace("worksheets/sheet1.xml", sheet_path)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr(f"xl/{sheet_path}", sheet if sheet is not None else sheet_xml())
        archive.writestr("xl/sharedStrings.xml", shared)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def refused(data: bytes, *codes: str) -> tuple[ValidationError, float, int]:
    """Read ``data``, expecting a refusal with one problem of one of ``codes``; returns the
    error, seconds and peak Python bytes."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ValidationError) as caught:
            read_workbook(data)
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seconds < 5, f"refusal took {seconds:.1f} s"
    assert peak < 500 * 1024 * 1024
    assert len(caught.value.codes) == 1 and caught.value.codes[0] in codes, caught.value.codes
    return caught.value, seconds, peak


def test_minimal_package_is_readable_so_each_refusal_below_is_caused_by_its_hostile_part():
    book = read_workbook(package())
    assert book.format == "xlsx"
    assert book.sheets[0].name == "Instroom"
    assert book.sheets[0].rows == [["Kortrijk", 12]]


def test_zip_bomb_by_declared_size_and_ratio_is_refused_before_inflating():
    # 8 MB of zeros deflates to ~8 KB: ratio ~1000, far above any worksheet. A real bomb
    # nests or repeats this; the ratio alone gives it away before anything is inflated.
    bomb = b"<x>" + b"0" * (8 * 1024 * 1024) + b"</x>"
    data = package(extra={"xl/media/bomb.xml": bomb})
    del bomb
    error, _, _ = refused(data, "unsafe_file")
    assert "zip-bom" in str(error)


def test_zip_bomb_with_a_lying_declared_size_is_stopped_while_streaming():
    bomb = b"<x>" + b"0" * (20 * 1024 * 1024) + b"</x>"
    data = bytearray(package(extra={"xl/bomb.xml": bomb}))
    # Rewrite the declared uncompressed size (local header and central directory) to 1 KB.
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/bomb.xml")
    real = info.file_size.to_bytes(4, "little")
    fake = (1024).to_bytes(4, "little")
    assert data.count(real) >= 2
    data = bytes(data).replace(real, fake)
    error, _, _ = refused(data, "corrupt", "unsafe_file")
    assert "beschadigd" in str(error) or "zip-bom" in str(error)


def test_zip_with_a_huge_central_directory_is_refused_before_zipfile_parses_it():
    buffer = io.BytesIO()
    original = zipfile.ZipFile(io.BytesIO(package()))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name in original.namelist():
            archive.writestr(name, original.read(name))
        for index in range(20_000):  # a real bomb has millions; 20,000 proves the cap
            archive.writestr(f"xl/p/{index}", b"")
    error, _, _ = refused(buffer.getvalue(), "unsafe_file")
    assert "onredelijk veel onderdelen" in str(error)


def test_billion_laughs_entity_expansion_is_refused():
    lol = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
        + "]>"
    ).replace("&lol0;", "&lol;")
    shared = SHARED.replace("<sst", lol + "<sst", 1).replace("Kortrijk", "&lol9;")
    error, _, _ = refused(package(shared=shared), "unsafe_file")
    assert "DOCTYPE/ENTITY" in str(error)


def test_external_entity_xxe_is_refused():
    sheet = sheet_xml(
        cells='<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>',
        prolog='<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    )
    error, _, _ = refused(package(sheet), "unsafe_file")
    assert "DOCTYPE/ENTITY" in str(error)


def test_absurd_declared_dimension_is_refused():
    error, _, _ = refused(package(sheet_xml(dimension="A1:XFD1048576")), "too_large")
    assert "16.384 kolommen" in str(error)


def test_sixteen_thousand_columns_are_refused():
    cells = "".join(f'<c r="{_letters(i)}1"><v>1</v></c>' for i in range(16_384))
    sheet = sheet_xml(f'<row r="1">{cells}</row>', dimension="A1:A1")
    error, _, _ = refused(package(sheet), "too_large")
    assert "16.384 kolommen (tot kolom XFD)" in str(error)


def test_sparse_cell_at_the_far_corner_is_refused_before_calamine_allocates_it():
    cells = NORMAL_CELLS + '<row r="2"><c r="XFD1048576"><v>1</v></c></row>'
    error, _, _ = refused(package(sheet_xml(cells)), "too_large")
    assert "16.384 kolommen" in str(error)


def test_far_row_within_the_column_limit_is_refused_by_the_cell_count():
    cells = NORMAL_CELLS + '<row r="2"><c r="AZ1048576"><v>1</v></c></row>'
    error, _, _ = refused(package(sheet_xml(cells)), "too_large")
    assert "cellen" in str(error)


def test_worksheet_hidden_under_another_part_name_is_still_scanned():
    # The relationships may point the sheet at any name; the scan covers every part.
    assert read_workbook(package(sheet_path="data/blad.bin")).sheets[0].rows == [["Kortrijk", 12]]
    far = sheet_xml(NORMAL_CELLS + '<row r="2"><c r="XFD1048576"><v>1</v></c></row>')
    error, _, _ = refused(package(far, sheet_path="data/blad.bin"), "too_large")
    assert "16.384 kolommen" in str(error)


def test_utf16_worksheet_cannot_slip_past_the_byte_scan():
    far = sheet_xml(NORMAL_CELLS + '<row r="2"><c r="XFD1048576"><v>1</v></c></row>')
    far = far.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    data = package(far.encode("utf-16"), sheet_path="data/blad.xml")  # type: ignore[arg-type]
    assert preflight_zip(data, "xlsx") is True  # not vouched for: parsed in the child
    try:
        book = read_workbook(data)
    except ValidationError as error:
        assert error.codes in (["corrupt"], ["unreadable"])
    else:  # calamine reads no UTF-16; whatever it returns, no giant grid reached us
        assert sum(len(sheet.rows) for sheet in book.sheets) < 10


def test_hundreds_of_thousands_of_merged_ranges_are_refused():
    merges = "".join(f'<mergeCell ref="A{row}:B{row}"/>' for row in range(1, 200_002))
    sheet = sheet_xml().replace("</worksheet>", f"<mergeCells>{merges}</mergeCells></worksheet>")
    error, _, _ = refused(package(sheet), "unsafe_file")
    assert "samengevoegde" in str(error)


@pytest.mark.parametrize("prefix", ["", "x:"])
def test_shared_strings_declaring_billions_of_entries_are_refused(prefix):
    shared = SHARED.replace('count="1" uniqueCount="1"', 'count="1" uniqueCount="4000000000"')
    if prefix:
        shared = shared.replace("<sst xmlns=", f"<{prefix}sst xmlns:x=").replace(
            "</sst>", "</x:sst>"
        )
    error, _, _ = refused(package(shared=shared), "unsafe_file")
    assert "4.000.000.000 teksten" in str(error)


def test_megabyte_long_cell_is_refused():
    # Incompressible text, so it is the cell length (not the zip ratio) that is refused.
    noise = random.Random(3).choices(string.ascii_letters, k=1024 * 1024)
    shared = SHARED.replace("Kortrijk", "".join(noise))
    error, _, _ = refused(package(shared=shared), "cell_too_long")
    assert f"{MAX_CELL_CHARS:,}".replace(",", ".") in str(error)


def test_megabyte_long_csv_cell_is_refused_and_located():
    data = b"Gemeente;Opmerking\nKortrijk;" + b"x" * (1024 * 1024) + b"\n"
    error, _, _ = refused(data, "cell_too_long")
    assert (error.problems[0].sheet, error.problems[0].row) == ("CSV", 2)
    assert "blad 'CSV', rij 2: deze rij bevat een cel met meer dan 32.767 tekens" in str(error)


def test_irregular_sheet_layout_is_parsed_in_the_child_process_not_refused():
    # Cells without ``r`` are legal; the scan cannot bound them, so the child reads them.
    sheet = sheet_xml('<row><c t="s"><v>0</v></c><c><v>12</v></c></row>')
    book = read_workbook(package(sheet))
    assert book.sheets[0].rows == [["Kortrijk", 12]]


def test_irregular_far_corner_cell_cannot_abort_this_process():
    # A prefixed cell element hides from the byte scan, so the sheet goes to the child,
    # where calamine panics on it; that panic becomes a Dutch refusal here.
    sheet = sheet_xml(f'<row r="1"><x:c xmlns:x="{MAIN}" r="XFD1048576"><x:v>1</x:v></x:c></row>')
    error, _, _ = refused(package(sheet), "corrupt")
    assert "beschadigd of onleesbaar" in str(error)


def test_prefixed_worksheet_is_read_in_the_child():
    # .NET's OpenXML SDK writes every element with an ``x:`` prefix; legal, just irregular.
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="{MAIN}"><x:sheetData>'
        '<x:row r="1"><x:c r="B1"><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    )
    assert read_workbook(package(sheet)).sheets[0].rows == [[None, 7]]


def test_child_process_absorbs_a_calamine_abort():
    # Without the pre-flight, the far-corner cell makes calamine abort (SIGABRT) the
    # process that parses it; in the capped child only the child dies.
    data = package(sheet_xml(NORMAL_CELLS + '<row r="2"><c r="XFD1048576"><v>1</v></c></row>'))
    started = time.perf_counter()
    with pytest.raises(LimitError, match="niet veilig gelezen"):
        reading._read_in_child(data, "xlsx")
    assert time.perf_counter() - started < 5


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def test_ods_repeat_bomb_is_refused_by_the_capped_child():
    # 1,000,000 rows × 16,384 columns of a non-empty value, in 1.5 KB of XML.
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Bom")
    row = TableRow(numberrowsrepeated=1_000_000)
    cell = TableCell(valuetype="float", value=1, numbercolumnsrepeated=16_384)
    cell.addElement(P(text="1"))
    row.addElement(cell)
    table.addElement(row)
    doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.write(buffer)
    error, _, _ = refused(buffer.getvalue(), "corrupt", "unreadable", "too_large")
    assert "OpenDocument" in str(error) or "veilig" in str(error)


def test_long_base64_in_a_part_without_cells_is_not_mistaken_for_a_long_cell():
    blob = "".join(random.Random(5).choices(string.ascii_letters, k=400_000))
    data = package(extra={"customXml/item1.xml": f"<data>{blob}</data>"})
    assert read_workbook(data).sheets[0].rows == [["Kortrijk", 12]]


def test_hostile_files_stay_under_500_mb_measured_by_the_kernel():
    # tracemalloc cannot see Rust allocations; ru_maxrss of a fresh process can.
    cases = [
        package(sheet_xml(NORMAL_CELLS + '<row r="2"><c r="XFD1048576"><v>1</v></c></row>')),
        package(sheet_xml(NORMAL_CELLS + '<row r="2"><c r="AZ1048576"><v>1</v></c></row>')),
        package(shared=SHARED.replace('uniqueCount="1"', 'uniqueCount="4000000000"')),
        package(sheet_xml(dimension="A1:XFD1048576")),
    ]
    script = (
        "import pickle, resource, sys\n"
        "from loaders.errors import ValidationError\n"
        "from loaders.reading import read_workbook\n"
        "cases = pickle.loads(sys.stdin.buffer.read())\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "refused = 0\n"
        "for data in cases:\n"
        "    try:\n"
        "        read_workbook(data)\n"
        "    except ValidationError:\n"
        "        refused += 1\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(refused, (after - before) // 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps(cases),
        capture_output=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
        check=True,
    )
    refused_count, extra_mb = map(int, done.stdout.split())
    assert refused_count == len(cases)
    assert extra_mb < 500


def test_csv_of_more_than_a_million_lines_is_refused_while_reading():
    error, _, _ = refused(b"Gemeente;Instroom\n" + b";\n" * 1_100_000, "too_large")
    assert "meer dan 1.048.576 rijen" in str(error)


@settings(max_examples=300, deadline=None)
@given(
    bound_row=st.integers(1, 1_048_576),
    bound_column=st.integers(1, 16_384),
    row=st.integers(1, 99_999_999),
    column=st.integers(1, 20_000),
)
def test_reference_scan_patterns_never_miss_a_larger_reference(
    bound_row, bound_column, row, column
):
    reference = f'<c r="{_letters(column - 1)}{row}" t="s">'.encode()
    exact = _greater_pattern(bound_row, bound_column).search(reference)
    assert (exact is None) == (row <= bound_row and column <= bound_column)
    coarse, row_bound, column_bound = _coarse_pattern(bound_row, bound_column)
    if coarse.search(reference) is None:
        assert row <= row_bound and column <= column_bound
    assert bound_row <= row_bound < 2 * bound_row + 1
    assert bound_column <= column_bound <= 26 * bound_column


@pytest.mark.parametrize("reference", ['r="a1"', 'r="$A$1"', 'r="A1x"', 'r=""', 'r="1"'])
def test_malformed_references_send_the_sheet_to_the_child(reference):
    scan = SheetScan(cell_budget=MAX_CELLS)
    scan.feed(f'<sheetData><row r="1"><c r="A1"/><c {reference}/></row></sheetData>'.encode())
    assert scan.irregular
