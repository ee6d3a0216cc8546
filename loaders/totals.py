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
from numpy.lib.stride_tricks import as_strided

import kinds
from loaders.columns import measure_names
from loaders.labels import totals_rest
from loaders.normalise import dutch_number, map_unique, text_key
from loaders.numbers import parse_numbers
from loaders.reshape import KEY_NAMES, Records, blank_mask, default_measure
from loaders.table import Column, Table
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
    # A crosstab's member ("Kortrijk" over a column) is no label of the row itself.
    header = base["_from_header"].iat[i] if "_from_header" in base else ()
    for name in KEY_NAMES:
        if name in base and name not in PERIOD_KEYS and name != "period" and name not in header:
            words = set(text_key(base[name].iat[i]).split())
            if words - grand_words:
                return False
    return True


def check_total_rows(
    raw: pd.DataFrame, parsed: pd.DataFrame, kind: str, region: Region, warnings: list[str]
) -> pd.DataFrame:
    """Check every totals row against its parts; ``parsed`` holds the numbers.

    A named total ("Totaal Kortrijk", "Totaal vzw A") is a total only when its figures
    are the sum of the rows it closes (those since the previous totals row, or those
    with its name); otherwise it is data, with a warning. A bare total ("Totaal",
    "Eindtotaal") that differs from its parts is dropped with a warning. Returns
    ``parsed`` with ``_total`` settled.
    """
    if not parsed["_total"].any():
        return parsed
    named = parsed["_named_total"].to_numpy(dtype=bool) & parsed["_total"].to_numpy(dtype=bool)
    if named.any():
        unconfirmed = _unconfirmed(raw, parsed, kind, region, np.flatnonzero(named))
        if unconfirmed:
            flip = parsed["_base"].isin(unconfirmed).to_numpy()
            parsed = parsed.assign(_total=parsed["_total"].to_numpy() & ~flip)
            rows = sorted(set(parsed["_row"].to_numpy()[flip].tolist()))
            warnings.append(
                f"Blad '{parsed['_sheet'].iat[0]}': {len(rows)} rij(en) met een naam die op "
                f"een totaal lijkt (rij {', '.join(map(str, rows[:10]))}) maar waarvan de "
                "cijfers niet de som van andere rijen zijn: gelezen als gegevens."
            )
    totals = np.flatnonzero(parsed["_total"].to_numpy())
    if len(totals) == 0:
        return parsed
    sheet = parsed["_sheet"].iat[0]
    total_rows = sorted(set(parsed["_row"].to_numpy()[totals].tolist()))
    warnings.append(
        f"Blad '{sheet}': {len(total_rows)} totaalrij(en) weggelaten "
        f"(rij {', '.join(map(str, total_rows[:10]))})."
    )
    spec = kinds.get(kind)
    for i, name, total, expected in _comparisons(raw, parsed, kind, region, totals):
        if expected is not None and not any(_close(total, e, spec.is_stock) for e in expected):
            warnings.append(
                f"Blad '{sheet}', rij {parsed['_row'].iat[i]}: het totaal "
                f"{spec.column(name).label} ({dutch_number(total)}) verschilt van de som van "
                f"de delen ({dutch_number(expected[0])})."
            )
    return parsed


def _unconfirmed(
    raw: pd.DataFrame, parsed: pd.DataFrame, kind: str, region: Region, named: np.ndarray
) -> set[int]:
    """Base rows of named totals whose figures no scope of parts confirms."""
    stock = kinds.get(kind).is_stock
    agree: dict[int, bool] = {}
    for i, _, total, expected in _comparisons(raw, parsed, kind, region, named):
        base = int(parsed["_base"].iat[i])
        ok = expected is not None and any(_close(total, e, stock) for e in expected)
        agree[base] = agree.get(base, True) and ok
    bases = set(parsed["_base"].to_numpy()[named].tolist())
    return {b for b in bases if not agree.get(b, False)}


def _comparisons(raw, parsed, kind, region, totals):
    """(long row, measure, total, expected sums or None) per figure of each totals row.

    The parts of a grand total are every data row of its period; of a subtotal, the
    rows since the previous totals row, or the rows labelled with the name the total
    carries ("Totaal Kortrijk": the rows of Kortrijk) — either may agree.
    """
    rows = parsed["_row"].to_numpy()
    data = ~parsed["_total"].to_numpy()
    like = [*PERIOD_KEYS, *(["_member"] if "_member" in parsed else [])]
    period = parsed[like].astype("float64").fillna(-1).to_numpy()
    measures = [c for c in measure_names(kind) if c in parsed.columns]
    all_totals = rows[parsed["_total"].to_numpy()]
    bases = parsed["_base"].to_numpy()
    keyed = {n: map_unique(raw[n], text_key) for n in KEY_NAMES if n in raw}
    for i in totals:
        # A period part the totals row leaves empty covers every value of that part.
        same_period = ((period == period[i]) | (period[i] == -1)).all(axis=1)
        base = int(bases[i])
        if "_cover" in raw and raw["_cover"].iat[base] >= 0:
            # A compact pivot's group heading: its subtotal covers the rows of its group.
            scopes = [data & same_period & _within(raw, base)[bases]]
        elif _is_grand(raw, base, region):
            scopes = [data & same_period]
        else:
            earlier = all_totals[all_totals < rows[i]]
            start = earlier.max() if len(earlier) else 0
            scopes = [
                data & same_period & (rows > start) & (rows < rows[i]),
                data & same_period & _labelled(keyed, raw, base)[bases],
            ]
        for name in measures:
            total = parsed[name].iat[i]
            if np.isnan(total):
                continue
            values = parsed[name].to_numpy()
            sums = [float(np.nansum(values[s])) for s in scopes if np.isfinite(values[s]).any()]
            yield i, name, total, (sums or None)


def _within(raw: pd.DataFrame, base: int) -> np.ndarray:
    """Base rows inside the group that base row ``base`` opens (a compact pivot)."""
    level = int(raw["_cover"].iat[base])
    prefix = raw["_path"].iat[base][: level + 1]
    return np.array(
        [isinstance(p, tuple) and len(p) > level + 1 and p[: level + 1] == prefix
         for p in raw["_path"]]
    )  # fmt: skip


def _labelled(keyed: dict[str, np.ndarray], raw: pd.DataFrame, base: int) -> np.ndarray:
    """Base rows labelled, in any key column, with the name a named total carries
    ("Totaal Kortrijk" under "Organisatie" closes the rows whose Gemeente is Kortrijk)."""
    names = {r for n in keyed if (r := totals_rest(raw[n].iat[base]))}
    found = np.zeros(len(raw), dtype=bool)
    for keys in keyed.values():
        found |= np.isin(keys, list(names))
    return found


def _covered(total: Column, parts: list[Column]) -> list[Column]:
    """The value columns a totals column sums: all of them, or those of its period."""
    if total.period is None:
        return parts
    p = total.period
    return [
        c
        for c in parts
        if c.period is not None
        and c.period.year == p.year
        and (p.quarter is None or c.period.quarter == p.quarter)
    ]


def check_total_columns(table: Table, kind: str, warnings: list[str], records: Records) -> None:
    """Warn, per totals column, about rows whose total differs from its period columns.

    ``records.numbers`` holds value columns already parsed to float64 by grid index;
    only columns missing there are parsed here. Totals rows are not checked.
    """
    numbers = records.numbers
    totals = [c for c in table.columns if c.total]
    if not totals or not table.value_columns:
        return
    fallback = default_measure(table, kind)
    data_rows = np.ones(len(table.excel_rows), dtype=bool)
    base = records.base
    data_rows[base["_row"].to_numpy()[base["_total"].to_numpy()] - table.header_row - 1] = False
    for total in totals:
        measure = total.measure or fallback
        parts = _covered(
            total, [c for c in table.value_columns if (c.measure or fallback) == measure]
        )
        if not parts:
            continue
        stock = kinds.get(kind).is_stock
        if len({c.period for c in parts}) == 1:
            stock = False  # the members of one period ("Kortrijk | Menen | Totaal") add up
        elif any(c.member for c in parts):
            continue  # across periods and members at once: nothing simple to compare
        else:
            years = {c.period.year for c in parts}
            sub_year = all(c.period.quarter is not None for c in parts) and len(years) == 1
            if stock and not sub_year:
                continue
        if all(c.index in numbers for c in parts):
            values = side_by_side([numbers[c.index] for c in parts])
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


def side_by_side(columns: list[np.ndarray]) -> np.ndarray:
    """``np.column_stack(columns)``, as a read-only view when the columns lie side by
    side in one block (a wide table's figures, ``Records.numbers``): no copy of them.

    Only when each column starts one item after the one before, in the memory of one
    array, with the same shape, strides and type: the view's columns are then exactly
    the arrays given, laid out as ``column_stack`` lays out its copy."""
    first = columns[0]
    size = first.itemsize
    if first.base is not None and first.ndim == 1 and all(
        c.base is first.base and c.dtype == first.dtype and c.shape == first.shape
        and c.strides == first.strides and c.ctypes.data == first.ctypes.data + k * size
        for k, c in enumerate(columns)
    ):  # fmt: skip
        shape, strides = (len(first), len(columns)), (first.strides[0], size)
        return as_strided(first, shape=shape, strides=strides, writeable=False)
    return np.column_stack(columns)


def drop_totals(parsed: pd.DataFrame) -> pd.DataFrame:
    return parsed[~parsed["_total"].to_numpy()]
