"""Recognise a spreadsheet format from the file's first bytes, not from its name.

Staff rename files, browsers drop extensions and VDAB mails ``.xls`` files that are really
HTML or CSV, so the name is only a hint (it separates ``.xlsm`` from ``.xlsx``). Every
refusal here is a Dutch ``Problem`` message; the caller wraps it in ``ValidationError``.
"""

from __future__ import annotations

import io
import zipfile

from loaders.safety import LimitError, check_zip_directory_size

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Binary formats people upload by mistake, with the Dutch name we tell them back.
_OTHER_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "een PDF-document"),
    (b"\x89PNG", "een PNG-afbeelding"),
    (b"\xff\xd8\xff", "een JPEG-afbeelding"),
    (b"GIF8", "een GIF-afbeelding"),
    (b"\x1f\x8b", "een gz-archief"),
    (b"Rar!", "een RAR-archief"),
    (b"7z\xbc\xaf", "een 7z-archief"),
    (b"{\\rtf", "een RTF-document"),
)

# OLE2 directory entries store stream names in UTF-16LE; finding them in the raw bytes is
# enough to tell an encrypted OOXML package (or a Word file) from an .xls workbook.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_WORKBOOK_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))

PASSWORD_MESSAGE = (
    "Het bestand is beveiligd met een wachtwoord. Verwijder de beveiliging in Excel "
    "(Bestand > Info > Werkmap beveiligen) en laad het opnieuw op."
)
NOT_A_SPREADSHEET = (
    "Het bestand is geen spreadsheet. Laad een Excel-bestand (.xlsx, .xlsm, .xls), "
    "een OpenDocument-rekenblad (.ods) of een CSV-/tekstbestand op."
)


class SniffError(Exception):
    """The content is not a spreadsheet we can read; ``args[0]`` is the Dutch reason and
    ``code`` its problem code (``loaders.errors.CODES``)."""

    def __init__(self, message: str, code: str = "not_a_spreadsheet") -> None:
        super().__init__(message)
        self.code = code


def sniff_format(data: bytes, name: str | None = None) -> str:
    """Return ``"xlsx"``, ``"xlsm"``, ``"xls"``, ``"ods"`` or ``"csv"`` for ``data``.

    Raises ``SniffError`` with a Dutch message for empty, encrypted or non-spreadsheet content.
    """
    if not data or (data[:1].isspace() and not data.strip()):
        raise SniffError("Het bestand is leeg.", "empty_file")
    if data.startswith(ZIP_MAGIC) or data.startswith(EMPTY_ZIP_MAGIC):
        return _sniff_zip(data, name)
    if data.startswith(OLE_MAGIC):
        return _sniff_ole(data)
    for magic, label in _OTHER_MAGICS:
        if data.startswith(magic):
            raise SniffError(f"Het bestand is {label}, geen spreadsheet. {NOT_A_SPREADSHEET}")
    if _looks_like_text(data[:65536]):
        _refuse_markup(data[:4096])
        return "csv"
    raise SniffError(NOT_A_SPREADSHEET)


def _sniff_zip(data: bytes, name: str | None) -> str:
    try:
        check_zip_directory_size(data)
    except LimitError as exc:
        raise SniffError(str(exc), exc.code) from exc
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = _small_member(archive, "mimetype")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
        raise SniffError(
            "Het bestand is een beschadigd of onvolledig zip-archief (zoals .xlsx of .ods) "
            "en kan niet geopend worden. Sla het opnieuw op en probeer nog eens.",
            "corrupt",
        ) from exc
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
            raise SniffError(
                "Het bestand is een binaire Excel-werkmap (.xlsb); die wordt niet ondersteund. "
                "Sla het in Excel op als .xlsx en laad het opnieuw op.",
                "unsupported_format",
            )
        is_macro = "xl/vbaProject.bin" in names or (name or "").lower().endswith(".xlsm")
        return "xlsm" if is_macro else "xlsx"
    if mimetype is not None and mimetype.startswith(
        b"application/vnd.oasis.opendocument.spreadsheet"
    ):
        return "ods"
    if mimetype is not None and mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise SniffError(
            f"Het bestand is een OpenDocument-tekst of -presentatie. {NOT_A_SPREADSHEET}"
        )
    if "word/document.xml" in names:
        raise SniffError(f"Het bestand is een Word-document. {NOT_A_SPREADSHEET}")
    if "ppt/presentation.xml" in names:
        raise SniffError(f"Het bestand is een PowerPoint-presentatie. {NOT_A_SPREADSHEET}")
    raise SniffError(f"Het bestand is een zip-archief zonder rekenblad. {NOT_A_SPREADSHEET}")


def _small_member(archive: zipfile.ZipFile, member: str) -> bytes | None:
    """Read a member only when it is tiny (``mimetype`` is ~50 bytes); never inflate more."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        return None
    if info.file_size > 256 or info.compress_size > 256:
        return None
    with archive.open(info) as handle:
        return handle.read(257)


def _sniff_ole(data: bytes) -> str:
    if _ENCRYPTED_PACKAGE in data or _ENCRYPTION_INFO in data:
        raise SniffError(PASSWORD_MESSAGE, "encrypted")
    if any(stream in data for stream in _WORKBOOK_STREAMS):
        return "xls"
    raise SniffError(
        "Het bestand is een ouder Office-document (Word of PowerPoint), geen werkmap. "
        + NOT_A_SPREADSHEET
    )


def _refuse_markup(head: bytes) -> None:
    """Web exports often save an HTML table or Excel 2003 XML under a ``.xls`` name."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table")):
        raise SniffError(
            "Het bestand is een webpagina (HTML), geen echte Excel-werkmap. Open het in Excel, "
            "kies 'Opslaan als' > Excel-werkmap (.xlsx) en laad dat bestand op."
        )
    if start.startswith(b"<?xml") or b"urn:schemas-microsoft-com:office:spreadsheet" in start:
        raise SniffError(
            "Het bestand is een XML-bestand (bijvoorbeeld Excel 2003 XML), geen werkmap die we "
            "kunnen lezen. Open het in Excel en sla het op als Excel-werkmap (.xlsx)."
        )


def _looks_like_text(head: bytes) -> bool:
    """True for text in UTF-8/UTF-16/cp1252: no NUL bytes (except UTF-16) and few control bytes."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    controls = sum(head.count(bytes([code])) for code in range(32) if code not in (9, 10, 12, 13))
    return controls <= len(head) // 100
