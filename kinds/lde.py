"""LDE (lokale diensteneconomie): FTE filled and granted per organisation, stocks."""

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

FTE = column(
    "fte",
    "float64",
    "VTE",
    "Ingevulde voltijdse equivalenten (VTE), 0 of meer.",
    [
        "vte",
        "fte",
        "aantal vte",
        "aantal fte",
        "ingevulde vte",
        "bezette vte",
        "vte bezet",
        "gerealiseerde vte",
        "gerealiseerd",
        "tewerkgestelde vte",
        "vte tewerkgesteld",
        "lde vte",
        "lde aantal vte",
        "bezetting vte",
        "bezetting",
        "bezet",
        "realisatie",
        "ingevuld",
        "vte ingevuld",
        "lde aantal vte bezet",
        "fte filled",
    ],
    role="measure",
    nullable=False,
)
CONTINGENT = column(
    "contingent",
    "float64",
    "Contingent",
    "Toegekend contingent in VTE; leeg als niet gekend.",
    [
        "contingent",
        "toegekend contingent",
        "contingent vte",
        "toegekende vte",
        "vte toegekend",
        "toegekend",
        "lde contingent",
        "lde aantal toegekend vte",
        "granted",
        "granted fte",
        "subsidieerbaar contingent",
        "contingent toegekend",
    ],
    role="measure",
)

LDE = Kind(
    name="lde",
    label="LDE",
    choice_label="LDE (VTE)",
    noun="LDE",
    data_noun="LDE-gegevens",
    entity=Noun("LDE-organisatie", "LDE-organisaties"),
    source="LDE-organisatielijsten",
    flow=False,
    columns=(
        YEAR,
        QUARTER,
        NAMED_ORGANISATION.but(nullable=False),
        MUNICIPALITY,
        NIS_CODE,
        FTE,
        CONTINGENT,
    ),
    inputs=STOCK_INPUTS,
    required=(
        PERIOD_GIVEN,
        Requirement(("organisation",)),
        Requirement(("fte",), ("value_header",)),
    ),
    main_measure="fte",
    headline_measures=("fte",),
    evidence=Evidence(
        own_columns=frozenset({"fte", "contingent"}),
        names=("lde", "lokale diensteneconomie", "lokale diensten economie", "diensteneconomie"),
        units=frozenset({"vte", "fte"}),
        # An LDE organisation employs a few to a few dozen FTE.
        median_figure=(-math.inf, 30.0),
    ),
    scope=Scope(entity="organisation", fallback="municipality"),
    filter_columns=("year", "organisation", "municipality"),
    flanders_file=(
        "het open-data-bestand van het Departement WSE per vestiging voor heel Vlaanderen, "
        "als LDE (kolommen periode, naam_onderneming, gemeente, nis_code, "
        "lde_aantal_toegekend_vte, lde_aantal_vte)"
    ),
)
