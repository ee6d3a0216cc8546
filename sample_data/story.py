"""The story the sample figures tell, as numbers: years, levels, breaks and fill rates.

Inflow falls about a quarter in 2020–2021 against 2019 (corona, then a tight labour
market), arbeidszorg is registered as AMA from April 2021 (a lower level: a series
break), individueel maatwerk starts on 1 July 2023; LDE holds just over 100 FTE at
eight organisations; collectief maatwerk holds 1,100–1,200 FTE of contingent at six
organisations, filled 90–97 %, with more unfilled places in 2021–2022.
"""

from __future__ import annotations

from reference import Municipality, Region, target_groups

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
# Mean LDE fill rate per year: a little lower in the tight labour market of 2021–2022.
LDE_FILL = {
    2017: 0.945,
    2018: 0.945,
    2019: 0.945,
    2020: 0.945,
    2021: 0.915,
    2022: 0.915,
    2023: 0.945,
}
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


def check_target_groups() -> None:
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


# Individueel maatwerk per quarter of 2023: (quarter, places against Q3, fill rate).
IM_RAMP = ((3, 1.0, 0.62), (4, 1.3, 0.8))
