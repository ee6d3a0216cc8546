"""Draw the inflow: the regional grid per month, the export's spelling, the person list.

All randomness comes from the generator passed in, consumed in a fixed order.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from reference import Region, flanders, target_groups
from sample_data import fiction
from sample_data.story import (
    AMA,
    AMA_BREAK,
    AMA_BREAK_FACTOR,
    AMA_EXPORT_LABELS,
    BASE_INFLOW,
    CMW,
    EXPORT_LABELS,
    EXPORT_YEARS,
    IM,
    IM_START,
    LDE,
    LOCKDOWN,
    OUTSIDE_PLACES,
    SEASON,
    WERKERVARING,
    YEAR_FACTOR,
    YEARS,
    quarter_of,
)
from sample_data.tidy import tidy


def _form_factor(year: int, month: int, target_group: str) -> float:
    """How much of its normal level a work form registers in a month (break, late start)."""
    if target_group == IM and (year, month) < IM_START:
        return 0.0
    if target_group == AMA and (year, month) >= AMA_BREAK:
        return AMA_BREAK_FACTOR
    return 1.0


def _month_weights(year: int, target_group: str) -> np.ndarray:
    """Relative inflow of each month: season, lockdowns and the work form's factor."""
    return np.array(
        [
            SEASON[m - 1] * LOCKDOWN.get((year, m), 1.0) * _form_factor(year, m, target_group)
            for m in range(1, 13)
        ]
    )


def _yearly_total(year: int, target_group: str) -> int:
    """Regional inflow of a work form in a year. Lockdowns only move starts within the
    year (the year factor holds the drop); the break and the late start lower it."""
    level = np.mean([_form_factor(year, m, target_group) for m in range(1, 13)])
    return round(BASE_INFLOW[target_group] * YEAR_FACTOR[year] * float(level))


def draw_cells(rng: np.random.Generator, region: Region) -> pd.DataFrame:
    """Inflow per year, month, place and work form, zeros included.

    Each year's regional total per work form is fixed, then spread over months and
    municipalities (by population and a fixed propensity) with one multinomial draw,
    so the story's totals hold exactly whatever the noise.
    """
    names = region.names
    population = np.array([m.population for m in region.municipalities], dtype=float)
    groups = list(BASE_INFLOW)
    # A fixed propensity per municipality and work form, so shares are not just population.
    propensity = rng.lognormal(0.0, 0.25, size=(len(groups), len(names)))
    rows = []
    for year in YEARS:
        for g, group in enumerate(groups):
            total = _yearly_total(year, group)
            if total == 0:
                continue
            weights = np.outer(_month_weights(year, group), population * propensity[g])
            counts = rng.multinomial(total, (weights / weights.sum()).ravel())
            counts = counts.reshape(12, len(names))
            for m in range(12):
                rows += [
                    (year, m + 1, names[i], group, int(counts[m, i])) for i in range(len(names))
                ]
        for place, (group, base, _postcode) in OUTSIDE_PLACES.items():
            months = _month_weights(year, group)
            counts = rng.multinomial(round(base * YEAR_FACTOR[year]), months / months.sum())
            rows += [(year, m + 1, place, group, int(counts[m])) for m in range(12)]
    return pd.DataFrame(rows, columns=["year", "month", "place", "target_group", "inflow"])


def draw_spelling(rng: np.random.Generator, region: Region) -> pd.DataFrame:
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


def place_of(region: Region, place: str) -> tuple[str, str | None]:
    """(tidy municipality, NIS code) of an official name or an outside place; a Flemish
    place outside the region keeps its NIS code."""
    m = region.get(place)
    if m:
        return m.name, m.nis_code
    return region.outside_label, next(
        (f.nis_code for f in flanders().values() if f.name == place), None
    )


def export_label(target_group: str, year: int) -> str:
    """How the export names a work form in a year's sheet (arbeidszorg changes name)."""
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


# How the invented lists write sex and education, with what each means (None: blank).
SEXES = (("M", "man"), ("V", "vrouw"), ("v", "vrouw"), ("Man", "man"), ("Vrouw", "vrouw"))
EDUCATIONS = (
    ("Laaggeschoold", "laag"),
    ("kortgeschoold", "laag"),
    ("Lager secundair onderwijs", "laag"),
    ("Secundair onderwijs", "midden"),
    ("Middengeschoold", "midden"),
    ("Hoger onderwijs", "hoog"),
    ("Bachelor", "hoog"),
    (None, "onbekend"),
)
EDUCATION_WEIGHTS = (0.22, 0.14, 0.1, 0.2, 0.12, 0.08, 0.04, 0.1)
# NOTE: sex and education come from a stream of their own, so adding them to the list
# changed no other figure of the sample data.
TRAITS_SEED = 15


def draw_persons(rng: np.random.Generator, region: Region, cells: pd.DataFrame) -> pd.DataFrame:
    rows = []
    serials: dict[dt.date, int] = {}
    traits = np.random.default_rng(TRAITS_SEED)
    for cell in cells[cells["inflow"] > 0].itertuples(index=False):
        municipality, nis_code = place_of(region, cell.place)
        for _ in range(cell.inflow):
            birth = dt.date(
                int(rng.integers(1963, 2005)), int(rng.integers(1, 13)), int(rng.integers(1, 29))
            )
            serials[birth] = serials.get(birth, 0) + 1
            postcode, part = _address(rng, region, cell.place)
            start = _weekday(dt.date(cell.year, cell.month, int(rng.integers(1, 29))))
            sex = SEXES[int(traits.integers(0, len(SEXES)))]
            education = EDUCATIONS[int(traits.choice(len(EDUCATIONS), p=EDUCATION_WEIGHTS))]
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
                    "Geslacht": sex[0],
                    "Opleiding": education[0],
                    "Doelgroep": _doelgroep(rng, cell.target_group),
                    "Organisatie": _organisation(rng, cell.target_group, cell.place),
                    "Opmerking": str(rng.choice(fiction.REMARKS)),
                    "target_group": cell.target_group,
                    "municipality": municipality,
                    "nis_code": nis_code,
                    "sex": sex[1],
                    "education": education[1],
                }
            )
    frame = pd.DataFrame(rows)
    return frame.sort_values(["Startdatum", "Naam", "Voornaam"], kind="stable", ignore_index=True)


# --- tidy inflow ----------------------------------------------------------------------


def tidy_export(region: Region, cells: pd.DataFrame) -> pd.DataFrame:
    """Tidy inflow of the VDAB-like export (EXPORT_YEARS); zero cells are no rows."""
    cells = cells[cells["year"].isin(EXPORT_YEARS) & (cells["inflow"] > 0)]
    places = {p: place_of(region, p) for p in cells["place"].unique()}
    frame = cells.assign(
        municipality=cells["place"].map(lambda p: places[p][0]),
        nis_code=cells["place"].map(lambda p: places[p][1]),
        quarter=cells["month"].map(quarter_of),
        organisation=None,
    )
    return tidy(frame, "inflow")


def _age_band(birth: dt.date, start: dt.date) -> str:
    """The age band on the start date, counted out by hand (the truth does not use the
    loaders' arithmetic): whole years, one fewer before the birthday."""
    age = start.year - birth.year - ((start.month, start.day) < (birth.month, birth.day))
    return "<25" if age < 25 else "25-49" if age < 50 else "50+"


def tidy_persons(persons: pd.DataFrame) -> pd.DataFrame:
    """Tidy inflow of the person-level list: its workers counted per month and profile
    (its register numbers are not valid ones, so they tell nothing)."""
    persons = persons.assign(
        year=[d.year for d in persons["Startdatum"]],
        month=[d.month for d in persons["Startdatum"]],
        organisation=persons["Organisatie"],
        age_band=[
            _age_band(b, s)
            for b, s in zip(persons["Geboortedatum"], persons["Startdatum"], strict=True)
        ],
    )
    keys = ["year", "month", "municipality", "nis_code", "target_group", "organisation",
            "age_band", "sex", "education"]
    counts = persons.groupby(keys, dropna=False).size().rename("inflow").reset_index()
    counts["quarter"] = counts["month"].map(quarter_of)
    return tidy(counts, "inflow")
