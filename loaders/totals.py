"""Totals rows and columns: dropped from the data, but first checked against their parts.

A "Totaal", "Totaal W13" or "Eindtotaal" row is compared, per period and measure,
with the sum of the rows it covers: every data row of the sheet for a grand total,
the rows since the previous totals row for a subtotal ("Totaal Kortrijk"). A totals
column is compared, per row, with the period columns it covers: their sum for a flow
(inflow); for stocks (FTE, places) the mean when the parts are the quarters or months
of one year, no check across years (a sum of stocks over years means nothing).
A mismatch is a warning, not an error: the parts are kept, the total is dropped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import kinds
from loaders.columns import measure_names
from loaders.header import Column, Table
from loaders.normalise import dutch_number, text_key
from loaders.numbers import parse_numbers
from loaders.reshape import KEY_NAMES, blank_mask, default_measure, total_mask
from reference import Region

PERIOD_KEYS = ("year", "quarter", "month")


def _close(total: float, expected: float, stock: bool) -> bool:
    tolerance = max(0.051 if stock else 0.5, abs(expected) * 0.001)
    return abs(total - expected) <= tolerance


def _is_grand(base: pd.DataFrame, i: int, region: Region) -> bool:
    """A grand total names nothing but "totaal" (and perhaps the region) in its keys."""
    grand_words = {
        "totaal",
        "eindtotaal",
        "total",
        "grand",
        "algemeen",
        "generaal",
        "regio",
        "som",
        "subtotaal",
        text_key(region.code),
        *text_key(region.name).split(),
    }
    for name in KEY_NAMES:
        if name in base and name not in PERIOD_KEYS and name != "period":
            words = set(text_key(base[name].iat[i]).split())
            if words - grand_words:
                return False
    return True


def check_total_rows(
    raw: pd.DataFrame, parsed: pd.DataFrame, kind: str, region: Region, warnings: list[str]
) -> None:
    """Warn when a totals row differs from its parts; ``parsed`` holds the numbers."""
    totals = np.flatnonzero(parsed["_total"].to_numpy())
    if len(totals) == 0:
        return
    sheet = parsed["_sheet"].iat[0]
    rows = parsed["_row"].to_numpy()
    data = ~parsed["_total"].to_numpy()
    period = parsed[list(PERIOD_KEYS)].astype("float64").fillna(-1).to_numpy()
    measures = [c for c in measure_names(kind) if c in parsed.columns]
    total_rows = sorted(set(rows[totals].tolist()))
    warnings.append(
        f"Blad '{sheet}': {len(total_rows)} totaalrij(en) weggelaten "
        f"(rij {', '.join(map(str, total_rows[:10]))})."
    )
    spec = kinds.get(kind)
    for i in totals:
        # A period part the totals row leaves empty covers every value of that part.
        same_period = ((period == period[i]) | (period[i] == -1)).all(axis=1)
        if _is_grand(raw, int(parsed["_base"].iat[i]), region):
            scope = data & same_period
        else:
            earlier = rows[totals][rows[totals] < rows[i]]
            start = earlier.max() if len(earlier) else 0
            scope = data & same_period & (rows > start) & (rows < rows[i])
        for name in measures:
            total = parsed[name].iat[i]
            parts = parsed[name].to_numpy()[scope]
            if np.isnan(total) or not np.isfinite(parts).any():
                continue
            expected = float(np.nansum(parts))
            if not _close(total, expected, spec.is_stock):
                warnings.append(
                    f"Blad '{sheet}', rij {rows[i]}: het totaal {spec.column(name).label} "
                    f"({dutch_number(total)}) verschilt van de som van de delen "
                    f"({dutch_number(expected)})."
                )


def _covered(total: Column, parts: list[Column]) -> list[Column]:
    if total.period is None:
        return parts
    p = total.period
    return [
        c
        for c in parts
        if c.period.year == p.year and (p.quarter is None or c.period.quarter == p.quarter)
    ]


def check_total_columns(
    table: Table, kind: str, warnings: list[str], numbers: dict[int, np.ndarray] | None = None
) -> None:
    """Warn, per totals column, about rows whose total differs from its period columns.

    ``numbers`` (``Records.numbers``) holds value columns already parsed to float64 by
    grid index; only columns missing there are parsed here.
    """
    numbers = numbers or {}
    totals = [c for c in table.columns if c.total]
    if not totals or not table.period_columns:
        return
    fallback = default_measure(table, kind)
    data_rows = np.ones(len(table.excel_rows), dtype=bool)
    for c in table.columns:
        if c.name in KEY_NAMES:
            data_rows &= ~total_mask(table.column(c.index))
    for total in totals:
        measure = total.measure or fallback
        parts = _covered(
            total, [c for c in table.period_columns if (c.measure or fallback) == measure]
        )
        if not parts:
            continue
        years = {c.period.year for c in parts}
        sub_year = all(c.period.quarter is not None for c in parts) and len(years) == 1
        stock = kinds.get(kind).is_stock
        if stock and not sub_year:
            continue
        if all(c.index in numbers for c in parts):
            values = np.column_stack([numbers[c.index] for c in parts])
        else:
            # All part cells parsed in one pass (one factorisation), then back into a grid.
            cells = np.column_stack([table.column(c.index).to_numpy() for c in parts])
            parsed = parse_numbers(pd.Series(cells.ravel(), dtype=object))[0].to_numpy()
            values = parsed.reshape(cells.shape)
        given = parse_numbers(table.column(total.index))[0].to_numpy()
        with np.errstate(all="ignore"):
            expected = np.nanmean(values, axis=1) if stock else np.nansum(values, axis=1)
        has_parts = np.isfinite(values).any(axis=1)
        tolerance = np.maximum(0.051 if stock else 0.5, np.abs(expected) * 0.001)
        wrong = data_rows & has_parts & ~np.isnan(given) & (np.abs(given - expected) > tolerance)
        wrong &= ~blank_mask(table.column(total.index))
        how = "het gemiddelde" if stock else "de som"
        for i in np.flatnonzero(wrong)[:20]:
            warnings.append(
                f"Blad '{table.sheet}', cel {total.letter}{table.excel_rows[i]}: het totaal "
                f"({dutch_number(given[i])}) verschilt van {how} van de delen "
                f"({dutch_number(expected[i])})."
            )
    warnings.append(
        f"Blad '{table.sheet}': totaalkolom(men) weggelaten: "
        + ", ".join(f"{c.letter} ('{c.label}')" for c in totals)
        + "."
    )


def drop_totals(parsed: pd.DataFrame) -> pd.DataFrame:
    return parsed[~parsed["_total"].to_numpy()]
