"""Synthetic data at the scale of a region of any size, up to all of Flanders (issue 12).

``write_region`` writes a region file (the format of ``reference/regions/w13.toml``) of
the first ``count`` Flemish municipalities of ``reference/flanders.csv`` taken evenly over
the list (all 300 for Flanders), with fictional populations and generated colours: a
benchmark region, not one to ship (its colours are not checked for colour-blind viewers).
``frames`` gives tidy inflow, LDE and maatwerk frames for such a region, seeded: every
organisation works in one to three municipalities, inflow per month and target group over
``years`` years, LDE and maatwerk per quarter. Sizes grow with the number of
municipalities and organisations, as real data of a larger region would.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

import kinds
import reference


def write_region(path: Path, count: int | None = None, *, code: str = "BENCH") -> list[str]:
    """Write a region file of ``count`` Flemish municipalities (None: all); their names."""
    flemish = sorted(reference.flanders().values(), key=lambda m: m.nis_code)
    if count is not None and count < len(flemish):
        flemish = [flemish[i] for i in np.linspace(0, len(flemish) - 1, count).astype(int)]
    rng = np.random.default_rng(len(flemish))
    lines = [
        f'code = "{code}"',
        f'name = "Benchmarkregio ({len(flemish)} gemeenten)"',
        f'outside_label = "Buiten {code}"',
        'outside_colour = "#9e9e9e"',
        'population_source = "Fictief (benchmark)"',
        "known_outside = []",
    ]
    for i, place in enumerate(flemish):
        # Hues spread by the golden angle, lightness in three steps: distinct enough.
        red, green, blue = colorsys.hls_to_rgb((i * 0.618034) % 1, 0.35 + 0.1 * (i % 3), 0.6)
        colour = f"#{int(red * 255):02x}{int(green * 255):02x}{int(blue * 255):02x}"
        postcodes = ", ".join(f'"{p}" = ["{place.name}"]' for p in place.postcodes)
        lines += [
            "", "[[municipality]]", f'name = "{place.name}"', f'nis_code = "{place.nis_code}"',
            f"population = {int(rng.integers(5_000, 100_000))}", f'colour = "{colour}"',
            f"postcodes = {{ {postcodes} }}", "aliases = []",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [place.name for place in flemish]


@dataclass(frozen=True)
class Frames:
    """A tidy frame per dataset kind (attributes named as the kinds)."""

    inflow: pd.DataFrame
    lde: pd.DataFrame
    maatwerk: pd.DataFrame

    def items(self) -> list[tuple[str, pd.DataFrame]]:
        """(kind, frame) pairs, for importing them one after another."""
        return list(vars(self).items())


def frames(
    names: list[str], organisations: int, *, years: int = 10, seed: int = 12
) -> Frames:
    """Tidy frames of every kind for a region of municipalities ``names``."""
    rng = np.random.default_rng(seed)
    nis = {m.name: m.nis_code for m in reference.flanders().values()}
    first = 2025 - years
    groups = [t.name for t in reference.target_groups()]
    orgs = [f"Organisatie {i:04d}" for i in range(organisations)]
    # Every organisation in one to three municipalities, two target groups.
    sites = [(org, names[int(m)]) for org in orgs
             for m in rng.choice(len(names), min(len(names), int(rng.integers(1, 4))),
                                 replace=False)]
    site_groups = [(org, place, group) for org, place in sites
                   for group in rng.choice(groups, 2, replace=False).tolist()]
    index = pd.MultiIndex.from_tuples(
        [(y, m, *s) for y in range(first, 2025) for m in range(1, 13) for s in site_groups],
        names=["year", "month", "organisation", "municipality", "target_group"],
    ).to_frame(index=False)
    inflow = pd.DataFrame({
        "year": index["year"].astype("Int64"),
        "month": index["month"].astype("Int64"),
        "quarter": ((index["month"] - 1) // 3 + 1).astype("Int64"),
        "municipality": index["municipality"].astype("str"),
        "nis_code": index["municipality"].map(nis).astype("str"),
        "target_group": index["target_group"].astype("str"),
        "organisation": index["organisation"].astype("str"),
        **{c.name: pd.array(rng.choice([v for v, _ in c.vocabulary], len(index)), dtype="str")
           for c in kinds.get("inflow").profiles},
        "inflow": pd.array(rng.integers(0, 6, len(index)), dtype="Int64"),
    })
    quarters = [(y, q) for y in range(first, 2025) for q in range(1, 5)]
    lde_sites = sites[: max(1, len(sites) // 3)]
    lde = pd.DataFrame(
        [(y, q, org, place, nis[place], float(rng.integers(1, 20)), None)
         for y, q in quarters for org, place in lde_sites],
        columns=["year", "quarter", "organisation", "municipality", "nis_code", "fte",
                 "contingent"],
    )
    work_sites = sites[len(lde_sites) : len(lde_sites) + max(1, len(sites) // 5)]
    maatwerk = pd.DataFrame(
        [(y, q, org, place, nis[place], kind, float(p), float(p - rng.integers(0, 5)))
         for y, q in quarters for org, place in work_sites
         for kind, p in (("collectief", rng.integers(20, 200)), ("individueel", 10))],
        columns=["year", "quarter", "organisation", "municipality", "nis_code", "kind",
                 "places", "occupied"],
    )
    return Frames(inflow=inflow, lde=lde, maatwerk=maatwerk)
