"""Parse the raw cells of long records into typed fields, collecting every problem.

Periods come from whichever the table has — year, quarter and month columns, a
period or start-date column, a wide table's column header, or the year in the sheet
name or title — in that order of precedence. Numbers, municipalities, target groups
and the maatwerk kind are parsed here, column by column on unique values. Problems
name the sheet, Excel row and column letter; cell values of person fields are never
quoted (person fields never reach this module at all).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

import kinds
from loaders.columns import measure_names
from loaders.errors import Problem
from loaders.frames import gathered, put, stacked
from loaders.labels import canonical_groups, group_of, kind_of
from loaders.normalise import (
    categorical_of,
    clean_text,
    dutch_number,
    factorize,
    filled,
    is_blank,
    map_unique,
    text_key,
    to_categorical,
)
from loaders.numbers import parse_numbers
from loaders.periods import parse_part, parse_periods
from loaders.places import match_places
from loaders.profiles import age_bands, reader, start_dates
from loaders.reshape import Records, blank_mask, is_person_list
from loaders.table import Table
from reference import Region

MAX_PROBLEMS_PER_CHECK = 200
PARTS = ("year", "quarter", "month")
# Columns spread over a wide table's figures as codes (besides the kind's text keys).
CATEGORICAL = ("_sheet", "_col_year")


@dataclass
class Findings:
    """Problems (fatal) and warnings (Dutch sentences) gathered while loading."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def cells(self, records: pd.DataFrame, mask, letters, message, code, value=None) -> None:
        """One problem ``code`` per flagged record (capped): ``message(i)`` in Dutch and,
        where the message quotes the cell, ``value(i)``."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        for i in positions[:MAX_PROBLEMS_PER_CHECK]:
            letter = letters.iloc[i] if isinstance(letters, pd.Series) else letters
            letter = letter if isinstance(letter, str) and letter != "-" else None
            sheet, row = records["_sheet"].iat[i], int(records["_row"].iat[i])
            shown = value(i) if value is not None else None
            self.problems.append(Problem(message(i), sheet, row, letter, code=code, value=shown))
        if len(positions) > MAX_PROBLEMS_PER_CHECK:
            extra = len(positions) - MAX_PROBLEMS_PER_CHECK
            self.problems.append(
                Problem(
                    f"… en nog {extra} cellen met hetzelfde probleem.",
                    records["_sheet"].iat[0],
                    code=code,
                    count=extra,
                )
            )


def _shown(value: object) -> str:
    text = clean_text(value) or ""
    return text if len(text) <= 40 else text[:37] + "…"


def parse_fields(
    records: Records, table: Table, kind: str, region: Region, found: Findings
) -> pd.DataFrame:
    """Typed frame, one row per figure: periods, measures, places and labels.

    Keys are parsed once per table row (``records.base``) and only then spread over the
    figures of that row (``records.long``), so a wide table's labels are parsed once.
    """
    base, long = records.base, records.long
    kept = ("_sheet", "_row", "_total", "_named_total", "_identity", "_cover", "_path")
    keys = base[[c for c in kept if c in base]].copy()
    _key_periods(base, table, keys, found)
    _places(base, table, region, keys, found, quote=not is_person_list(table, kind))
    spec = kinds.get(kind)
    if "target_group" in spec.names:
        put(keys, "target_group", _target_groups(base, table, kind, found))
    if "kind" in spec.names:
        keys["kind"] = _kinds(base, table, found)
    for column in spec.profiles:
        put(keys, column.name, _profile(base, keys, table, kind, column.name, found))
    text_keys = [c.name for c in spec.columns if c.role == "key" and c.dtype == "string"]
    for name in text_keys:  # organisation, and any text key declared without a parser
        if name not in keys:
            put(keys, name, _text(base, name))
    for name in (*CATEGORICAL, *text_keys):
        if name in keys and not isinstance(keys[name].dtype, pd.CategoricalDtype):
            # spread codes, not strings, over the figures of a wide table
            keys[name] = to_categorical(keys[name].to_numpy(dtype=object))
    # Contiguous: every gather below would otherwise copy a strided index first.
    index = np.ascontiguousarray(long["_base"].to_numpy())
    # The period parts are completed per figure below, from these per-row ones.
    periods = {p: keys.pop(p).to_numpy() for p in PARTS}
    same_rows = len(index) == len(keys) and bool((index == np.arange(len(index))).all())
    grid = 0 if same_rows else _whole_grid(long, len(keys), records.periods)
    if same_rows:
        out = keys.reset_index(drop=True)
    else:
        out = stacked(keys, grid) if grid else gathered(keys, index)
    put(out, "_base", index)
    if "_member" in long:  # a crosstab's member: totals compare like with like
        put(out, "_member", long["_member"].to_numpy())
    _figure_periods(long, records.periods, table, periods, index, out, found, grid)
    for name in measure_names(kind):
        if name in long:
            _measure(long, name, kind, out, found)
            put(out, f"_col_{name}", long[f"_col_{name}"].array)
    return out


def _whole_grid(long: pd.DataFrame, rows: int, periods: np.ndarray | None) -> int:
    """The number of period groups when ``long`` holds every (group, row) pair of a
    table with ``rows`` rows, group by group (a complete wide table); else 0. Then each
    key column is the table's repeated, and each period part its group's, no gathers."""
    if periods is None or rows == 0 or len(long) != rows * len(periods):
        return 0
    groups = len(periods)
    base = long["_base"].to_numpy().reshape(groups, rows)
    group = long["_group"].to_numpy().reshape(groups, rows)
    if (base == np.arange(rows)).all() and (group == np.arange(groups)[:, None]).all():
        return groups
    return 0


def _letter(table: Table, name: str) -> str | None:
    column = table.named(name)
    return column.letter if column else None


def _key_periods(base: pd.DataFrame, table: Table, keys: pd.DataFrame, found: Findings) -> None:
    """Year, quarter and month from the table's own columns, in order of precedence."""
    parts: dict[str, np.ndarray | None] = dict.fromkeys(PARTS)
    sources: list[dict[str, np.ndarray]] = []
    # A totals row ("Totaal" under "Jaar" or "Maand") is dropped later; its label is
    # not a period to complain about.
    total = base["_total"].to_numpy(dtype=bool)
    reported = np.zeros(len(base), dtype=bool)
    # A period or start date stored as a plain number is an Excel date serial (44562).
    for name, dates in (("year", False), ("period", True), ("start_date", True)):
        if name in base:
            parsed, bad = parse_periods(base[name], dates=dates)
            reported |= bad & ~total
            found.cells(
                base,
                bad & ~total,
                _letter(table, name),
                lambda i, c=name: f"'{_shown(base[c].iat[i])}' is geen geldige periode.",
                "invalid_period",
                lambda i, c=name: _shown(base[c].iat[i]),
            )
            sources.append(parsed)
    for part in ("quarter", "month"):
        if part in base:
            parsed, bad = parse_part(base[part], part)
            noun = "geldig kwartaal (1 tot 4)" if part == "quarter" else "geldige maand (1 tot 12)"
            found.cells(
                base,
                bad & ~total,
                _letter(table, part),
                lambda i, c=part, w=noun: f"'{_shown(base[c].iat[i])}' is geen {w}.",
                f"invalid_{part}",
                lambda i, c=part: _shown(base[c].iat[i]),
            )
            sources.append({part: parsed})
            # "jan 2021" in a month column (or "2021-K1" in a quarter column) also
            # carries the year.
            full, _ = parse_periods(base[part], dates=True)
            sources.append({"year": full["year"]})
    # Plain integers, 0 for unknown (no period part is 0): the first source that gives
    # a part wins.
    for source in sources:
        for part, known in parts.items():
            if part in source:
                given = source[part]
                parts[part] = given if known is None else np.where(known > 0, known, given)
    for part, values in parts.items():
        put(keys, part, np.zeros(len(base), dtype=np.int64) if values is None else values)
    put(keys, "_bad_period", reported)  # already reported: not "no year found" as well
    letter = next((x for n in ("year", "period", "start_date") if (x := _letter(table, n))), None)
    codes = np.full(len(base), -1 if letter is None else 0)
    put(keys, "_col_year", pd.Categorical.from_codes(codes, [] if letter is None else [letter]))


_QUARTER_OF_MONTH = np.array([0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4], dtype=np.int64)


def _figure_periods(
    long: pd.DataFrame,
    header: np.ndarray | None,
    table: Table,
    own: dict[str, np.ndarray],
    index: np.ndarray,
    out: pd.DataFrame,
    found: Findings,
    grid: int = 0,
) -> None:
    """Complete each figure's period (``own`` as the table row's columns give it, 0 for
    unknown; ``index`` the row of each figure; ``header`` the parts per period group,
    ``Records.periods``): wide-table header, then sheet/title year; quarter from month;
    a quarter that contradicts the month is a problem. The parts go to ``out`` as Int64.
    ``grid``: the period groups when the figures are the whole grid (``_whole_grid``)."""
    # Plain integers with 0 for unknown (no period part is 0): a handful of numpy
    # operations per figure instead of nullable-array ones.
    # (As machine-size integers: numpy gathers several times faster by those.)
    group = long["_group"].to_numpy().astype(np.intp) if header is not None and not grid else None
    rows = len(index) // grid if grid else 0

    def spread(values: np.ndarray) -> np.ndarray:  # per period group → per figure
        return np.repeat(values, rows) if grid else values[group]

    # NOTE: when the header alone gives the periods (a wide table without period columns
    # of its own), every step below is done once per period group, then spread.
    by_group = header is not None and not any(own[part].any() for part in PARTS)
    parts = {}
    for k, part in enumerate(PARTS):
        if by_group:
            parts[part] = header[:, k]
            continue
        parts[part] = own[part][index]
        if header is not None:
            parts[part] = np.where(parts[part] > 0, parts[part], spread(header[:, k]))
    context = table.context
    if context is not None and context.year is not None:
        parts["year"] = np.where(parts["year"] > 0, parts["year"], context.year)
    if context is not None and context.quarter is not None:
        # A sheet per quarter ("2023 K1"): its rows are of that quarter (and month), as
        # long as they are of its year and give no finer period of their own.
        mine = (parts["year"] == context.year) if context.year is not None else True
        fill = mine & (parts["quarter"] == 0) & (parts["month"] == 0)
        parts["quarter"] = np.where(fill, context.quarter, parts["quarter"])
        if context.month is not None:
            parts["month"] = np.where(fill, context.month, parts["month"])
    derived = _QUARTER_OF_MONTH[np.clip(parts["month"], 0, 12)]  # 0 stays unknown
    clash = (parts["quarter"] > 0) & (derived > 0) & (parts["quarter"] != derived)
    if by_group:
        clash = spread(clash)
    found.cells(
        out,
        clash,
        _letter(table, "quarter"),
        lambda i: "kwartaal en maand spreken elkaar tegen.",
        "period_conflict",
    )
    parts["quarter"] = np.where(parts["quarter"] > 0, parts["quarter"], derived)
    for part, values in parts.items():
        if by_group:
            values = spread(values)
        put(out, part, pd.arrays.IntegerArray(values, values == 0))


def _measure(long, name, kind, out, found) -> None:
    values, bad = parse_numbers(long[name])
    column = kinds.get(kind).column(name)
    label = column.label
    letters = long[f"_col_{name}"]
    found.cells(
        out,
        bad,
        letters,
        lambda i: f"'{_shown(long[name].iat[i])}' is geen getal ({label}).",
        "not_a_number",
        lambda i: _shown(long[name].iat[i]),
    )
    numbers = values.to_numpy(dtype=np.float64)
    negative = numbers < 0
    found.cells(
        out,
        negative,
        letters,
        lambda i: f"{label} kan niet negatief zijn ({dutch_number(values.iat[i])}).",
        "negative_number",
        lambda i: dutch_number(values.iat[i]),
    )
    if column.dtype == "Int64":  # a count
        fraction = np.isfinite(numbers) & (numbers != np.floor(numbers))  # numpy: no pandas mod
        found.cells(
            out,
            fraction,
            letters,
            lambda i: f"{label} moet een geheel getal zijn ({dutch_number(values.iat[i])}).",
            "not_whole_number",
            lambda i: dutch_number(values.iat[i]),
        )
    put(out, name, numbers)
    put(out, f"_bad_{name}", bad.to_numpy())  # already reported: not "missing" as well


def _places(base, table, region, keys, found, quote: bool) -> None:
    """Municipality and NIS code from a name, postcode or NIS column: the first that is
    filled and recognised ("LICHTERVELDE" unknown by name, known by its NIS code)."""
    column = None
    for name in ("municipality", "postcode", "nis_code"):
        if name in base:
            if column is None:
                column = base[name]
                continue
            # NOTE: weak is a cell that gives no NIS code: empty, unknown, or a place the
            # region file names outside ("LILLE" read as the French city, while the
            # file's NIS code 13019 says the Flemish Lille).
            weak = match_places(column, region).nis_code.isna().to_numpy()
            other = ~pd.Series(map_unique(base[name], is_blank), dtype=bool).to_numpy()
            if (weak & other).any():  # categoricals of other values: mixed as objects
                column = column.astype(object).where(~(weak & other), base[name].astype(object))
    if column is None:
        keys["municipality"] = None
        keys["nis_code"] = None
        return
    match = match_places(column, region)
    keys["municipality"] = match.municipality.array
    keys["nis_code"] = match.nis_code.array
    if base["_total"].any():  # "Totaal W13" is a totals label, not an unknown place
        match = match_places(column[~base["_total"].to_numpy()], region)
    _outside_warning(column[~base["_total"].to_numpy()], match, region, table.sheet, quote, found)
    if match.unknown:
        sheet = table.sheet
        if quote:
            names = ", ".join(f"'{u}'" for u in match.unknown[:20])
            more = f" en nog {len(match.unknown) - 20}" if len(match.unknown) > 20 else ""
            found.warnings.append(
                f"Blad '{sheet}': {len(match.unknown)} plaatsnaam/-namen niet herkend "
                f"({names}{more}); die rijen staan onder '{region.outside_label}'."
            )
        else:
            found.warnings.append(
                f"Blad '{sheet}': {len(match.unknown)} plaatsnaam/-namen niet herkend; die "
                f"personen worden geteld onder '{region.outside_label}'."
            )


def _outside_warning(column, match, region: Region, sheet: str, quote: bool, found) -> None:
    """Say how many rows lie in known places outside the region (kept, not dropped)."""
    outside = (match.municipality == region.outside_label).to_numpy(dtype=bool)
    unknown = {u.casefold() for u in match.unknown}
    # Per distinct place, in order of first appearance, with its number of rows.
    codes, uniques = factorize(column[outside])
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    texts = [clean_text(v) or "" for v in uniques]
    places = {t: int(n) for t, n in zip(texts, counts, strict=True) if t.casefold() not in unknown}
    if not places:
        return
    rows = sum(places.values())
    where = f"buiten {region.code}"
    if quote:
        names = list(places)
        more = f" en nog {len(names) - 10}" if len(names) > 10 else ""
        shown = ", ".join(names[:10]) + more
        found.warnings.append(
            f"Blad '{sheet}': {rows} rij(en) {where} ({shown}) behouden als "
            f"'{region.outside_label}'."
        )
    else:  # a person list: its place cells may be addresses, never quoted
        found.warnings.append(
            f"Blad '{sheet}': {rows} persoon/personen {where} behouden als "
            f"'{region.outside_label}'."
        )


def _text(base: pd.DataFrame, name: str) -> pd.Categorical:
    """Cleaned display text of a column (categorical, missing for empty)."""
    if name not in base:
        return to_categorical(np.full(len(base), None, dtype=object))
    return categorical_of(base[name], clean_text)


def _target_groups(base, table, kind: str, found) -> np.ndarray:
    """The canonical target group of each row: from its column, else the one a title or
    filter line names ("Doelgroep: LDE"), else the declared value for "not given"."""
    missing = kinds.get(kind).column("target_group").missing
    if "target_group" not in base:
        guess = _guess_from_titles(table, canonical_groups())
        if guess is None:
            found.warnings.append(
                f"Blad '{table.sheet}': geen doelgroep vermeld (kolom, titel of filter); "
                f"gelezen als '{missing}'."
            )
        return to_categorical(np.full(len(base), guess or missing, dtype=object))
    unknown: set[str] = set()

    def canonical_of(value: object) -> str | None:
        text = clean_text(value)
        if text is None:
            return missing or None
        group = group_of(text)
        if group is None:
            unknown.add(text)
        return group or text

    groups = categorical_of(base["target_group"], canonical_of)
    if unknown:
        found.warnings.append(
            f"Blad '{table.sheet}': onbekende doelgroep(en) behouden zoals geschreven: "
            + ", ".join(f"'{_shown(u)}'" for u in sorted(unknown)[:20])
            + "."
        )
    blank = int(blank_mask(base["target_group"])[~base["_total"].to_numpy(dtype=bool)].sum())
    if blank and missing:
        found.warnings.append(
            f"Blad '{table.sheet}': {blank} rij(en) zonder doelgroep gelezen als '{missing}'."
        )
    return groups


def _guess_from_titles(table: Table, canonical: dict[str, str]) -> str | None:
    text = " " + text_key(" ".join((*table.titles, table.sheet))) + " "
    hits = {name for key, name in canonical.items() if len(key) > 2 and f" {key} " in text}
    return hits.pop() if len(hits) == 1 else None


def _kinds(base, table, found) -> np.ndarray:
    default = _kind_from_context(table)
    if "kind" not in base:
        if default is None:
            found.warnings.append(
                f"Blad '{table.sheet}': geen soort maatwerk vermeld; gelezen als collectief "
                "maatwerk."
            )
        return to_categorical(np.full(len(base), default or "collectief", dtype=object))
    raw = np.asarray(_text(base, "kind"), dtype=object)
    kinds = map_unique(pd.Series(raw, dtype=object), kind_of)
    bad = pd.isna(kinds) & ~pd.isna(raw)
    found.cells(
        base,
        bad,
        _letter(table, "kind"),
        lambda i: f"'{_shown(raw[i])}' is geen soort maatwerk (collectief of individueel).",
        "unknown_maatwerk_kind",
        lambda i: _shown(raw[i]),
    )
    kinds[pd.isna(kinds)] = default or "collectief"
    return to_categorical(kinds)


def _kind_from_context(table: Table) -> str | None:
    labels = " ".join(c.label for c in table.columns)
    kinds = {kind_of(t) for t in (*table.titles, table.sheet)} | {
        "collectief" if "cmw" in text_key(labels).split() else None,
        "individueel" if " im " in f" {text_key(labels)} " else None,
    }
    kinds.discard(None)
    return kinds.pop() if len(kinds) == 1 else None


def _profile(base, keys, table: Table, kind: str, name: str, found: Findings) -> pd.Categorical:
    """A profile column (age band, sex, education): the value its own cell names, else
    what a person's fields give (an age, a birth date and the start date, a register
    number), else "onbekend". Only the value is kept, never the cells it came from."""
    column = kinds.get(kind).column(name)
    values = None
    if name in base:
        unknown: set[str] = set()

        def value_of(cell: object) -> str | None:
            value = reader(kind, name)(cell)
            if value is None and (text := clean_text(cell)) is not None:
                unknown.add(text)
            return value

        values = categorical_of(base[name], value_of)
        if unknown:
            shown = ", ".join(f"'{_shown(u)}'" for u in sorted(unknown)[:10])
            found.warnings.append(
                f"Blad '{table.sheet}': {column.label.lower()} niet herkend ({shown}); "
                f"die rijen staan onder '{column.missing}'."
            )
    derived = _derived_profile(base, keys, name)
    if derived is not None:
        values = derived if values is None else filled(values, derived)
        if name == "age_band" and "_birth" in base:
            _unknown_ages_warning(base, values, table, column.missing, found)
    missing = pd.Categorical.from_codes(np.zeros(len(base), dtype=np.int8), [column.missing])
    return missing if values is None else filled(values, missing)


def _derived_profile(base, keys, name: str) -> pd.Categorical | None:
    """What a person list's own fields say of profile ``name`` (see
    ``loaders.profiles.person_traits``), missing where they say nothing."""
    if name == "sex":
        return base["_id_sex"].array if "_id_sex" in base else None
    if name != "age_band":
        return None
    bands = base["_age_band"].array if "_age_band" in base else None
    if "_birth" in base:
        birth = base["_birth"].to_numpy()
        start = start_dates(base["start_date"]) if "start_date" in base else np.zeros_like(birth)
        undated = start < 10_000
        if undated.any():  # a start known only by its period columns: its year and month
            start_by_period = keys["year"].to_numpy(dtype=np.int32) * 10_000
            if "month" in keys:
                start_by_period += keys["month"].to_numpy(dtype=np.int32) * 100
            start = np.where(undated, start_by_period, start)
        from_birth = age_bands(birth, start)
        bands = from_birth if bands is None else filled(bands, from_birth)
    return bands


def _unknown_ages_warning(base, values, table: Table, missing: str, found: Findings) -> None:
    """Say how many persons with a birth date got no age band (never which ones)."""
    dated = base["_birth"].to_numpy() >= 10_000
    persons = ~base["_total"].to_numpy(dtype=bool)
    undated = int((persons & ~dated & pd.isna(values)).sum())
    unknown = int((persons & dated & pd.isna(values)).sum())
    if undated:
        found.warnings.append(
            f"Blad '{table.sheet}': {undated} persoon/personen zonder leesbare geboortedatum; "
            f"hun leeftijdsgroep is '{missing}'."
        )
    if unknown:
        found.warnings.append(
            f"Blad '{table.sheet}': van {unknown} persoon/personen ligt de leeftijd bij de "
            f"start niet vast (geen startdatum, of geboren na de start); leeftijdsgroep "
            f"'{missing}'."
        )
