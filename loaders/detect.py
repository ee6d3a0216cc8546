"""Tell which dataset a file holds — inflow, lde or maatwerk — from its content.

Each visible sheet's header is read with every dataset's synonym table. A header cell
that only one dataset knows as one of its own columns ("Instroom", "Doelgroep",
"cmw_aantal_vte", "Soort maatwerk") weighs most; cells several datasets know
("Contingent", "VTE") weigh less; words in titles, sheet names and headers
("instroom", "LDE", "maatwerk") add to it. The file name only breaks ties.
"""

from __future__ import annotations

from loaders.columns import KINDS, synonym_table
from loaders.errors import Problem, ValidationError
from loaders.header import HEADER_SCAN, find_header, to_grid
from loaders.normalise import clean_text, text_key
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
        "bezettingsgraad",
        "bezetting",
    ),
}
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
        context += [text_key(v) for v in grid.iloc[:top].to_numpy().ravel() if clean_text(v)]
    return list(dict.fromkeys(headers)), context


def scores(workbook: Workbook) -> dict[str, float]:
    """Evidence per dataset kind (higher is more likely); used by ``detect``."""
    headers, context = _header_keys(workbook)
    tables = {kind: synonym_table(kind) for kind in KINDS}
    result = dict.fromkeys(KINDS, 0.0)
    for key in headers:
        owners = [k for k in KINDS if tables[k].get(key) in OWN_COLUMNS[k]]
        for kind in owners:
            result[kind] += 2.0 if len(owners) == 1 else 1.0
        for kind, words in TYPICAL.items():
            result[kind] += 0.5 * (key in words)
    text = " " + " ".join(context + headers) + " "
    for kind, words in KEYWORDS.items():
        result[kind] += 1.5 * any(f" {w} " in text or f" {w}_" in text for w in words)
    name = f" {text_key(workbook.name or '')} "
    for kind, words in KEYWORDS.items():
        result[kind] += 0.25 * any(f" {w} " in name for w in words)
    return result


def detect_workbook(workbook: Workbook) -> str:
    result = scores(workbook)
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
