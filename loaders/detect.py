"""Tell which dataset kind a file holds — inflow, lde or maatwerk — from its content only.

The file name never counts: the same file as a path, as bytes or as a nameless file
object gets the same answer. Each visible sheet's table is located once per kind, and
the evidence is weighed, strongest first:

- header cells naming a column only one kind has ("Instroom", "Doelgroep",
  "cmw_aantal_vte", "Soort maatwerk") weigh most; cells several kinds know
  ("Contingent", "VTE") less;
- a kind's own name in a header cell ("lde_aantal_vte") weighs more than in a title
  or sheet name ("Lokale diensteneconomie 2022"), and more than a generic measure word
  in a title ("bezetting");
- units in header cells: VTE and places mean stocks, persons and starters inflow; in a
  title ("Ingevulde VTE per organisatie" over organisations as columns) half as much;
- a pivot's filter field above the table naming a column only one kind has
  ("Doelgroep | LDE": LDE is then a target group, the file is inflow);
- a crosstab's members (municipalities, target groups, maatwerk kinds as columns)
  count for the kinds that have such a column, and are never read as a kind's name
  ("LDE | CMW | Arbeidszorg" over inflow is three target groups);
- when two stock kinds still tie, the figures decide: which kind's own columns hold
  more figures (a WSE export with ``cmw_`` and ``lde_`` columns), then their size
  (an LDE organisation employs a few to a few dozen FTE, a maatwerk company hundreds).

A tie that the figures cannot break gives the best guess (the kinds' order), marked
as not sure; only a file without any evidence has no kind. The evidence of each kind
is declared in ``kinds`` (``Kind.evidence``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import kinds
from loaders.columns import PIVOT_PREFIX, synonym_table
from loaders.errors import Problem, ValidationError
from loaders.header import HEADER_SCAN, Table, locate_table, to_grid
from loaders.normalise import clean_text, text_key
from loaders.numbers import parse_number_text
from loaders.reading import Workbook, read_workbook
from reference import load_region

HEADER_NAME_WEIGHT = 3.0
TITLE_NAME_WEIGHT = 2.0
LEANING_WEIGHT = 0.75
UNIT_WEIGHT = 0.5
TITLE_UNIT_WEIGHT = 0.25
MEMBER_WEIGHT = 1.0
FILTER_WEIGHT = 1.0
SURE_MARGIN = 0.5  # a smaller lead (a tie settled by the figures) is a guess
SAMPLE_ROWS = 200


@dataclass(frozen=True)
class Guess:
    """What ``guess`` makes of a file: the kinds from most to least likely."""

    ranking: tuple[str, ...]
    scores: dict[str, float]
    sure: bool  # the best kind leads clearly on evidence, not by a tie-break

    @property
    def kind(self) -> str | None:
        """The best kind, or None when nothing in the file points at any kind."""
        return self.ranking[0] if self.scores[self.ranking[0]] > 0 else None


@dataclass
class _Evidence:
    headers: list[str]  # text keys of header cells (no crosstab members)
    context: list[str]  # text keys of titles and sheet names
    tables: dict[str, list[Table]]  # per kind, its located tables
    grids: dict[str, list]  # per kind, the sampled rows under each table's header


def _gather(workbook: Workbook) -> _Evidence:
    region = load_region()
    evidence = _Evidence([], [], {k: [] for k in kinds.NAMES}, {k: [] for k in kinds.NAMES})
    members: set[str] = set()
    for sheet in workbook.sheets:
        if sheet.hidden or not sheet.rows:
            continue
        evidence.context.append(text_key(sheet.name))
        rows = sheet.rows[: HEADER_SCAN + 2 + SAMPLE_ROWS]
        grid = to_grid(sheet.rows[: HEADER_SCAN + 2], sheet.merged)
        tops = []
        for kind in kinds.NAMES:
            table = locate_table(sheet.name, rows, sheet.merged, kind, region=region)
            if table is None:
                continue
            evidence.tables[kind].append(table)
            evidence.grids[kind].append(rows[table.header_row :])
            members |= {text_key(text) for _, text in table.members}
            tops.append(table.top)
            for value in grid.iloc[table.top : table.header_row].to_numpy().ravel():
                if clean_text(value):
                    evidence.headers.append(text_key(value))
        top = min(tops) if tops else min(len(grid), 10)
        above = [text_key(v) for v in grid.iloc[:top].to_numpy().ravel() if clean_text(v)]
        # A pivot table shows its measure above the header: "Som van Contingent".
        evidence.headers += [t for t in above if PIVOT_PREFIX.match(t)]
        evidence.context += above
    evidence.headers = [h for h in dict.fromkeys(evidence.headers) if h not in members]
    return evidence


def scores(workbook: Workbook) -> dict[str, float]:
    """Evidence per dataset kind (higher is more likely), before any tie-break."""
    return _scores(_gather(workbook))


def _scores(evidence: _Evidence) -> dict[str, float]:
    tables = {kind.name: synonym_table(kind.name) for kind in kinds.KINDS}
    result = dict.fromkeys(kinds.NAMES, 0.0)
    for key in evidence.headers:
        owners = [k.name for k in kinds.KINDS if tables[k.name].match(key) in k.own_columns]
        for name in owners:
            result[name] += 2.0 if len(owners) == 1 else 1.0
        if len(owners) == 1:
            continue  # "cmw_aantal_vte" is maatwerk's own: its "vte" says nothing more
        words = set(key.split())
        for kind in kinds.KINDS:
            result[kind.name] += UNIT_WEIGHT * bool(words & kind.evidence.units)
    for key in evidence.context:
        # A pivot's filter field above the table ("Doelgroep | LDE") is a column, weakly.
        owners = [k.name for k in kinds.KINDS if tables[k.name].get(key) in k.own_columns]
        if len(owners) == 1:
            result[owners[0]] += FILTER_WEIGHT
    headers = " " + " ".join(evidence.headers) + " "
    titles = " " + " ".join(evidence.context) + " "
    for kind in kinds.KINDS:
        names = kind.evidence.names
        if _mentions(headers, names):
            result[kind.name] += HEADER_NAME_WEIGHT
        elif _mentions(titles, names):
            result[kind.name] += TITLE_NAME_WEIGHT
        result[kind.name] += LEANING_WEIGHT * _mentions(titles, kind.evidence.leaning)
        result[kind.name] += TITLE_UNIT_WEIGHT * _mentions(titles, tuple(kind.evidence.units))
        dimensions = {d for t in evidence.tables[kind.name] for d, _ in t.members}
        result[kind.name] += MEMBER_WEIGHT * len(dimensions)
    return result


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    return any(f" {w} " in text or f" {w}_" in text for w in words)


def _figures(evidence: _Evidence, kind: str) -> list[float]:
    """The figures under ``kind``'s measure columns (or its wide table's value columns)."""
    measures = set(kinds.get(kind).measures)
    values: list[float] = []
    for table, rows in zip(evidence.tables[kind], evidence.grids[kind], strict=True):
        columns = {c.index for c in table.columns if c.name in measures} or {
            c.index for c in table.value_columns
        }
        for row in rows:
            for i in columns:
                if i < len(row) and (number := _number(row[i])) is not None:
                    values.append(number)
    return values


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value == value else None
    if isinstance(value, str):
        return parse_number_text(value)
    return None


def _break_stock_tie(evidence: _Evidence, result: dict[str, float]) -> None:
    """Stock kinds tied at the top (LDE and maatwerk): the figures decide.

    First which kind's own columns hold more figures other than zero (a WSE export
    gives ``cmw_`` and ``lde_`` columns side by side); then the size of the figures,
    as each kind declares its typical median figure per row.
    """
    top = max(result.values())
    tied = [k for k in kinds.KINDS if result[k.name] == top]
    if top <= 0 or len(tied) < 2 or any(k.is_flow for k in tied):
        return
    figures = {k.name: _figures(evidence, k.name) for k in tied}
    filled = {name: sum(v != 0 for v in values) for name, values in figures.items()}
    if len(set(filled.values())) > 1:
        for name, count in filled.items():
            result[name] += 0.2 * (count == max(filled.values()))
        return
    values = figures[tied[0].name]
    if not values:
        return
    median = float(np.median(values))
    for kind in tied:
        low, high = kind.evidence.median_figure
        result[kind.name] += 0.1 * (low < median <= high)


def guess_workbook(workbook: Workbook) -> Guess:
    """The kinds ranked by the evidence in ``workbook`` (see the module docstring)."""
    evidence = _gather(workbook)
    result = _scores(evidence)
    plain = dict(result)
    _break_stock_tie(evidence, result)
    # NOTE: sorted() is stable, so a tie keeps the kinds' declared order: the best guess.
    ranking = tuple(sorted(kinds.NAMES, key=lambda name: -result[name]))
    best, second = ranking[0], ranking[1]
    sure = plain[best] - plain[second] >= SURE_MARGIN
    return Guess(ranking, result, sure)


def detect_workbook(workbook: Workbook) -> str:
    """The best kind of ``workbook``; ``ValidationError`` only when nothing points at any."""
    found = guess_workbook(workbook)
    if found.kind is None:
        raise unknown_kind(workbook.name)
    return found.kind


def unknown_kind(name: str | None) -> ValidationError:
    return ValidationError(
        [
            Problem(
                f"kan niet bepalen of dit bestand {kinds.nouns()} bevat: geen herkenbare "
                f"kolomkoppen (zoals {_examples()}) of titel. Kies het soort gegevens zelf "
                "bij het opladen.",
                code="unknown_kind",
            )
        ],
        name,
    )


def _examples() -> str:
    """Header labels that tell the kinds apart: each kind's main measure and own keys."""
    labels = [
        kind.column(name).short
        for kind in kinds.KINDS
        for name in (kind.main_measure, *sorted(kind.evidence.own_columns & set(kind.keys)))
    ]
    return ", ".join(f"'{label}'" for label in dict.fromkeys(labels))


def guess(source: object) -> Guess:
    """The kinds ranked for a file (path, bytes, file object or ``Workbook``).

    The file's own problems (empty, encrypted, not a spreadsheet, too large) raise their
    ``ValidationError`` first, before any question about its kind.
    """
    workbook = source if isinstance(source, Workbook) else read_workbook(source)
    return guess_workbook(workbook)


def detect(source: object) -> str:
    """The name of the kind a file holds (``kinds.NAMES``), from headers, titles and values.

    Raises ``ValidationError`` (Dutch) when the file cannot be read, or when nothing in it
    points at any kind; a tie gives the best guess (see ``guess`` for how sure it is).
    """
    workbook = source if isinstance(source, Workbook) else read_workbook(source)
    return detect_workbook(workbook)
