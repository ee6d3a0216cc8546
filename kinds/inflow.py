"""Inflow (instroom): target-group workers starting per period, a flow.

Files are aggregated tables (long, or wide by year, quarter or month) or person-level
lists with one row per worker, which are counted while loading.
"""

from __future__ import annotations

from kinds.columns import (
    MONTH,
    MUNICIPALITY,
    NIS_CODE,
    ORGANISATION,
    PERIOD,
    PERIOD_GIVEN,
    PERSON_FIELDS,
    POSTCODE,
    QUARTER,
    REMARK,
    START_DATE,
    YEAR,
)
from kinds.model import Evidence, Kind, Noun, Requirement, Scope, column
from kinds.profiles import AGE, PROFILES

COUNT = column(
    "inflow",
    "Int64",
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
        # Words of case-management and project exports ("Aantal" is a filler word, so
        # "Aantal gestarte deelnemers" reads as "gestarte deelnemers").
        "gestarte deelnemers",
        "deelnemers",
        "gestarten",
        "starts",
        "trajecten gestart",
        "gestarte trajecten",
        "opgestarte trajecten",
    ],
    role="measure",
    nullable=False,
    heads=("aantal", "number of", "nombre de"),
    not_counted=(
        "uur", "uren", "dag", "dagen", "week", "weken", "maand", "maanden", "euro", "eur",
        "bedrag", "vte", "fte", "procent", "percentage", "km", "plaatsen", "contingent",
    ),
)
TARGET_GROUP = column(
    "target_group",
    "string",
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
    nullable=False,
    # An aggregated table without target groups (and none in a title or filter line).
    missing="Niet opgegeven",
)
# Case-management exports list every planned start with its status; a start that did
# not happen is no inflow.
STATUS = column(
    "status",
    "string",
    "Status",
    "Status van de start; rijen die geannuleerd, niet gestart of ingetrokken zijn, tellen "
    "niet mee als instroom.",
    [
        "status",
        "dossierstatus",
        "status dossier",
        "trajectstatus",
        "status traject",
        "status start",
        "startstatus",
        "status aanwerving",
        "stand van zaken",
        "state",
    ],
    role="status",
    excluded=(
        "geannuleerd",
        "annulatie",
        "annulering",
        "geschrapt",
        "niet gestart",
        "nooit gestart",
        "niet doorgegaan",
        "gaat niet door",
        "ingetrokken",
        "afgebroken voor start",
        "afgewezen",
        "geweigerd",
        "no show",
        "niet opgedaagd",
        "niet komen opdagen",
        "cancelled",
        "canceled",
        "withdrawn",
        "not started",
        "annule",
    ),
)

INFLOW = Kind(
    name="inflow",
    label="Instroom",
    choice_label="Instroom",
    noun="instroom",
    data_noun="instroomgegevens",
    entity=Noun("instromer", "instromers"),
    source="VDAB-instroomgegevens",
    flow=True,
    columns=(
        YEAR,
        MONTH,
        QUARTER,
        MUNICIPALITY.but(nullable=False),  # places outside the region get its outside label
        NIS_CODE,
        TARGET_GROUP,
        ORGANISATION,
        *PROFILES,
        COUNT,
    ),
    inputs=(PERIOD, START_DATE, POSTCODE, REMARK, STATUS, *PERSON_FIELDS, AGE),
    required=(
        # A person list's start date gives the period too.
        Requirement((*PERIOD_GIVEN.columns, "start_date"), PERIOD_GIVEN.sources),
        Requirement(("municipality", "postcode", "nis_code")),
        Requirement(("inflow",), ("value_header", "person_list")),
    ),
    main_measure="inflow",
    headline_measures=("inflow",),
    evidence=Evidence(
        own_columns=frozenset(
            {"inflow", "target_group", "start_date", *(c.name for c in PERSON_FIELDS), "age"}
        ),
        names=(
            "instroom",
            "instromers",
            "starters",
            "doelgroepwerknemers",
            "inflow",
            "nieuwe werknemers",
            "indiensttreding",
        ),
        # Counted people: a stock is never counted in persons or starters.
        units=frozenset({"personen", "persoon", "starters", "starts", "instromers", "persons"}),
    ),
    # A file naming organisations replaces their rows; one naming none (an export per
    # municipality) replaces all inflow of its periods.
    scope=Scope(entity="organisation", unnamed_covers_all=True),
    person_lists=True,
    # NOTE: the NIS code too (migration 0010): rows outside the region, the region's own
    # starters elsewhere and open data of Flanders, are told apart by it.
    summary_keys=("year", "quarter", "municipality", "nis_code", "target_group"),
    detail_keys=("month", "organisation", "age_band", "sex", "education"),
    flanders_file=(
        "het open-data-bestand van VDAB of het Departement WSE met de instroom per gemeente "
        "en per doelgroep voor heel Vlaanderen (kolommen periode, gemeente, nis_code, "
        "doelgroep, aantal instromers)"
    ),
)
