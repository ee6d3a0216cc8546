"""Maatwerk indicators: granted places (contingent) against filled ones (bezetting).

Places and occupation are stocks (yearly value = mean of quarters). Occupation may be
unknown (NaN); fill rates and unfilled places only use rows where it is known, so an
unknown occupation never counts as an empty place.
"""

from __future__ import annotations

import pandas as pd

from indicators.periods import yearly_stock

UNKNOWN_ORGANISATION = "Organisatie onbekend"


def _known(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.loc[frame["occupied"].notna()]


def _with_organisation(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(organisation=frame["organisation"].fillna(UNKNOWN_ORGANISATION))


def granted_filled(frame: pd.DataFrame, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """Yearly granted and filled places per ``by`` where occupation is known.

    Columns ``[*by, year, places, occupied, unfilled, fill_rate]``.
    """
    rows = _known(_with_organisation(frame) if "organisation" in by else frame)
    places = yearly_stock(rows, "places", by=by)
    occupied = yearly_stock(rows, "occupied", by=by)
    out = places.merge(occupied, on=[*by, "year"], how="outer")
    out["year"] = out["year"].astype(int)
    out["unfilled"] = (out["places"] - out["occupied"]).clip(lower=0.0)
    out["fill_rate"] = out["occupied"] / out["places"].where(out["places"] > 0)
    return out


def per_organisation(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Granted vs filled per organisation in ``year``, largest contingent first."""
    out = granted_filled(frame.loc[frame["year"] == year], by=("organisation",))
    return (
        out.drop(columns="year")
        .sort_values("places", ascending=False, kind="stable")
        .reset_index(drop=True)
    )


def per_kind(frame: pd.DataFrame) -> pd.DataFrame:
    """Filled places per year for collectief and individueel maatwerk.

    Columns ``kind``, ``year``, ``places``, ``occupied`` (NaN where unknown).
    """
    places = yearly_stock(frame, "places", by=("kind",))
    occupied = yearly_stock(_known(frame), "occupied", by=("kind",))
    out = places.merge(occupied, on=["kind", "year"], how="left")
    out["year"] = out["year"].astype(int)
    return out


def unfilled_vs_inflow(maatwerk: pd.DataFrame, inflow_per_year: pd.Series) -> pd.DataFrame:
    """Unfilled places and inflow per year, for the years both datasets cover.

    ``inflow_per_year`` is indexed by year. Columns ``year``, ``unfilled``, ``inflow``.
    """
    unfilled = granted_filled(maatwerk).set_index("year")["unfilled"]
    inflow = inflow_per_year.copy()
    inflow.index = inflow.index.astype(int)
    out = pd.DataFrame({"unfilled": unfilled, "inflow": inflow}).dropna()
    return out.rename_axis("year").reset_index()
