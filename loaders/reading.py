"""Read any uploaded spreadsheet into raw cell grids, safely; the base of every loader.

``read_workbook`` takes a path, bytes or a binary file object, sniffs the format from the
content, refuses hostile or broken files with a Dutch ``ValidationError``, and returns a
``Workbook`` of ``Sheet`` grids whose row 0 / column 0 are Excel's row 1 / column A, so a
``Problem`` can point at the cell exactly as Excel shows it.

How each format is read (python-calamine, never openpyxl, on the hot path):
- xlsx/xlsm: the zip package is pre-flighted (``loaders.safety``), then parsed in-process;
  a worksheet laid out so the byte scan cannot vouch for it goes to the child below.
- xls and ods: no cheap pre-flight exists for BIFF and ODS repeats, so calamine runs in a
  child process capped at 512 MB of extra address space and 5 s of CPU; if a crafted
  file makes it abort, only the child dies.
- csv/txt: decoded and split by ``loaders.delimited``.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import BinaryIO

from loaders import calamine_io
from loaders.delimited import read_delimited
from loaders.errors import Problem, ValidationError
from loaders.indents import read_indents
from loaders.safety import MAX_SOURCE_BYTES, LimitError, check_shape, dutch_int, preflight_zip
from loaders.sniff import PASSWORD_MESSAGE, SniffError, sniff_format

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO
CHILD_TIMEOUT_SECONDS = 30  # wall clock: generous, the CPU cap is what bites


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a rectangular grid of raw values, ``rows[0][0]`` is cell A1.

    Values are ``None`` (empty), ``int``, ``float``, ``str``, ``bool``, ``datetime.datetime``,
    ``datetime.date``, ``datetime.time`` or (rarely, durations) ``datetime.timedelta``.
    Excel error values (``#N/A``, ``#DEEL/0!``) read as ``None``; trailing empty rows are
    dropped. ``merged`` holds 0-based inclusive ``(first_row, first_col, last_row,
    last_col)``; the value sits in the top-left cell, the others are ``None``; a merged
    area that is entirely empty may reach beyond ``rows``. ``indents`` holds the indent
    level of cells styled with one (xlsx only): a compact pivot table's nesting.
    """

    name: str
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]]
    hidden: bool
    indents: dict[tuple[int, int], int] = field(default_factory=dict)


@dataclass(frozen=True)
class Workbook:
    """A read file: its name when known, the sniffed format and every worksheet in order."""

    name: str | None
    format: str
    sheets: list[Sheet]


def source_bytes(source: Source) -> tuple[bytes, str | None]:
    """The content and file name (without folders) of a path, bytes or binary file object.

    File objects are rewound before and after reading, so a Streamlit ``UploadedFile`` can be
    read again by the next loader.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _within_cap(bytes(source), None), None
    if isinstance(source, (str, os.PathLike)):
        return _read_path(Path(source))
    if hasattr(source, "read"):
        name = getattr(source, "name", None)
        name = PurePath(name).name if isinstance(name, str) and name else None
        _rewind(source)
        data = source.read(MAX_SOURCE_BYTES + 1)
        _rewind(source)
        if isinstance(data, str):
            message = "Het bestand werd als tekst geopend in plaats van binair."
            raise ValidationError([Problem(message, code="unreadable")], name)
        return _within_cap(bytes(data or b""), name), name
    kind = type(source).__name__
    message = f"Onbekende bron van het type {kind}; geef een pad, bytes of een bestand."
    raise ValidationError([Problem(message, code="unreadable")])


def read_workbook(source: Source) -> Workbook:
    """Read ``source`` into a ``Workbook``; raise a Dutch ``ValidationError`` if unreadable."""
    data, name = source_bytes(source)
    try:
        kind = sniff_format(data, name)
        sheets = _read_sheets(data, kind, name)
        for sheet in sheets:
            check_shape(len(sheet.rows), len(sheet.rows[0]) if sheet.rows else 0, sheet.name)
    except (SniffError, LimitError) as exc:
        row = getattr(exc, "row", None)
        sheet = _csv_sheet_name(name) if row is not None else None
        problem = Problem(str(exc), sheet=sheet, row=row, code=exc.code)
        raise ValidationError([problem], name) from exc
    if not sheets:
        problem = Problem("De werkmap bevat geen enkel werkblad met gegevens.", code="empty_file")
        raise ValidationError([problem], name)
    return Workbook(name=name, format=kind, sheets=sheets)


def _read_sheets(data: bytes, kind: str, name: str | None) -> list[Sheet]:
    if kind == "csv":
        return [Sheet(_csv_sheet_name(name), read_delimited(data), [], False)]
    # xls and ods have no cheap pre-flight, and a worksheet the scan cannot vouch for
    # (irregular layout) must not reach calamine in this process either.
    isolate = kind in ("xls", "ods")
    if kind in ("xlsx", "xlsm", "ods"):
        isolate = preflight_zip(data, kind) or isolate
    try:
        raw = _read_in_child(data, kind) if isolate else calamine_io.read_sheets(data, kind)
    except calamine_io.ReadFailure as exc:
        if exc.password:
            raise SniffError(PASSWORD_MESSAGE, "encrypted") from exc
        raise SniffError(_unreadable(kind), "corrupt") from exc
    indents = read_indents(data) if kind in ("xlsx", "xlsm") else {}
    return [Sheet(*sheet, indents=indents.get(sheet[0], {})) for sheet in raw]


def _csv_sheet_name(name: str | None) -> str:
    return (PurePath(name).stem if name else "") or "CSV"


def _read_in_child(data: bytes, kind: str) -> list[calamine_io.RawSheet]:
    """Parse in a resource-limited child process; any crash becomes a Dutch refusal."""
    command = [sys.executable, "-P", calamine_io.__file__, kind]
    try:
        done = subprocess.run(
            command, input=data, capture_output=True, timeout=CHILD_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise LimitError(
            "Het lezen van het bestand duurde te lang en werd afgebroken. "
            "Sla het op als .xlsx en probeer opnieuw.",
            code="unreadable",
        ) from exc
    if done.returncode != 0 or not done.stdout:
        raise LimitError(
            "Het bestand kon niet veilig gelezen worden: het is beschadigd of vraagt "
            "onredelijk veel geheugen. Open het in Excel, sla het op als .xlsx en probeer opnieuw.",
            code="unreadable",
        )
    status, *payload = pickle.loads(done.stdout)
    if status != "ok":
        message, password = payload
        raise calamine_io.ReadFailure(message, password=password)
    return [calamine_io.RawSheet(*sheet) for sheet in payload[0]]


def _unreadable(kind: str) -> str:
    label = {"xls": "Excel 97-2003 (.xls)", "ods": "OpenDocument (.ods)"}.get(kind, "Excel (.xlsx)")
    return (
        f"Het bestand lijkt een {label}-werkmap maar is beschadigd of onleesbaar. "
        "Open het in Excel of LibreOffice, sla het opnieuw op en probeer nog eens."
    )


def _read_path(path: Path) -> tuple[bytes, str | None]:
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise ValidationError([Problem(_too_large(), code="too_large")], path.name)
        return path.read_bytes(), path.name
    except FileNotFoundError as exc:
        problem = Problem(f"Het bestand '{path}' bestaat niet.", code="file_not_found")
        raise ValidationError([problem], path.name) from exc
    except (OSError, ValueError) as exc:  # a directory, no permission, a name too long
        raise ValidationError(
            [Problem(f"'{path.name}' kan niet als bestand gelezen worden.", code="unreadable")],
            path.name,
        ) from exc


def _within_cap(data: bytes, name: str | None) -> bytes:
    if len(data) > MAX_SOURCE_BYTES:
        raise ValidationError([Problem(_too_large(), code="too_large")], name)
    return data


def _too_large() -> str:
    megabytes = dutch_int(MAX_SOURCE_BYTES // (1024 * 1024))
    return f"Het bestand is groter dan {megabytes} MB en wordt niet ingelezen."


def _rewind(handle: BinaryIO) -> None:
    with contextlib.suppress(AttributeError, OSError, ValueError):
        handle.seek(0)
