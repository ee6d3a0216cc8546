"""The areas a region is compared with — the rest of its province and the rest of
Flanders — and the one rule for when rows outside the region picture such an area.

Open data list only the municipalities that have the measure (a small one may have no
maatwerk site), so an area counts as covered when the rows name at least ``COVERAGE`` of
its municipalities, and for Flanders a municipality in every province; a list of a few
neighbours of the region never is. The comparisons (``indicators.flanders``) and the
loaders (which outside inflow rows are open data of Flanders, ``loaders.places``) both
ask here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reference import Region, flanders, home_province

COVERAGE = 0.25


@dataclass(frozen=True)
class Area:
    """A comparison area: the Flemish municipalities outside the region in it."""

    members: frozenset[str]  # NIS codes
    whole: bool  # all of Flanders: covered only when every province is named

    def covered_by(self, named: Iterable[str]) -> bool:
        """Whether rows naming the NIS codes ``named`` picture this area."""
        named = set(named) & self.members
        if len(named) < COVERAGE * len(self.members):
            return False
        if self.whole:
            places = flanders()
            return {places[c].province for c in named} == {
                p.province for p in places.values()
            }
        return True


def rest_of_province(region: Region) -> Area | None:
    """The municipalities of the region's home province outside it (None: no province)."""
    province = home_province(region)
    if province is None:
        return None
    own = {m.nis_code for m in region.municipalities}
    members = {c for c, p in flanders().items() if p.province == province and c not in own}
    return Area(frozenset(members), whole=False)


def rest_of_flanders(region: Region) -> Area:
    """Every Flemish municipality outside the region."""
    own = {m.nis_code for m in region.municipalities}
    return Area(frozenset(c for c in flanders() if c not in own), whole=True)
