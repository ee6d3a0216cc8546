"""The seeded, true figures behind the sample files.

``build()`` draws everything the sample files encode from one
``numpy.random.default_rng(2021)`` in a fixed order, so the same call always gives the
same figures. The writers in ``sample_data.writers`` only lay these figures out; the
tidy frames here (``inflow_*``, ``lde``, ``maatwerk``, ``wse``) are what the loaders
must read back from the files.

The story the figures tell: inflow falls about a quarter in 2020–2021 against 2019
(corona, then a tight labour market), arbeidszorg is registered as AMA from April 2021
(a lower level: a series break), individueel maatwerk starts on 1 July 2023; LDE holds
just over 100 FTE at eight organisations; collectief maatwerk holds 1,100–1,200 FTE of
contingent at six organisations, filled 90–97 %, with more unfilled places in 2021–2022.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from reference import Municipality, Region, load_region, target_groups
from sample_data import fiction

SEED = 2021
YEARS = tuple(range(2017, 2024))
EXPORT_YEARS = tuple(range(2017, 2023))
PERSON_YEAR = 2023
WSE_YEARS = (2021, 2022)

CMW = "Collectief maatwerk"
IM = "Individueel maatwerk"
LDE = "LDE"
AMA = "Arbeidszorg / AMA"
WERKERVARING = "Werkervaring"
ART60 = "Artikel 60"

# Regional inflow per work form in 2019, a "normal" year (tens to low hundreds).
BASE_INFLOW = {CMW: 140, LDE: 55, AMA: 90, WERKERVARING: 110, ART60: 85, IM: 48}
YEAR_FACTOR = {2017: 0.93, 2018: 0.97, 2019: 1.0, 2020: 0.78, 2021: 0.79, 2022: 0.87, 2023: 0.91}
SEASON = (1.15, 1.05, 1.1, 1.0, 1.0, 0.95, 0.7, 0.6, 1.2, 1.1, 1.05, 0.8)
LOCKDOWN = {
    (2020, 3): 0.55,
    (2020, 4): 0.3,
    (2020, 5): 0.6,
    (2020, 11): 0.7,
    (2020, 12): 0.75,
    (2021, 1): 0.85,
    (2021, 2): 0.9,
}
# From April 2021 arbeidszorg is counted as AMA: fewer starts are registered.
AMA_BREAK = (2021, 4)
AMA_BREAK_FACTOR = 0.6
IM_START = (2023, 7)

# Places outside the region that turn up in the files, each with one work form (so
# that, labelled "Buiten W13", they never share a key) and a yearly inflow.
OUTSIDE_PLACES = {
    "Roeselare": (WERKERVARING, 6, "8800"),
    "Ieper": (ART60, 4, "8900"),
    "Moeskroen": (CMW, 5, "7700"),
}

# Labels the VDAB-like export uses for the work forms (all synonyms in reference).
EXPORT_LABELS = {
    CMW: "Collectief maatwerk (CMW)",
    LDE: "Lokale diensteneconomie",
    WERKERVARING: "Tijdelijke werkervaring",
    ART60: "Art. 60 §7",
}
AMA_EXPORT_LABELS = {2021: "Arbeidszorg/AMA", 2022: "AMA"}  # earlier years: "Arbeidszorg"

LDE_GROWTH = {2017: 0.9, 2018: 0.93, 2019: 0.97, 2020: 1.0, 2021: 1.0, 2022: 1.0, 2023: 1.02}
CMW_GROWTH = {2017: 0.95, 2018: 0.97, 2019: 0.99, 2020: 1.0, 2021: 1.0, 2022: 1.01, 2023: 1.02}
# Yearly fill-rate band of collectief maatwerk: unfilled places in 2021–2022.
CMW_FILL = {
    2017: (0.945, 0.962),
    2018: (0.945, 0.962),
    2019: (0.945, 0.962),
    2020: (0.93, 0.95),
    2021: (0.905, 0.92),
    2022: (0.905, 0.925),
    2023: (0.932, 0.952),
}


def _check_target_groups() -> None:
    """Fail early when a work form or label used here is unknown to reference/."""
    known = {t.name: {s.casefold() for s in t.synonyms} for t in target_groups()}
    missing = set(BASE_INFLOW) - set(known)
    bad = [lbl for tg, lbl in EXPORT_LABELS.items() if lbl.casefold() not in known[tg]]
    bad += [lbl for lbl in AMA_EXPORT_LABELS.values() if lbl.casefold() not in known[AMA]]
    if missing or bad:
        raise RuntimeError(f"sample data out of step with reference: {missing} {bad}")


def by_rank(region: Region) -> list[Municipality]:
    """Municipalities from largest to smallest population (organisations' homes)."""
    return sorted(region.municipalities, key=lambda m: (-m.population, m.name))


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


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


@cache
def build() -> Truth:
    """Draw all sample figures from one seeded generator, in a fixed order."""
    _check_target_groups()
    region = load_region()
    rng = np.random.default_rng(SEED)
    cells = _inflow_cells(rng, region)
    spelling = _spelling(rng, region)
    persons = _persons(rng, region, cells[cells["year"] == PERSON_YEAR])
    lde = _lde(rng, region)
    cmw_sites, maatwerk = _maatwerk(rng, region)
    return Truth(region, cells, spelling, persons, lde, maatwerk, cmw_sites, _wse(cmw_sites))


# --- inflow ---------------------------------------------------------------------------


def _month_weight(year: int, month: int, target_group: str) -> float:
    weight = SEASON[month - 1] * LOCKDOWN.get((year, month), 1.0)
    if target_group == AMA and (year, month) >= AMA_BREAK:
        weight *= AMA_BREAK_FACTOR
    if target_group == IM and (year, month) < IM_START:
        weight = 0.0
    return weight


def _level(year: int, target_group: str) -> float:
    """Share of a normal year's inflow this work form can reach (break, late start)."""
    active = [_month_weight(year, m, target_group) / SEASON[m - 1] for m in range(1, 13)]
    # Lockdowns redistribute within the year; only the break and the start change the level.
    lockdown = [LOCKDOWN.get((year, m), 1.0) for m in range(1, 13)]
    return float(np.mean(np.divide(active, lockdown)))


def _inflow_cells(rng: np.random.Generator, region: Region) -> pd.DataFrame:
    names = region.names
    population = np.array([m.population for m in region.municipalities], dtype=float)
    groups = list(BASE_INFLOW)
    # A fixed propensity per municipality and work form, so shares are not just population.
    propensity = rng.lognormal(0.0, 0.25, size=(len(groups), len(names)))
    rows = []
    for year in YEARS:
        for g, group in enumerate(groups):
            months = np.array([_month_weight(year, m, group) for m in range(1, 13)])
            total = round(BASE_INFLOW[group] * YEAR_FACTOR[year] * _level(year, group))
            if total == 0:
                continue
            weights = np.outer(months, population * propensity[g])
            counts = rng.multinomial(total, (weights / weights.sum()).ravel())
            counts = counts.reshape(12, len(names))
            for m in range(12):
                rows += [
                    (year, m + 1, names[i], group, int(counts[m, i])) for i in range(len(names))
                ]
        for place, (group, base, _postcode) in OUTSIDE_PLACES.items():
            months = np.array([_month_weight(year, m, group) for m in range(1, 13)])
            counts = rng.multinomial(round(base * YEAR_FACTOR[year]), months / months.sum())
            rows += [(year, m + 1, place, group, int(counts[m])) for m in range(12)]
    return pd.DataFrame(rows, columns=["year", "month", "place", "target_group", "inflow"])


def _spelling(rng: np.random.Generator, region: Region) -> pd.DataFrame:
    """How each year's export sheet writes each municipality (the export's messiness)."""
    rows = []
    for year in EXPORT_YEARS:
        for m in region.municipalities:
            other_parts = [p for p in m.parts if p != m.name]
            options = [m.name, m.name.upper(), next(iter(m.postcodes))]
            options += other_parts[:1] + list(m.aliases[:1])
            weights = np.array([0.6, 0.18, 0.1] + [0.08] * (len(options) - 3))
            rows.append(
                (year, m.name, options[rng.choice(len(options), p=weights / weights.sum())])
            )
    return pd.DataFrame(rows, columns=["year", "municipality", "written"])


def _place(region: Region, place: str) -> tuple[str, str | None]:
    """(tidy municipality, NIS code) of an official name or an outside place."""
    m = region.get(place)
    return (m.name, m.nis_code) if m else (region.outside_label, None)


def export_label(target_group: str, year: int) -> str:
    if target_group == AMA:
        return AMA_EXPORT_LABELS.get(year, "Arbeidszorg")
    return EXPORT_LABELS[target_group]


# --- persons --------------------------------------------------------------------------


def _fake_rrn(rng: np.random.Generator, birth: dt.date, serial: int) -> str:
    """A national register number in the real format but with a wrong check digit."""
    base = f"{birth:%y%m%d}{serial:03d}"
    # The check is 97 - (number mod 97), with a leading 2 for births from 2000: avoid both.
    valid = {97 - int(base) % 97, 97 - int("2" + base) % 97}
    wrong = [c for c in range(1, 98) if c not in valid]
    check = wrong[int(rng.integers(len(wrong)))]
    return f"{base[:2]}.{base[2:4]}.{base[4:6]}-{base[6:9]}.{check:02d}"


def _weekday(day: dt.date) -> dt.date:
    """Contracts start on a working day: move a weekend start to the Monday."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def _organisation(rng: np.random.Generator, group: str, municipality: str) -> str:
    if group == CMW:
        orgs = fiction.CMW_ORGANISATIONS
    elif group == LDE:
        orgs = fiction.LDE_ORGANISATIONS
    else:
        pool = {
            AMA: fiction.AMA_ORGANISATIONS,
            WERKERVARING: fiction.WERKERVARING_ORGANISATIONS,
            IM: fiction.IM_EMPLOYERS,
        }.get(group)
        return str(rng.choice(pool)) if pool else fiction.social_service(municipality)
    sizes = np.array([o.size for o in orgs])
    return orgs[rng.choice(len(orgs), p=sizes / sizes.sum())].name


def _doelgroep(rng: np.random.Generator, group: str) -> str:
    """Mostly the canonical name, sometimes one of its synonyms, as staff type it."""
    synonyms = next(t.synonyms for t in target_groups() if t.name == group)
    return group if rng.random() < 0.7 else str(rng.choice(synonyms))


def _address(rng: np.random.Generator, region: Region, place: str) -> tuple[str, str]:
    """(postcode, part municipality) where an invented worker lives."""
    m = region.get(place)
    if m is None:
        return OUTSIDE_PLACES[place][2], place
    parts = list(m.parts)
    weights = np.array([3.0 if p == m.name else 1.0 for p in parts])
    part = parts[rng.choice(len(parts), p=weights / weights.sum())]
    postcode = next(pc for pc, names in m.postcodes.items() if part in names)
    return postcode, part


def _persons(rng: np.random.Generator, region: Region, cells: pd.DataFrame) -> pd.DataFrame:
    rows = []
    serials: dict[dt.date, int] = {}
    for cell in cells[cells["inflow"] > 0].itertuples(index=False):
        municipality, nis_code = _place(region, cell.place)
        for _ in range(cell.inflow):
            birth = dt.date(
                int(rng.integers(1963, 2005)), int(rng.integers(1, 13)), int(rng.integers(1, 29))
            )
            serials[birth] = serials.get(birth, 0) + 1
            postcode, part = _address(rng, region, cell.place)
            start = _weekday(dt.date(cell.year, cell.month, int(rng.integers(1, 29))))
            rows.append(
                {
                    "Naam": str(rng.choice(fiction.SURNAMES)),
                    "Voornaam": str(rng.choice(fiction.FIRST_NAMES)),
                    "Rijksregisternummer": _fake_rrn(rng, birth, 2 * serials[birth] - 1),
                    "Geboortedatum": birth,
                    "Adres": f"{rng.choice(fiction.STREETS)} {int(rng.integers(1, 180))}",
                    "Postcode": int(postcode),
                    "Gemeente": part,
                    "Startdatum": start,
                    "Doelgroep": _doelgroep(rng, cell.target_group),
                    "Organisatie": _organisation(rng, cell.target_group, cell.place),
                    "Opmerking": str(rng.choice(fiction.REMARKS)),
                    "target_group": cell.target_group,
                    "municipality": municipality,
                    "nis_code": nis_code,
                }
            )
    frame = pd.DataFrame(rows)
    return frame.sort_values(["Startdatum", "Naam", "Voornaam"], kind="stable", ignore_index=True)


# --- LDE and maatwerk -----------------------------------------------------------------


def _lde(rng: np.random.Generator, region: Region) -> pd.DataFrame:
    homes = by_rank(region)
    late_name, late_year = fiction.LDE_LATE_START
    rows = []
    for org in fiction.LDE_ORGANISATIONS:
        for year in YEARS:
            if org.name == late_name and year < late_year:
                continue
            contingent = round(org.size * LDE_GROWTH[year] * 2) / 2
            fill = 0.945 - (0.03 if year in (2021, 2022) else 0.0) + rng.normal(0, 0.015, 4)
            if year == 2020:
                fill[1] -= 0.07  # first lockdown
            for quarter in range(1, 5):
                fte = round(contingent * float(np.clip(fill[quarter - 1], 0.8, 1.0)), 1)
                rows.append((year, quarter, org.name, homes[org.home_rank].name, fte, contingent))
    columns = ["year", "quarter", "organisation", "municipality", "fte", "contingent"]
    return tidy(pd.DataFrame(rows, columns=columns), "lde")


def _maatwerk(rng: np.random.Generator, region: Region) -> tuple[pd.DataFrame, pd.DataFrame]:
    homes = by_rank(region)
    sites, tidy_rows = [], []
    for org in fiction.CMW_ORGANISATIONS:
        home = homes[org.home_rank].name
        for year in YEARS:
            places = round(org.size * CMW_GROWTH[year], 1)
            fill = rng.uniform(*CMW_FILL[year]) + rng.normal(0, 0.003, 4)
            occupied = [round(places * f, 1) for f in fill]
            tidy_rows.append(
                (
                    year,
                    None,
                    org.name,
                    home,
                    "collectief",
                    places,
                    round(float(np.mean(occupied)), 1),
                )
            )
            for quarter in range(1, 5):
                sites += _split_sites(org, homes, year, quarter, places, occupied[quarter - 1])
    for org_name, base in fiction.IM_PLACES.items():
        org = next(o for o in fiction.CMW_ORGANISATIONS if o.name == org_name)
        for quarter, growth, fill in ((3, 1.0, 0.62), (4, 1.3, 0.8)):
            places = round(base * growth, 1)
            occupied = round(places * (fill + rng.normal(0, 0.03)), 1)
            tidy_rows.append(
                (
                    PERSON_YEAR,
                    quarter,
                    org.name,
                    homes[org.home_rank].name,
                    "individueel",
                    places,
                    occupied,
                )
            )
    columns = ["year", "quarter", "organisation", "municipality", "kind", "places", "occupied"]
    site_columns = ["year", "quarter", "organisation", "municipality", "places", "occupied"]
    return pd.DataFrame(sites, columns=site_columns), tidy(
        pd.DataFrame(tidy_rows, columns=columns), "maatwerk"
    )


def _split_sites(org, homes, year, quarter, places, occupied) -> list[tuple]:
    """Spread an organisation's FTE over its sites; the home site takes the remainder."""
    rows, rest_places, rest_occupied = [], places, occupied
    for rank, share in org.sites:
        p, o = round(places * share, 1), round(occupied * share, 1)
        rest_places, rest_occupied = rest_places - p, rest_occupied - o
        rows.append((year, quarter, org.name, homes[rank].name, p, o))
    home = (
        year,
        quarter,
        org.name,
        homes[org.home_rank].name,
        round(rest_places, 1),
        round(rest_occupied, 1),
    )
    return [home, *rows]


def _wse(cmw_sites: pd.DataFrame) -> pd.DataFrame:
    """The open-data cut: collectief maatwerk per municipality and quarter, 2021–2022."""
    cut = cmw_sites[cmw_sites["year"].isin(WSE_YEARS)]
    frame = cut.groupby(["year", "quarter", "municipality"], as_index=False)[
        ["places", "occupied"]
    ].sum()
    frame[["places", "occupied"]] = frame[["places", "occupied"]].round(1)
    frame["organisation"] = None
    frame["kind"] = "collectief"
    return tidy(frame, "maatwerk")


# --- tidy frames ----------------------------------------------------------------------

COLUMNS = {
    "inflow": {
        "year": "Int64",
        "month": "Int64",
        "quarter": "Int64",
        "municipality": "str",
        "nis_code": "str",
        "target_group": "str",
        "organisation": "str",
        "inflow": "Int64",
    },
    "lde": {
        "year": "Int64",
        "quarter": "Int64",
        "organisation": "str",
        "municipality": "str",
        "fte": "float64",
        "contingent": "float64",
    },
    "maatwerk": {
        "year": "Int64",
        "quarter": "Int64",
        "organisation": "str",
        "municipality": "str",
        "kind": "str",
        "places": "float64",
        "occupied": "float64",
    },
}


def tidy(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The frame in the contract's column order and dtypes, sorted on its keys."""
    columns = COLUMNS[kind]
    out = frame[list(columns)].astype(columns)
    keys = [c for c, dtype in columns.items() if dtype != "float64" and c != "inflow"]
    return out.sort_values(keys, kind="stable", na_position="first", ignore_index=True)


def inflow_export(truth: Truth) -> pd.DataFrame:
    """Tidy inflow of the VDAB-like export (EXPORT_YEARS); zero cells are no rows."""
    cells = truth.cells[truth.cells["year"].isin(EXPORT_YEARS) & (truth.cells["inflow"] > 0)]
    return _tidy_cells(truth.region, cells.assign(organisation=None))


def inflow_persons(truth: Truth) -> pd.DataFrame:
    """Tidy inflow of the person-level list: its workers counted per month."""
    persons = truth.persons.assign(
        year=lambda f: [d.year for d in f["Startdatum"]],
        month=lambda f: [d.month for d in f["Startdatum"]],
        organisation=truth.persons["Organisatie"],
    )
    keys = ["year", "month", "municipality", "nis_code", "target_group", "organisation"]
    counts = persons.groupby(keys, dropna=False).size().rename("inflow").reset_index()
    counts["quarter"] = counts["month"].map(quarter_of)
    return tidy(counts, "inflow")


def _tidy_cells(region: Region, cells: pd.DataFrame) -> pd.DataFrame:
    places = {p: _place(region, p) for p in cells["place"].unique()}
    frame = cells.assign(
        municipality=cells["place"].map(lambda p: places[p][0]),
        nis_code=cells["place"].map(lambda p: places[p][1]),
        quarter=cells["month"].map(quarter_of),
    )
    return tidy(frame, "inflow")
