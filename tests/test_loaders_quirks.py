"""One fixture per quirk of real files, each asserting the exact tidy result."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from loaders_writers import csv, expected, ods, same, xls, xlsx, xlsx_merged

import loaders


def test_title_and_source_rows_above_the_header_are_skipped():
    data = xlsx(
        {
            "Instroom": [
                ["Instroom doelgroepwerknemers per gemeente"],
                ["Bron: VDAB, bewerking W13"],
                [],
                ["Jaar", "Gemeente", "Doelgroep", "Instroom"],
                [2021, "Kortrijk", "LDE", 4],
                [2022, "Menen", "Artikel 60", 2],
            ]
        }
    )
    same(
        loaders.load_inflow(data),
        expected(
            "inflow",
            [
                dict(
                    year=2021,
                    municipality="Kortrijk",
                    nis_code="34022",
                    target_group="LDE",
                    inflow=4,
                ),
                dict(
                    year=2022,
                    municipality="Menen",
                    nis_code="34027",
                    target_group="Artikel 60",
                    inflow=2,
                ),
            ],
        ),
    )


def test_year_merged_over_contingent_and_bezet():
    data = xlsx_merged(
        [
            ["Maatwerk: contingent en bezetting"],
            [],
            ["Organisatie", "Soort", 2021, None, 2022, None],
            [None, None, "Contingent", "Bezet", "Contingent", "Bezet"],
            ["Atelier Zuid", "maatwerkbedrijf", 100, "95,5", 110, 104],
            ["Groen bv", "maatwerkafdeling", 20, 19, 20, "n.v.t."],
        ],
        ["A1:F1", "C3:D3", "E3:F3", "A3:A4", "B3:B4"],
    )
    same(
        loaders.load_maatwerk(data),
        expected(
            "maatwerk",
            [
                dict(
                    year=2021,
                    organisation="Atelier Zuid",
                    kind="collectief",
                    places=100.0,
                    occupied=95.5,
                ),
                dict(
                    year=2022,
                    organisation="Atelier Zuid",
                    kind="collectief",
                    places=110.0,
                    occupied=104.0,
                ),
                dict(
                    year=2021,
                    organisation="Groen bv",
                    kind="collectief",
                    places=20.0,
                    occupied=19.0,
                ),
                dict(
                    year=2022,
                    organisation="Groen bv",
                    kind="collectief",
                    places=20.0,
                    occupied=float("nan"),
                ),
            ],
        ),
    )


def test_unmerged_two_row_header_carries_the_year_right():
    data = xlsx(
        {
            "LDE": [
                ["Organisatie", "2021", None, "2022", None],
                [None, "Contingent", "VTE", "Contingent", "VTE"],
                ["vzw Net", 10, 9.5, 10, 9.0],
            ]
        }
    )
    same(
        loaders.load_lde(data),
        expected(
            "lde",
            [
                dict(year=2021, organisation="vzw Net", fte=9.5, contingent=10.0),
                dict(year=2022, organisation="vzw Net", fte=9.0, contingent=10.0),
            ],
        ),
    )


def test_organisation_merged_down_over_its_quarter_rows():
    data = xlsx_merged(
        [
            ["Organisatie", "Gemeente", "Periode", "VTE", "Contingent"],
            ["vzw Proper", "Waregem", "2021-K1", "8,5", 9],
            [None, None, "2021-K2", "8,7", 9],
            ["vzw Fiets", "Kortrijk", "2021-K1", 4, 5],
        ],
        ["A2:A3", "B2:B3"],
    )
    same(
        loaders.load_lde(data),
        expected(
            "lde",
            [
                dict(
                    year=2021,
                    quarter=1,
                    organisation="vzw Proper",
                    municipality="Waregem",
                    fte=8.5,
                    contingent=9.0,
                ),
                dict(
                    year=2021,
                    quarter=2,
                    organisation="vzw Proper",
                    municipality="Waregem",
                    fte=8.7,
                    contingent=9.0,
                ),
                dict(
                    year=2021,
                    quarter=1,
                    organisation="vzw Fiets",
                    municipality="Kortrijk",
                    fte=4.0,
                    contingent=5.0,
                ),
            ],
        ),
    )


def test_matching_totals_row_is_dropped_with_a_warning_only_about_dropping():
    data = xlsx(
        {
            "Blad1": [
                ["Gemeente", "Doelgroep", "Jaar", "Instroom"],
                ["Kortrijk", "LDE", 2021, 3],
                ["Menen", "LDE", 2021, 2],
                ["Totaal W13", None, 2021, 5],
            ]
        }
    )
    frame = loaders.load_inflow(data)
    assert frame["inflow"].sum() == 5
    assert len(frame) == 2
    warnings = frame.attrs["warnings"]
    assert any("totaalrij" in w and "rij 4" in w for w in warnings)
    assert not any("verschilt" in w for w in warnings)


def test_totals_row_that_does_not_match_its_parts_warns():
    data = xlsx(
        {
            "Blad1": [
                ["Gemeente", "Doelgroep", "Jaar", "Instroom"],
                ["Kortrijk", "LDE", 2021, 3],
                ["Menen", "LDE", 2021, 2],
                ["Eindtotaal", None, None, 7],
            ]
        }
    )
    frame = loaders.load_inflow(data)
    assert frame["inflow"].tolist() == [3, 2]
    assert any("rij 4" in w and "(7)" in w and "(5)" in w for w in frame.attrs["warnings"])


def test_totals_column_of_months_is_checked_as_a_sum():
    data = xlsx(
        {
            "2021": [
                ["Gemeente", "Doelgroep", "jan 2021", "feb 2021", "Totaal"],
                ["Kortrijk", "CMW", 3, 4, 7],
                ["Menen", "CMW", 1, 1, 3],
            ]
        }
    )
    frame = loaders.load_inflow(data)
    same(
        frame,
        expected(
            "inflow",
            [
                dict(
                    year=2021,
                    month=1,
                    quarter=1,
                    municipality="Kortrijk",
                    nis_code="34022",
                    target_group="Collectief maatwerk",
                    inflow=3,
                ),
                dict(
                    year=2021,
                    month=2,
                    quarter=1,
                    municipality="Kortrijk",
                    nis_code="34022",
                    target_group="Collectief maatwerk",
                    inflow=4,
                ),
                dict(
                    year=2021,
                    month=1,
                    quarter=1,
                    municipality="Menen",
                    nis_code="34027",
                    target_group="Collectief maatwerk",
                    inflow=1,
                ),
                dict(
                    year=2021,
                    month=2,
                    quarter=1,
                    municipality="Menen",
                    nis_code="34027",
                    target_group="Collectief maatwerk",
                    inflow=1,
                ),
            ],
        ),
    )
    mismatches = [w for w in frame.attrs["warnings"] if "verschilt" in w]
    assert len(mismatches) == 1 and "E3" in mismatches[0]


def test_year_total_of_quarter_stocks_is_their_mean_not_their_sum():
    rows = [
        ["Organisatie", "2021 K1", "2021 K2", "2021 K3", "2021 K4", "2021"],
        ["vzw Mean", 10, 12, 12, 10, 11],
        ["vzw Sum", 1, 1, 1, 1, 4],
    ]
    frame = loaders.load_lde(xlsx({"VTE": rows}))
    mean = frame[frame["organisation"] == "vzw Mean"]
    assert mean["quarter"].tolist() == [1, 2, 3, 4]
    assert mean["fte"].tolist() == [10.0, 12.0, 12.0, 10.0]
    assert frame["fte"].sum() == pytest.approx(48.0)
    mismatches = [w for w in frame.attrs["warnings"] if "verschilt" in w]
    assert len(mismatches) == 1 and "F3" in mismatches[0] and "gemiddelde" in mismatches[0]


def test_wide_table_with_years_as_columns():
    data = xlsx(
        {
            "Blad1": [
                ["Doelgroep", "Gemeente", "2019", "2020", "2021"],
                ["LDE", "Kuurne", 5, 4, "-"],
            ]
        }
    )
    same(
        loaders.load_inflow(data),
        expected(
            "inflow",
            [
                dict(year=y, municipality="Kuurne", nis_code="34023", target_group="LDE", inflow=n)
                for y, n in ((2019, 5), (2020, 4))
            ],
        ),
    )


def test_wide_table_with_quarters_as_columns_written_many_ways():
    data = xlsx(
        {
            "Blad1": [
                ["Organisatie", "Soort", "2021-K1", "K2 2021", "2021 Q3", "Q4-2021"],
                ["Leiewerk", "CMW", 400, 401, "402,5", 403],
            ]
        }
    )
    frame = loaders.load_maatwerk(data)
    assert frame["quarter"].tolist() == [1, 2, 3, 4]
    assert frame["places"].tolist() == [400.0, 401.0, 402.5, 403.0]
    assert frame["occupied"].isna().all()
    assert set(frame["kind"]) == {"collectief"}


def test_cover_sheet_one_sheet_per_year_and_hidden_helper_sheet():
    sheet = [["Gemeente", "Doelgroep", "Instroom"], ["Avelgem", "LDE", 2]]
    data = xlsx(
        {
            "Toelichting": [["Dit bestand bevat de instroom per jaar."], ["Opgemaakt door W13"]],
            "2020": sheet,
            "2021": [["Gemeente", "Doelgroep", "Instroom"], ["Avelgem", "LDE", 1]],
            "Lijsten": [["Gemeente", "Doelgroep", "Instroom"], ["Gent", "LDE", 99]],
        },
        hidden=("Lijsten",),
    )
    same(
        loaders.load_inflow(data),
        expected(
            "inflow",
            [
                dict(
                    year=2020,
                    municipality="Avelgem",
                    nis_code="34003",
                    target_group="LDE",
                    inflow=2,
                ),
                dict(
                    year=2021,
                    municipality="Avelgem",
                    nis_code="34003",
                    target_group="LDE",
                    inflow=1,
                ),
            ],
        ),
    )


@pytest.mark.parametrize(
    ("written", "year", "quarter", "month"),
    [
        ("2021", 2021, None, None),
        ("jan 2021", 2021, 1, 1),
        ("januari 2021", 2021, 1, 1),
        ("2021-01", 2021, 1, 1),
        ("15/03/2021", 2021, 1, 3),
        ("2021-K1", 2021, 1, None),
        ("K2 2021", 2021, 2, None),
        ("2021 Q3", 2021, 3, None),
        ("Q4-2021", 2021, 4, None),
        ("2021 K4", 2021, 4, None),
        ("sep-21", 2021, 3, 9),
    ],
)
def test_period_column_written_every_belgian_way(written, year, quarter, month):
    data = csv([["Periode", "Gemeente", "Doelgroep", "Aantal"], [written, "Lendelede", "IM", 3]])
    same(
        loaders.load_inflow(data),
        expected(
            "inflow",
            [
                dict(
                    year=year,
                    quarter=quarter,
                    month=month,
                    municipality="Lendelede",
                    nis_code="34025",
                    target_group="Individueel maatwerk",
                    inflow=3,
                ),
            ],
        ),
    )


def test_real_date_cells_in_a_person_list_are_counted_per_month():
    data = xlsx(
        {
            "Personen": [
                ["Naam", "Rijksregisternummer", "Startdatum", "Postcode", "Doelgroep"],
                ["Jan Peeters", "85.01.01-123.45", dt.date(2023, 1, 9), 8500, "LDE"],
                ["An Claes", "90.02.02-234.56", dt.date(2023, 1, 30), 8501, "LDE"],
                ["Piet Smet", "77.03.03-345.67", dt.date(2023, 2, 1), 8930, "AZ"],
            ]
        }
    )
    same(
        loaders.load_inflow(data),
        expected(
            "inflow",
            [
                dict(
                    year=2023,
                    month=1,
                    quarter=1,
                    municipality="Kortrijk",
                    nis_code="34022",
                    target_group="LDE",
                    inflow=2,
                ),
                dict(
                    year=2023,
                    month=2,
                    quarter=1,
                    municipality="Menen",
                    nis_code="34027",
                    target_group="Arbeidszorg / AMA",
                    inflow=1,
                ),
            ],
        ),
    )


def test_day_first_text_dates_in_a_person_list():
    data = csv(
        [
            ["Voornaam", "Familienaam", "INSZ", "Datum in dienst", "Woonplaats", "Werkvorm"],
            ["Jan", "Peeters", "85010112345", "02/03/2022", "Heule", "art. 60"],
            ["An", "Claes", "90020223456", "12/03/2022", "Marke", "art. 60"],
        ]
    )
    same(
        loaders.load_inflow(data),
        expected(
            "inflow",
            [
                dict(
                    year=2022,
                    month=3,
                    quarter=1,
                    municipality="Kortrijk",
                    nis_code="34022",
                    target_group="Artikel 60",
                    inflow=2,
                ),
            ],
        ),
    )


def test_numbers_as_text_with_decimal_comma_thousands_dot_and_missing_markers():
    data = xlsx(
        {
            "Blad1": [
                ["Organisatie", "Jaar", "Contingent", "Bezet"],
                ["A", 2021, "1.234,5", "1.200"],
                ["B", 2021, "12,5", "n.v.t."],
                ["C", 2021, "7", "-"],
                ["D", 2021, 8, ""],
            ]
        }
    )
    frame = loaders.load_maatwerk(data)
    assert frame["places"].tolist() == [1234.5, 12.5, 7.0, 8.0]
    assert frame["occupied"].iloc[0] == 1200.0
    assert frame["occupied"].iloc[1:].isna().all()


def test_headers_in_any_case_spacing_accent_and_order():
    data = xlsx(
        {
            "Blad1": [
                ["  INSTROOM ", "dóelgroep", "GEMEENTE", "jaar  "],
                [6, "lde", "wevelgem", "2020"],
            ]
        }
    )
    same(
        loaders.load_inflow(data),
        expected(
            "inflow",
            [
                dict(
                    year=2020,
                    municipality="Wevelgem",
                    nis_code="34041",
                    target_group="LDE",
                    inflow=6,
                ),
            ],
        ),
    )


def test_wse_open_data_csv():
    data = csv(
        [
            [
                "periode",
                "vestiging",
                "gemeente",
                "maatregel",
                "cmw_aantal_toegekend_vte",
                "cmw_aantal_vte",
            ],
            ["2021 K4", "Leiewerk Kortrijk", "KORTRIJK", "Collectief maatwerk", "301,0", "275,4"],
            ["2022 K1", "Leiewerk Kortrijk", "KORTRIJK", "Collectief maatwerk", "301,0", "276,0"],
        ],
        encoding="utf-8",
    )
    same(
        loaders.load_maatwerk(data),
        expected(
            "maatwerk",
            [
                dict(
                    year=2021,
                    quarter=4,
                    organisation="Leiewerk Kortrijk",
                    municipality="Kortrijk",
                    kind="collectief",
                    places=301.0,
                    occupied=275.4,
                ),
                dict(
                    year=2022,
                    quarter=1,
                    organisation="Leiewerk Kortrijk",
                    municipality="Kortrijk",
                    kind="collectief",
                    places=301.0,
                    occupied=276.0,
                ),
            ],
        ),
    )


def test_cp1252_semicolon_csv_from_excel():
    data = csv(
        [
            ["Gemeente", "Doelgroep", "Jaar", "Instroom"],
            ["Espierres-Helchin", "Tijdelijke werkervaring", "2021", "2"],
            ["Spière-Helkijn", "Tijdelijke werkervaring", "2022", "1"],
        ],
        encoding="cp1252",
    )
    assert "Spière".encode("cp1252") in data
    same(
        loaders.load_inflow(data),
        expected(
            "inflow",
            [
                dict(
                    year=2021,
                    municipality="Spiere-Helkijn",
                    nis_code="34043",
                    target_group="Werkervaring",
                    inflow=2,
                ),
                dict(
                    year=2022,
                    municipality="Spiere-Helkijn",
                    nis_code="34043",
                    target_group="Werkervaring",
                    inflow=1,
                ),
            ],
        ),
    )


def test_utf8_bom_comma_csv():
    data = csv(
        [
            ["organisation", "year", "quarter", "fte", "contingent"],
            ["vzw Één", "2023", "3", "4.5", "5"],
        ],
        sep=",",
        encoding="utf-8-sig",
    )
    assert data.startswith(b"\xef\xbb\xbf")
    same(
        loaders.load_lde(data),
        expected(
            "lde",
            [
                dict(year=2023, quarter=3, organisation="vzw Één", fte=4.5, contingent=5.0),
            ],
        ),
    )


def test_ods_workbook():
    data = ods(
        {
            "Instroom": [
                ["Bron: eigen telling", None, None, None],
                ["Gemeente", "Doelgroep", "Jaar", "Instroom"],
                ["Zwevegem", "AMA", 2021, 3],
            ]
        }
    )
    same(
        loaders.load_inflow(data),
        expected(
            "inflow",
            [
                dict(
                    year=2021,
                    municipality="Zwevegem",
                    nis_code="34042",
                    target_group="Arbeidszorg / AMA",
                    inflow=3,
                ),
            ],
        ),
    )


def test_municipality_as_postcode_nis_part_french_name_and_capitals():
    rows = [["Gemeente", "Doelgroep", "Jaar", "Instroom"]]
    for place in ("8500", 34022, "Heule", "Courtrai", " KORTRIJK "):
        rows.append([place, "LDE", 2021, 1])
    frame = loaders.load_inflow(xlsx({"Blad1": [rows[0], *[r for r in rows[1:2]]]}))
    assert frame["municipality"].tolist() == ["Kortrijk"]
    data = xlsx(
        {
            "Blad1": [["Gemeente", "Doelgroep", "Jaar", "Organisatie", "Instroom"]]
            + [
                [place, "LDE", 2021, f"org {i}", 1]
                for i, place in enumerate(
                    ("8500", 34022, "Heule", "Courtrai", " KORTRIJK ", "8930 Lauwe", "Menin")
                )
            ]
        }
    )
    frame = loaders.load_inflow(data)
    assert frame["municipality"].tolist() == ["Kortrijk"] * 5 + ["Menen"] * 2
    assert frame["nis_code"].tolist() == ["34022"] * 5 + ["34027"] * 2
    assert frame.attrs["warnings"] == []


def test_places_outside_the_region_are_kept_under_the_outside_label():
    data = xlsx(
        {
            "Blad1": [
                ["Gemeente", "Doelgroep", "Jaar", "Instroom"],
                ["Roeselare", "LDE", 2021, 2],
                ["Mouscron", "LDE", 2021, 1],
                ["Atlantis", "LDE", 2021, 1],
                ["Kortrijk", "LDE", 2021, 5],
            ]
        }
    )
    frame = loaders.load_inflow(data)
    same(
        frame,
        expected(
            "inflow",
            [
                # a Flemish municipality keeps its NIS code beside the outside label
                dict(
                    year=2021,
                    municipality="Buiten W13",
                    nis_code="36015",
                    target_group="LDE",
                    inflow=2,
                ),
                dict(year=2021, municipality="Buiten W13", target_group="LDE", inflow=2),
                dict(
                    year=2021,
                    municipality="Kortrijk",
                    nis_code="34022",
                    target_group="LDE",
                    inflow=5,
                ),
            ],
        ),
    )
    unknown = [w for w in frame.attrs["warnings"] if "niet herkend" in w]
    assert len(unknown) == 1 and "'Atlantis'" in unknown[0] and "Roeselare" not in unknown[0]


def test_remark_column_is_ignored():
    data = xlsx(
        {
            "Blad1": [
                ["Organisatie", "Jaar", "Kwartaal", "VTE", "Opmerking"],
                ["vzw Net", 2022, "K1", 3, "nieuwe coördinator, zie mail van 3/2"],
            ]
        }
    )
    frame = loaders.load_lde(data)
    assert list(frame.columns) == [
        "year",
        "quarter",
        "organisation",
        "municipality",
        "nis_code",
        "fte",
        "contingent",
    ]
    assert frame.iloc[0]["fte"] == 3.0 and frame.iloc[0]["quarter"] == 1


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("maatwerkbedrijf", "collectief"),
        ("Maatwerkafdeling", "collectief"),
        ("CMW", "collectief"),
        ("collectief maatwerk", "collectief"),
        ("IM", "individueel"),
        ("Individueel maatwerk", "individueel"),
    ],
)
def test_maatwerk_kind_is_exactly_collectief_or_individueel(written, kind):
    data = xlsx(
        {
            "Blad1": [
                ["Organisatie", "Vorm", "Jaar", "Plaatsen", "Bezet"],
                ["X", written, 2023, 5, 4],
            ]
        }
    )
    assert loaders.load_maatwerk(data)["kind"].tolist() == [kind]


def test_wide_months_without_year_take_the_year_from_the_sheet_name():
    data = xlsx(
        {
            "Instroom 2022": [
                ["Gemeente", "Doelgroep", "jan", "feb", "maart"],
                ["Deerlijk", "LDE", 1, None, 2],
            ]
        }
    )
    frame = loaders.load_inflow(data)
    assert frame[["year", "month", "quarter", "inflow"]].values.tolist() == [
        [2022, 1, 1, 1],
        [2022, 3, 1, 2],
    ]


def test_path_bytes_and_nameless_file_objects_give_the_same_frame(tmp_path):
    data = xlsx(
        {"Blad1": [["Gemeente", "Doelgroep", "Jaar", "Instroom"], ["Kuurne", "LDE", 2021, 3]]}
    )
    path = tmp_path / "instroom.xlsx"
    path.write_bytes(data)
    frames = [loaders.load_inflow(s) for s in (path, str(path), data, io.BytesIO(data))]
    for frame in frames[1:]:
        same(frame, frames[0])
    assert loaders.detect(io.BytesIO(data)) == "inflow"


def test_load_detects_then_loads():
    data = xlsx(
        {"Blad1": [["Lokale diensteneconomie"], ["Organisatie", "Jaar", "VTE"], ["vzw A", 2021, 3]]}
    )
    frame = loaders.load(data)
    assert frame.attrs["kind"] == "lde"
    assert frame["fte"].tolist() == [3.0]


def test_open_data_places_outside_the_region_keep_their_nis_code_and_unknown_stays_unknown():
    data = csv(
        [
            ["periode", "gemeente", "cmw_aantal_toegekend_vte", "cmw_aantal_vte"],
            ["2022 K2", "ROESELARE", "10,0", "9,0"],
            ["2022 K2", "IEPER", "5,0", "-"],
            ["2022 K2", "WAREGEM", "320,0", "300,5"],
        ],
        encoding="utf-8",
    )
    same(
        loaders.load_maatwerk(data),
        expected(
            "maatwerk",
            [
                dict(
                    year=2022,
                    quarter=2,
                    municipality="Buiten W13",
                    nis_code="36015",
                    kind="collectief",
                    places=10.0,
                    occupied=9.0,
                ),
                dict(
                    year=2022,
                    quarter=2,
                    municipality="Buiten W13",
                    nis_code="33011",
                    kind="collectief",
                    places=5.0,
                    occupied=float("nan"),
                ),
                dict(
                    year=2022,
                    quarter=2,
                    municipality="Waregem",
                    kind="collectief",
                    places=320.0,
                    occupied=300.5,
                ),
            ],
        ),
    )


def test_month_column_holding_full_periods_gives_the_year():
    data = csv([["Maand", "Gemeente", "Doelgroep", "Instroom"], ["jan 2022", "Kuurne", "LDE", "4"]])
    same(
        loaders.load_inflow(data),
        expected(
            "inflow",
            [
                dict(
                    year=2022,
                    month=1,
                    quarter=1,
                    municipality="Kuurne",
                    nis_code="34023",
                    target_group="LDE",
                    inflow=4,
                ),
            ],
        ),
    )


def test_pivot_table_in_tabular_form_repeats_outer_labels_over_their_group():
    data = xlsx(
        {
            "Draaitabel": [
                ["Organisatie", "Kwartaal", "Jaar", "VTE"],
                ["vzw A", "K1", 2021, 3],
                [None, "K2", 2021, 4],
                ["Totaal vzw A", None, None, 7],
                ["vzw B", "K1", 2021, 1],
                [None, "K2", 2021, 2],
                ["Totaal vzw B", None, None, 3],
                ["Eindtotaal", None, None, 10],
            ]
        }
    )
    frame = loaders.load_lde(data).sort_values(["organisation", "quarter"])
    assert frame[["organisation", "quarter", "fte"]].values.tolist() == [
        ["vzw A", 1, 3.0],
        ["vzw A", 2, 4.0],
        ["vzw B", 1, 1.0],
        ["vzw B", 2, 2.0],
    ]
    assert not any("verschilt" in w for w in frame.attrs["warnings"])


def test_blank_organisation_without_pivot_subtotals_is_not_guessed():
    data = xlsx(
        {
            "Blad1": [
                ["Organisatie", "Kwartaal", "Jaar", "VTE"],
                ["vzw A", "K1", 2021, 3],
                [None, "K2", 2021, 4],
            ]
        }
    )
    with pytest.raises(loaders.ValidationError) as error:
        loaders.load_lde(data)
    assert [(p.code, p.row) for p in error.value.problems] == [("missing_value", 3)]


def test_xls_workbook_with_a_merged_year_over_contingent_and_bezet():
    pytest.importorskip("xlwt")
    data = xls(
        [
            ["Maatwerk W13"],
            ["Organisatie", "2022", None],
            [None, "Contingent", "Bezet"],
            ["Atelier Zuid", 310, "295,1"],
        ],
        merges=[(0, 0, 0, 2), (1, 1, 1, 2), (1, 2, 0, 0)],
    )
    same(
        loaders.load_maatwerk(data),
        expected(
            "maatwerk",
            [
                dict(
                    year=2022,
                    organisation="Atelier Zuid",
                    kind="collectief",
                    places=310.0,
                    occupied=295.1,
                ),
            ],
        ),
    )


def test_totals_row_labelled_in_the_period_columns_is_dropped_not_refused():
    data = xlsx(
        {
            "Export": [
                ["Jaar", "Maand", "Gemeente", "Doelgroep", "Instroom"],
                [2021, "januari", "Kortrijk", "LDE", 3],
                [2021, "februari", "Kortrijk", "LDE", 2],
                [2021, "Totaal", None, None, 5],
                ["Totaal W13", None, None, None, 5],
            ]
        }
    )
    frame = loaders.load_inflow(data)
    rows = [
        dict(
            year=2021,
            month=m,
            quarter=1,
            municipality="Kortrijk",
            nis_code="34022",
            target_group="LDE",
            inflow=n,
        )
        for m, n in ((1, 3), (2, 2))
    ]
    same(frame, expected("inflow", rows))
    assert any("totaalrij" in w for w in frame.attrs["warnings"])
    assert not any("verschilt" in w for w in frame.attrs["warnings"])


def test_float_years_and_compact_yyyymm_periods_from_pandas_and_warehouses():
    data = csv(
        [
            ["Periode", "Jaar", "Gemeente", "Doelgroep", "Aantal"],
            ["202101", "2021.0", "Menen", "LDE", "2.0"],
            ["202103", "2021.0", "Menen", "LDE", "1.0"],
        ],
        sep=",",
        encoding="utf-8",
    )
    rows = [
        dict(
            year=2021,
            month=m,
            quarter=1,
            municipality="Menen",
            nis_code="34027",
            target_group="LDE",
            inflow=n,
        )
        for m, n in ((1, 2), (3, 1))
    ]
    same(loaders.load_inflow(data), expected("inflow", rows))


def test_headers_with_qualifiers_and_units_are_matched():
    data = xlsx(
        {
            "CMW": [
                ["Maatwerkbedrijf", "Jaar", "Toegekend contingent (VTE)", "Bezetting in VTE"],
                ["Atelier Zuid", 2022, 100, "95,5"],
            ]
        }
    )
    row = dict(
        year=2022, organisation="Atelier Zuid", kind="collectief", places=100.0, occupied=95.5
    )
    same(loaders.load_maatwerk(data), expected("maatwerk", [row]))


@pytest.mark.parametrize("header", ["VTE {y}", "{y} VTE", "VTE {y}-K1"])
def test_measure_and_period_in_one_header_cell(header):
    data = xlsx(
        {
            "LDE": [
                ["Organisatie", "Gemeente", header.format(y=2021), header.format(y=2022)],
                ["Buurtwerk Menen", "Menen", "4,5", 5],
            ]
        }
    )
    quarter = 1 if "K1" in header else None
    rows = [
        dict(year=y, quarter=quarter, organisation="Buurtwerk Menen", municipality="Menen", fte=f)
        for y, f in ((2021, 4.5), (2022, 5.0))
    ]
    same(loaders.load_lde(data), expected("lde", rows))


def test_pivot_outline_with_row_labels_and_sum_of_prefix_is_filled_down():
    data = xlsx(
        {
            "Blad2": [
                [],
                ["Rijlabels", "Jaar", "Som van VTE"],
                ["Buurtwerk Menen", 2021, 5.5],
                [None, 2022, 7],
                ["Fietspunt Harelbeke", 2021, 10.25],
                [None, 2022, 14.5],
                ["Eindtotaal", None, 37.25],
            ]
        }
    )
    frame = loaders.load_lde(data)
    rows = [
        dict(year=y, organisation=o, fte=f)
        for o, y, f in (
            ("Buurtwerk Menen", 2021, 5.5),
            ("Buurtwerk Menen", 2022, 7.0),
            ("Fietspunt Harelbeke", 2021, 10.25),
            ("Fietspunt Harelbeke", 2022, 14.5),
        )
    ]
    same(frame, expected("lde", rows))
    assert any("totaalrij" in w for w in frame.attrs["warnings"])
    assert loaders.detect(data) == "lde"


def test_row_labels_holding_municipalities_are_the_municipality():
    data = xlsx(
        {
            "Draaitabel1": [
                ["Sum of Contingent", "Column Labels"],
                ["Row Labels", "2022 K1", "2022 K2", "Grand Total"],
                ["Harelbeke", 142, 227, 369],
                ["Menen", 220, 59, 279],
                ["Grand Total", 362, 286, 648],
            ]
        }
    )
    frame = loaders.load_maatwerk(data)
    rows = [
        dict(year=2022, quarter=q, municipality=m, kind="collectief", places=float(p))
        for m, q, p in (
            ("Harelbeke", 1, 142),
            ("Harelbeke", 2, 227),
            ("Menen", 1, 220),
            ("Menen", 2, 59),
        )
    ]
    same(frame, expected("maatwerk", rows))
    assert loaders.detect(data) == "maatwerk"


def test_maatwerk_by_nis_code_with_english_kinds():
    data = ods(
        {
            "IM": [
                ["Year", "Quarter", "NIS-code", "Type", "Capacity", "Occupied"],
                [2022, 1, "34022", "collective", 120, "110,5"],
                [2022, 1, "34027", "individual", 8, 7],
            ]
        }
    )
    rows = [
        dict(
            year=2022,
            quarter=1,
            municipality="Kortrijk",
            kind="collectief",
            places=120.0,
            occupied=110.5,
        ),
        dict(
            year=2022, quarter=1, municipality="Menen", kind="individueel", places=8.0, occupied=7.0
        ),
    ]
    same(loaders.load_maatwerk(data), expected("maatwerk", rows))


def test_pandas_multiindex_columns_with_the_index_name_on_its_own_row():
    import pandas as pd

    columns = pd.MultiIndex.from_product([[2021, 2022], ["Contingent", "VTE"]])
    frame = pd.DataFrame(
        [[5, 4.25, 6, 5.5], [18, 15.75, 17, 14.5]],
        index=pd.Index(["Buurtwerk Menen", "Fietspunt Harelbeke"], name="Organisatie"),
        columns=columns,
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, sheet_name="LDE")
    rows = [
        dict(year=y, organisation=o, contingent=float(c), fte=f)
        for o, y, c, f in (
            ("Buurtwerk Menen", 2021, 5, 4.25),
            ("Buurtwerk Menen", 2022, 6, 5.5),
            ("Fietspunt Harelbeke", 2021, 18, 15.75),
            ("Fietspunt Harelbeke", 2022, 17, 14.5),
        )
    ]
    same(loaders.load_lde(buffer.getvalue()), expected("lde", rows))


def test_target_group_labels_with_abbreviations_and_dashes():
    data = xlsx(
        {
            "Instroom": [
                ["Jaar", "Gemeente", "Werkvorm", "Instroom"],
                [2023, "Kortrijk", "Werkervaring (TWE)", 15],
                [2023, "Kortrijk", "LDE - lokale diensteneconomie", 6],
                [2023, "Kortrijk", "LDE-project", 9],
                [2023, "Kortrijk", "LDE/CMW", 2],
            ]
        }
    )
    frame = loaders.load_inflow(data)
    rows = [
        dict(year=2023, municipality="Kortrijk", nis_code="34022", target_group=g, inflow=n)
        for g, n in (("Werkervaring", 15), ("LDE", 15), ("LDE/CMW", 2))
    ]
    same(frame, expected("inflow", rows))
    assert any("'LDE/CMW'" in w for w in frame.attrs["warnings"])


def test_rows_outside_the_region_are_kept_and_counted_in_a_warning():
    data = csv(
        [
            ["Jaar", "Gemeente", "Doelgroep", "Instroom"],
            ["2022", "Kortrijk", "LDE", "3"],
            ["2022", "Roeselare", "LDE", "2"],
            ["2022", "Mouscron", "LDE", "1"],
        ]
    )
    frame = loaders.load_inflow(data)
    rows = [
        dict(year=2022, municipality="Kortrijk", nis_code="34022", target_group="LDE", inflow=3),
        dict(year=2022, municipality="Buiten W13", nis_code="36015", target_group="LDE", inflow=2),
        dict(year=2022, municipality="Buiten W13", target_group="LDE", inflow=1),  # Mouscron
    ]
    same(frame, expected("inflow", rows))
    assert (
        "Blad 'CSV': 2 rij(en) buiten W13 (Roeselare, Mouscron) behouden als 'Buiten W13'."
        in frame.attrs["warnings"]
    )


def test_outside_warning_of_a_person_list_quotes_no_cell():
    data = xlsx(
        {
            "Lijst": [
                ["Naam", "Woonplaats", "Doelgroep", "Startdatum"],
                ["Jan Peeters", "Kerkstraat 1, 8800 Roeselare", "LDE", dt.date(2022, 3, 1)],
                ["An Claes", "Markt 2, 8500 Kortrijk", "LDE", dt.date(2022, 3, 9)],
            ]
        }
    )
    frame = loaders.load_inflow(data)
    outside = [w for w in frame.attrs["warnings"] if "buiten W13" in w]
    assert outside == ["Blad 'Lijst': 1 persoon/personen buiten W13 behouden als 'Buiten W13'."]
    assert frame["inflow"].sum() == 2


def test_person_list_with_a_count_column_counts_every_person():
    data = xlsx(
        {
            "Lijst": [
                ["Naam", "Gemeente", "Doelgroep", "Jaar", "Aantal", "Opmerking"],
                ["Jan Peeters", "Menen", "LDE", 2022, 1, None],
                ["An Claes", "Menen", "LDE", 2022, 1, None],
                ["Piet Maes", "Menen", "LDE", 2022, 1, "herstart"],
                ["Piet Maes", "Menen", "LDE", 2022, 1, "herstart"],  # pasted twice
            ]
        }
    )
    frame = loaders.load_inflow(data)
    row = dict(year=2022, municipality="Menen", nis_code="34027", target_group="LDE", inflow=3)
    same(frame, expected("inflow", [row]))
    assert "1 dubbele rij(en) met dezelfde waarden weggelaten." in frame.attrs["warnings"]
    assert "Piet" not in repr(frame) and "Piet" not in repr(frame.attrs)


def test_stocks_given_per_month_become_the_mean_of_their_quarter():
    data = xlsx(
        {
            "VTE 2022": [
                ["LDE-organisatie", "jan", "feb", "mrt", "apr", "mei"],
                ["Buurtwerk Menen", 6, 7, 8, "4,5", 5.5],
            ]
        }
    )
    frame = loaders.load_lde(data)
    rows = [
        dict(year=2022, quarter=1, organisation="Buurtwerk Menen", fte=7.0),
        dict(year=2022, quarter=2, organisation="Buurtwerk Menen", fte=5.0),
    ]
    same(frame, expected("lde", rows))
    assert any("gemiddelde per kwartaal" in w for w in frame.attrs["warnings"])


def test_stocks_in_a_month_column_become_the_mean_of_their_quarter():
    data = csv(
        [
            ["Jaar", "Maand", "Maatwerkbedrijf", "Contingent", "Bezet"],
            ["2023", "1", "Atelier Zuid", "100", "90"],
            ["2023", "2", "Atelier Zuid", "100", "93"],
            ["2023", "3", "Atelier Zuid", "100", "n.v.t."],
        ]
    )
    row = dict(
        year=2023,
        quarter=1,
        organisation="Atelier Zuid",
        kind="collectief",
        places=100.0,
        occupied=91.5,
    )
    same(loaders.load_maatwerk(data), expected("maatwerk", [row]))


@pytest.mark.parametrize("contingent_beside", [False, True])
def test_year_merged_over_quarters_beside_a_contingent(contingent_beside):
    if contingent_beside:  # "Contingent" merged down beside "2021" over K1 … K4
        rows = [
            ["Organisatie", "Contingent", 2021, None, None, None],
            [None, None, "K1", "K2", "K3", "K4"],
            ["Atelier Zuid", 100, 90, 92, "94,5", 96],
        ]
        merges = ["C1:F1", "A1:A2", "B1:B2"]
    else:  # "2021" merged over "Contingent | K1 … K4"
        rows = [
            ["Organisatie", 2021, None, None, None, None],
            [None, "Contingent", "K1", "K2", "K3", "K4"],
            ["Atelier Zuid", 100, 90, 92, "94,5", 96],
        ]
        merges = ["B1:F1", "A1:A2"]
    wanted = [
        dict(
            year=2021,
            quarter=q,
            organisation="Atelier Zuid",
            kind="collectief",
            places=100.0,
            occupied=o,
        )
        for q, o in ((1, 90.0), (2, 92.0), (3, 94.5), (4, 96.0))
    ]
    same(loaders.load_maatwerk(xlsx_merged(rows, merges)), expected("maatwerk", wanted))


def test_breakdown_by_sex_with_a_totals_column_is_read_per_sex():
    data = xlsx(
        {
            "Instroom": [
                ["Jaar", "Gemeente", "Doelgroep", "Mannen", "Vrouwen", "Totaal"],
                [2022, "Menen", "LDE", 3, 4, 7],
                [2022, "Kortrijk", "LDE", 10, 2, 12],
            ]
        }
    )
    rows = [
        dict(year=2022, municipality=m, nis_code=nis, target_group="LDE", sex=sex, inflow=n)
        for m, nis, sex, n in (
            ("Menen", "34027", "man", 3),
            ("Menen", "34027", "vrouw", 4),
            ("Kortrijk", "34022", "man", 10),
            ("Kortrijk", "34022", "vrouw", 2),
        )
    ]
    same(loaders.load_inflow(data), expected("inflow", rows))


def test_two_tables_stacked_in_one_sheet_each_with_its_title():
    blocks = [
        ["Instroom 2021"],
        ["Gemeente", "Doelgroep", "Instroom"],
        ["Menen", "LDE", 3],
        [],
        [],
        ["Instroom 2022"],
        ["Gemeente", "Doelgroep", "Instroom"],
        ["Menen", "LDE", 5],
    ]
    rows = [
        dict(year=y, municipality="Menen", nis_code="34027", target_group="LDE", inflow=n)
        for y, n in ((2021, 3), (2022, 5))
    ]
    same(loaders.load_inflow(xlsx({"Instroom": blocks})), expected("inflow", rows))
    with pytest.raises(loaders.ValidationError) as error:
        loaders.load_inflow(xlsx({"Instroom": [*blocks, ["Kortrijk", "LDE", "veel"]]}))
    # row numbers of the second block stay the sheet's own
    assert [(p.row, p.column) for p in error.value.problems] == [(9, "C")]


def test_a_bad_period_cell_is_reported_once_not_again_as_no_year():
    data = csv(
        [
            ["Periode", "Gemeente", "Doelgroep", "Aantal"],
            ["foo", "Menen", "LDE", "1"],
            ["2021", "Menen", "LDE", "2"],
        ]
    )
    with pytest.raises(loaders.ValidationError) as error:
        loaders.load_inflow(data)
    problems = error.value.problems
    assert [(p.row, p.column, p.code, p.value) for p in problems] == [
        (2, "A", "invalid_period", "foo")
    ]


@pytest.mark.parametrize("blank", [None, (3, 5)])
@pytest.mark.parametrize("note_column", [False, True])
def test_every_figure_of_a_wide_table_lands_on_its_own_month_and_row(blank, note_column):
    # Complete tables take the whole grid group by group; one blank cell sends the same
    # table through the positions of the filled cells: both must give each cell's figure.
    import random

    rng = random.Random(7)
    months = [f"{m:02d}/2020" for m in range(1, 13)]
    header = ["Gemeente", "Doelgroep", "Organisatie"]
    for k, month in enumerate(months):
        header.append(month)
        if note_column and k == 5:
            header.append("Opmerking")  # not a value column: the months are not adjacent
    places = ["Menen", "Wervik", "Kuurne"]
    rows, records = [header], []
    for r in range(40):
        figures = [rng.randint(0, 9) for _ in months]
        row = [places[r % 3], "LDE", f"vzw {r}"]
        rows.append(row)
        for k, figure in enumerate(figures):
            empty = blank == (r, k)
            row.append(None if empty else figure)
            if note_column and k == 5:
                row.append("ok")
            if not empty:
                records.append(
                    dict(
                        year=2020,
                        month=k + 1,
                        quarter=k // 3 + 1,
                        municipality=places[r % 3],
                        target_group="LDE",
                        organisation=f"vzw {r}",
                        inflow=figure,
                    )
                )
    same(loaders.load_inflow(xlsx({"Blad1": rows})), expected("inflow", records))
