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

from loaders.columns import spec_of
from loaders.errors import Problem
from loaders.header import Table
from loaders.normalise import clean_text, dutch_number, text_key
from loaders.numbers import parse_numbers
from loaders.periods import parse_part, parse_periods
from loaders.places import match_places
from loaders.reshape import is_person_list, measure_names
from reference import Region, target_groups

MAX_PROBLEMS_PER_CHECK = 200
COLLECTIVE_WORDS = (
    "collectief",
    "cmw",
    "maatwerkbedrijf",
    "maatwerkafdeling",
    "bedrijf",
    "afdeling",
    "sociale werkplaats",
    "beschutte werkplaats",
    "maatwerkbedrijven",
)
INDIVIDUAL_WORDS = ("individueel", "im", "individuele")


@dataclass
class Findings:
    """Problems (fatal) and warnings (Dutch sentences) gathered while loading."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def cells(self, records: pd.DataFrame, mask, letters, message) -> None:
        """One problem per flagged record (capped), ``message(value)`` in Dutch."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        for i in positions[:MAX_PROBLEMS_PER_CHECK]:
            letter = letters.iloc[i] if isinstance(letters, pd.Series) else letters
            letter = letter if isinstance(letter, str) else None
            value = message(i)
            self.problems.append(
                Problem(value, records["_sheet"].iat[i], int(records["_row"].iat[i]), letter)
            )
        if len(positions) > MAX_PROBLEMS_PER_CHECK:
            extra = len(positions) - MAX_PROBLEMS_PER_CHECK
            self.problems.append(
                Problem(
                    f"… en nog {extra} cellen met hetzelfde probleem.", records["_sheet"].iat[0]
                )
            )


def _shown(value: object) -> str:
    text = clean_text(value) or ""
    return text if len(text) <= 40 else text[:37] + "…"


def parse_fields(
    records: pd.DataFrame, table: Table, kind: str, region: Region, found: Findings
) -> pd.DataFrame:
    """Typed frame of a table's records: periods, measures, places and labels."""
    out = records[["_sheet", "_row", "_total"]].copy()
    _periods(records, table, out, found)
    for name in measure_names(kind):
        if name in records:
            _measure(records, name, kind, out, found)
            out[f"_col_{name}"] = records[f"_col_{name}"]
    _places(records, table, region, out, found, quote=not is_person_list(table, kind))
    out["organisation"] = _text(records, "organisation")
    if kind == "inflow":
        out["target_group"] = _target_groups(records, table, found)
    if kind == "maatwerk":
        out["kind"] = _kinds(records, table, found)
    return out


def _letter(table: Table, name: str) -> str | None:
    column = table.named(name)
    return column.letter if column else None


def _periods(records: pd.DataFrame, table: Table, out: pd.DataFrame, found: Findings) -> None:
    n = len(records)
    parts = {
        p: pd.Series(pd.array([None] * n, dtype="Int64"), index=records.index)
        for p in ("year", "quarter", "month")
    }
    sources: list[pd.DataFrame] = []
    for name, dates in (("year", False), ("period", False), ("start_date", True)):
        if name in records:
            parsed, bad = parse_periods(records[name], dates=dates)
            found.cells(
                records,
                bad,
                _letter(table, name),
                lambda i, c=name: f"'{_shown(records[c].iat[i])}' is geen geldige periode.",
            )
            sources.append(parsed)
    for part in ("quarter", "month"):
        if part in records:
            parsed, bad = parse_part(records[part], part)
            noun = "kwartaal (1 tot 4)" if part == "quarter" else "maand (1 tot 12)"
            found.cells(
                records,
                bad,
                _letter(table, part),
                lambda i, c=part, w=noun: f"'{_shown(records[c].iat[i])}' is geen geldig {w}.",
            )
            sources.append(pd.DataFrame({part: parsed}))
    if "_hdr_year" in records:
        sources.append(
            records[["_hdr_year", "_hdr_quarter", "_hdr_month"]]
            .set_axis(["year", "quarter", "month"], axis=1)
            .astype("Int64")
        )
    for source in sources:
        for part in parts:
            if part in source:
                parts[part] = parts[part].fillna(source[part])
    if table.context_year is not None:
        parts["year"] = parts["year"].fillna(table.context_year)
    derived = (parts["month"] - 1) // 3 + 1
    clash = (parts["quarter"].notna() & derived.notna() & (parts["quarter"] != derived)).to_numpy(
        dtype=bool, na_value=False
    )
    found.cells(
        records,
        clash,
        _letter(table, "quarter"),
        lambda i: "kwartaal en maand spreken elkaar tegen.",
    )
    parts["quarter"] = parts["quarter"].fillna(derived)
    for part, values in parts.items():
        out[part] = values.astype("Int64")
    out["_col_year"] = next(
        (letter for n in ("year", "period", "start_date") if (letter := _letter(table, n))), None
    )


def _measure(records, name, kind, out, found) -> None:
    values, bad = parse_numbers(records[name])
    label = spec_of(kind, name).label
    letters = records[f"_col_{name}"]
    found.cells(
        records,
        bad,
        letters,
        lambda i: f"'{_shown(records[name].iat[i])}' is geen getal ({label}).",
    )
    negative = (values < 0).to_numpy()
    found.cells(
        records,
        negative,
        letters,
        lambda i: f"{label} kan niet negatief zijn ({dutch_number(values.iat[i])}).",
    )
    if kind == "inflow" and name == "inflow":
        fraction = (values.notna() & (values % 1 != 0)).to_numpy()
        found.cells(
            records,
            fraction,
            letters,
            lambda i: f"instroom moet een geheel getal zijn ({dutch_number(values.iat[i])}).",
        )
    out[name] = values
    out[f"_bad_{name}"] = bad.to_numpy()  # already reported: not "missing" as well


def _places(records, table, region, out, found, quote: bool) -> None:
    column = None
    for name in ("municipality", "postcode", "nis_code"):
        if name in records:
            column = (
                records[name]
                if column is None
                else column.where(~column.map(lambda v: clean_text(v) is None), records[name])
            )
    if column is None:
        out["municipality"] = pd.Series(pd.NA, index=records.index, dtype="string")
        out["nis_code"] = pd.Series(pd.NA, index=records.index, dtype="string")
        return
    match = match_places(column, region)
    # The place as written stays a key until the end: two places outside the region (or
    # Heule and Kortrijk) are different rows of the file that add up, not duplicates.
    out["_place"] = _text(pd.DataFrame({"p": column}), "p").str.casefold()
    out["municipality"] = match.municipality
    out["nis_code"] = match.nis_code
    if records["_total"].any():  # "Totaal W13" is a totals label, not an unknown place
        match = match_places(column[~records["_total"].to_numpy()], region)
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


def _text(records: pd.DataFrame, name: str) -> pd.Series:
    if name not in records:
        return pd.Series(pd.NA, index=records.index, dtype="string")
    codes, uniques = pd.factorize(records[name], use_na_sentinel=True)
    cleaned = np.array([clean_text(u) for u in uniques] + [None], dtype=object)
    return pd.Series(cleaned[codes], index=records.index, dtype="string")


def _target_groups(records, table, found) -> pd.Series:
    canonical = {}
    for group in target_groups():
        for synonym in (group.name, *group.synonyms):
            canonical[text_key(synonym)] = group.name
    raw = _text(records, "target_group")
    if "target_group" not in records:
        guess = _guess_from_titles(table, canonical)
        if guess is not None:
            return pd.Series(guess, index=records.index, dtype="string")
        return raw
    keys = raw.map(lambda v: text_key(v) if isinstance(v, str) else None)
    mapped = keys.map(canonical).astype("string")
    unknown = sorted(set(raw[mapped.isna() & raw.notna()].unique()))
    if unknown:
        found.warnings.append(
            f"Blad '{table.sheet}': onbekende doelgroep(en) behouden zoals geschreven: "
            + ", ".join(f"'{_shown(u)}'" for u in unknown[:20])
            + "."
        )
    return mapped.fillna(raw)


def _guess_from_titles(table: Table, canonical: dict[str, str]) -> str | None:
    text = " " + text_key(" ".join((*table.titles, table.sheet))) + " "
    hits = {name for key, name in canonical.items() if len(key) > 2 and f" {key} " in text}
    return hits.pop() if len(hits) == 1 else None


def kind_of(value: object) -> str | None:
    """ "collectief" | "individueel" for a maatwerk type label, None if not recognised."""
    key = f" {text_key(value)} "
    if any(f" {w} " in key for w in INDIVIDUAL_WORDS):
        return "individueel"
    if any(f" {w} " in key for w in COLLECTIVE_WORDS) or "maatwerkbedrijf" in key:
        return "collectief"
    return None


def _kinds(records, table, found) -> pd.Series:
    if "kind" in records:
        raw = _text(records, "kind")
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        kinds = np.array([kind_of(u) for u in uniques] + [None], dtype=object)[codes]
        bad = pd.isna(kinds) & raw.notna().to_numpy()
        found.cells(
            records,
            bad,
            _letter(table, "kind"),
            lambda i: f"'{_shown(raw.iat[i])}' is geen soort maatwerk (collectief of individueel).",
        )
        result = pd.Series(kinds, index=records.index, dtype="string")
        default = _kind_from_context(table)
        return result.fillna(default or "collectief")
    default = _kind_from_context(table)
    if default is None:
        found.warnings.append(
            f"Blad '{table.sheet}': geen soort maatwerk vermeld; gelezen als collectief maatwerk."
        )
    return pd.Series(default or "collectief", index=records.index, dtype="string")


def _kind_from_context(table: Table) -> str | None:
    labels = " ".join(c.label for c in table.columns)
    kinds = {kind_of(t) for t in (*table.titles, table.sheet)} | {
        "collectief" if "cmw" in text_key(labels).split() else None,
        "individueel" if " im " in f" {text_key(labels)} " else None,
    }
    kinds.discard(None)
    return kinds.pop() if len(kinds) == 1 else None
