"""The invented vocabulary of the sample data: organisations, people, streets, remarks.

Every organisation carries "(fictief)" in its name and every surname is made up, so
nobody can mistake a sample row for a real person or employer. Municipalities are
never named here: they come from ``reference.load_region()``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Organisation:
    """A fictional organisation; ``size`` is its base contingent in FTE (2021)."""

    name: str
    form: str
    size: float
    # NOTE: the home municipality is chosen by population rank (0 = largest), so the
    # sample never re-types a municipality name and still works for another region.
    home_rank: int
    # Extra sites (vestigingen) by population rank, with their share of the FTE.
    sites: tuple[tuple[int, float], ...] = ()


LDE_ORGANISATIONS: tuple[Organisation, ...] = (
    Organisation("vzw Buurtwerk Leiestreek (fictief)", "LDE", 26.0, 0),
    Organisation("vzw Proper Plein (fictief)", "LDE", 21.0, 1),
    Organisation("vzw Klusdienst De Hamer (fictief)", "LDE", 17.0, 2),
    Organisation("vzw Strijkatelier De Plooi (fictief)", "LDE", 14.0, 3),
    Organisation("vzw Herbruikwinkel Tweede Leven (fictief)", "LDE", 11.5, 4),
    Organisation("vzw Buurtrestaurant De Pot (fictief)", "LDE", 10.0, 5),
    Organisation("vzw Groendienst Kouter (fictief)", "LDE", 8.0, 6),
    Organisation("vzw Fietspunt Stationsomgeving (fictief)", "LDE", 6.5, 0),
)

# The LDE organisation that only got a contingent in 2019: its 2017–2018 cells say "n.v.t.".
LDE_LATE_START = ("vzw Fietspunt Stationsomgeving (fictief)", 2019)

MAATWERKBEDRIJF = "maatwerkbedrijf"
MAATWERKAFDELING = "maatwerkafdeling"
INDIVIDUEEL = "individueel maatwerk"

CMW_ORGANISATIONS: tuple[Organisation, ...] = (
    Organisation("Maatwerkbedrijf Leiewerk (fictief)", MAATWERKBEDRIJF, 430.0, 0, ((4, 0.3),)),
    Organisation("Maatwerkbedrijf Atelier Zuidwest (fictief)", MAATWERKBEDRIJF, 320.0, 1),
    Organisation(
        "Maatwerkbedrijf De Schakel Werkt (fictief)", MAATWERKBEDRIJF, 250.0, 2, ((5, 0.25),)
    ),
    Organisation("Verpakkingen Noord nv, maatwerkafdeling (fictief)", MAATWERKAFDELING, 62.0, 3),
    Organisation("Groenzorg bv, maatwerkafdeling (fictief)", MAATWERKAFDELING, 46.0, 6),
    Organisation("Metaal & Montage nv, maatwerkafdeling (fictief)", MAATWERKAFDELING, 34.0, 7),
)

# Individueel maatwerk (from 1 July 2023): places held by the maatwerkbedrijven that
# coach workers inside regular employers; base places in 2023 Q3.
IM_PLACES: dict[str, float] = {
    "Maatwerkbedrijf Leiewerk (fictief)": 14.0,
    "Maatwerkbedrijf Atelier Zuidwest (fictief)": 9.0,
    "Maatwerkbedrijf De Schakel Werkt (fictief)": 6.0,
}

# Employers named in the person-level list, per canonical target group.
IM_EMPLOYERS: tuple[str, ...] = (
    "Bakkerij Voorbeeld bv (fictief)",
    "Garage Proefrit bv (fictief)",
    "Tuincentrum Groeipunt nv (fictief)",
    "Drukkerij Drukproef bv (fictief)",
)
AMA_ORGANISATIONS: tuple[str, ...] = (
    "Dagcentrum De Zonnewijzer (fictief)",
    "vzw Arbeidszorg Het Ateljee (fictief)",
    "vzw Zorgboerderij Hoeve Proef (fictief)",
)
WERKERVARING_ORGANISATIONS: tuple[str, ...] = (
    "Werkervaringsdienst Zuidwest (fictief)",
    "vzw Leerwerkvloer Atelier 13 (fictief)",
)


def social_service(municipality: str) -> str:
    """The (fictional) social service that employs an artikel 60 worker."""
    return f"Sociale dienst {municipality} (fictief)"


FIRST_NAMES: tuple[str, ...] = (
    "Anke",
    "Bram",
    "Céline",
    "Dirk",
    "Els",
    "Fatima",
    "Gert",
    "Hanne",
    "Ilias",
    "Jana",
    "Kobe",
    "Lien",
    "Mehmet",
    "Nele",
    "Olivier",
    "Petra",
    "Rik",
    "Sofie",
    "Tom",
    "Yasmina",
)
# Invented surnames that read Flemish but are plainly made up.
SURNAMES: tuple[str, ...] = (
    "Voorbeeldt",
    "De Proefere",
    "Verzinckx",
    "Van Steekhove",
    "Testelinck",
    "Demonstraete",
    "Fictiefs",
    "Van den Bedachte",
    "Oefenaere",
    "Vanverzonnen",
    "De Schetsere",
    "Modelincx",
)
STREETS: tuple[str, ...] = (
    "Voorbeeldstraat",
    "Proefweg",
    "Steekproeflaan",
    "Fictiefplein",
    "Oefenstraat",
    "Modellaan",
    "Schetsdreef",
    "Testkaai",
)
REMARKS: tuple[str, ...] = (
    "",
    "",
    "",
    "",
    "start na intake",
    "deeltijds (50 %)",
    "via trajectbegeleiding",
    "eerst proefperiode van 1 maand",
    "opvolging door jobcoach",
    "herstart na ziekte",
    "werkpost: onderhoud",
    "werkpost: keuken",
)
