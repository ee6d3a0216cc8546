"""Flanders-wide open-data files made the way the WSE exports are (``;``-separated,
decimal commas, municipality names in capitals beside their NIS codes, one row per
municipality, quarter and measure) with round figures, so the region and Flanders can
be computed by hand.

The same figures in every quarter of 2019 and 2023, in FTE (granted/occupied), for
collectief and individueel maatwerk:

- the region's municipalities: 2019 40/30 and 10/10; 2023 36/27 and 9/9;
- the rest of the home province: 2019 100/90 and 10/10; 2023 121/110 and 11/11;
- the rest of Flanders: 2019 100/90 and 10/10; 2023 121/99 and 11/11.
"""

from __future__ import annotations

from pathlib import Path

from reference import Region, flanders, home_province

HEADER = "periode;gemeente;nis_code;maatregel;cmw_aantal_toegekend_vte;cmw_aantal_vte"
FIGURES = {  # (in region, in home province) → year → measure → (granted, occupied)
    "region": {
        2019: {"Collectief": (40, 30), "Individueel": (10, 10)},
        2023: {"Collectief": (36, 27), "Individueel": (9, 9)},
    },
    "province": {
        2019: {"Collectief": (100, 90), "Individueel": (10, 10)},
        2023: {"Collectief": (121, 110), "Individueel": (11, 11)},
    },
    "flanders": {
        2019: {"Collectief": (100, 90), "Individueel": (10, 10)},
        2023: {"Collectief": (121, 99), "Individueel": (11, 11)},
    },
}


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _group(place, region: Region) -> str:
    """Which figures a municipality gets: the region's, its province's or Flanders'."""
    if place.nis_code in {m.nis_code for m in region.municipalities}:
        return "region"
    return "province" if place.province == home_province(region) else "flanders"


def write(path: Path, region: Region) -> Path:
    """Write the file for every Flemish municipality; returns ``path``."""
    lines = [HEADER]
    for place in flanders().values():
        group = _group(place, region)
        for year, measures in FIGURES[group].items():
            for quarter in range(1, 5):
                for measure, (granted, occupied) in measures.items():
                    lines.append(
                        f"{year} K{quarter};{place.name.upper()};{place.nis_code};"
                        f"{measure} maatwerk;{_decimal(granted)};{_decimal(occupied)}"
                    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


SITES_HEADER = (
    "periode;ondernemingsnummer;vestigingsnummer;naam_onderneming;naam_vestiging;gemeente;"
    "nis_code;cmw_aantal_toegekend_vte;cmw_aantal_vte;lde_aantal_toegekend_vte;lde_aantal_vte"
)
# LDE per site in every quarter of 2023 (granted/filled FTE): one site per municipality.
LDE_FIGURES = {"region": (10, 9), "province": (10, 8), "flanders": (10, 7)}


def write_sites(path: Path, region: Region) -> Path:
    """The per-site shape of the same export (the LDE columns filled, CMW zero): one
    local-service-economy site in every Flemish municipality; returns ``path``."""
    lines = [SITES_HEADER]
    for number, place in enumerate(flanders().values()):
        group = _group(place, region)
        granted, filled = LDE_FIGURES[group]
        company = f"0{400_000_000 + number:09d}"
        for quarter in range(1, 5):
            lines.append(
                f"2023 K{quarter};{company[:4]}.{company[4:7]}.{company[7:]};2.{number:09d};"
                f"Buurtwerk {place.name};Buurtwerk {place.name} centrum;{place.name.upper()};"
                f"{place.nis_code};0;0;{_decimal(granted)};{_decimal(filled)}"
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


INFLOW_HEADER = "periode;gemeente;nis_code;doelgroep;aantal_instromers"
# Inflow per municipality and target group in every quarter of 2019 and 2023.
INFLOW_FIGURES = {
    "region": {
        2019: {"Collectief maatwerk": 6, "LDE": 3, "Individueel maatwerk": 1},
        2023: {"Collectief maatwerk": 4, "LDE": 3, "Individueel maatwerk": 1},
    },
    "province": {
        2019: {"Collectief maatwerk": 5, "LDE": 3, "Individueel maatwerk": 2},
        2023: {"Collectief maatwerk": 6, "LDE": 3, "Individueel maatwerk": 2},
    },
    "flanders": {
        2019: {"Collectief maatwerk": 5, "LDE": 3, "Individueel maatwerk": 2},
        2023: {"Collectief maatwerk": 5, "LDE": 5, "Individueel maatwerk": 2},
    },
}
# Starters living outside Flanders, as such exports list them: no Flemish municipality,
# so no part of the region nor of any comparison area.
INFLOW_ELSEWHERE = ("2023 K1;BRUSSEL;21004;LDE;7", "2023 K2;ONBEKEND;;Collectief maatwerk;3")


def write_inflow(path: Path, region: Region) -> Path:
    """The VDAB/WSE open-data shape of inflow for all of Flanders: one row per
    municipality, quarter and target group (``INFLOW_FIGURES``), plus
    ``INFLOW_ELSEWHERE``; returns ``path``."""
    lines = [INFLOW_HEADER]
    for place in flanders().values():
        group = _group(place, region)
        for year, groups in INFLOW_FIGURES[group].items():
            for quarter in range(1, 5):
                for target_group, count in groups.items():
                    lines.append(
                        f"{year} K{quarter};{place.name.upper()};{place.nis_code};"
                        f"{target_group};{count}"
                    )
    lines.extend(INFLOW_ELSEWHERE)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
