"""Limits, and a pre-flight of zip packages (.xlsx/.xlsm/.ods) before a parser sees them.

calamine is Rust: a crafted file of a few kilobytes (a cell at XFD1048576, a dimension of
A1:XFD1048576, a shared-strings table declaring billions of entries) makes it allocate
until the process aborts, with no Python exception to catch. So every XML part is first
stream-inflated here, with a cap, and scanned with byte regexes (C speed, no tree, no
entity resolution) for what would make the parser blow up. Anything suspect is refused
with a Dutch message before calamine is called.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field

# --- Limits (documented in the README; each is far above any real regie file) -------------
MAX_SOURCE_BYTES = 200 * 1024 * 1024  # Streamlit's default upload cap
MAX_ROWS = 1_048_576  # Excel's own maximum
MAX_COLUMNS = 1_000  # column ALL; 16,384 columns is a hostile or broken file
MAX_CELLS = 5_000_000  # rows × columns counted from A1, per sheet
MAX_CELL_CHARS = 32_767  # Excel's own maximum text length of one cell
MAX_ZIP_MEMBERS = 10_000
MAX_MEMBER_BYTES = 400 * 1024 * 1024  # one inflated XML part
MAX_PACKAGE_BYTES = 800 * 1024 * 1024  # all inflated parts together
MAX_RATIO = 250  # inflated / compressed, for parts above RATIO_FLOOR (zip bombs reach ~1000)
RATIO_FLOOR = 1024 * 1024
# An escaped cell can take 6 bytes per character (``&quot;``); a longer run between two
# tags cannot be a legal cell and is refused before the parser copies it.
MAX_TEXT_RUN_BYTES = MAX_CELL_CHARS * 6

_CHUNK = 1024 * 1024


class LimitError(Exception):
    """A file that breaks a safety limit; ``args[0]`` is the Dutch reason."""


def dutch_int(number: int) -> str:
    """``1048576`` → ``"1.048.576"`` (Flemish thousands separator)."""
    return f"{number:,}".replace(",", ".")


def column_letters(index: int) -> str:
    """0-based column index → Excel letters (0 → ``A``, 26 → ``AA``)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_index(letters: bytes | str) -> int:
    """Excel letters → 1-based column number (``A`` → 1, ``XFD`` → 16384)."""
    number = 0
    for char in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(char) - 64
    return number


def check_shape(rows: int, columns: int, sheet: str | None = None) -> None:
    """Refuse a sheet whose used area, counted from A1, is beyond the limits."""
    where = (
        "Een werkblad van het bestand"
        if sheet == ""
        else f"Het blad '{sheet}'"
        if sheet
        else "Het bestand"
    )
    if columns > MAX_COLUMNS:
        raise LimitError(
            f"{where} gebruikt {dutch_int(columns)} kolommen (tot kolom {column_letters(columns - 1)}); "
            f"we lezen er hoogstens {dutch_int(MAX_COLUMNS)}. Verwijder lege of overbodige kolommen "
            "(ook opmaak tot het einde van het blad) en laad het opnieuw op."
        )
    if rows > MAX_ROWS:
        raise LimitError(f"{where} heeft meer dan {dutch_int(MAX_ROWS)} rijen.")
    if rows * columns > MAX_CELLS:
        raise LimitError(
            f"{where} beslaat {dutch_int(rows)} rijen × {dutch_int(columns)} kolommen; dat is meer "
            f"dan {dutch_int(MAX_CELLS)} cellen. Verwijder lege rijen en kolommen of splits het bestand."
        )


# --- Zip package pre-flight ----------------------------------------------------------------
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_LONG_RUN = re.compile(rb"[^<]{%d,}" % (MAX_TEXT_RUN_BYTES + 1))
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([^\"]*)\"")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d+)\"")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CELL_COLUMN = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Za-z]+)")
_CELL_ROW = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"[A-Za-z]+(\d+)")
_RANGE_REF = re.compile(rb"\$?([A-Za-z]{1,7})\$?(\d{1,10})")
_ROW_END = re.compile(rb"</(?:\w+:)?row>")
_SST_COUNTS = re.compile(rb"<(?:\w+:)?sst\b[^>]*>")
_COUNT_ATTR = re.compile(rb"\b(count|uniqueCount)=\"(\d+)\"")
_ROOT_END = re.compile(rb"</[\w:.-]+>\s*$")


@dataclass
class _SheetScan:
    """Running maxima over one worksheet part, fed chunk by chunk."""

    max_row: int = 0
    max_column: int = 0
    rows_without_ref: int = 0
    cells_without_ref: int = 0
    tails: list[bytes] = field(default_factory=list)


def preflight_zip(data: bytes, kind: str) -> None:
    """Refuse a hostile or broken .xlsx/.xlsm/.ods package; ``kind`` is the sniffed format.

    Checks, before any parser runs: member count; declared sizes and compression ratio
    from the central directory; then stream-inflates every XML part with a cap (the CRC
    check catches a size that lied), refusing DOCTYPE/ENTITY declarations and text runs
    longer than any legal cell, and for worksheets the declared dimension and the largest
    row and column actually referenced.
    """
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise LimitError(_CORRUPT) from exc
    with archive:
        infos = archive.infolist()
        _check_directory(infos)
        total = 0
        for info in infos:
            if not _is_xml_part(info.filename):
                continue
            total += _scan_member(archive, info, kind, budget=MAX_PACKAGE_BYTES - total)


_CORRUPT = (
    "Het bestand is beschadigd: het zip-archief (.xlsx/.ods) kan niet gelezen worden. "
    "Open het in Excel, sla het opnieuw op en probeer nog eens."
)
_BOMB = (
    "Het bestand pakt uit tot een onredelijk grote hoeveelheid gegevens (mogelijk een "
    "'zip-bom') en wordt uit veiligheid geweigerd."
)


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ZIP_MEMBERS:
        raise LimitError(
            f"Het bestand bevat {dutch_int(len(infos))} onderdelen; een werkmap heeft er hoogstens "
            f"enkele honderden. Het wordt uit veiligheid geweigerd."
        )
    declared = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise LimitError(
                "Het zip-archief is versleuteld. Verwijder het wachtwoord en laad het opnieuw op."
            )
        declared += info.file_size
        too_big = info.file_size > MAX_MEMBER_BYTES or declared > MAX_PACKAGE_BYTES
        ratio = info.file_size / max(info.compress_size, 1)
        if too_big or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise LimitError(_BOMB)


def _is_xml_part(name: str) -> bool:
    lower = name.lower()
    return lower.endswith((".xml", ".rels")) or lower == "mimetype"


def _scan_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, kind: str, budget: int) -> int:
    """Inflate one part in chunks and scan it; returns its inflated size."""
    name = info.filename
    is_sheet = (
        kind in ("xlsx", "xlsm") and name.startswith("xl/worksheets/") and name.endswith(".xml")
    )
    is_shared = kind in ("xlsx", "xlsm") and name.lower() == "xl/sharedstrings.xml"
    scan = _SheetScan()
    size = 0
    carry = b""
    last = b""
    cap = min(MAX_MEMBER_BYTES, budget, info.file_size)
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                size += len(chunk)
                if size > cap:
                    raise LimitError(_BOMB)
                # Keep everything after the last '<' for the next chunk, so a tag or a long
                # text run cut by the chunk boundary is still seen whole.
                window = carry + chunk
                cut = window.rfind(b"<")
                body, carry = (window[:cut], window[cut:]) if cut > 0 else (b"", window)
                if len(carry) > MAX_TEXT_RUN_BYTES:
                    raise LimitError(_long_text(name))
                _scan_text(body, name, scan if is_sheet else None, is_shared)
                last = chunk[-256:] if len(chunk) >= 256 else (last + chunk)[-256:]
            _scan_text(carry, name, scan if is_sheet else None, is_shared)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise LimitError(_CORRUPT) from exc
    if size != info.file_size:
        raise LimitError(_CORRUPT)
    if name.endswith(".xml") and size and not _ROOT_END.search(last):
        # NOTE: the part must end with its root's end tag; otherwise an inflater that does
        # not stop at the declared size (Rust's) could keep going past what we checked.
        raise LimitError(_CORRUPT)
    if is_sheet:
        _check_sheet_scan(scan)
    return size


def _scan_text(body: bytes, name: str, sheet: _SheetScan | None, is_shared: bool) -> None:
    if not body:
        return
    if _DOCTYPE.search(body):
        raise LimitError(
            "Het bestand bevat XML-declaraties (DOCTYPE/ENTITY) die in een echte werkmap niet "
            "voorkomen en gebruikt kunnen worden om de server aan te vallen. Het wordt geweigerd."
        )
    if _LONG_RUN.search(body):
        raise LimitError(_long_text(name))
    if is_shared:
        _check_shared_strings(body)
    if sheet is not None:
        _scan_sheet_chunk(body, sheet)


def _long_text(name: str) -> str:
    return (
        f"Het bestand bevat een cel met meer dan {dutch_int(MAX_CELL_CHARS)} tekens (onderdeel "
        f"{name}); Excel zelf laat niet meer toe. Het bestand wordt geweigerd."
    )


def _check_shared_strings(body: bytes) -> None:
    head = _SST_COUNTS.search(body)
    if not head:
        return
    for attribute, value in _COUNT_ATTR.findall(head.group(0)):
        if int(value) > MAX_CELLS:
            raise LimitError(
                f"De tabel met teksten van de werkmap zegt {dutch_int(int(value))} teksten te bevatten "
                f"({attribute.decode()}); dat kan niet in een echte werkmap. Het bestand wordt geweigerd."
            )


def _scan_sheet_chunk(body: bytes, scan: _SheetScan) -> None:
    dimension = _DIMENSION.search(body)
    if dimension:
        refs = _RANGE_REF.findall(dimension.group(1))
        if refs:
            last_col, last_row = refs[-1]
            check_shape(int(last_row), column_index(last_col), sheet=_A_SHEET)
    row_refs = _ROW_REF.findall(body)
    if row_refs:
        scan.max_row = max(scan.max_row, max(map(int, row_refs)))
    scan.rows_without_ref += len(_ROW_TAG.findall(body)) - len(row_refs)
    columns = _CELL_COLUMN.findall(body)
    widest = 0
    if columns:
        widest = column_index(
            max(set(columns), key=lambda letters: (len(letters), letters.upper()))
        )
        scan.max_column = max(scan.max_column, widest)
        cell_rows = _CELL_ROW.findall(body)
        scan.max_row = max(scan.max_row, max(map(int, cell_rows)) if cell_rows else 0)
    missing = len(_CELL_TAG.findall(body)) - len(columns)
    if missing > 0:
        # Cells without an ``r`` follow the previous one; bound their column by counting
        # cells per row (rare writers only, so the slower split is acceptable here).
        scan.cells_without_ref += missing
        per_row = max((len(_CELL_TAG.findall(part)) for part in _ROW_END.split(body)), default=0)
        scan.max_column = max(scan.max_column, per_row + widest)
    _check_sheet_scan(scan)


def _check_sheet_scan(scan: _SheetScan) -> None:
    check_shape(scan.max_row + scan.rows_without_ref, scan.max_column, sheet=_A_SHEET)


_A_SHEET = ""  # sentinel: "a worksheet of the file" (part names mean nothing to staff)
