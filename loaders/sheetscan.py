"""Find the largest row and column a worksheet part really uses, at byte-search speed.

calamine sizes its dense grid from the cells' ``r`` references, so one crafted cell at
``XFD1048576`` makes it allocate billions of cells. We must know the maxima before it
runs, without a per-cell Python loop (a 100,000-row sheet has 800,000 cells).

How: inside ``<sheetData>``, the last ``<row r="…">`` tag and the first row's cells seed
the maxima (rows ascend in real files); then one regex finds only the cells whose
reference is *greater* than those maxima, or malformed (built per bound, so a normal
sheet yields no matches and costs one C-level pass).
This relies on the regular layout every real writer uses (``<c r="A1"``, uppercase,
double quotes, no namespace prefix). Anything else sets ``irregular``: the caller then
parses the file in a resource-limited child process instead of trusting this scan.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

_ROW_REF = re.compile(rb'<row r="(\d+)"')
_RANGE_REF = re.compile(rb"\$?([A-Za-z]{1,7})\$?(\d{1,10})")
_DIMENSION = re.compile(rb'<dimension ref="([^"]*)"')


def column_number(letters: bytes | str) -> int:
    """Excel letters → 1-based column number (``A`` → 1, ``XFD`` → 16384)."""
    text = letters.decode("ascii", "replace") if isinstance(letters, bytes) else letters
    number = 0
    for char in text.upper():
        number = number * 26 + ord(char) - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def contains_pair(body: bytes, pair: bytes, start: int = 0, stop: int | None = None) -> bool:
    """``pair in body[start:stop]`` for a two-byte ``pair``, about twice as fast on megabytes.

    ``bytes.find`` walks a two-byte needle byte by byte; comparing the body as 16-bit
    words, at even and at odd offsets, is two vectorised passes.
    """
    stop = len(body) if stop is None else stop
    if stop - start < 4096:
        return body.find(pair, start, stop) >= 0
    key = int.from_bytes(pair, "little")
    even = np.frombuffer(body, "<u2", offset=start, count=(stop - start) // 2)
    odd = np.frombuffer(body, "<u2", offset=start + 1, count=(stop - start - 1) // 2)
    return bool((even == key).any() or (odd == key).any())


def declared_dimension(body: bytes) -> tuple[int, int] | None:
    """``(last_row, last_column)`` of ``<dimension ref="A1:H100">``, 1-based, if present."""
    found = _DIMENSION.search(body) if b"<dimension" in body else None
    refs = _RANGE_REF.findall(found.group(1)) if found else []
    if not refs:
        return None
    letters, digits = refs[-1]
    return int(digits), column_number(letters)


@lru_cache(maxsize=256)
def _greater_pattern(max_row: int, max_column: int) -> re.Pattern[bytes]:
    """Regex for cells whose reference is not plainly ≤ (``max_row``, ``max_column``):
    larger, malformed, or a ``<c`` without ``r`` first. In bounds, it does not match."""
    return _outside(str(max_row), _column_letters(max_column))


@lru_cache(maxsize=256)
def _coarse_pattern(max_row: int, max_column: int) -> tuple[re.Pattern[bytes], int, int]:
    """A leaner regex that only proves refs ≤ a rounded-up bound; returns it and the bound.

    Rows are bounded by their digit count and leading digit (100,000 → 199,999), columns
    by their letter count and first letter (``AD`` → ``AZ``): at most twice the real
    maximum, for a regex with fewer alternatives than the exact one.
    """
    digits = str(max_row)
    rows = digits[0] + "9" * (len(digits) - 1)
    letters = _column_letters(max_column)
    columns = letters[:1] + "Z" * (len(letters) - 1)
    return _outside(rows, columns), int(rows), column_number(columns) if columns else 0


def _outside(rows: str, columns: str) -> re.Pattern[bytes]:
    # NOTE: one negative lookahead per ``<c``: a plain in-bounds reference fails at once,
    # so a normal sheet yields no match and costs one C-level pass (about twice as fast
    # as spelling out every larger reference). ``<c>`` or ``<c t=…`` match too: the
    # caller reads every match whole and calls what it cannot read irregular.
    inside = _at_most(columns, "A", "Z", "[A-Z]") + _at_most(rows, "1", "9", r"\d")
    return re.compile(b'<c(?! r="(?:' + inside.encode() + b')")')


def _at_most(bound: str, low: str, high: str, any_char: str) -> str:
    """Regex (a group) for the strings of ``[low-high]`` symbols, no leading ``low`` below
    its first place, that compare ≤ ``bound`` as numbers (digits) or column letters."""
    if not bound:
        return "(?!)"
    options = []
    for i, char in enumerate(bound):
        floor = low if i == 0 else ("0" if low == "1" else low)
        rest = len(bound) - i - 1
        tail = f"{any_char}{{{rest}}}" if rest else ""
        if set(bound[i + 1 :]) <= {high}:  # everything below this place is free
            options.append(f"{bound[:i]}[{floor}-{char}]{tail}")
            break
        if char > floor:
            options.append(f"{bound[:i]}[{floor}-{chr(ord(char) - 1)}]{tail}")
    if len(bound) > 1:
        first = "[1-9]" if low == "1" else any_char
        shorter = f"{first}{any_char}{{0,{len(bound) - 2}}}+"  # possessive: no backtracking
        # The alternative most references take goes first (fewer failed tries per cell):
        # the full length when the bound's first place is past the lowest but one
        # (199,999 rows: most have 6 digits), else the shorter ones (100,004 rows).
        options = [*options, shorter] if bound[0] > low else [shorter, *options]
    return "(?:" + "|".join(options) + ")"


_CELL_REF = re.compile(rb'<c r="([A-Z]+)(\d+)"')


class SheetScan:
    """Running maxima over one worksheet part, fed in chunks that end before a ``<``."""

    def __init__(self, cell_budget: int, strict: bool = True) -> None:
        # ``strict``: the part is a worksheet by name, so it must show a plain <sheetData.
        self.strict = strict
        self.cell_budget = cell_budget
        self.max_row = 0  # largest row / column actually seen (seeds and matches)
        self.max_column = 0
        self._bound = (0, 0)  # what the scans so far prove about every reference
        self.irregular = False
        self._in_data = False
        self._seen_data = False
        self._seed = (0, 0)
        self.merged = 0  # <mergeCell> elements, counted outside <sheetData> only

    def feed(self, body: bytes) -> None:
        """Scan one chunk; only the parts inside ``<sheetData>`` can hold cells."""
        if self.max_column == 0 and (dimension := declared_dimension(body)):
            # A seed only: it makes the "greater than" search cheap; real maxima still rule.
            self._seed = dimension
        position = 0
        while position < len(body):
            if not self._in_data:
                start = body.find(b"<sheetData", position)
                outside = len(body) if start < 0 else start
                self.merged += body.count(b"<mergeCell ", position, outside)
                # Namespace-prefixed elements (.NET's OpenXML SDK writes ``<x:c>``) are legal
                # but invisible to the byte patterns; inside the data, ``_scan_data`` sees
                # a prefixed cell, so only the stretches outside it are searched here.
                if body.find(b":sheetData", position, outside) >= 0:
                    self.irregular = True
                if start < 0:
                    return
                self._seen_data = True
                if body.startswith(b"<sheetData/>", start):
                    position = start + 12
                    continue
                self._in_data, position = True, start
            end = body.find(b"</sheetData>", position)
            stop = len(body) if end < 0 else end
            self._scan_data(body, position, stop)
            if end < 0:
                return
            self._in_data, position = False, end + 12

    def _scan_data(self, data: bytes, start: int, stop: int) -> None:
        """Scan ``data[start:stop]``, a stretch inside ``<sheetData>`` (never copied)."""
        # calamine places a cell by its own ``r``; ``<row r>`` only seeds the bound (rows
        # ascend in real files, so the last one is the maximum and nothing lies beyond).
        if contains_pair(data, b":c", start, stop):  # a prefixed ``<x:c`` hides from patterns
            self.irregular = True
            return
        last_row = _ROW_REF.match(data, max(data.rfind(b'<row r="', start, stop), start))
        if last_row:
            self.max_row = max(self.max_row, int(last_row.group(1)))
        if self.max_column == 0 and data.find(b"<c", start, stop) >= 0:
            seed_row, seed_column = self._seed
            end = data.find(b"</row>", start, stop)
            first_row = data[start : stop if end < 0 else end + 1]
            widest = [column_number(letters) for letters, _ in _CELL_REF.findall(first_row)]
            self.max_column = max([min(seed_column, 16_384), *widest])
            self.max_row = max(self.max_row, min(seed_row, 1_048_576))
        pattern, row_bound, column_bound = _coarse_pattern(self.max_row, self.max_column)
        if row_bound * column_bound > self.cell_budget:
            # The rounded bound could refuse a large legitimate sheet: prove exact maxima.
            pattern, row_bound, column_bound = (
                _greater_pattern(self.max_row, self.max_column),
                self.max_row,
                self.max_column,
            )
        self._bound = (max(self._bound[0], row_bound), max(self._bound[1], column_bound))
        for match in pattern.finditer(data, start, stop):
            # A ``<c`` the pattern cannot vouch for: read its reference whole.
            cell = _CELL_REF.match(data, match.start())
            if cell is None:  # no ``r`` first, lowercase, or trailing junk in the reference
                self.irregular = True
                return
            letters, digits = cell.groups()
            self.max_row = max(self.max_row, int(digits))
            self.max_column = max(self.max_column, column_number(letters))

    def finish(self) -> None:
        """Call after the last chunk: a part without a plain ``<sheetData`` is not vouched for."""
        if self.strict and not self._seen_data:
            self.irregular = True

    def shape(self) -> tuple[int, int]:
        """Proven upper bounds ``(rows, columns)`` counted from A1 (at most 2× the real ones)."""
        return max(self._bound[0], self.max_row), max(self._bound[1], self.max_column)
