"""The one shape of every loader: read → locate tables → normalise → validate → tidy.

``run(source, kind)`` reads the workbook safely (``loaders.reading``), skips
hidden sheets and sheets without a recognisable header (cover sheets, notes), turns
each remaining table into parsed records, checks totals, validates, and hands the
records to ``loaders.tidy`` (a flow's rows outside the region that picture Flanders are
then marked as comparison data, ``loaders.places.mark_comparison``). Every problem of
every sheet is gathered before a single ``ValidationError`` is raised; warnings end up
in ``frame.attrs["warnings"]``.
"""

from __future__ import annotations

import pandas as pd

import kinds
from loaders.collector import collector_paused
from loaders.errors import Problem, ValidationError
from loaders.fields import Findings, parse_fields
from loaders.header import Table, locate_table, repeated_header
from loaders.pivot import resolve_row_labels
from loaders.places import mark_comparison
from loaders.reading import Workbook, read_workbook
from loaders.reshape import table_records
from loaders.tidy import tidy
from loaders.totals import check_total_columns, check_total_rows, drop_totals
from loaders.validate import check_rows, is_region_table, missing_columns
from reference import Region, load_region

MAX_BLOCKS = 100


def locate_tables(workbook: Workbook, kind: str, region: Region | None = None) -> list[Table]:
    """The data tables of a workbook: visible sheets with a recognisable header."""
    region = region or load_region()
    tables = []
    for sheet in workbook.sheets:
        if sheet.hidden or not sheet.rows:
            continue
        start = 0
        while (
            table := locate_table(sheet.name, sheet.rows, sheet.merged, kind, start)
        ) is not None:
            # One sheet may stack several tables, each with its title and header.
            stop = repeated_header(table)
            if stop is not None:
                table = locate_table(sheet.name, sheet.rows, sheet.merged, kind, start, stop)
            if table is not None:
                tables.append(resolve_row_labels(table, kind, region, sheet.indents))
            if stop is None or len(tables) > MAX_BLOCKS:
                break
            start = stop
    return tables


def _no_header_problem(kind: str) -> Problem:
    labels = ", ".join(f"'{c.label}'" for c in kinds.get(kind).columns)
    return Problem(
        "geen tabel met een herkenbare kopregel gevonden. Zet de kolomkoppen in één rij "
        f"boven de gegevens, met kolommen zoals {labels}.",
        code="no_header",
    )


def parse_workbook(
    workbook: Workbook, kind: str, region: Region, found: Findings, *, release: bool = False
) -> pd.DataFrame | None:
    """Parsed, validated records of every table (``None`` if a table lacks columns).

    With ``release`` (the workbook was read here and nobody else holds it) each sheet's
    raw rows are emptied as soon as its table is parsed: the peak memory drops, and the
    cells of person fields are gone before aggregation starts.
    """
    tables = locate_tables(workbook, kind, region)
    if release:
        used = {id(t.rows) for t in tables}
        for sheet in workbook.sheets:
            if id(sheet.rows) not in used:
                sheet.rows.clear()
    if not tables:
        found.problems.append(_no_header_problem(kind))
        return None
    parsed_tables = []
    for table in tables:
        found.warnings.extend(f"Blad '{table.sheet}': {note}" for note in table.notes)
        if missing_columns(table, kind, found):
            continue
        if is_region_table(table, kind):
            found.warnings.append(_region_warning(table, kind, region))
        records = table_records(table, kind, region)
        if records.excluded:
            found.warnings.append(_excluded_warning(table, records.excluded))
        if records.other_kind:
            found.warnings.append(
                f"Blad '{table.sheet}': {records.other_kind} rij(en) zonder "
                f"{kinds.get(kind).data_noun} (alle cijfers 0 of leeg, enkel gegevens van een "
                "andere soort) overgeslagen."
            )
        if records.long.empty:
            continue
        check_total_columns(table, kind, found.warnings, records)
        if release:  # the needed cells are copied out; the raw rows can go
            table.release()
        parsed = parse_fields(records, table, kind, region, found)
        parsed = check_total_rows(records.base, parsed, kind, region, found.warnings)
        parsed_tables.append(drop_totals(parsed))
    frame = pd.concat(parsed_tables, ignore_index=True) if parsed_tables else pd.DataFrame()
    if frame.empty and not found.problems:
        sheets = ", ".join(f"'{t.sheet}'" for t in tables)
        found.problems.append(
            Problem(
                f"geen gegevensrijen gevonden onder de kopregel (blad {sheets}).",
                tables[0].sheet,
                tables[0].header_row,
                code="no_data_rows",
            )
        )
    if frame.empty:
        return None
    check_rows(frame, kind, found)
    return None if found.problems else frame


def _region_warning(table: Table, kind: str, region: Region) -> str:
    spec = kinds.get(kind)
    scope = spec.scope
    named = " of ".join(spec.column(c).label.lower() for c in (scope.entity, scope.fallback) if c)
    within = "".join(f" (per {spec.column(c).label.lower()})" for c in scope.within)
    return (
        f"Blad '{table.sheet}': geen {named} vermeld, dus de cijfers gelden voor de hele regio "
        f"{region.code}. Ze vervangen bij het importeren alle {spec.data_noun} van dezelfde "
        f"perioden{within}."
    )


def _excluded_warning(table: Table, excluded: dict[str, int]) -> str:
    shown = ", ".join(f"'{value}' {count}" for value, count in list(excluded.items())[:10])
    return (
        f"Blad '{table.sheet}': {sum(excluded.values())} rij(en) niet meegeteld omdat hun "
        f"status zegt dat de start niet doorging ({shown})."
    )


@collector_paused
def run(
    source: object, kind: str, region: Region | None = None, *, owned: bool = False
) -> pd.DataFrame:
    """Load ``source`` as dataset ``kind``; raise ``ValidationError`` listing every problem.

    ``source`` may also be an already read ``Workbook``; ``owned=True`` says the caller
    no longer needs its rows (``loaders.load`` after detection), so they can be released.
    """
    owned = owned or not isinstance(source, Workbook)
    workbook = source if isinstance(source, Workbook) else read_workbook(source)
    name = workbook.name
    region = region or load_region()
    found = Findings()
    try:
        frame = parse_workbook(workbook, kind, region, found, release=owned)
        del workbook
        if frame is not None and not found.problems:
            frame = tidy(frame, found, kind, owned=True)
        if frame is not None and not found.problems and kinds.get(kind).is_flow:
            frame = mark_comparison(
                frame, region, found.warnings,
                unnamed_covers_all=kinds.get(kind).scope.unnamed_covers_all,
            )
    except ValidationError:
        raise
    except Exception as exc:  # a traceback must never reach staff
        found.problems.append(
            Problem(
                f"onverwachte fout bij het verwerken ({type(exc).__name__}). Controleer de opmaak "
                "van het bestand of bezorg het aan de beheerder.",
                code="unexpected_error",
            )
        )
        raise ValidationError(found.problems, name) from exc
    if found.problems:
        raise ValidationError(found.problems, name)
    frame = frame.reset_index(drop=True)
    frame.attrs = {"warnings": list(dict.fromkeys(found.warnings))}
    return frame
