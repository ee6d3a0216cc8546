"""Limits, and a pre-flight of zip packages (.xlsx/.xlsm/.ods) before a parser sees them.

calamine is Rust: a crafted file of a few kilobytes (a cell at XFD1048576, a shared-strings
table declaring billions of entries) makes it allocate until the process aborts, with no
Python exception to catch (verified with python-calamine 0.9.1: SIGABRT). So every part of
the package is first stream-inflated here, with a cap, and scanned with byte searches and
regexes (C speed, no tree, no entity resolution) for what would make the parser blow up.
Anything suspect is refused with a Dutch message before calamine is called; a worksheet
the scan cannot vouch for (prefixes, UTF-16, odd references) is flagged so the caller
parses it in a resource-limited child process instead.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from loaders.sheetscan import SheetScan, contains_pair, declared_dimension

# --- Limits (each far above any real regie file; reported in Dutch when hit) ---------------
MAX_SOURCE_BYTES = 200 * 1024 * 1024  # Streamlit's default upload cap
MAX_ROWS = 1_048_576  # Excel's own maximum
MAX_COLUMNS = 1_000  # column ALL; 16,384 columns is a hostile or broken file
MAX_CELLS = 5_000_000  # rows × columns counted from A1, per sheet
MAX_CELL_CHARS = 32_767  # Excel's own maximum text length of one cell
MAX_MERGED_RANGES = 100_000  # per sheet; a real report merges a few hundred at most
MAX_CSV_BYTES = 64 * 1024 * 1024  # decoded text can take up to 4 bytes per character
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_DIRECTORY_BYTES = 4 * 1024 * 1024  # 10,000 entries with long names fit easily
MAX_MEMBER_BYTES = 256 * 1024 * 1024  # one inflated part (5M cells of XML ≈ 200 MB)
MAX_PACKAGE_BYTES = 384 * 1024 * 1024  # all inflated parts together
MAX_RATIO = 250  # inflated / compressed, for parts above RATIO_FLOOR (zip bombs reach ~1000)
RATIO_FLOOR = 1024 * 1024
# An escaped cell can take 6 bytes per character (``&quot;``); a longer run between two
# tags cannot be a legal cell and is refused before the parser copies it.
MAX_TEXT_RUN_BYTES = MAX_CELL_CHARS * 6

_CHUNK = 1024 * 1024
# A part up to this size is inflated and scanned in one piece: no window copies. Above
# it, chunks bound the memory the scan holds.
_WHOLE = 64 * 1024 * 1024


class LimitError(Exception):
    """A file that breaks a safety limit; ``args[0]`` is the Dutch reason.

    ``row`` is the 1-based row (as Excel shows it) when the limit is tied to one row;
    ``code`` the problem code (``loaders.errors.CODES``).
    """

    def __init__(self, message: str, row: int | None = None, code: str = "too_large") -> None:
        super().__init__(message)
        self.row = row
        self.code = code


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
            f"{where} gebruikt {dutch_int(columns)} kolommen (tot kolom "
            f"{column_letters(columns - 1)}); we lezen er hoogstens {dutch_int(MAX_COLUMNS)}. "
            "Verwijder lege of overbodige kolommen (ook opmaak tot het einde van het blad) "
            "en laad het opnieuw op."
        )
    if rows > MAX_ROWS:
        raise LimitError(f"{where} heeft meer dan {dutch_int(MAX_ROWS)} rijen.")
    if rows * columns > MAX_CELLS:
        raise LimitError(
            f"{where} beslaat {dutch_int(rows)} rijen × {dutch_int(columns)} kolommen; dat is "
            f"meer dan {dutch_int(MAX_CELLS)} cellen. Verwijder lege rijen en kolommen of "
            "splits het bestand."
        )


# --- Zip package pre-flight ----------------------------------------------------------------
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_COUNT_ATTR = re.compile(rb"\b(count|uniqueCount)\s*=\s*[\"']\s*\+?(\d+)")
_ROOT_END = re.compile(rb"</[\w:.-]+>\s*$")
_CORRUPT = (
    "Het bestand is beschadigd: het zip-archief (.xlsx/.ods) kan niet gelezen worden. "
    "Open het in Excel, sla het opnieuw op en probeer nog eens."
)
_BOMB = (
    "Het bestand pakt uit tot een onredelijk grote hoeveelheid gegevens (mogelijk een "
    "'zip-bom') en wordt uit veiligheid geweigerd."
)
_ENTITIES = (
    "Het bestand bevat XML-declaraties (DOCTYPE/ENTITY) die in een echte werkmap niet "
    "voorkomen en gebruikt kunnen worden om de server aan te vallen. Het wordt geweigerd."
)


def preflight_zip(data: bytes, kind: str) -> bool:
    """Refuse a hostile or broken .xlsx/.xlsm/.ods package; ``kind`` is the sniffed format.

    Before any parser runs: member count, declared sizes and compression ratio from the
    central directory; then every part is stream-inflated with a cap (its CRC check
    catches a size that lied) and scanned for DOCTYPE/ENTITY declarations, text runs
    longer than any legal cell, shared-string counts, declared dimensions and the
    largest row and column really referenced. Every part, not only ``xl/worksheets/``:
    the package's relationships may point a sheet at any name.

    Returns True when a worksheet is laid out irregularly, so the scan cannot vouch for
    it: the caller must then parse in the resource-limited child process.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise LimitError(_CORRUPT, code="corrupt") from exc
    irregular = False
    with archive:
        infos = archive.infolist()
        _check_directory(infos)
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            size, odd = _scan_member(archive, info, kind, budget=MAX_PACKAGE_BYTES - total)
            total += size
            irregular = irregular or odd
    return irregular


def check_zip_directory_size(data: bytes) -> None:
    """Refuse a zip whose central directory is absurd, before ``zipfile`` builds objects.

    ``zipfile`` creates one ``ZipInfo`` per directory entry, reading as many as the
    directory's byte size allows (not its stated count), so both are read from the end
    record (and its zip64 variant) and capped first.
    """
    tail_start = max(len(data) - 65_558, 0)
    end = data.rfind(b"PK\x05\x06", tail_start)
    if end < 0 or end + 22 > len(data):
        return  # no end record: zipfile will call it corrupt itself
    entries = int.from_bytes(data[end + 10 : end + 12], "little")
    directory = int.from_bytes(data[end + 12 : end + 16], "little")
    locator = end - 20
    if (entries == 0xFFFF or directory == 0xFFFFFFFF) and data[
        locator : locator + 4
    ] == b"PK\x06\x07":
        record = int.from_bytes(data[locator + 8 : locator + 16], "little")
        if data[record : record + 4] == b"PK\x06\x06":
            entries = int.from_bytes(data[record + 32 : record + 40], "little")
            directory = int.from_bytes(data[record + 40 : record + 48], "little")
    if entries > MAX_ZIP_MEMBERS or directory > MAX_ZIP_DIRECTORY_BYTES:
        raise LimitError(_TOO_MANY_PARTS, code="unsafe_file")


_TOO_MANY_PARTS = (
    "Het bestand bestaat uit onredelijk veel onderdelen; een werkmap heeft er hoogstens "
    "enkele honderden. Het wordt uit veiligheid geweigerd."
)


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ZIP_MEMBERS:
        raise LimitError(_TOO_MANY_PARTS, code="unsafe_file")
    declared = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise LimitError("Het zip-archief is versleuteld met een wachtwoord.", code="encrypted")
        declared += info.file_size
        too_big = info.file_size > MAX_MEMBER_BYTES or declared > MAX_PACKAGE_BYTES
        ratio = info.file_size / max(info.compress_size, 1)
        if too_big or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise LimitError(_BOMB, code="unsafe_file")


# Parts that legitimately carry long text runs (base64, pictures) and never cell text.
_NO_CELL_TEXT = (
    "customxml/",
    "docprops/",
    "xl/media/",
    "xl/activex/",
    "xl/embeddings/",
    "xl/printersettings/",
    "thumbnails/",
    "pictures/",
)

_BINARY = (".bin", ".png", ".jpeg", ".jpg", ".gif", ".emf", ".wmf", ".tif", ".tiff")


class _Part:
    """What one package part is scanned for, and what the scan found."""

    def __init__(self, name: str, kind: str) -> None:
        self.name = name
        lower = name.lower()
        self.holds_cells = not lower.startswith(_NO_CELL_TEXT) and not lower.endswith(_BINARY)
        excel = kind in ("xlsx", "xlsm")
        self.sheet = (
            SheetScan(MAX_CELLS, strict=lower.startswith("xl/worksheets/")) if excel else None
        )
        self.excel = excel

    def scan(self, body: bytes) -> None:
        if not body:
            return
        # ``!`` is a one-byte search (memchr); most parts never hold one.
        if b"!" in body and b"<!" in body and _DOCTYPE.search(body):
            raise LimitError(_ENTITIES, code="unsafe_file")
        if self.holds_cells and _has_long_run(body):
            raise LimitError(_long_text(self.name), code="cell_too_long")
        if self.excel:
            _check_shared_strings(body)
        if self.sheet is not None:
            if (dimension := declared_dimension(body)) is not None:
                check_shape(*dimension, sheet=_A_SHEET)
            self.sheet.feed(body)
            _check_scan(self.sheet)
            if self.sheet.merged > MAX_MERGED_RANGES:
                raise LimitError(
                    f"Een werkblad van het bestand heeft meer dan {dutch_int(MAX_MERGED_RANGES)} "
                    "samengevoegde celbereiken; dat is geen gewone tabel. Het wordt geweigerd.",
                    code="unsafe_file",
                )


def _scan_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, kind: str, budget: int
) -> tuple[int, bool]:
    """Inflate one part (in chunks when large) and scan it; returns (inflated size,
    irregular sheet)."""
    part = _Part(info.filename, kind)
    size, carry, head, tail = 0, b"", b"", b""
    cap = min(MAX_MEMBER_BYTES, budget, info.file_size)
    try:
        with archive.open(info) as handle:
            whole = cap <= _WHOLE
            while chunk := handle.read(cap + 1 if whole else _CHUNK):
                size += len(chunk)
                if size > cap:
                    raise LimitError(_BOMB, code="unsafe_file")
                if not head:
                    head = chunk[:64]
                    if part.sheet is not None and b"\x00" in head:
                        # UTF-16/32 XML hides every byte pattern: let the child parse it.
                        part.sheet.irregular = True
                # Cut before the last '<' and carry the rest to the next chunk, so no tag
                # and no text run is ever split across two scans.
                window = carry + chunk
                cut = len(window) if whole else window.rfind(b"<")
                body, carry = (window[:cut], window[cut:]) if cut > 0 else (b"", window)
                if len(carry) > MAX_TEXT_RUN_BYTES:
                    if part.holds_cells:
                        raise LimitError(_long_text(part.name), code="cell_too_long")
                    body, carry = window, b""
                part.scan(body)
                tail = chunk[-256:] if len(chunk) >= 256 else (tail + chunk)[-256:]
            part.scan(carry)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise LimitError(_CORRUPT, code="corrupt") from exc
    if size != info.file_size:
        raise LimitError(_CORRUPT, code="corrupt")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and not _ROOT_END.search(tail):
        # NOTE: an XML part must end with its root's end tag; an inflater that ignores the
        # declared size (Rust's) then has nothing meaningful left to read beyond our scan.
        raise LimitError(_CORRUPT, code="corrupt")
    if part.sheet is None:
        return size, False
    part.sheet.finish()
    _check_scan(part.sheet)
    return size, part.sheet.irregular


def _check_scan(scan: SheetScan) -> None:
    # The references really seen first, so a refusal names the real size (16.384 columns,
    # not the rounded bound); then the proven bound that guards calamine's allocation.
    check_shape(scan.max_row, scan.max_column, sheet=_A_SHEET)
    check_shape(*scan.shape(), sheet=_A_SHEET)


def _has_long_run(body: bytes) -> bool:
    """True when some run without '<' is longer than ``MAX_TEXT_RUN_BYTES``.

    Such a run must contain a whole aligned block of half that size, so probing each
    block with ``find`` (memchr speed) is enough; a block without '<' is then measured.
    """
    half = MAX_TEXT_RUN_BYTES // 2
    for start in range(0, len(body), half):
        if body.find(b"<", start, start + half) < 0 and len(body) - start >= half:
            left = body.rfind(b"<", 0, start) + 1
            right = body.find(b"<", start)
            if (len(body) if right < 0 else right) - left > MAX_TEXT_RUN_BYTES:
                return True
    return False


def _long_text(name: str) -> str:
    return (
        f"Het bestand bevat een cel met meer dan {dutch_int(MAX_CELL_CHARS)} tekens "
        f"(onderdeel {name}); Excel zelf laat niet meer toe. Het bestand wordt geweigerd."
    )


def _check_shared_strings(body: bytes) -> None:
    """Refuse an ``<sst count/uniqueCount>`` that would make calamine pre-allocate billions."""
    if not contains_pair(body, b"ss"):
        return
    start = body.find(b"sst")  # "<sst" and a prefixed ":sst" both end so
    while start >= 0:
        if start and body[start - 1] in b"<:":
            end = body.find(b">", start)
            tag = body[start : len(body) if end < 0 else end]
            for attribute, value in _COUNT_ATTR.findall(tag):
                if int(value) > MAX_CELLS:
                    raise LimitError(
                        f"De teksttabel van de werkmap zegt {dutch_int(int(value))} teksten te "
                        f"bevatten ({attribute.decode()}); dat kan niet in een echte werkmap. "
                        "Het bestand wordt geweigerd.",
                        code="unsafe_file",
                    )
        start = body.find(b"sst", start + 3)


_A_SHEET = ""  # "a worksheet of the file": part names such as sheet3.xml mean nothing to staff
