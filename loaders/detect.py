"""Tell which dataset kind a file holds — inflow, lde or maatwerk — from its content.

Each visible sheet's header is read with every dataset's synonym table. A header cell
that only one dataset knows as one of its own columns ("Instroom", "Doelgroep",
"cmw_aantal_vte", "Soort maatwerk") weighs most; cells several datasets know
("Contingent", "VTE") weigh less; words in titles, sheet names and headers
("instroom", "LDE", "maatwerk") add to it: a dataset's own name ("lokale
diensteneconomie", "maatwerk") weighs more than a generic measure word ("bezetting").
When LDE and maatwerk still tie, the size of the figures decides (an LDE organisation
employs a few to a few dozen FTE, a maatwerk company tens to hundreds). The evidence
of each kind is declared in ``kinds`` (``Kind.evidence``). The file name
only breaks the remaining ties.
"""

from __future__ import annotations

import numpy as np

import kinds
from loaders.columns import PIVOT_PREFIX, synonym_table
from loaders.errors import Problem, ValidationError
from loaders.header import HEADER_SCAN, find_header, to_grid
from loaders.labels import is_total_label
from loaders.normalise import clean_text, text_key
from loaders.numbers import parse_number_text
from loaders.periods import parse_period
from loaders.reading import Workbook, read_workbook

# The evidence of each kind is declared in ``kinds`` (``Kind.evidence``).
NAME_WEIGHT = 2.5
LEANING_WEIGHT = 0.75
SAMPLE_ROWS = 200


def _header_keys(workbook: Workbook) -> tuple[list[str], list[str]]:
    """Text keys of header cells (any dataset's best header) and of titles/sheet names."""
    headers: list[str] = []
    context: list[str] = []
    for sheet in workbook.sheets:
        if sheet.hidden or not sheet.rows:
            continue
        context.append(text_key(sheet.name))
        grid = to_grid(sheet.rows[: HEADER_SCAN + 2], sheet.merged)
        firsts = []
        for kind in kinds.NAMES:
            found = find_header(grid, kind)
            if found is None:
                continue
            first, last, _ = found
            firsts.append(first)
            for value in grid.iloc[first : last + 1].to_numpy().ravel():
                if clean_text(value):
                    headers.append(text_key(value))
        top = min(firsts) if firsts else min(len(grid), 10)
        above = [text_key(v) for v in grid.iloc[:top].to_numpy().ravel() if clean_text(v)]
        # A pivot table shows its measure above the header: "Som van Contingent".
        headers += [t for t in above if PIVOT_PREFIX.match(t)]
        context += above
    return list(dict.fromkeys(headers)), context


def scores(workbook: Workbook) -> dict[str, float]:
    """Evidence per dataset kind (higher is more likely); used by ``detect``."""
    headers, context = _header_keys(workbook)
    tables = {kind.name: synonym_table(kind.name) for kind in kinds.KINDS}
    result = dict.fromkeys(kinds.NAMES, 0.0)
    for key in headers:
        owners = [k.name for k in kinds.KINDS if tables[k.name].match(key) in k.own_columns]
        for name in owners:
            result[name] += 2.0 if len(owners) == 1 else 1.0
        for kind in kinds.KINDS:
            result[kind.name] += 0.5 * (key in kind.evidence.units)
    text = " " + " ".join(context + headers) + " "
    titles = " " + " ".join(context) + " "  # "Bezetting" heads LDE columns too
    file_name = f" {text_key(workbook.name or '')} "
    for kind in kinds.KINDS:
        evidence = kind.evidence
        for weight, words, where in (
            (NAME_WEIGHT, evidence.names, text),
            (LEANING_WEIGHT, evidence.leaning, titles),
        ):
            result[kind.name] += weight * any(f" {w} " in where or f" {w}_" in where for w in words)
        result[kind.name] += 0.25 * any(f" {w} " in file_name for w in evidence.names)
    return result


def _median_figure(workbook: Workbook, kind: str) -> float | None:
    """Median of the figures under ``kind``'s header of each sheet: its measure columns,
    else (a wide table) its period columns."""
    synonyms = synonym_table(kind)
    measures = set(kinds.get(kind).measures)
    values: list[float] = []
    for sheet in workbook.sheets:
        if sheet.hidden or not sheet.rows:
            continue
        grid = to_grid(sheet.rows[: HEADER_SCAN + 2], sheet.merged)
        found = find_header(grid, kind)
        if found is None:
            continue
        first, last, _ = found
        header = grid.iloc[first : last + 1].to_numpy().T
        columns = {
            i
            for i, cells in enumerate(header)
            if any(synonyms.match(v) in measures for v in cells if clean_text(v))
        } or {  # a wide table names its measure in the title: its period columns
            i
            for i, cells in enumerate(header)
            if any(parse_period(v) is not None and not is_total_label(v) for v in cells)
        }
        for row in sheet.rows[last + 1 : last + 1 + SAMPLE_ROWS]:
            for i in columns:
                if i < len(row) and (number := _number(row[i])) is not None:
                    values.append(number)
    return float(np.median(values)) if values else None


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value == value else None
    if isinstance(value, str):
        return parse_number_text(value)
    return None


def _break_stock_tie(workbook: Workbook, result: dict[str, float]) -> None:
    """Stock kinds tied at the top (LDE and maatwerk): the size of the figures decides,
    as each kind declares its typical median figure per row."""
    top = max(result.values())
    tied = [k for k in kinds.KINDS if result[k.name] == top]
    if top <= 0 or len(tied) < 2 or any(k.is_flow for k in tied):
        return
    median = _median_figure(workbook, tied[0].name)
    if median is None:
        return
    for kind in tied:
        low, high = kind.evidence.median_figure
        result[kind.name] += 0.1 * (low < median <= high)


def detect_workbook(workbook: Workbook) -> str:
    result = scores(workbook)
    _break_stock_tie(workbook, result)
    ranked = sorted(result.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top <= 0 or top == second:
        raise ValidationError(
            [
                Problem(
                    f"kan niet bepalen of dit bestand {kinds.nouns()} bevat: geen herkenbare "
                    f"kolomkoppen (zoals {_examples()}) of titel. Kies het soort gegevens zelf "
                    "bij het opladen.",
                    code="unknown_kind",
                )
            ],
            workbook.name,
        )
    return best


def _examples() -> str:
    """Header labels that tell the kinds apart: each kind's main measure and own keys."""
    labels = [
        kind.column(name).short
        for kind in kinds.KINDS
        for name in (kind.main_measure, *sorted(kind.evidence.own_columns & set(kind.keys)))
    ]
    return ", ".join(f"'{label}'" for label in dict.fromkeys(labels))


def detect(source: object) -> str:
    """The name of the kind a file holds (``kinds.NAMES``), from headers, titles and values.

    Raises ``ValidationError`` (Dutch) when the file cannot be read or its kind is unclear.
    """
    workbook = source if isinstance(source, Workbook) else read_workbook(source)
    return detect_workbook(workbook)
