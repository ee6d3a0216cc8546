"""The columns of each dataset, and the one synonym table per dataset.

``COLUMNS[kind]`` lists the tidy output columns (name, dtype, required, Dutch label,
Dutch explanation, synonyms); the Gegevens page builds its Excel templates from it.
``INPUT_COLUMNS[kind]`` lists the extra fields a file may carry that are *read* but
not stored as such: a full period or start date, postcode, NIS code, the person
fields of a person-level list (recognised only so they can be dropped), remarks.
Synonyms are compared through ``normalise.text_key`` (case, accents, spacing and
punctuation do not matter), so ``"Gemeente "``, ``"GEMEENTE"`` and ``"gemeente"``
are one synonym. English and WSE open-data field names are included.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from loaders.normalise import text_key

KINDS = ("inflow", "lde", "maatwerk")


@dataclass(frozen=True)
class ColumnSpec:
    """One column: tidy name, pandas dtype, required on input, Dutch label and help."""

    name: str
    dtype: str
    required: bool
    label: str
    explanation: str
    synonyms: tuple[str, ...]
    # Role of an input-only column: "key" (identifies a row), "measure" (a number),
    # "person" (identifies a person: read only to be dropped) or "ignore".
    role: str = "key"


def _spec(name, dtype, required, label, explanation, synonyms, role="key") -> ColumnSpec:
    return ColumnSpec(name, dtype, required, label, explanation, tuple(synonyms), role)


YEAR = _spec(
    "year",
    "Int64",
    True,
    "Jaar",
    "Het jaar (2000 tot volgend jaar).",
    ["jaar", "year", "jaartal", "kalenderjaar", "boekjaar", "annee", "jr"],
)
QUARTER = _spec(
    "quarter",
    "Int64",
    False,
    "Kwartaal",
    "Kwartaal 1 tot 4; leeg voor een heel jaar.",
    ["kwartaal", "quarter", "kw", "trimester", "trimestre", "kwartaalnummer"],
)
MONTH = _spec(
    "month",
    "Int64",
    False,
    "Maand",
    "Maand 1 tot 12 of de naam van de maand; leeg als niet gekend.",
    ["maand", "month", "mois", "maandnummer"],
)
MUNICIPALITY = _spec(
    "municipality",
    "string",
    False,
    "Gemeente",
    "Naam van de gemeente (ook deelgemeente, Franse naam, postcode of NIS-code). "
    "Plaatsen buiten de regio worden apart gehouden.",
    [
        "gemeente",
        "municipality",
        "gemeentenaam",
        "woonplaats",
        "woongemeente",
        "plaats",
        "stad",
        "commune",
        "localiteit",
        "gemeente werknemer",
        "gemeente vestiging",
        "vestigingsgemeente",
        "vestiging gemeente",
        "gemeente doelgroepwerknemer",
        "city",
        "town",
        "refnis gemeente",
        "gemeente naam",
        "naam gemeente",
        "tx descr nl",
        "vestigingsplaats",
        "locatie",
        "werkplaats gemeente",
        "domicilie gemeente",
    ],
)
NIS_CODE = _spec(
    "nis_code",
    "string",
    False,
    "NIS-code",
    "NIS-code van de gemeente (vijf cijfers).",
    [
        "nis",
        "nis code",
        "niscode",
        "nis gemeente",
        "refnis",
        "cd refnis",
        "nis-code gemeente",
        "ins code",
        "nis code gemeente",
        "gemeentecode",
    ],
)
POSTCODE = _spec(
    "postcode",
    "string",
    False,
    "Postcode",
    "Postcode van de gemeente.",
    [
        "postcode",
        "post code",
        "postnummer",
        "zip",
        "zip code",
        "code postal",
        "postal code",
        "postcode woonplaats",
        "postcode gemeente",
    ],
)
ORGANISATION = _spec(
    "organisation",
    "string",
    False,
    "Organisatie",
    "Naam van de organisatie, het bedrijf of de vestiging.",
    [
        "organisatie",
        "organisation",
        "organization",
        "werkgever",
        "onderneming",
        "bedrijf",
        "maatwerkbedrijf",
        "naam organisatie",
        "organisatienaam",
        "vzw",
        "initiatief",
        "lde organisatie",
        "lde initiatief",
        "vestiging",
        "naam vestiging",
        "vestigingsnaam",
        "employer",
        "company",
        "entreprise",
        "promotor",
        "instelling",
        "organisatie naam",
        "naam werkgever",
        "naam onderneming",
        "bedrijfsnaam",
    ],
)
# In organisation lists a bare "Naam" is the organisation; in person-level inflow
# lists it is the worker, so only lde and maatwerk accept it.
NAMED_ORGANISATION = replace(ORGANISATION, synonyms=(*ORGANISATION.synonyms, "naam"))
PERIOD = _spec(
    "period",
    "string",
    False,
    "Periode",
    "Periode zoals 2021, jan 2021, 2021-01, 2021-K1 of K2 2021.",
    [
        "periode",
        "period",
        "tijdstip",
        "referentieperiode",
        "kwartaal jaar",
        "jaar kwartaal",
        "jaar maand",
        "maand jaar",
        "datum",
        "date",
        "peildatum",
        "referentiedatum",
    ],
)
REMARK = _spec(
    "remark",
    "string",
    False,
    "Opmerking",
    "Vrije tekst; wordt niet ingelezen.",
    [
        "opmerking",
        "opmerkingen",
        "commentaar",
        "toelichting",
        "nota",
        "notities",
        "notitie",
        "remark",
        "remarks",
        "comment",
        "comments",
        "note",
        "notes",
        "info",
        "bemerking",
    ],
    role="ignore",
)
PERSON_FIELDS = [
    _spec(
        "person_name",
        "string",
        False,
        "Naam",
        "Wordt nooit bewaard.",
        [
            "naam werknemer",
            "voornaam",
            "achternaam",
            "familienaam",
            "voornaam en naam",
            "naam en voornaam",
            "naam voornaam",
            "volledige naam",
            "name",
            "first name",
            "last name",
            "surname",
            "werknemer",
            "doelgroepwerknemer",
            "medewerker",
            "naam medewerker",
            "naam doelgroepwerknemer",
            "persoon",
            "nom",
            "prenom",
        ],
        role="person",
    ),
    _spec(
        "person_id",
        "string",
        False,
        "Rijksregisternummer",
        "Wordt nooit bewaard.",
        [
            "rijksregisternummer",
            "rijksregister",
            "rijksregisternr",
            "rrn",
            "rr nummer",
            "insz",
            "insz nummer",
            "inss",
            "niss",
            "national register number",
            "ssin",
            "identificatienummer",
            "klantnummer",
            "dossiernummer",
            "vdab klantnummer",
            "personeelsnummer",
            "id",
        ],
        role="person",
    ),
    _spec(
        "birth_date",
        "string",
        False,
        "Geboortedatum",
        "Wordt nooit bewaard.",
        [
            "geboortedatum",
            "geboorte datum",
            "geb datum",
            "date of birth",
            "birth date",
            "birthdate",
            "dob",
            "date de naissance",
            "leeftijd",
            "age",
            "geboortejaar",
        ],
        role="person",
    ),
    _spec(
        "address",
        "string",
        False,
        "Adres",
        "Wordt nooit bewaard.",
        [
            "adres",
            "address",
            "straat",
            "straat en nummer",
            "straat nr",
            "huisnummer",
            "straatnaam",
            "domicilie",
            "domicilieadres",
            "woonadres",
            "adresse",
            "rue",
            "bus",
            "telefoon",
            "gsm",
            "e mail",
            "email",
            "emailadres",
            "telefoonnummer",
        ],
        role="person",
    ),
]
START_DATE = _spec(
    "start_date",
    "string",
    False,
    "Startdatum",
    "Startdatum van de werknemer (een rij per persoon wordt geteld als instroom).",
    [
        "startdatum",
        "start datum",
        "datum instroom",
        "instroomdatum",
        "datum in dienst",
        "indiensttreding",
        "datum indiensttreding",
        "begindatum",
        "aanvangsdatum",
        "start date",
        "date start",
        "date d entree",
        "datum start",
        "begin",
        "start",
        "in dienst",
        "startmaand",
        "instroommaand",
        "maand instroom",
    ],
)

INFLOW = _spec(
    "inflow",
    "Int64",
    True,
    "Instroom",
    "Aantal doelgroepwerknemers dat in de periode startte (een geheel getal, 0 of meer).",
    [
        "instroom",
        "inflow",
        "aantal instroom",
        "aantal instromers",
        "instromers",
        "aantal starters",
        "starters",
        "aantal",
        "aantal personen",
        "aantal werknemers",
        "nieuwe instroom",
        "aantal nieuwe werknemers",
        "count",
        "number",
        "n",
        "aantal instroom dwn",
        "instroom doelgroepwerknemers",
        "aantal doelgroepwerknemers",
    ],
    role="measure",
)
TARGET_GROUP = _spec(
    "target_group",
    "string",
    True,
    "Doelgroep",
    "Doelgroep of werkvorm, bv. Collectief maatwerk, Individueel maatwerk, LDE, Arbeidszorg / AMA.",
    [
        "doelgroep",
        "target group",
        "werkvorm",
        "tewerkstellingsvorm",
        "maatregel",
        "categorie",
        "statuut",
        "type tewerkstelling",
        "doelgroepcategorie",
        "programma",
        "regeling",
        "sociale economie vorm",
        "vorm",
        "sector",
        "groupe cible",
    ],
)
FTE = _spec(
    "fte",
    "float64",
    True,
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
)
LDE_CONTINGENT = _spec(
    "contingent",
    "float64",
    False,
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
KIND = _spec(
    "kind",
    "string",
    False,
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
        "vorm",
        "type organisatie",
        "soort organisatie",
    ],
)
PLACES = _spec(
    "places",
    "float64",
    True,
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
)
OCCUPIED = _spec(
    "occupied",
    "float64",
    False,
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

COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    "inflow": (YEAR, MONTH, QUARTER, MUNICIPALITY, NIS_CODE, TARGET_GROUP, ORGANISATION, INFLOW),
    "lde": (YEAR, QUARTER, NAMED_ORGANISATION, MUNICIPALITY, FTE, LDE_CONTINGENT),
    "maatwerk": (YEAR, QUARTER, NAMED_ORGANISATION, MUNICIPALITY, KIND, PLACES, OCCUPIED),
}
INPUT_COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    "inflow": (PERIOD, START_DATE, POSTCODE, REMARK, *PERSON_FIELDS),
    "lde": (PERIOD, POSTCODE, REMARK),
    "maatwerk": (PERIOD, POSTCODE, REMARK),
}
# Columns a tidy frame must have a value for, per kind (besides the period).
MEASURES = {"inflow": ("inflow",), "lde": ("fte", "contingent"), "maatwerk": ("places", "occupied")}
MAIN_MEASURE = {"inflow": "inflow", "lde": "fte", "maatwerk": "places"}
STOCK_KINDS = frozenset({"lde", "maatwerk"})


def specs(kind: str) -> tuple[ColumnSpec, ...]:
    """All columns recognised in a file of ``kind``: tidy ones first, then input-only."""
    return COLUMNS[kind] + INPUT_COLUMNS[kind]


def synonym_table(kind: str) -> dict[str, str]:
    """Normalised header text → column name, for one dataset.

    Tidy columns win over input-only ones; within those, the first spec listing a
    synonym wins (for example "bezet" is ``occupied`` in maatwerk, ``fte`` in lde).
    """
    table: dict[str, str] = {}
    for spec in specs(kind):
        for synonym in (spec.name, spec.label, *spec.synonyms):
            table.setdefault(text_key(synonym), spec.name)
    return table


def spec_of(kind: str, name: str) -> ColumnSpec:
    return next(s for s in specs(kind) if s.name == name)


def template_frame(kind: str) -> pd.DataFrame:
    """An empty frame with the Dutch labels of ``kind``'s tidy columns, for templates.

    ``frame.attrs["explanations"]`` maps each label to its Dutch explanation and
    ``frame.attrs["required"]`` lists the required labels.
    """
    columns = COLUMNS[kind]
    frame = pd.DataFrame({c.label: pd.Series(dtype="object") for c in columns})
    frame.attrs["explanations"] = {c.label: c.explanation for c in columns}
    frame.attrs["required"] = [c.label for c in columns if c.required]
    return frame
