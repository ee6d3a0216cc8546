"""Bad input: every category raises ValidationError listing all problems in Dutch, located."""

from __future__ import annotations

import datetime as dt

import pytest
from loaders_writers import csv, xlsx

import loaders
from loaders.periods import max_year

HEADER = ["Gemeente", "Doelgroep", "Jaar", "Instroom"]


def _error(load, data) -> loaders.ValidationError:
    with pytest.raises(loaders.ValidationError) as info:
        load(data)
    error = info.value
    assert isinstance(error, ValueError)
    assert str(error).startswith("Het bestand")
    assert "Traceback" not in str(error)
    return error


@pytest.mark.parametrize(
    "data",
    [b"", b"%PDF-1.7 not a spreadsheet", b"\x89PNG\r\n\x1a\n...."],
    ids=["empty", "pdf", "png"],
)
def test_empty_or_not_a_spreadsheet(data):
    for load in (loaders.load_inflow, loaders.detect):
        error = _error(load, data)
        assert error.problems and error.problems[0].message


def test_no_recognisable_header():
    data = xlsx({"Blad1": [["Dit is een nota"], ["zonder tabel", "echt niet"], [1, 2]]})
    error = _error(loaders.load_inflow, data)
    assert "kopregel" in str(error)
    assert "Gemeente" in str(error)  # tells which columns are expected


def test_detect_refuses_a_file_of_unclear_kind():
    data = xlsx({"Blad1": [["Organisatie", "Jaar"], ["vzw A", 2021]]})
    error = _error(loaders.detect, data)
    assert "Kies het soort gegevens" in str(error)


def test_every_missing_required_column_is_listed():
    data = xlsx({"Blad1": [["Titel"], ["Organisatie", "Jaar", "Opmerking"], ["vzw A", 2021, "x"]]})
    error = _error(loaders.load_inflow, data)
    messages = " ".join(p.message for p in error.problems)
    for label in ("Gemeente", "Doelgroep", "Instroom"):
        assert f"verplichte kolom '{label}'" in messages
    assert {p.row for p in error.problems} == {2}
    assert {p.sheet for p in error.problems} == {"Blad1"}


def test_no_data_rows():
    error = _error(loaders.load_lde, xlsx({"LDE": [["Organisatie", "Jaar", "VTE"]]}))
    assert "geen gegevensrijen" in str(error)


def test_all_cell_problems_are_reported_at_once_with_sheet_row_and_column():
    data = xlsx(
        {
            "Data": [
                HEADER,
                ["Kortrijk", "LDE", 2021, -3],
                ["Menen", "LDE", 2021, "veel"],
                ["Kuurne", "LDE", 1999, 2],
                ["Waregem", "LDE", max_year() + 1, 2],
                ["Harelbeke", "LDE", 2021, 2.5],
                ["Anzegem", "LDE", "ooit", 1],
            ]
        }
    )
    error = _error(loaders.load_inflow, data)
    located = {(p.sheet, p.row, p.column): p.message for p in error.problems}
    assert "negatief" in located[("Data", 2, "D")]
    assert "'veel' is geen getal" in located[("Data", 3, "D")]
    assert "1999" in located[("Data", 4, "C")]
    assert str(max_year() + 1) in located[("Data", 5, "C")]
    assert "geheel getal" in located[("Data", 6, "D")]
    assert "'ooit' is geen geldige periode" in located[("Data", 7, "C")]
    frame = error.to_frame()
    assert list(frame.columns) == ["Blad", "Rij", "Kolom", "Probleem"]
    assert len(frame) == len(error.problems) >= 6


def test_same_key_twice_with_different_values():
    data = xlsx(
        {
            "Blad1": [
                ["Organisatie", "Jaar", "Kwartaal", "VTE"],
                ["vzw A", 2021, 1, 3],
                ["vzw A", 2021, 1, 4],
                ["vzw B", 2021, 1, 2],
                ["vzw B", 2021, 1, 2],
            ]
        }
    )
    error = _error(loaders.load_lde, data)
    assert len(error.problems) == 1
    assert "rij 2" in error.problems[0].message and "rij 3" in error.problems[0].message


def test_identical_repeated_rows_are_dropped_with_a_warning():
    data = xlsx(
        {
            "Blad1": [
                ["Organisatie", "Jaar", "Kwartaal", "VTE"],
                ["vzw B", 2021, 1, 2],
                ["vzw B", 2021, 1, 2],
            ]
        }
    )
    frame = loaders.load_lde(data)
    assert frame["fte"].tolist() == [2.0]
    assert any("dubbele" in w for w in frame.attrs["warnings"])


def test_quarter_and_month_that_contradict_each_other():
    data = csv(
        [
            ["Jaar", "Kwartaal", "Maand", "Gemeente", "Doelgroep", "Instroom"],
            ["2021", "K1", "mei", "Kuurne", "LDE", "2"],
        ]
    )
    error = _error(loaders.load_inflow, data)
    assert "spreken elkaar tegen" in str(error)


def test_missing_target_group_value_is_located():
    data = xlsx({"Blad1": [HEADER, ["Kortrijk", None, 2021, 3]]})
    error = _error(loaders.load_inflow, data)
    assert (error.problems[0].row, error.problems[0].column) == (2, None)
    assert "Doelgroep ontbreekt" in error.problems[0].message


PEOPLE = [
    ("Jan Peeters", "85.01.01-123.45", dt.date(1985, 1, 1), "Kerkstraat 1, 8500 Kortrijk"),
    ("An Claes", "90.02.02-234.56", dt.date(1990, 2, 2), "Marktplein 7 bus 3"),
    ("Piet Vandenbroucke", "77.03.03-345.67", dt.date(1977, 3, 3), "Leiekaai 12"),
]


def test_person_level_list_keeps_no_identity_anywhere():
    rows = [
        [
            "Naam",
            "Rijksregisternummer",
            "Geboortedatum",
            "Adres",
            "Startdatum",
            "Gemeente",
            "Doelgroep",
            "Organisatie",
        ]
    ]
    for name, number, born, address in PEOPLE:
        rows.append([name, number, born, address, dt.date(2023, 4, 3), "Xanadu", "LDE", "vzw Net"])
    rows.append([None, None, None, None, dt.date(2023, 4, 4), "Heule", "LDE", "vzw Net"])
    frame = loaders.load_inflow(xlsx({"Personen": rows}))
    assert frame["inflow"].sum() == 4
    assert set(frame.columns) == {
        "year",
        "month",
        "quarter",
        "municipality",
        "nis_code",
        "target_group",
        "organisation",
        "inflow",
    }
    text = " ".join(map(str, [*frame.columns, *frame.index, *frame.astype(str).to_numpy().ravel()]))
    text += repr(frame.attrs)
    for name, number, born, address in PEOPLE:
        for secret in (
            *name.split(),
            number,
            number.replace(".", "").replace("-", ""),
            born.isoformat(),
            born.strftime("%d/%m/%Y"),
            address.split(",")[0],
        ):
            assert secret not in text
    assert "Xanadu" not in text  # unknown places of a person list are counted, not quoted
    assert any("niet herkend" in w for w in frame.attrs["warnings"])


def test_problems_of_a_person_list_never_quote_person_fields():
    rows = [
        ["Naam", "INSZ", "Startdatum", "Gemeente", "Doelgroep"],
        ["Jan Peeters", "85010112345", "nooit", "Kortrijk", "LDE"],
    ]
    error = _error(loaders.load_inflow, csv(rows))
    assert "Peeters" not in str(error) and "85010112345" not in str(error)
    assert error.problems[0].column == "C"
