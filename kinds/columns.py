"""Columns several dataset kinds share, with their Dutch words and header synonyms.

The one synonym table of the project: a kind lists these columns (and its own, in its
module) and ``loaders.columns.synonym_table`` derives the header lookup from them.
English and WSE open-data field names are included. A column's synonyms are matched
after normalising (``loaders.normalise.text_key``), so case, accents, spacing and
punctuation do not matter.
"""

from __future__ import annotations

from kinds.model import Requirement, column

YEAR = column(
    "year",
    "Int64",
    "Jaar",
    "Het jaar (2000 tot volgend jaar).",
    ["jaar", "year", "jaartal", "kalenderjaar", "boekjaar", "annee", "jr"],
    nullable=False,
)
QUARTER = column(
    "quarter",
    "Int64",
    "Kwartaal",
    "Kwartaal 1 tot 4; leeg voor een heel jaar.",
    ["kwartaal", "quarter", "kw", "trimester", "trimestre", "kwartaalnummer"],
)
MONTH = column(
    "month",
    "Int64",
    "Maand",
    "Maand 1 tot 12 of de naam van de maand; leeg als niet gekend.",
    ["maand", "month", "mois", "maandnummer"],
)
MUNICIPALITY = column(
    "municipality",
    "string",
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
NIS_CODE = column(
    "nis_code",
    "string",
    "NIS-code",
    "NIS-code van de gemeente (vijf cijfers); ook voor plaatsen buiten de regio als het "
    "een Vlaamse gemeente is.",
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
POSTCODE = column(
    "postcode",
    "string",
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
ORGANISATION = column(
    "organisation",
    "string",
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
        "employer",
        "company",
        "entreprise",
        "promotor",
        "instelling",
        "organisatie naam",
        "naam werkgever",
        "naam onderneming",
        "bedrijfsnaam",
        # A site names the organisation only when the file names nothing else: the
        # earliest synonym wins when two columns name the same field, and the other
        # column stays part of the row's identity (sites of one organisation add up).
        "vestiging",
        "naam vestiging",
        "vestigingsnaam",
    ],
)
# In organisation lists a bare "Naam" is the organisation; in person-level inflow
# lists it is the worker, so only lde and maatwerk accept it.
NAMED_ORGANISATION = ORGANISATION.but(synonyms=(*ORGANISATION.synonyms, "naam"))
PERIOD = column(
    "period",
    "string",
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
REMARK = column(
    "remark",
    "string",
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
PERSON_FIELDS = (
    column(
        "person_name",
        "string",
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
    column(
        "person_id",
        "string",
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
    column(
        "birth_date",
        "string",
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
            "geboortejaar",
            "jaar van geboorte",
        ],
        role="person",
    ),
    column(
        "address",
        "string",
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
)
START_DATE = column(
    "start_date",
    "string",
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


# The period of a row: from a year, period, month or quarter column (a month or quarter
# column may hold full periods, "jan 2021"), a wide table's period headers, or a year in
# the sheet name or title.
PERIOD_GIVEN = Requirement(("year", "period", "month", "quarter"), ("period_header", "title_year"))
# What a file of stocks may add to its tidy columns; a month is read for stocks given per
# month (averaged into their quarter).
STOCK_INPUTS = (PERIOD, MONTH, POSTCODE, REMARK)
