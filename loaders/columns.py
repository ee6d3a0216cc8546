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

import re
from dataclasses import dataclass, replace
from functools import cache

import pandas as pd

from loaders.normalise import text_key

KINDS = ("inflow", "lde", "maatwerk")
# Each dataset's name in a Dutch sentence ("de LDE-gegevens", "3 imports van instroom").
DATASET_NAMES = {"inflow": "instroom", "lde": "LDE", "maatwerk": "maatwerk"}


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
        "woonplaats werknemer",
        "hoofdgemeente",
        "deelgemeente",
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
        "tewerkstellingsmaatregel",
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
    # A month is read for stocks given per month (averaged into their quarter).
    "lde": (PERIOD, MONTH, POSTCODE, NIS_CODE, REMARK),
    "maatwerk": (PERIOD, MONTH, POSTCODE, NIS_CODE, REMARK),
}
# Columns a tidy frame must have a value for, per kind (besides the period).
MEASURES = {"inflow": ("inflow",), "lde": ("fte", "contingent"), "maatwerk": ("places", "occupied")}
MAIN_MEASURE = {"inflow": "inflow", "lde": "fte", "maatwerk": "places"}
STOCK_KINDS = frozenset({"lde", "maatwerk"})


def specs(kind: str) -> tuple[ColumnSpec, ...]:
    """All columns recognised in a file of ``kind``: tidy ones first, then input-only."""
    return COLUMNS[kind] + INPUT_COLUMNS[kind]


# Words that qualify a header without naming another column: "Aantal nieuwe instromers",
# "Gemiddeld aantal VTE", "Bezetting in VTE", "VTE's", a pivot table's "Som van VTE".
# fmt: off
FILLER_WORDS = frozenset((
    "aantal", "aantallen", "gemiddeld", "gemiddelde", "gem", "in", "van", "de", "het",
    "der", "des", "een", "per", "s", "nieuwe", "som", "sum", "of", "the", "average",
    "count", "number", "totaal", "total",
))
# fmt: on
PIVOT_PREFIX = re.compile(
    r"^\s*(?:som|sum|aantal|count|gemiddelde|average|max|min)\s+(?:van|of)\s+", re.IGNORECASE
)
_QUALIFIER = re.compile(r"\([^)]*\)|\[[^\]]*\]")
MAX_HEADER_WORDS = 5


class Synonyms(dict[str, str]):
    """Normalised header text → column name, with ``match`` for qualified headers."""

    def __init__(self, table: dict[str, str], measures: frozenset[str] = frozenset()) -> None:
        super().__init__(table)
        self.measures = measures
        self._tokens = [
            (frozenset(t), name)
            for key, name in table.items()
            if (t := {w for w in key.split() if w not in FILLER_WORDS})
        ]
        self._cache: dict[str, str | None] = {}

    def match(self, value: object) -> str | None:
        """The column a header cell names, or None.

        The exact text first; then without a pivot prefix ("Som van"), parenthesised
        qualifiers and units ("(VTE)", "(aantal)") and filler words; then the head of
        "X van Y"; last a token-set match: the column with the most specific synonym
        whose words all occur in the header. Two columns tied for it: no match.
        """
        if not isinstance(value, str):
            return self.get(text_key(value))
        if value not in self._cache:
            self._cache[value] = self._match(value)
        return self._cache[value]

    def _match(self, value: str) -> str | None:
        key = text_key(value)
        if key in self:
            return self[key]
        bare = text_key(_QUALIFIER.sub(" ", PIVOT_PREFIX.sub("", value)))
        words = [w for w in bare.split() if w not in FILLER_WORDS]
        for candidate in (bare, " ".join(words)):
            if candidate in self:
                return self[candidate]
        if " van " in f" {bare} ":  # "Gemeente van de vestiging": the head noun decides
            head = [w for w in bare.split(" van ")[0].split() if w not in FILLER_WORDS]
            if head and " ".join(head) in self:
                return self[" ".join(head)]
        if not words or len(words) > MAX_HEADER_WORDS:
            return None
        present = set(words)
        best: dict[str, int] = {}
        for tokens, name in self._tokens:
            if tokens <= present:
                best[name] = max(best.get(name, 0), len(tokens))
        if not best:
            return None
        top = max(best.values())
        winners = [n for n, score in best.items() if score == top]
        return winners[0] if len(winners) == 1 else None


@cache
def synonym_table(kind: str) -> Synonyms:
    """Normalised header text → column name, for one dataset (shared: do not modify).

    Tidy columns win over input-only ones; within those, the first spec listing a
    synonym wins (for example "bezet" is ``occupied`` in maatwerk, ``fte`` in lde).
    """
    table: dict[str, str] = {}
    for spec in specs(kind):
        for synonym in (spec.name, spec.label, *spec.synonyms):
            table.setdefault(text_key(synonym), spec.name)
    measures = frozenset(s.name for s in specs(kind) if s.role == "measure")
    return Synonyms(table, measures)


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
