"""Decode and split CSV/TXT exports: any delimiter, UTF-8 (with or without BOM), UTF-16, cp1252.

Belgian Excel saves "CSV (gescheiden door lijstscheidingsteken)" in cp1252 with ``;`` and
decimal commas; web exports use UTF-8 with ``,``; "Unicode-tekst" is UTF-16 with tabs.
Cells come back as ``str`` (``None`` when empty); numbers and dates are interpreted later.
"""

from __future__ import annotations

import csv
import io
import itertools
import re

from loaders.safety import MAX_CELL_CHARS, MAX_CSV_BYTES, LimitError, check_shape, dutch_int

# Preference when two delimiters split the sample equally well: a Belgian ';' file with
# decimal commas splits "consistently" on ',' too, so ';' must win ties.
_DELIMITERS = ("\t", ";", ",", "|")
_SAMPLE_LINES = 50
_SEP_HINT = re.compile(r"\A\s*sep=(.)\s*\r?\n", re.IGNORECASE)


def decode_text(data: bytes) -> str:
    """Decode with the BOM when present, else strict UTF-8, else cp1252 (Windows Excel)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # NOTE: cp1252 leaves five bytes undefined; latin-1 maps every byte, so a stray
        # control byte never turns a readable file into an error.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the most sample rows into the same number (≥ 2) of fields."""
    # NOTE: the sample is parsed as CSV, not split into lines first: a quoted cell may
    # hold line breaks, and cutting it open would let its quote swallow the next rows.
    sample = text[:65_536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    best, best_score = ",", (0.0, 0)
    for delimiter in _DELIMITERS:
        if delimiter not in sample:
            continue
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            widths = [len(row) for row in itertools.islice(reader, _SAMPLE_LINES) if row]
        except csv.Error:  # a giant field; read_delimited reports it with its row number
            continue
        multi = [width for width in widths if width >= 2]
        if not multi:
            continue
        modal = max(set(multi), key=multi.count)
        # Share of all rows first: a wrong delimiter that splits quoted line breaks or
        # decimal commas makes more rows, but fewer of them agree with the header.
        # Strict ">" below: earlier delimiters win ties.
        score = (multi.count(modal) / len(widths), multi.count(modal))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_delimited(data: bytes) -> list[list[object]]:
    """Rows of ``str | None`` cells, padded to one width; raises ``LimitError`` when too big."""
    if len(data) > MAX_CSV_BYTES:
        raise LimitError(
            f"Het CSV-bestand is groter dan {dutch_int(MAX_CSV_BYTES // (1024 * 1024))} MB; "
            "zoveel gegevens passen niet in één tabel die we inlezen. Splits het bestand."
        )
    text = decode_text(data)
    hint = _SEP_HINT.match(text)
    if hint:
        # Excel's own "sep=;" first line: it chooses the delimiter and Excel does not show it.
        delimiter, text = hint.group(1), text[hint.end() :]
    else:
        delimiter = detect_delimiter(text)
    _refuse_long_cells(text, delimiter)
    # Counting line breaks is C speed; refusing here spares parsing a million empty lines.
    # (A line break inside a quoted cell counts too: no real export comes near the cap.)
    check_shape(text.count("\n") - (1 if text.endswith("\n") else 0) + 1, 1)
    rows: list[list[object]] = []
    width = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = ended = 1  # text lines on which the last record starts and ends
    try:
        for row in reader:
            if len(row) > width:
                width = len(row)
                check_shape(len(rows) + 1, width)
            elif not len(rows) & 0xFFFF:  # also bounds a file of a million empty lines
                check_shape(len(rows) + 1, width)
            rows.append(row if "" not in row else [cell or None for cell in row])
            start, ended = (ended + 1 if len(rows) > 1 else 1), reader.line_num
    except csv.Error as exc:
        # The csv module refuses fields over its own limit (131,072 characters) this way.
        raise LimitError(_LONG_CELL, row=len(rows) + 1, code="cell_too_long") from exc
    if rows and _open_quote(text, delimiter, rows[-1], start, width):
        raise LimitError(
            f'op regel {start} wordt een aanhalingsteken (") geopend maar nergens gesloten, '
            "zodat alles vanaf daar in één cel zou belanden. Sluit het aanhalingsteken op die "
            "regel of verwijder het, en laad het bestand opnieuw op.",
            row=len(rows),
            code="unclosed_quote",
        )
    check_shape(len(rows), width)
    while rows and all(cell is None for cell in rows[-1]):
        rows.pop()
    for row in rows:
        if len(row) < width:
            row.extend([None] * (width - len(row)))
    return rows


def _open_quote(text: str, delimiter: str, last: list[object], start: int, width: int) -> bool:
    """Whether the last record runs to the end of the file inside a quoted cell.

    The csv module then silently reads the rest of the file as one cell. Only a last
    record that spans lines or is short is parsed again, strictly.
    """
    spans = any(isinstance(c, str) and ("\n" in c or "\r" in c) for c in last)
    if not spans and len(last) >= width:
        return False
    offset = 0
    for _ in range(start - 1):
        offset = text.index("\n", offset) + 1
    try:
        for _ in csv.reader(
            io.StringIO(text[offset:], newline=""), delimiter=delimiter, strict=True
        ):
            pass
    except csv.Error:
        return True
    return False


def _refuse_long_cells(text: str, delimiter: str) -> None:
    """A run longer than Excel's cell limit without a line break or delimiter is one cell."""
    found = re.search(f"[^\r\n{re.escape(delimiter)}]{{{MAX_CELL_CHARS + 1}}}", text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise LimitError(_LONG_CELL, row=line, code="cell_too_long")


_LONG_CELL = (
    f"deze rij bevat een cel met meer dan {dutch_int(MAX_CELL_CHARS)} tekens; zo'n lange cel "
    "hoort niet in een gegevensbestand (Excel zelf laat er maximaal zoveel toe)."
)
