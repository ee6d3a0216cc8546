"""Who flows in: the profile columns of inflow (age band, sex, education level).

Each is a tidy key of a closed vocabulary: its values, and the words of a cell or a
column header that name each value (the one place these synonyms live). A row whose file
does not say lands on "onbekend". Person lists give the age band through a birth date
(or the one inside a national register number) and the start date; only the band is
kept (``loaders.profiles``).
"""

from __future__ import annotations

from kinds.model import column

UNKNOWN = "onbekend"
# The ages at which a band starts: "<25" is 0-24, "25-49", "50+" (whole years on the
# start date). A file's finer bands ("18-24", "55-64") fall into these when they fit.
AGE_LIMITS = (25, 50)
_UNKNOWN_WORDS = (UNKNOWN, "onbekend", "niet gekend", "ongekend", "niet opgegeven", "unknown", "?")

AGE_BAND = column(
    "age_band",
    "string",
    "Leeftijdsgroep",
    "Leeftijd bij de start: jonger dan 25, 25 tot 49 of 50 en ouder (uit een geboortedatum, "
    "rijksregisternummer, leeftijd of leeftijdsgroep; enkel de groep wordt bewaard).",
    [
        "leeftijdsgroep",
        "leeftijdscategorie",
        "leeftijdsklasse",
        "leeftijdscat",
        "leeftijdsband",
        "leeftijdsgroepen",
        "age group",
        "age band",
        "age class",
        "classe d age",
        "groupe d age",
    ],
    nullable=False,
    missing=UNKNOWN,
    vocabulary=(
        ("<25", ("jonger dan 25", "jongeren", "min 25", "minder dan 25", "-25", "<25 jaar")),
        ("25-49", ("25 49", "25 tot 49", "25 tot 50", "25 49 jaar", "25-49 jaar")),
        ("50+", ("50 plus", "50 plussers", "vijftigplussers", "50 en ouder", "50 jaar en ouder",
                 "ouderen", "50+ jaar")),
        (UNKNOWN, _UNKNOWN_WORDS),
    ),
)
SEX = column(
    "sex",
    "string",
    "Geslacht",
    "Man of vrouw (M/V); uit een rijksregisternummer als het bestand het niet vermeldt.",
    ["geslacht", "gender", "sexe", "sex", "m v", "m/v", "man vrouw", "geslacht m v", "gesl"],
    nullable=False,
    missing=UNKNOWN,
    vocabulary=(
        ("man", ("man", "m", "mannelijk", "mannen", "male", "males", "men", "homme", "hommes",
                 "h", "heer", "dhr", "de heer", "mr", "masculin", "jongen")),
        ("vrouw", ("vrouw", "v", "f", "vrouwelijk", "vrouwen", "female", "females", "women",
                   "femme", "femmes", "mevrouw", "mevr", "mw", "mrs", "ms", "feminin", "meisje")),
        # "X" (neither) is no man or woman; the dashboard counts it with the unknown.
        (UNKNOWN, (*_UNKNOWN_WORDS, "x", "anders", "andere", "overig", "other")),
    ),
)
EDUCATION = column(
    "education",
    "string",
    "Opleidingsniveau",
    "Laag (geen diploma secundair onderwijs), midden (diploma secundair onderwijs) of hoog "
    "(diploma hoger onderwijs).",
    [
        "opleidingsniveau",
        "opleiding",
        "scholingsniveau",
        "scholing",
        "studieniveau",
        "onderwijsniveau",
        "diploma",
        "hoogste diploma",
        "behaald diploma",
        "kwalificatieniveau",
        "education",
        "education level",
        "niveau d etudes",
        "niveau de formation",
    ],
    nullable=False,
    missing=UNKNOWN,
    # NOTE: VDAB's three levels: low = at most the second grade of secondary school (no
    # secondary diploma), middle = a secondary diploma (third grade, 7th year, Se-n-Se),
    # high = higher education (HBO5, bachelor, master: ISCED 5-8). A cell naming several
    # levels takes the longest phrase it holds: "lager secundair" is low, not "secundair".
    vocabulary=(
        ("laag", ("laag", "laaggeschoold", "kortgeschoold", "laagopgeleid", "laaggekwalificeerd",
                  "geen diploma", "zonder diploma", "geen diploma secundair onderwijs",
                  "zonder diploma secundair onderwijs", "geen diploma so", "max lager onderwijs",
                  "lager onderwijs", "basisonderwijs", "lagere school", "lager secundair",
                  "lager secundair onderwijs", "eerste graad", "tweede graad",
                  "buitengewoon onderwijs", "low", "bas", "faible")),
        ("midden", ("midden", "middengeschoold", "middelmatig geschoold", "middenopgeleid",
                    "secundair onderwijs", "secundair", "hoger secundair",
                    "hoger secundair onderwijs", "diploma secundair onderwijs", "derde graad",
                    "middelbaar onderwijs", "aso", "tso", "bso", "kso", "7de jaar",
                    "zevende jaar", "se n se", "medium", "middle", "moyen")),
        ("hoog", ("hoog", "hooggeschoold", "hoogopgeleid", "hoger onderwijs", "hogeschool",
                  "universiteit", "universitair", "bachelor", "master", "doctoraat", "graduaat",
                  "hbo5", "hoger beroepsonderwijs", "high", "eleve", "superieur")),
        (UNKNOWN, _UNKNOWN_WORDS),
    ),
)
PROFILES = (AGE_BAND, SEX, EDUCATION)

# A person's age at the start, read only to find the band (never stored).
AGE = column(
    "age",
    "string",
    "Leeftijd",
    "Leeftijd bij de start in jaren; enkel de leeftijdsgroep wordt bewaard.",
    ["leeftijd", "age", "leeftijd bij start", "leeftijd bij instroom", "leeftijd in jaren",
     "leeftijd start"],
    role="person",
)

# The people of each value, as a title names them: "Aandeel 50-plussers in de instroom".
NOUNS: dict[str, dict[str, str]] = {
    "age_band": {"<25": "jongeren onder 25", "25-49": "25- tot 49-jarigen", "50+": "50-plussers"},
    "sex": {"man": "mannen", "vrouw": "vrouwen"},
    "education": {"laag": "laaggeschoolden", "midden": "middengeschoolden",
                  "hoog": "hooggeschoolden"},
}
