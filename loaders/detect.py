"""Tell which dataset a file holds — inflow, lde or maatwerk — from its content.

Each visible sheet's header is read with every dataset's synonym table. A header cell
that only one dataset knows as one of its own columns ("Instroom", "Doelgroep",
"cmw_aantal_vte", "Soort maatwerk") weighs most; cells several datasets know
("Contingent", "VTE") weigh less; words in titles, sheet names and headers
("instroom", "LDE", "maatwerk") add to it: a dataset's own name ("lokale
diensteneconomie", "maatwerk") weighs more than a generic measure word ("bezetting").
When LDE and maatwerk still tie, the size of the figures decides (an LDE organisation
employs a few to a few dozen FTE, a maatwerk company tens to hundreds). The file name
only breaks the remaining ties.
"""

from __future__ import annotations

import numpy as np

from loaders.columns import KINDS, PIVOT_PREFIX, synonym_table
from loaders.errors import Problem, ValidationError
from loaders.header import HEADER_SCAN, find_header, is_total_label, to_grid
from loaders.normalise import clean_text, text_key
from loaders.numbers import parse_number_text
from loaders.periods import parse_period
from loaders.reading import Workbook, read_workbook

OWN_COLUMNS = {
    "inflow": {
        "inflow",
        "target_group",
        "start_date",
        "person_name",
        "person_id",
        "birth_date",
        "address",
    },
    "lde": {"fte", "contingent"},
    "maatwerk": {"places", "occupied", "kind"},
}
KEYWORDS = {
    "inflow": (
        "instroom",
        "instromers",
        "starters",
        "doelgroepwerknemers",
        "inflow",
        "nieuwe werknemers",
        "indiensttreding",
    ),
    "lde": ("lde", "lokale diensteneconomie", "lokale diensten economie", "diensteneconomie"),
    "maatwerk": (
        "maatwerk",
        "cmw",
        "maatwerkbedrijf",
        "maatwerkbedrijven",
        "maatwerkafdeling",
        "collectief maatwerk",
        "individueel maatwerk",
    ),
}
# Measure words that lean towards a dataset without naming it (LDE has a "bezetting" too).
LEANING = {"maatwerk": ("bezettingsgraad", "bezetting")}
NAME_WEIGHT = 2.5
LEANING_WEIGHT = 0.75
# Median figure per row above which a stock list is maatwerk rather than LDE (FTE).
LDE_MAX_TYPICAL_FTE = 30.0
SAMPLE_ROWS = 200
STOCK_MEASURES = {"fte", "contingent", "places", "occupied"}
TYPICAL = {
    "lde": {"vte", "fte", "aantal vte", "ingevulde vte"},
    "maatwerk": {"bezet", "bezetting", "plaatsen", "aantal plaatsen"},
}


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
        for kind in KINDS:
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
    tables = {kind: synonym_table(kind) for kind in KINDS}
    result = dict.fromkeys(KINDS, 0.0)
    for key in headers:
        owners = [k for k in KINDS if tables[k].match(key) in OWN_COLUMNS[k]]
        for kind in owners:
            result[kind] += 2.0 if len(owners) == 1 else 1.0
        for kind, words in TYPICAL.items():
            result[kind] += 0.5 * (key in words)
    text = " " + " ".join(context + headers) + " "
    titles = " " + " ".join(context) + " "  # "Bezetting" heads LDE columns too
    for weight, table, where in ((NAME_WEIGHT, KEYWORDS, text), (LEANING_WEIGHT, LEANING, titles)):
        for kind, words in table.items():
            result[kind] += weight * any(f" {w} " in where or f" {w}_" in where for w in words)
    name = f" {text_key(workbook.name or '')} "
    for kind, words in KEYWORDS.items():
        result[kind] += 0.25 * any(f" {w} " in name for w in words)
    return result


def _median_figure(workbook: Workbook) -> float | None:
    """Median of the FTE / contingent / places cells under the stock header of each sheet."""
    synonyms = synonym_table("lde")
    values: list[float] = []
    for sheet in workbook.sheets:
        if sheet.hidden or not sheet.rows:
            continue
        grid = to_grid(sheet.rows[: HEADER_SCAN + 2], sheet.merged)
        found = find_header(grid, "lde")
        if found is None:
            continue
        first, last, _ = found
        header = grid.iloc[first : last + 1].to_numpy().T
        columns = {
            i
            for i, cells in enumerate(header)
            if any(synonyms.match(v) in STOCK_MEASURES for v in cells if clean_text(v))
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


def detect_workbook(workbook: Workbook) -> str:
    result = scores(workbook)
    if result["lde"] == result["maatwerk"] > max(result["inflow"], 0):
        median = _median_figure(workbook)
        if median is not None:
            result["maatwerk" if median > LDE_MAX_TYPICAL_FTE else "lde"] += 0.1
    ranked = sorted(result.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top <= 0 or top == second:
        raise ValidationError(
            [
                Problem(
                    "kan niet bepalen of dit bestand instroom, LDE of maatwerk bevat: geen "
                    "herkenbare kolomkoppen (zoals 'Instroom', 'Doelgroep', 'VTE', 'Contingent', "
                    "'Bezet') of titel. Kies het soort gegevens zelf bij het opladen."
                )
            ],
            workbook.name,
        )
    return best


def detect(source: object) -> str:
    """``"inflow"``, ``"lde"`` or ``"maatwerk"`` for a file, from headers, titles and values.

    Raises ``ValidationError`` (Dutch) when the file cannot be read or its kind is unclear.
    """
    workbook = source if isinstance(source, Workbook) else read_workbook(source)
    return detect_workbook(workbook)
