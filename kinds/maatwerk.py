"""Maatwerk (custom employment): granted places (contingent) and occupation, stocks.

Per organisation or site, or per municipality (WSE open data), and per kind:
collectief (maatwerkbedrijf, maatwerkafdeling, CMW) or individueel (IM).
"""

from __future__ import annotations

import math

from kinds.columns import (
    MUNICIPALITY,
    NAMED_ORGANISATION,
    NIS_CODE,
    PERIOD_GIVEN,
    QUARTER,
    STOCK_INPUTS,
    YEAR,
)
from kinds.model import Evidence, Kind, Noun, Requirement, Scope, column

SORT = column(
    "kind",
    "string",
    "Soort maatwerk",
    "collectief (maatwerkbedrijf, maatwerkafdeling, CMW) of individueel (IM).",
    [
        "soort",
        "soort maatwerk",
        "type",
        "type maatwerk",
        "maatwerkvorm",
        "vorm maatwerk",
        "kind",
        "categorie",
        "maatwerk",
        "maatregel",  # WSE open data: "Collectief maatwerk", "Individueel maatwerk"
        "vorm",
        "type organisatie",
        "soort organisatie",
    ],
    nullable=False,
)
PLACES = column(
    "places",
    "float64",
    "Contingent (plaatsen)",
    "Toegekend contingent in VTE of plaatsen, 0 of meer.",
    [
        "contingent",
        "plaatsen",
        "aantal plaatsen",
        "toegekend",
        "toegekende vte",
        "toegekend contingent",
        "contingent vte",
        "capaciteit",
        "cmw aantal toegekend vte",
        "im aantal toegekend vte",
        "aantal toegekend vte",
        "toegekende plaatsen",
        "vte toegekend",
        "granted",
        "places",
        "capacity",
        "contingent plaatsen",
        "maatwerk contingent",
    ],
    role="measure",
    nullable=False,
    short_label="Plaatsen",
)
OCCUPIED = column(
    "occupied",
    "float64",
    "Bezet",
    "Ingevulde VTE of plaatsen; leeg als niet gekend (nooit 0 voor onbekend).",
    [
        "bezet",
        "bezetting",
        "bezette vte",
        "bezette plaatsen",
        "ingevuld",
        "ingevulde vte",
        "cmw aantal vte",
        "im aantal vte",
        "aantal vte",
        "vte",
        "fte",
        "gerealiseerd",
        "gerealiseerde vte",
        "occupied",
        "filled",
        "realisatie",
        "vte bezet",
        "tewerkgesteld",
        "tewerkgestelde vte",
        "ingevulde plaatsen",
    ],
    role="measure",
)

MAATWERK = Kind(
    name="maatwerk",
    label="Maatwerk",
    choice_label="Maatwerk (plaatsen)",
    noun="maatwerk",
    data_noun="maatwerkgegevens",
    entity=Noun("maatwerkorganisatie", "maatwerkorganisaties"),
    source="maatwerkgegevens (contingent en bezetting)",
    flow=False,
    columns=(YEAR, QUARTER, NAMED_ORGANISATION, MUNICIPALITY, NIS_CODE, SORT, PLACES, OCCUPIED),
    inputs=STOCK_INPUTS,
    required=(
        PERIOD_GIVEN,
        # Open data gives municipalities, not organisations; a table of the whole region
        # ("Maatwerk in W13", rows per quarter) gives neither.
        Requirement(("organisation", "municipality", "postcode", "nis_code"), ("region_table",)),
        Requirement(("places",), ("value_header",)),
    ),
    main_measure="places",
    headline_measures=("places", "occupied"),
    evidence=Evidence(
        own_columns=frozenset({"places", "occupied", "kind"}),
        names=(
            "maatwerk",
            "cmw",
            "maatwerkbedrijf",
            "maatwerkbedrijven",
            "maatwerkafdeling",
            "collectief maatwerk",
            "individueel maatwerk",
        ),
        # LDE has a "bezetting" too: these lean towards maatwerk without naming it.
        leaning=("bezettingsgraad", "bezetting"),
        units=frozenset({"vte", "fte", "bezet", "bezetting", "plaatsen"}),
        # A maatwerk company employs tens to hundreds.
        median_figure=(30.0, math.inf),
    ),
    scope=Scope(
        entity="organisation", fallback="municipality", within=("kind",), region_totals=True
    ),
    filter_columns=("year", "organisation", "municipality", "kind"),
    flanders_file=(
        "het open-data-bestand van het Departement WSE met collectief en individueel maatwerk "
        "per gemeente voor heel Vlaanderen (kolommen periode, gemeente, nis_code, maatregel, "
        "toegekende en bezette VTE)"
    ),
)
