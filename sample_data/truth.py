"""The seeded, true figures behind the sample files.

``build()`` draws everything the sample files encode from one
``numpy.random.default_rng(SEED)`` in a fixed order, so the same call always gives the
same figures. The writers in ``sample_data.writers`` only lay these figures out; the
tidy frames here are what the loaders must read back from the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from reference import Region, load_region
from sample_data import capacity, inflow
from sample_data.story import PERSON_YEAR, SEED, check_target_groups


@dataclass(frozen=True)
class Truth:
    """Everything the sample files encode.

    ``cells``: the regional inflow grid (year, month, place, target_group, inflow) with
    zeros, where place is an official municipality name or an outside place name.
    ``spelling``: how the export writes each municipality in each year's sheet.
    ``persons``: the invented workers of the person-level list (PERSON_YEAR).
    ``lde``, ``maatwerk``, ``wse``: tidy frames of the LDE workbook, the maatwerk
    workbook and the WSE open-data CSV. ``cmw_sites``: site-level quarterly CMW figures.
    """

    region: Region
    cells: pd.DataFrame
    spelling: pd.DataFrame
    persons: pd.DataFrame
    lde: pd.DataFrame
    maatwerk: pd.DataFrame
    cmw_sites: pd.DataFrame
    wse: pd.DataFrame

    def inflow_export(self) -> pd.DataFrame:
        """Tidy inflow of the VDAB-like export."""
        return inflow.tidy_export(self.region, self.cells)

    def inflow_persons(self) -> pd.DataFrame:
        """Tidy inflow of the person-level list."""
        return inflow.tidy_persons(self.persons)


@cache
def build() -> Truth:
    """Draw all sample figures from one seeded generator, in a fixed order."""
    check_target_groups()
    region = load_region()
    rng = np.random.default_rng(SEED)
    cells = inflow.draw_cells(rng, region)
    spelling = inflow.draw_spelling(rng, region)
    persons = inflow.draw_persons(rng, region, cells[cells["year"] == PERSON_YEAR])
    lde = capacity.draw_lde(rng, region)
    cmw_sites, maatwerk = capacity.draw_maatwerk(rng, region)
    wse = capacity.wse_cut(cmw_sites)
    return Truth(region, cells, spelling, persons, lde, maatwerk, cmw_sites, wse)
