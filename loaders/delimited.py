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
import warnings
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from pandas.arrays import ArrowStringArray

from loaders.grid import ColumnGrid
from loaders.safety import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_CSV_BYTES,
    LimitError,
    check_shape,
    dutch_int,
)

# Preference when two delimiters split the sample equally well: a Belgian ';' file with
# decimal commas splits "consistently" on ',' too, so ';' must win ties.
_DELIMITERS = ("\t", ";", ",", "|")
_SAMPLE_LINES = 50
_SAMPLE_BYTES = 65_536
_SEP_HINT = re.compile(r"\A\s*sep=(.)\s*\r?\n", re.IGNORECASE)


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


def read_delimited(data: bytes) -> Sequence[list[object]]:
    """Rows of ``str | None`` cells, padded to one width; raises ``LimitError`` when too big.

    pyarrow's CSV reader parses a file whose rows are all as wide as the sample's widest,
    pandas' C engine any other (a ``ColumnGrid``, read as columns); the Python ``csv``
    module is the fallback that words each problem (an unclosed quote, a row wider than
    the limit), so a refusal reads the same whichever engine met it first.
    """
    if len(data) > MAX_CSV_BYTES:
        raise LimitError(
            f"Het CSV-bestand is groter dan {dutch_int(MAX_CSV_BYTES // (1024 * 1024))} MB; "
            "zoveel gegevens passen niet in één tabel die we inlezen. Splits het bestand."
        )
    data, encoding = _as_bytes_of_one_byte_newlines(data)
    sample = _sample(data, encoding)
    hint = _SEP_HINT.match(sample)
    # Excel's own "sep=;" first line: it chooses the delimiter and Excel does not show it.
    delimiter = hint.group(1) if hint else detect_delimiter(sample)
    _refuse_long_runs(data, delimiter.encode(encoding, errors="replace"), encoding)
    # Counting line breaks is C speed; refusing here spares parsing a million empty lines.
    # (A line break inside a quoted cell counts too: no real export comes near the cap.)
    breaks = _line_breaks(data)
    check_shape(breaks - (1 if data.endswith(b"\n") else 0) + 1, 1)
    grid = _read_c(data, encoding, delimiter, sample, skip=1 if hint else 0)
    if grid is not None:
        return grid
    text = data.decode(encoding, errors="replace")
    return _read_python(text[hint.end() :] if hint else text, delimiter)


def _line_breaks(data: bytes) -> int:
    """How many ``\n`` bytes ``data`` holds, counted a megabyte at a time (one mask of
    the whole file would be as large as the file, in fresh memory)."""
    view = np.frombuffer(data, dtype=np.uint8)
    step = 1 << 20
    return sum(int(np.count_nonzero(view[i : i + step] == 10)) for i in range(0, len(view), step))


def _as_bytes_of_one_byte_newlines(data: bytes) -> tuple[bytes, str]:
    """The content and its encoding, in an encoding whose line breaks and delimiters are
    single bytes and which decodes without errors (UTF-16 and a UTF-8 file with a BOM
    and broken bytes are re-encoded as UTF-8; a BOM is dropped)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").encode("utf-8"), "utf-8"
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    if data.isascii():
        return data, "utf-8"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        if bom:
            return data.decode("utf-8", errors="replace").encode("utf-8"), "utf-8"
        # NOTE: cp1252 leaves five bytes undefined; latin-1 maps every byte, so a stray
        # control byte never turns a readable file into an error.
        undefined = any(byte in data for byte in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))
        return data, "latin-1" if undefined else "cp1252"
    return data, "utf-8"


def _sample(data: bytes, encoding: str) -> str:
    """The first 64 KiB of text, ending at a line break when the file goes on."""
    head = data[: _SAMPLE_BYTES + 1]
    if len(head) > _SAMPLE_BYTES and b"\n" in head[:_SAMPLE_BYTES]:
        head = head[: head.rfind(b"\n", 0, _SAMPLE_BYTES) + 1]
    return head.decode(encoding, errors="replace")


def _read_c(
    data: bytes, encoding: str, delimiter: str, sample: str, skip: int
) -> ColumnGrid | None:
    """The rows as parsed by pandas' C engine, or None to let the Python reader decide.

    Every cell is read as written: with ``header=None`` a column's header text keeps it
    text; a column the engine still read (partly) as numbers is read again as text when
    it is used ("0012" stays "0012", "1.234" is no float). A row wider than the sample's
    rows makes the engine start over with that width.
    """
    width = max(_sample_width(sample, delimiter), 1)
    grid = _read_arrow(data, encoding, delimiter, width, skip)
    if grid is not None:
        return grid
    identifiers = dict.fromkeys(_identifier_columns(sample, delimiter), str)
    options = {
        "sep": delimiter,
        "header": None,
        "encoding": encoding,
        "keep_default_na": False,
        "na_values": [""],
        "skip_blank_lines": False,
        "skiprows": skip,
        "engine": "c",
    }
    for _ in range(4):
        try:
            # NOTE: the default low_memory parse infers types per chunk of rows; forcing
            # one pass (low_memory=False) or dtype=str costs three to four times as much.
            with warnings.catch_warnings():  # mixed types per chunk are expected here
                warnings.simplefilter("ignore", pd.errors.DtypeWarning)
                frame = pd.read_csv(
                    io.BytesIO(data), names=range(width), dtype=identifiers or None, **options
                )
        except pd.errors.ParserError as exc:
            wider = _WIDER_ROW.search(str(exc))
            if wider is None or int(wider.group(1)) > MAX_COLUMNS:
                return None
            width = int(wider.group(1))
            continue
        except (ValueError, pd.errors.EmptyDataError):
            return None

        def as_text(column: int, width: int = width) -> pd.Series:
            columns = {"names": range(width), "usecols": [column], "dtype": str}
            return pd.read_csv(io.BytesIO(data), **columns, **options)[column]

        return _grid_of([frame[c] for c in frame], as_text, quoted=b'"' in data)
    return None


def _read_arrow(
    data: bytes, encoding: str, delimiter: str, width: int, skip: int
) -> ColumnGrid | None:
    """Every cell as text straight from pyarrow's CSV reader, or None to leave the file to
    pandas' C engine: a row of another width than the sample's widest, a record too long
    for one block, or a quote left open at the end of the file.

    Only the rows pandas would read alike are taken here: pyarrow refuses a row of
    another width (pandas pads a short one), and on a quote open at the end it makes the
    rest of the file the last cell where pandas refuses; both go to the C engine, which
    words them as before. Arrow text becomes pandas' ``str`` columns without copies, and
    a cell is never parsed as a number first ("0012" stays "0012").
    """
    hint = data[: data[:_SAMPLE_BYTES].lower().find(b"sep=")] if skip else b""
    if b"\n" in hint or b"\r" in hint:  # pandas skips blank lines before "sep=" its own way
        return None
    # NOTE: the text is allocated by the system allocator: in pyarrow's default pool
    # (mimalloc) fresh memory for 50 MB of parsed text cost more kernel time than the
    # parse itself on this machine (user 0.11 s, system 0.12 s against 0.02 s).
    if encoding != "utf-8":  # pyarrow would transcode in Python-sized chunks
        data = data.decode(encoding).encode("utf-8")
    # NOTE: the bytes are valid UTF-8 by now (ASCII, checked by decoding, or re-encoded
    # here or in ``_as_bytes_of_one_byte_newlines``): pyarrow need not check every cell.
    names = [str(i) for i in range(width)]
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(data),  # the bytes themselves, not copied block by block
            read_options=pa_csv.ReadOptions(
                column_names=names, skip_rows=skip, use_threads=False, block_size=1 << 24
            ),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=True,
                ignore_empty_lines=False,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()),
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                check_utf8=False,
            ),
            memory_pool=pa.system_memory_pool(),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    last_quote = data.rfind(b'"')  # one scan of the file for both uses below
    if not table.num_rows or _open_at_end(data, table, last_quote):
        return None
    text = pd.StringDtype(na_value=np.nan)  # what pandas' C engine makes of text columns
    columns = [pd.Series(ArrowStringArray(c, dtype=text), copy=False) for c in table.columns]
    return _grid_of(columns, lambda index: columns[index], quoted=last_quote >= 0)


def _open_at_end(data: bytes, table: pa.Table, at: int) -> bool:
    """Whether the last cell may be a quoted cell nobody closed (pyarrow then reads the
    rest of the file into it; pandas refuses, and the ``csv`` module words where).

    Such a cell ends with the file's bytes after its last quote (the quotes inside it
    come in doubled pairs); a closed one only when a line break or text follows its
    closing quote, which then goes to the C engine as well. ``at``: where the file's
    last quote is (-1: none).
    """
    if at < 0:
        return False
    last = table.column(table.num_columns - 1)[table.num_rows - 1].as_py() or ""
    return last.encode("utf-8").endswith(data[at + 1 :])


_WIDER_ROW = re.compile(r"Expected \d+ fields in line \d+, saw (\d+)")


def _identifier_columns(sample: str, delimiter: str) -> list[int]:
    """Columns whose sampled cells include ten or more digits alone: identifiers (register,
    company or client numbers), never figures. Read as text at once, they are not parsed
    a second time when used, as a column read as numbers is (``ColumnGrid``)."""
    found: set[int] = set()
    try:
        for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
            found.update(i for i, cell in enumerate(row) if _LONG_NUMBER.fullmatch(cell))
    except csv.Error:
        return []
    return sorted(found)


_LONG_NUMBER = re.compile(r"\s*[0-9]{10,}\s*")


def _sample_width(sample: str, delimiter: str) -> int:
    try:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        return max((len(row) for row in reader), default=1)
    except csv.Error:
        return 1


def _grid_of(
    columns: list[pd.Series], as_text: Callable[[int], pd.Series], quoted: bool
) -> ColumnGrid:
    """The columns' rows up to the last that holds a cell, as a checked ``ColumnGrid``."""
    rows = len(columns[0]) if columns else 0
    if rows and all(pd.isna(c.iat[-1]) for c in columns):  # trailing empty lines: no rows
        last = [c.last_valid_index() for c in columns]
        rows = max((i + 1 for i in last if i is not None), default=0)
    check_shape(rows, len(columns))
    grid = ColumnGrid([c.iloc[:rows] for c in columns], as_text=as_text)
    if quoted:  # a quoted cell may hold delimiters and line breaks: measure the cells
        for index in range(grid.width):
            cells = grid.texts(index)
            if not cells.notna().any():  # all empty (read as numbers, so no text to measure)
                continue
            lengths = cells.str.len().to_numpy(dtype=np.float64, na_value=0)
            if len(lengths) and lengths.max() > MAX_CELL_CHARS:
                row = int(np.argmax(lengths > MAX_CELL_CHARS)) + 1
                raise LimitError(_LONG_CELL, row=row, code="cell_too_long")
    return grid


def _read_python(text: str, delimiter: str) -> list[list[object]]:
    """The ``csv`` module's rows: slow, but it words each problem with its line."""
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


def _refuse_long_runs(data: bytes, delimiter: bytes, encoding: str) -> None:
    """A run longer than Excel's cell limit without a line break or delimiter is one cell.

    Each character takes at least a byte, so such a run is more than ``MAX_CELL_CHARS``
    bytes long and holds a whole aligned block of half that many: only blocks without
    either byte (memchr speed) are decoded and measured.
    """
    half = MAX_CELL_CHARS // 2
    for start in range(0, len(data), half):
        end = start + half
        if end > len(data) or data.find(b"\n", start, end) >= 0:
            continue
        if data.find(delimiter, start, end) >= 0:
            continue
        left = max(data.rfind(b"\n", 0, start), data.rfind(delimiter, 0, start)) + 1
        ends = [i for i in (data.find(b"\n", end), data.find(delimiter, end)) if i >= 0]
        right = min(ends, default=len(data))
        if right - left > MAX_CELL_CHARS:
            run = data[left:right].decode(encoding, errors="replace")
            if max(len(piece) for piece in run.split("\r")) > MAX_CELL_CHARS:
                line = data.count(b"\n", 0, left) + 1
                raise LimitError(_LONG_CELL, row=line, code="cell_too_long")


_LONG_CELL = (
    f"deze rij bevat een cel met meer dan {dutch_int(MAX_CELL_CHARS)} tekens; zo'n lange cel "
    "hoort niet in een gegevensbestand (Excel zelf laat er maximaal zoveel toe)."
)
