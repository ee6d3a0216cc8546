"""Turn workbook bytes into raw sheets with python-calamine, in this process or a child.

The module imports only the standard library and python_calamine, because it doubles as
the child-process script for risky formats: ``python loaders/calamine_io.py`` reads the
workbook bytes from stdin, caps its own address space (RLIMIT_AS) and CPU time first, and
writes the sheets pickled to stdout. A Rust abort there kills only the child.
"""

from __future__ import annotations

import io
import pickle
import sys
import zipfile
from typing import NamedTuple

import python_calamine as calamine

CHILD_EXTRA_MEMORY = 512 * 1024 * 1024  # address space the child may add to its start size
CHILD_CPU_SECONDS = 5  # the hostile-file bound; a 100k-row .ods needs ~1-2 s


class RawSheet(NamedTuple):
    """One worksheet as calamine gives it, cells padded so index 0 is Excel row 1 / column A."""

    name: str
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]]
    hidden: bool


class ReadFailure(Exception):
    """calamine refused the file; ``password`` tells an encrypted workbook apart."""

    def __init__(self, message: str, password: bool = False) -> None:
        super().__init__(message)
        self.password = password


def read_sheets(data: bytes, kind: str) -> list[RawSheet]:
    """All worksheets (chart and macro sheets skipped) in workbook order."""
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError as exc:
        raise ReadFailure(str(exc), password=True) from exc
    except (calamine.CalamineError, ValueError, OSError) as exc:
        raise ReadFailure(str(exc)) from exc
    except BaseException as exc:
        if not _is_panic(exc):
            raise
        raise ReadFailure(str(exc)) from exc
    sheets = []
    ods_merges = _ods_merges(data) if kind == "ods" else {}
    with book:
        for index, meta in enumerate(book.sheets_metadata):
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue
            try:
                sheet = book.get_sheet_by_index(index)
                values = sheet.to_python(skip_empty_area=False)
                merged = sheet.merged_cell_ranges
            except calamine.PasswordError as exc:
                raise ReadFailure(str(exc), password=True) from exc
            except (calamine.CalamineError, ValueError, OverflowError) as exc:
                raise ReadFailure(f"{meta.name}: {exc}") from exc
            except BaseException as exc:
                # A Rust panic surfaces as pyo3's PanicException, a BaseException: turn it
                # into a refusal, but let KeyboardInterrupt and SystemExit through.
                if not _is_panic(exc):
                    raise
                raise ReadFailure(f"{meta.name}: {exc}") from exc
            if merged is None:
                ranges = ods_merges.get(meta.name, [])
            else:
                ranges = [(top, left, bottom, right) for (top, left), (bottom, right) in merged]
            # calamine marks empty cells with ""; full rows (most of a data table) are kept
            # as they come, since the C-level ``in`` test is far cheaper than a rebuild.
            rows = [
                row if "" not in row else [None if value == "" else value for value in row]
                for row in values
            ]
            hidden = meta.visible != calamine.SheetVisibleEnum.Visible
            sheets.append(RawSheet(meta.name, _trim(rows), ranges, hidden))
    return sheets


def _is_panic(exc: BaseException) -> bool:
    return type(exc).__name__ == "PanicException"


def _trim(rows: list[list[object]]) -> list[list[object]]:
    """Drop trailing all-empty rows (ODS files carry a million repeated empty ones)."""
    end = len(rows)
    while end and not any(value is not None for value in rows[end - 1]):
        end -= 1
    return rows[:end] if end < len(rows) else rows


# --- ODS merged cells: calamine does not report them, content.xml does --------------------
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_MAX_REPEAT_WALK = 100_000  # repeated rows/cells beyond this are empty padding, not data


def _ods_merges(data: bytes) -> dict[str, list[tuple[int, int, int, int]]]:
    """Merged ranges per sheet from ``number-rows/columns-spanned`` in content.xml (expat)."""
    from xml.parsers import expat

    merges: dict[str, list[tuple[int, int, int, int]]] = {}
    state = {"sheet": None, "row": -1, "col": 0, "row_repeat": 1}

    def refuse(*_args: object) -> None:
        raise ValueError("DTD in content.xml")

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == f"{_TABLE} table":
            state.update(sheet=attrs.get(f"{_TABLE} name", ""), row=-1)
            merges.setdefault(state["sheet"], [])
        elif tag == f"{_TABLE} table-row":
            state["row"] += 1
            state["col"] = 0
            state["row_repeat"] = min(
                int(attrs.get(f"{_TABLE} number-rows-repeated", "1")), _MAX_REPEAT_WALK
            )
        elif tag in (f"{_TABLE} table-cell", f"{_TABLE} covered-table-cell"):
            repeat = min(int(attrs.get(f"{_TABLE} number-columns-repeated", "1")), _MAX_REPEAT_WALK)
            rows = int(attrs.get(f"{_TABLE} number-rows-spanned", "1"))
            cols = int(attrs.get(f"{_TABLE} number-columns-spanned", "1"))
            if (rows > 1 or cols > 1) and state["sheet"] is not None:
                top, left = state["row"], state["col"]
                merges[state["sheet"]].append((top, left, top + rows - 1, left + cols - 1))
            state["col"] += repeat

    def end(tag: str) -> None:
        if tag == f"{_TABLE} table-row":
            state["row"] += state["row_repeat"] - 1

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as handle:
            parser.ParseFile(handle)
    except (KeyError, ValueError, expat.ExpatError, zipfile.BadZipFile):
        return {}
    return merges


# --- Child process entry point -----------------------------------------------------------
def _limit_self() -> None:
    import resource

    with open("/proc/self/statm") as statm:
        virtual_now = int(statm.read().split()[0]) * resource.getpagesize()
    limit = virtual_now + CHILD_EXTRA_MEMORY
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (CHILD_CPU_SECONDS, CHILD_CPU_SECONDS))


def _child_main() -> None:
    _limit_self()
    kind = sys.argv[1]
    data = sys.stdin.buffer.read()
    # Plain tuples only: classes defined in ``__main__`` would not unpickle in the parent.
    try:
        result: tuple = ("ok", [tuple(sheet) for sheet in read_sheets(data, kind)])
    except ReadFailure as exc:
        result = ("error", str(exc), exc.password)
    except MemoryError:
        result = ("error", "out of memory", False)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    _child_main()
