"""Maatwerk indicators: granted places (contingent) against filled ones (bezetting).

Places and occupation are stocks (yearly value = mean of quarters). Occupation may be
unknown (NaN). Missing is neither zero nor absent: the places of a series whose
occupation is unknown still count as capacity (``places``), but fill rates and unfilled
places compare only series with both figures in that year (``places_known`` against
``occupied``) and say how many were left out (``unknown``).
"""

from __future__ import annotations

import pandas as pd

from indicators.periods import yearly_stock
from kinds import MAATWERK

UNKNOWN_ORGANISATION = "Organisatie onbekend"
# A series of places: one organisation (or municipality, for open data) and maatwerk kind.
SERIES = MAATWERK.series


def _with_organisation(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(organisation=frame["organisation"].fillna(UNKNOWN_ORGANISATION))


def known_occupation(frame: pd.DataFrame) -> pd.Series:
    """Per row: whether its series has a known occupation in every row of that year.

    Only those rows compare granted with filled; a series known for two quarters and
    unknown for two is left out of that year's fill rate as a whole (like with like).
    """
    if frame.empty:
        return pd.Series(True, index=frame.index, dtype=bool)
    keys = [frame[c] for c in ("year", *SERIES) if c in frame]
    missing = frame["occupied"].isna()
    return ~missing.groupby(keys, dropna=False).transform("any").astype(bool)


def granted_filled(frame: pd.DataFrame, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """Yearly granted and filled places per ``by``.

    Columns ``[*by, year, places, places_known, occupied, unfilled, fill_rate, unknown]``:
    ``places`` counts every series (capacity); ``places_known``, ``occupied``,
    ``unfilled`` and ``fill_rate`` only the series whose occupation is known that year;
    ``unknown`` is how many series were left out for an unknown occupation.
    """
    rows = _with_organisation(frame) if "organisation" in by else frame
    known = rows.loc[known_occupation(rows)]
    keys = [*by, "year"]
    places = yearly_stock(rows, "places", by=by)
    places_known = yearly_stock(known, "places", by=by).rename(
        columns={"places": "places_known"}
    )
    occupied = yearly_stock(known, "occupied", by=by)
    left_out = rows.loc[~rows.index.isin(known.index)]
    series = [c for c in SERIES if c in left_out and c not in by]
    unknown = (
        left_out.drop_duplicates([*keys, *series]).groupby(keys, dropna=False).size()
        .rename("unknown").reset_index()
    )
    out = (
        places.merge(places_known, on=keys, how="left")
        .merge(occupied, on=keys, how="left")
        .merge(unknown, on=keys, how="left")
    )
    out["year"] = out["year"].astype(int)
    out["unknown"] = out["unknown"].fillna(0).astype(int)
    out["unfilled"] = (out["places_known"] - out["occupied"]).clip(lower=0.0)
    out["fill_rate"] = out["occupied"] / out["places_known"].where(out["places_known"] > 0)
    return out[[*keys, "places", "places_known", "occupied", "unfilled", "fill_rate", "unknown"]]


def per_organisation(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Granted vs filled per organisation in ``year``, largest contingent first."""
    out = granted_filled(frame.loc[frame["year"] == year], by=("organisation",))
    return (
        out.drop(columns="year")
        .sort_values("places", ascending=False, kind="stable")
        .reset_index(drop=True)
    )


def per_kind(frame: pd.DataFrame) -> pd.DataFrame:
    """Granted and filled places per year for collectief and individueel maatwerk.

    Columns ``kind``, ``year``, ``places`` (every series) and ``occupied`` (NaN unless the
    occupation of every series of that kind and year is known: a partial sum would
    understate it).
    """
    out = granted_filled(frame, by=("kind",))
    out["occupied"] = out["occupied"].where(out["unknown"] == 0)
    return out[["kind", "year", "places", "occupied"]]


def per_series(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Yearly ``column`` (``places`` or ``occupied``) per series of places: a row per
    (kind, organisation, municipality), a column per year; NaN where the series has no
    figure that year (for ``occupied``: where it is unknown in any row of the year)."""
    rows = frame.loc[known_occupation(frame)] if column == "occupied" else frame
    # NOTE: "" for a missing organisation or municipality keeps the series as index keys.
    rows = rows.assign(**{c: rows[c].astype(object).fillna("") for c in SERIES if c != "kind"})
    yearly = yearly_stock(rows, column, by=SERIES)
    yearly["year"] = yearly["year"].astype(int)
    return yearly.set_index([*SERIES, "year"])[column].unstack("year")


def unfilled_vs_inflow(maatwerk: pd.DataFrame, inflow_per_year: pd.Series) -> pd.DataFrame:
    """Unfilled places and inflow per year, for the years both datasets cover.

    ``inflow_per_year`` is indexed by year. Columns ``year``, ``unfilled``, ``inflow``.
    """
    unfilled = granted_filled(maatwerk).set_index("year")["unfilled"]
    inflow = inflow_per_year.copy()
    inflow.index = inflow.index.astype(int)
    out = pd.DataFrame({"unfilled": unfilled, "inflow": inflow}).dropna()
    return out.rename_axis("year").reset_index()
