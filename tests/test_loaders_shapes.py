"""Table shapes staff really meet, one row of a parametrised table each, with the exact
tidy result: parts that add up, any dimension as the wide axis, compact pivots,
periods wherever they are written, what is not given, totals-looking names.

Every fixture is written by a real writer (xlsxwriter, openpyxl, odf, xlwt, csv) and is
also detected three ways — as a path, as bytes and as a nameless file object — with the
same answer, from its content only.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from loaders_writers import csv, expected, ods, same, xls, xlsx, xlsx_indented, xlsx_merged

import loaders

NAN = float("nan")

WSE_HEADER = [
    "periode",
    "ondernemingsnummer",
    "vestigingsnummer",
    "naam_onderneming",
    "naam_vestiging",
    "gemeente",
    "nis_code",
    "cmw_aantal_toegekend_vte",
    "cmw_aantal_vte",
    "lde_aantal_toegekend_vte",
    "lde_aantal_vte",
]
# One row per site per quarter, all of Flanders: two sites of Leiewerk in Kortrijk (they
# add up), one in Menen with LDE too, a site outside the region, a second quarter.
WSE_ROWS = [
    WSE_HEADER,
    ["2021 K4", "0412.345.678", "2.123.456.789", "Leiewerk", "Leiewerk Noord", "KORTRIJK",
     "34022", "150,0", "140,5", "0", "0"],
    ["2021 K4", "0412.345.678", "2.123.456.790", "Leiewerk", "Leiewerk Zuid", "KORTRIJK",
     "34022", "100,0", "95,0", "0", "0"],
    ["2021 K4", "0412.345.678", "2.123.456.791", "Leiewerk", "Leiewerk Menen", "MENEN",
     "34027", "50,0", "45,0", "12,0", "11,5"],
    ["2021 K4", "0456.789.123", "2.456.789.123", "Désiré Werkt", "Désiré Roeselare",
     "ROESELARE", "36015", "30,0", "29,0", "0", "0"],
    ["2022 K1", "0412.345.678", "2.123.456.789", "Leiewerk", "Leiewerk Noord", "KORTRIJK",
     "34022", "150,0", "141,5", "0", "0"],
    ["2022 K1", "0412.345.678", "2.123.456.790", "Leiewerk", "Leiewerk Zuid", "KORTRIJK",
     "34022", "100,0", "96,0", "0", "0"],
]  # fmt: skip
WSE_MAATWERK = [
    dict(year=2021, quarter=4, organisation="Leiewerk", municipality="Kortrijk",
         kind="collectief", places=250.0, occupied=235.5),
    dict(year=2021, quarter=4, organisation="Leiewerk", municipality="Menen",
         kind="collectief", places=50.0, occupied=45.0),
    dict(year=2021, quarter=4, organisation="Désiré Werkt", municipality="Buiten W13",
         nis_code="36015", kind="collectief", places=30.0, occupied=29.0),
    dict(year=2022, quarter=1, organisation="Leiewerk", municipality="Kortrijk",
         kind="collectief", places=250.0, occupied=237.5),
]  # fmt: skip
WSE_LDE = [
    dict(year=2021, quarter=4, organisation="Leiewerk", municipality="Menen", fte=11.5,
         contingent=12.0),
]  # fmt: skip


def _wse_xlsx() -> bytes:
    """The xlsx download of the same open data: numbers as numbers, codes as text."""
    rows = [WSE_HEADER] + [
        [*r[:7], *(float(v.replace(",", ".")) for v in r[7:])] for r in WSE_ROWS[1:]
    ]
    return xlsx({"Maatwerk en LDE": rows})


CASES = {
    # §2: parts of one thing add up.
    "wse csv as maatwerk": (csv(WSE_ROWS), "maatwerk", WSE_MAATWERK, "maatwerk"),
    "wse csv as lde": (csv(WSE_ROWS), "lde", WSE_LDE, "maatwerk"),
    "wse xlsx as maatwerk": (_wse_xlsx(), "maatwerk", WSE_MAATWERK, "maatwerk"),
    "both collectief sub-types per municipality": (
        xlsx(
            {
                "Maatwerk": [
                    ["Jaar", "Kwartaal", "Gemeente", "Soort", "Contingent", "Bezet"],
                    [2023, 2, "Waregem", "Maatwerkbedrijf", 300, 290],
                    [2023, 2, "Waregem", "Maatwerkafdeling", 20, 18.5],
                    [2023, 2, "Waregem", "Individueel maatwerk", 4, 4],
                ]
            }
        ),
        "maatwerk",
        [
            dict(
                year=2023,
                quarter=2,
                municipality="Waregem",
                kind="collectief",
                places=320.0,
                occupied=308.5,
            ),
            dict(
                year=2023,
                quarter=2,
                municipality="Waregem",
                kind="individueel",
                places=4.0,
                occupied=4.0,
            ),
        ],
        "maatwerk",
    ),
    "gemeente wins over locatie, sites add up": (
        csv(
            [
                ["Organisatie", "Locatie", "Gemeente", "Jaar", "VTE"],
                ["Buurtwerk", "Site Bissegem", "Kortrijk", "2022", "3,5"],
                ["Buurtwerk", "Hoofdzetel Lauwe", "Menen", "2022", "2"],
                ["Buurtwerk", "Site Heule", "Kortrijk", "2022", "1,5"],
            ]
        ),
        "lde",
        [
            dict(year=2022, organisation="Buurtwerk", municipality="Kortrijk", fte=5.0),
            dict(year=2022, organisation="Buurtwerk", municipality="Menen", fte=2.0),
        ],
        "lde",
    ),
    # §3: any dimension may be the wide axis.
    "municipalities as columns, months in rows": (
        xlsx(
            {
                "Instroom LDE": [
                    ["Instroom LDE per gemeente, 2022"],
                    [],
                    ["Maand", "Kortrijk", "MENEN", "Spiere-Helkijn", "Totaal"],
                    ["januari", 3, 1, None, 4],
                    ["februari", 2, 0, 1, 3],
                    ["Totaal", 5, 1, 1, 7],
                ]
            }
        ),
        "inflow",
        [
            dict(
                year=2022,
                quarter=1,
                month=m,
                municipality=g,
                nis_code=n,
                target_group="LDE",
                inflow=c,
            )
            for m, g, n, c in (
                (1, "Kortrijk", "34022", 3),
                (1, "Menen", "34027", 1),
                (2, "Kortrijk", "34022", 2),
                (2, "Menen", "34027", 0),
                (2, "Spiere-Helkijn", "34043", 1),
            )
        ],
        "inflow",
    ),
    "target groups as columns": (
        csv(
            [
                ["Jaar", "Gemeente", "LDE", "Collectief maatwerk", "Arbeidszorg", "Totaal"],
                ["2021", "Harelbeke", "4", "6", "1", "11"],
                ["2021", "Deerlijk", "1", "2", "0", "3"],
            ]
        ),
        "inflow",
        [
            dict(year=2021, municipality=g, nis_code=n, target_group=t, inflow=c)
            for g, n, t, c in (
                ("Harelbeke", "34013", "LDE", 4),
                ("Harelbeke", "34013", "Collectief maatwerk", 6),
                ("Harelbeke", "34013", "Arbeidszorg / AMA", 1),
                ("Deerlijk", "34009", "LDE", 1),
                ("Deerlijk", "34009", "Collectief maatwerk", 2),
                ("Deerlijk", "34009", "Arbeidszorg / AMA", 0),
            )
        ],
        "inflow",
    ),
    "maatwerk kind over contingent and bezet": (
        xlsx_merged(
            [
                ["Organisatie", "CMW", None, "IM", None],
                [None, "Contingent", "Bezet", "Contingent", "Bezet"],
                ["Werkplus", 400, 390.5, 12, 11],
                ["Mariënstede", 150, 149, None, None],
            ],
            ["B1:C1", "D1:E1", "A1:A2"],
            title="2023 K2",
        ),
        "maatwerk",
        [
            dict(year=2023, quarter=2, organisation=o, kind=k, places=p, occupied=b)
            for o, k, p, b in (
                ("Werkplus", "collectief", 400.0, 390.5),
                ("Werkplus", "individueel", 12.0, 11.0),
                ("Mariënstede", "collectief", 150.0, 149.0),
            )
        ],
        "maatwerk",
    ),
    "organisations as columns, quarters in rows": (
        xlsx(
            {
                "LDE": [
                    ["VTE per LDE-organisatie"],
                    ["Kwartaal", "Buurtwerk", "Fietspunt", "Proper", "Totaal"],
                    ["2022 K1", 4.5, 2, 8, 14.5],
                    ["2022 K2", 5, 2, 8.5, 15.5],
                ]
            }
        ),
        "lde",
        [
            dict(year=2022, quarter=q, organisation=o, fte=f)
            for q, o, f in (
                (1, "Buurtwerk", 4.5),
                (1, "Fietspunt", 2.0),
                (1, "Proper", 8.0),
                (2, "Buurtwerk", 5.0),
                (2, "Fietspunt", 2.0),
                (2, "Proper", 8.5),
            )
        ],
        "lde",
    ),
    "year over municipality in two header rows": (
        xlsx_merged(
            [
                ["Instroom per doelgroep"],
                ["Doelgroep", 2021, None, 2022, None],
                [None, "Kortrijk", "Kuurne", "Kortrijk", "Kuurne"],
                ["LDE", 5, 2, 4, 3],
                ["Artikel 60", 1, 0, 2, 1],
            ],
            ["B2:C2", "D2:E2", "A2:A3"],
        ),
        "inflow",
        [
            dict(year=y, municipality=g, nis_code=n, target_group=t, inflow=c)
            for t, y, g, n, c in (
                ("LDE", 2021, "Kortrijk", "34022", 5),
                ("LDE", 2021, "Kuurne", "34023", 2),
                ("LDE", 2022, "Kortrijk", "34022", 4),
                ("LDE", 2022, "Kuurne", "34023", 3),
                ("Artikel 60", 2021, "Kortrijk", "34022", 1),
                ("Artikel 60", 2021, "Kuurne", "34023", 0),
                ("Artikel 60", 2022, "Kortrijk", "34022", 2),
                ("Artikel 60", 2022, "Kuurne", "34023", 1),
            )
        ],
        "inflow",
    ),
    "municipalities as columns of a stock, with totals": (
        xls(
            [
                ["Contingent collectief maatwerk (VTE)"],
                ["Kwartaal", "Kortrijk", "Waregem", "Totaal"],
                ["2022-K3", 610, 330, 940],
                ["2022-K4", 612, 330, 942],
            ]
        ),
        "maatwerk",
        [
            dict(year=2022, quarter=q, municipality=g, kind="collectief", places=p)
            for q, g, p in (
                (3, "Kortrijk", 610.0),
                (3, "Waregem", 330.0),
                (4, "Kortrijk", 612.0),
                (4, "Waregem", 330.0),
            )
        ],
        "maatwerk",
    ),
    "measure and maatwerk kind in one header cell": (
        ods(
            {
                "Maatwerk 2022 K4": [
                    ["Gemeente", "Contingent CMW", "Bezet CMW", "Contingent IM", "Bezet IM"],
                    ["Kuurne", 55, 52.5, 3, 3],
                ]
            }
        ),
        "maatwerk",
        [
            dict(year=2022, quarter=4, municipality="Kuurne", kind=k, places=p, occupied=b)
            for k, p, b in (("collectief", 55.0, 52.5), ("individueel", 3.0, 3.0))
        ],
        "maatwerk",
    ),
    "an unnamed column beside municipalities is kept, outside the region": (
        csv(
            [
                ["Instroom artikel 60"],
                ["Jaar", "Kortrijk", "Menen", "Andere gemeenten", "Totaal"],
                ["2020", "5", "2", "1", "8"],
            ]
        ),
        "inflow",
        [
            dict(year=2020, municipality=g, nis_code=n, target_group="Artikel 60", inflow=c)
            for g, n, c in (
                ("Kortrijk", "34022", 5),
                ("Menen", "34027", 2),
                ("Buiten W13", None, 1),
            )
        ],
        "inflow",
    ),
    "a site column without a municipality column names the place": (
        xlsx(
            {
                "Vestigingen": [
                    ["Organisatie", "Locatie", "Periode", "VTE"],
                    ["Buurtwerk", "Site Bissegem", "2024-K1", 2],
                    ["Buurtwerk", "Atelier Heule", "2024-K1", 3],
                    ["Buurtwerk", "Hoofdzetel Lauwe", "2024-K1", 1.5],
                ]
            }
        ),
        "lde",
        [
            dict(year=2024, quarter=1, organisation="Buurtwerk", municipality=g, fte=f)
            for g, f in (("Kortrijk", 5.0), ("Menen", 1.5))
        ],
        "lde",
    ),
    # §4: Excel's default compact pivot layout.
    "compact pivot indented by style, subtotals on top": (
        xlsx_indented(
            [
                ["Doelgroep", "(Alle)"],
                [],
                ["Som van Instroom", "Kolomlabels"],
                ["Rijlabels", 2021, 2022, "Eindtotaal"],
                ["Kortrijk", 9, 7, 16],
                ["LDE", 4, 5, 9],
                ["Collectief maatwerk", 5, 2, 7],
                ["Menen", 3, 1, 4],
                ["LDE", 3, 1, 4],
                ["Eindtotaal", 12, 8, 20],
            ],
            {(5, 0): 1, (6, 0): 1, (8, 0): 1},
        ),
        "inflow",
        [
            dict(year=y, municipality=g, nis_code=n, target_group=t, inflow=c)
            for g, n, t, y, c in (
                ("Kortrijk", "34022", "LDE", 2021, 4),
                ("Kortrijk", "34022", "LDE", 2022, 5),
                ("Kortrijk", "34022", "Collectief maatwerk", 2021, 5),
                ("Kortrijk", "34022", "Collectief maatwerk", 2022, 2),
                ("Menen", "34027", "LDE", 2021, 3),
                ("Menen", "34027", "LDE", 2022, 1),
            )
        ],
        "inflow",
    ),
    "compact pivot indented by spaces, subtotals below": (
        csv(
            [
                ["LDE 2023 K1"],
                ["Rijlabels", "Som van VTE"],
                ["Waregem", None],
                ["   Proper vzw", "6,5"],
                ["   Fietspunt Waregem", "3"],
                ["Totaal Waregem", "9,5"],
                ["Wevelgem", None],
                ["   Buurtwerk", "4"],
                ["Totaal Wevelgem", "4"],
                ["Eindtotaal", "13,5"],
            ]
        ),
        "lde",
        [
            dict(year=2023, quarter=1, organisation=o, municipality=g, fte=f)
            for g, o, f in (
                ("Waregem", "Proper vzw", 6.5),
                ("Waregem", "Fietspunt Waregem", 3.0),
                ("Wevelgem", "Buurtwerk", 4.0),
            )
        ],
        "lde",
    ),
    "compact pivot without indents, read from its values": (
        xlsx(
            {
                "Pivot": [
                    ["Sum of Instroom", "Column Labels"],
                    ["Row Labels", "2023", "Grand Total"],
                    ["Harelbeke", 6, 6],
                    ["Artikel 60", 2, 2],
                    ["LDE", 4, 4],
                    ["Zwevegem", 1, 1],
                    ["Artikel 60", 1, 1],
                    ["Grand Total", 7, 7],
                ]
            }
        ),
        "inflow",
        [
            dict(year=2023, municipality=g, nis_code=n, target_group=t, inflow=c)
            for g, n, t, c in (
                ("Harelbeke", "34013", "Artikel 60", 2),
                ("Harelbeke", "34013", "LDE", 4),
                ("Zwevegem", "34042", "Artikel 60", 1),
            )
        ],
        "inflow",
    ),
    "compact pivot of years over quarters, municipalities as columns": (
        xlsx_indented(
            [
                ["Som van Contingent", "Kolomlabels"],
                ["Rijlabels", "Kortrijk", "Waregem", "Eindtotaal"],
                ["2022", 1220, 660, 1880],
                ["Kwartaal3", 610, 330, 940],
                ["Kwartaal4", 610, 330, 940],
                ["2023", 615, 331, 946],
                ["Kwartaal1", 615, 331, 946],
                ["Eindtotaal", 1835, 991, 2826],
            ],
            {(3, 0): 1, (4, 0): 1, (6, 0): 1},
            title="Maatwerk",
        ),
        "maatwerk",
        [
            dict(year=y, quarter=q, municipality=g, kind="collectief", places=p)
            for y, q, g, p in (
                (2022, 3, "Kortrijk", 610.0),
                (2022, 3, "Waregem", 330.0),
                (2022, 4, "Kortrijk", 610.0),
                (2022, 4, "Waregem", 330.0),
                (2023, 1, "Kortrijk", 615.0),
                (2023, 1, "Waregem", 331.0),
            )
        ],
        "maatwerk",
    ),
    "compact pivot with report filters and months as columns": (
        xlsx_indented(
            [
                ["Jaar", 2022],
                ["Doelgroep", "LDE"],
                [],
                ["Som van Aantal", "Kolomlabels"],
                ["Rijlabels", "jan", "feb", "Eindtotaal"],
                ["Kortrijk", 3, 2, 5],
                ["Buurtwerk", 2, 1, 3],
                ["Proper", 1, 1, 2],
                ["Menen", 1, None, 1],
                ["Proper", 1, None, 1],
                ["Eindtotaal", 4, 2, 6],
            ],
            {(6, 0): 1, (7, 0): 1, (9, 0): 1},
        ),
        "inflow",
        [
            dict(
                year=2022,
                quarter=1,
                month=m,
                municipality=g,
                nis_code=n,
                target_group="LDE",
                organisation=o,
                inflow=c,
            )
            for m, g, n, o, c in (
                (1, "Kortrijk", "34022", "Buurtwerk", 2),
                (1, "Kortrijk", "34022", "Proper", 1),
                (1, "Menen", "34027", "Proper", 1),
                (2, "Kortrijk", "34022", "Buurtwerk", 1),
                (2, "Kortrijk", "34022", "Proper", 1),
            )
        ],
        "inflow",
    ),
    "english compact pivot of years over Qtr, organisations as columns": (
        xlsx_indented(
            [
                ["Sum of FTE", "Column Labels"],
                ["Row Labels", "Buurtwerk", "Proper", "Grand Total"],
                ["2022", 10, 20, 30],
                ["Qtr1", 5, 10, 15],
                ["Qtr2", 5, 10, 15],
                ["Grand Total", 10, 20, 30],
            ],
            {(3, 0): 1, (4, 0): 1},
            title="Sheet1",
        ),
        "lde",
        [
            dict(year=2022, quarter=q, organisation=o, fte=f)
            for q in (1, 2)
            for o, f in (("Buurtwerk", 5.0), ("Proper", 10.0))
        ],
        "lde",
    ),
    # §5: periods wherever they are written.
    "a sheet per quarter, written three ways": (
        xlsx(
            {
                "Toelichting": [["LDE-organisaties per kwartaal"], ["Bron: eigen registratie"]],
                "2023 K1": [["Organisatie", "Gemeente", "VTE"], ["Fietspunt", "Kuurne", 4.5]],
                "K2 2023": [["Organisatie", "Gemeente", "VTE"], ["Fietspunt", "Kuurne", 5]],
                "2023-Q3": [["Organisatie", "Gemeente", "VTE"], ["Fietspunt", "Kuurne", 5.5]],
            }
        ),
        "lde",
        [
            dict(year=2023, quarter=q, organisation="Fietspunt", municipality="Kuurne", fte=f)
            for q, f in ((1, 4.5), (2, 5.0), (3, 5.5))
        ],
        "lde",
    ),
    "a sheet per month, in ods": (
        ods(
            {
                "jan 2023": [["Gemeente", "Doelgroep", "Instroom"], ["Menen", "LDE", 2]],
                "februari 2023": [["Gemeente", "Doelgroep", "Instroom"], ["Menen", "LDE", 3]],
            }
        ),
        "inflow",
        [
            dict(
                year=2023,
                quarter=1,
                month=m,
                municipality="Menen",
                nis_code="34027",
                target_group="LDE",
                inflow=n,
            )
            for m, n in ((1, 2), (2, 3))
        ],
        "inflow",
    ),
    "a reference date in the title dates a stock": (
        xlsx_merged(
            [
                ["Maatwerk W13 – toestand op 31/03/2023"],
                ["Bron: export WSE 15/04/2023"],
                ["Organisatie", "Soort", "Contingent", "Bezet"],
                ["Werkplus", "maatwerkbedrijf", 410, 398.5],
            ],
            ["A1:D1"],
        ),
        "maatwerk",
        [
            dict(
                year=2023,
                quarter=1,
                organisation="Werkplus",
                kind="collectief",
                places=410.0,
                occupied=398.5,
            ),
        ],
        "maatwerk",
    ),
    "excel date serials as plain numbers": (
        csv(
            [
                ["Periode", "Gemeente", "Doelgroep", "Aantal"],
                ["44562", "Wevelgem", "Artikel 60", "1"],
                ["44593", "Wevelgem", "Artikel 60", "2"],
            ]
        ),
        "inflow",
        [
            dict(
                year=2022,
                quarter=1,
                month=m,
                municipality="Wevelgem",
                nis_code="34041",
                target_group="Artikel 60",
                inflow=n,
            )
            for m, n in ((1, 1), (2, 2))
        ],
        "inflow",
    ),
    "excel date serials in a month column of an xlsx": (
        xlsx(
            {
                "LDE": [
                    ["Maand", "Organisatie", "VTE"],
                    [44562, "Proper", 6],
                    [44593, "Proper", 7],
                    [44621, "Proper", 8],
                ]
            }
        ),
        "lde",
        [dict(year=2022, quarter=1, organisation="Proper", fte=7.0)],
        "lde",
    ),
    # §6: what is not given is not required.
    "inflow without a target group": (
        csv(
            [
                ["Instroom per gemeente"],
                ["Jaar", "Gemeente", "Aantal starters"],
                ["2022", "Harelbeke", "7"],
                ["2022", "Kuurne", "3"],
            ]
        ),
        "inflow",
        [
            dict(year=2022, municipality=m, nis_code=n, target_group="Niet opgegeven", inflow=c)
            for m, n, c in (("Harelbeke", "34013", 7), ("Kuurne", "34023", 3))
        ],
        "inflow",
    ),
    "target group from a filter line": (
        xlsx(
            {
                "Draaitabel": [
                    ["Filter: Werkvorm = Arbeidszorg"],
                    [],
                    ["Jaar", "Gemeente", "Instroom"],
                    [2021, "Zwevegem", 2],
                ]
            }
        ),
        "inflow",
        [
            dict(
                year=2021,
                municipality="Zwevegem",
                nis_code="34042",
                target_group="Arbeidszorg / AMA",
                inflow=2,
            )
        ],
        "inflow",
    ),
    "status column of a case-management export": (
        xlsx(
            {
                "Export": [
                    ["Dossiernr", "Naam", "Startdatum", "Woonplaats", "Werkvorm", "Status"],
                    ["D-001", "Jan Peeters", dt.date(2023, 1, 9), "8500", "LDE", "Gestart"],
                    ["D-002", "An Claes", dt.date(2023, 1, 16), "Heule", "LDE", "Geannuleerd"],
                    ["D-003", "Piet Maes", dt.date(2023, 1, 23), "Kortrijk", "LDE", "Uitgestroomd"],
                    ["D-004", "Els Goris", dt.date(2023, 2, 6), "Menen", "LDE", "Niet gestart"],
                    ["D-005", "Tom Smet", dt.date(2023, 2, 6), "Menen", "LDE", "Start ingetrokken"],
                    ["D-006", "Lies Dhont", dt.date(2023, 2, 13), "Menen", "LDE", "Gestart"],
                ]
            }
        ),
        "inflow",
        [
            dict(
                year=2023,
                quarter=1,
                month=1,
                municipality="Kortrijk",
                nis_code="34022",
                target_group="LDE",
                inflow=2,
            ),
            dict(
                year=2023,
                quarter=1,
                month=2,
                municipality="Menen",
                nis_code="34027",
                target_group="LDE",
                inflow=1,
            ),
        ],
        "inflow",
    ),
    # Issue 12: organisations as the wide axis with nothing else as key; names that only
    # loosely match a synonym ("… vzw") are labels over figures, the title names the measure.
    "organisations as columns named loosely, the measure only in the title": (
        xlsx(
            {
                "Blad1": [
                    ["LDE: ingevulde VTE per organisatie per kwartaal"],
                    ["Kwartaal", "Kringloopcentrum vzw", "Buurtwerk 't Lampeke", "Groendienst"],
                    ["2022 K1", 4.5, 2, 8],
                    ["2022 K2", 5, 2.5, 8],
                ]
            }
        ),
        "lde",
        [
            dict(year=2022, quarter=q, organisation=o, fte=f)
            for q, o, f in (
                (1, "Kringloopcentrum vzw", 4.5),
                (1, "Buurtwerk 't Lampeke", 2.0),
                (1, "Groendienst", 8.0),
                (2, "Kringloopcentrum vzw", 5.0),
                (2, "Buurtwerk 't Lampeke", 2.5),
                (2, "Groendienst", 8.0),
            )
        ],
        "lde",
    ),
    "two organisations as columns of a csv": (
        csv(
            [
                ["Ingevulde VTE per organisatie"],
                ["Periode", "De Poort vzw", "Buurtwerk"],
                ["2023 K1", "3,5", "2"],
                ["2023 K2", "4", "2"],
            ]
        ),
        "lde",
        [
            dict(year=2023, quarter=q, organisation=o, fte=f)
            for q, o, f in (
                (1, "De Poort vzw", 3.5),
                (1, "Buurtwerk", 2.0),
                (2, "De Poort vzw", 4.0),
                (2, "Buurtwerk", 2.0),
            )
        ],
        "lde",
    ),
    # Issue 12: a table of the whole region (no organisation, no municipality) holds the
    # region's totals, kept with both left empty.
    "region totals per quarter under a two-row header": (
        xlsx_merged(
            [
                ["Maatwerk in W13: contingent en bezetting (VTE)"],
                ["Kwartaal", "CMW", None, "IM", None],
                [None, "Contingent", "Bezet", "Contingent", "Bezet"],
                ["2022 K1", 610, 590, 30, 28],
                ["2022 K2", 612, 600.5, 31, 29],
            ],
            ["B2:C2", "D2:E2"],
        ),
        "maatwerk",
        [
            dict(year=2022, quarter=q, kind=k, places=p, occupied=b)
            for q, k, p, b in (
                (1, "collectief", 610.0, 590.0),
                (1, "individueel", 30.0, 28.0),
                (2, "collectief", 612.0, 600.5),
                (2, "individueel", 31.0, 29.0),
            )
        ],
        "maatwerk",
    ),
    # Issue 12: the words staff use for a count of starters, and a lone "Aantal …" column.
    "inflow counted as started participants": (
        xlsx(
            {
                "Trajecten": [
                    ["Jaar", "Gemeente", "Doelgroep", "Aantal gestarte deelnemers"],
                    [2022, "Kortrijk", "LDE", 4],
                    [2022, "Menen", "Artikel 60", 2],
                ]
            }
        ),
        "inflow",
        [
            dict(year=2022, municipality=m, nis_code=n, target_group=t, inflow=c)
            for m, n, t, c in (("Kortrijk", "34022", "LDE", 4), ("Menen", "34027", "Artikel 60", 2))
        ],
        "inflow",
    ),
    "the one aantal column of an inflow table is its count": (
        csv(
            [
                ["Jaar", "Gemeente", "Doelgroep", "Aantal gestarte cursisten"],
                ["2023", "Wevelgem", "LDE", "3"],
                ["2023", "Kuurne", "LDE", "0"],
            ]
        ),
        "inflow",
        [
            dict(year=2023, municipality=m, nis_code=n, target_group="LDE", inflow=c)
            for m, n, c in (("Wevelgem", "34041", 3), ("Kuurne", "34023", 0))
        ],
        "inflow",
    ),
    # §8: totals are recognised by their label and their figures, names are data.
    "totals-looking names are counted": (
        xlsx(
            {
                "LDE 2022": [
                    ["Organisatie", "Gemeente", "VTE"],
                    ["Total Care", "Kortrijk", 5],
                    ["Som Bouw", "Menen", 3],
                    ["Eindtotaal bv", "Menen", 2],
                    ["@SUM(1+1)", "Kuurne", 1],
                    ["vzw A", "Kortrijk", 4],
                    ["Totaal Kortrijk", None, 9],
                    ["Eindtotaal", None, 15],
                ]
            }
        ),
        "lde",
        [
            dict(year=2022, organisation="Total Care", municipality="Kortrijk", fte=5.0),
            dict(year=2022, organisation="Som Bouw", municipality="Menen", fte=3.0),
            dict(year=2022, organisation="Eindtotaal bv", municipality="Menen", fte=2.0),
            dict(year=2022, organisation="@SUM(1+1)", municipality="Kuurne", fte=1.0),
            dict(year=2022, organisation="vzw A", municipality="Kortrijk", fte=4.0),
        ],
        "lde",
    ),
}


# What staff are told about a case: a warning that must be among the frame's warnings.
WARNED = {
    "wse csv as lde": "5 rij(en) zonder LDE-gegevens",
    "inflow without a target group": "gelezen als 'Niet opgegeven'",
    "status column of a case-management export": "3 rij(en) niet meegeteld",
    "an unnamed column beside municipalities is kept, outside the region": "niet herkend",
    "totals-looking names are counted": "2 totaalrij(en) weggelaten (rij 7, 8)",
    "region totals per quarter under a two-row header": "de cijfers gelden voor de hele regio",
    "the one aantal column of an inflow table is its count": "gelezen als instroom",
}


@pytest.mark.parametrize(
    ("case", "data", "kind", "rows"), [(k, *v[:3]) for k, v in CASES.items()], ids=CASES.keys()
)
def test_shape_loads_to_the_exact_tidy_frame(case, data, kind, rows):
    frame = loaders.load(data, kind)
    same(frame, expected(kind, rows))
    warnings = frame.attrs["warnings"]
    assert not any("verschilt" in w for w in warnings)
    if case in WARNED:
        assert any(WARNED[case] in w for w in warnings), warnings


@pytest.mark.parametrize(("data", "kind", "rows", "detected"), CASES.values(), ids=CASES.keys())
def test_shape_is_detected_from_content_three_ways(tmp_path, data, kind, rows, detected):
    path = tmp_path / "export.dat"
    path.write_bytes(data)
    answers = {loaders.detect(path), loaders.detect(data), loaders.detect(io.BytesIO(data))}
    assert answers == {detected}


# Shapes that look like the ones above but must not be read so, with the refusal's code.
STILL_REFUSED = {
    # One organisation's own sheet names no entity either: without the region in its
    # title it is not the region's total (it would replace every organisation's rows).
    "an organisation's own quarters are no region total": (
        xlsx(
            {
                "Blad1": [
                    ["Maatwerkbedrijf De Sleutel: contingent en bezetting"],
                    ["Kwartaal", "Contingent", "Bezet"],
                    ["2022 K1", 120, 118],
                ]
            }
        ),
        "maatwerk",
        "missing_column",
    ),
    "an amount under aantal is no count": (
        csv([["Jaar", "Gemeente", "Aantal uren"], ["2023", "Kuurne", "38"]]),
        "inflow",
        "missing_column",
    ),
    "two aantal columns leave the count unknown": (
        csv(
            [
                ["Jaar", "Gemeente", "Aantal gestarte cursisten", "Aantal afgestudeerden"],
                ["2023", "Kuurne", "3", "1"],
            ]
        ),
        "inflow",
        "missing_column",
    ),
}


@pytest.mark.parametrize(("data", "kind", "code"), STILL_REFUSED.values(), ids=STILL_REFUSED.keys())
def test_look_alike_shape_stays_refused(data, kind, code):
    with pytest.raises(loaders.ValidationError) as caught:
        loaders.load(data, kind)
    assert code in caught.value.codes


def _far_cell() -> bytes:
    """A real workbook with one cell added at XFD1048576: billions of cells to a parser."""
    source = zipfile.ZipFile(io.BytesIO(xlsx({"Blad1": [["Jaar", "Instroom"], [2021, 3]]})))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
                data = data.replace(b"</sheetData>", far)
            target.writestr(item, data)
    return buffer.getvalue()


_REAL = xlsx(
    {"Instroom": [["Jaar", "Gemeente", "Doelgroep", "Instroom"], [2021, "Menen", "LDE", 2]]}
)
OWN_PROBLEMS = {
    "empty": (b"", "empty_file"),
    "truncated xlsx": (_REAL[: len(_REAL) // 2], "corrupt"),
    "encrypted": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 500
        + "EncryptionInfo".encode("utf-16-le")
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 500,
        "encrypted",
    ),
    "html named xlsx": (
        b"<html><body><table><tr><td>Jaar</td></tr></table></body></html>",
        "not_a_spreadsheet",
    ),
    "png named xlsx": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "not_a_spreadsheet"),
    "a cell at XFD1048576": (_far_cell(), "too_large"),
    "unclosed csv quote": (
        b'Jaar;Gemeente;Doelgroep;Aantal\r\n2021;Kortrijk;LDE;3\r\n2022;"Menen;LDE;4\r\n'
        b"2023;Menen;LDE;5\r\n",
        "unclosed_quote",
    ),
}


@pytest.mark.parametrize(("data", "code"), OWN_PROBLEMS.values(), ids=OWN_PROBLEMS.keys())
def test_a_file_s_own_problem_comes_first_never_a_question_of_kind(tmp_path, data, code):
    path = tmp_path / "export.xlsx"
    path.write_bytes(data)
    codes = []
    for call in (loaders.detect, loaders.guess, loaders.load, loaders.load_lde):
        for source in (path, data, io.BytesIO(data)):
            with pytest.raises(loaders.ValidationError) as caught:
                call(source)
            codes.append(tuple(caught.value.codes))
    assert len(set(codes)) == 1 and len(codes[0]) == 1  # one specific problem, every way
    assert codes[0] == (code,)
