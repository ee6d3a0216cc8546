"""Bad input: every category raises ValidationError listing all problems in Dutch, located."""

from __future__ import annotations

import datetime as dt
import pickle

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
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"%PDF-1.7 not a spreadsheet", "not_a_spreadsheet"),
        (b"\x89PNG\r\n\x1a\n....", "not_a_spreadsheet"),
    ],
    ids=["empty", "pdf", "png"],
)
def test_empty_or_not_a_spreadsheet(data, code):
    for load in (loaders.load_inflow, loaders.detect):
        error = _error(load, data)
        assert error.codes == [code]
        assert error.problems[0].message


def test_no_recognisable_header():
    data = xlsx({"Blad1": [["Dit is een nota"], ["zonder tabel", "echt niet"], [1, 2]]})
    error = _error(loaders.load_inflow, data)
    assert error.codes == ["no_header"]
    assert "Gemeente" in str(error)  # tells which columns are expected


def test_detect_refuses_a_file_of_unclear_kind():
    data = xlsx({"Blad1": [["Organisatie", "Jaar"], ["vzw A", 2021]]})
    error = _error(loaders.detect, data)
    assert error.codes == ["unknown_kind"]


def test_every_missing_required_column_is_listed():
    data = xlsx({"Blad1": [["Titel"], ["Organisatie", "Jaar", "Opmerking"], ["vzw A", 2021, "x"]]})
    error = _error(loaders.load_inflow, data)
    assert error.codes == ["missing_column"] * 2
    messages = " ".join(p.message for p in error.problems)
    for label in ("Gemeente", "Instroom"):
        assert f"verplichte kolom '{label}'" in messages  # each names its column
    assert "Doelgroep" not in messages  # not given is not required: "Niet opgegeven"
    assert "'Postcode' of 'NIS-code'" in messages  # and what may stand in for it
    assert {p.row for p in error.problems} == {2}
    assert {p.sheet for p in error.problems} == {"Blad1"}


def test_no_data_rows():
    error = _error(loaders.load_lde, xlsx({"LDE": [["Organisatie", "Jaar", "VTE"]]}))
    assert error.codes == ["no_data_rows"]


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
    located = {(p.sheet, p.row, p.column): (p.code, p.value) for p in error.problems}
    assert located[("Data", 2, "D")] == ("negative_number", "-3")
    assert located[("Data", 3, "D")] == ("not_a_number", "veel")
    assert located[("Data", 4, "C")] == ("year_out_of_range", "1999")
    assert located[("Data", 5, "C")] == ("year_out_of_range", str(max_year() + 1))
    assert located[("Data", 6, "D")] == ("not_whole_number", "2,5")
    assert located[("Data", 7, "C")] == ("invalid_period", "ooit")
    assert "'veel' is geen getal" in str(error)  # the Dutch message quotes the cell
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
    assert error.codes == ["conflicting_rows"]
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
    assert error.codes == ["period_conflict"]


def test_missing_municipality_value_is_located():
    data = xlsx({"Blad1": [HEADER, [None, "LDE", 2021, 3]]})
    error = _error(loaders.load_inflow, data)
    assert (error.problems[0].row, error.problems[0].column) == (2, None)
    assert error.codes == ["missing_value"]
    assert "Gemeente ontbreekt" in error.problems[0].message  # names the column


def test_a_blank_target_group_is_not_given_not_a_problem():
    frame = loaders.load_inflow(xlsx({"Blad1": [HEADER, ["Kortrijk", None, 2021, 3]]}))
    assert frame["target_group"].tolist() == ["Niet opgegeven"]
    assert any("zonder doelgroep" in w for w in frame.attrs["warnings"])


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
        "age_band",
        "sex",
        "education",
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


def test_problems_are_data_with_a_stable_code_and_survive_pickling():
    rows = [HEADER] + [["Kortrijk", "LDE", 2021, "veel"]] * 5 + [["Menen", "LDE", 1999, 1]]
    error = _error(loaders.load_inflow, xlsx({"Data": rows}))
    assert error.codes == ["not_a_number"] * 5 + ["year_out_of_range"]
    again = pickle.loads(pickle.dumps(error))
    assert isinstance(again, loaders.ValidationError)
    assert again.problems == error.problems
    assert again.file_name == error.file_name and str(again) == str(error)
    with pytest.raises(TypeError):
        loaders.Problem("zonder code")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="unknown problem code"):
        loaders.Problem("?", code="iets")


def test_many_problems_of_one_code_become_one_line_with_count_and_first_places():
    rows = [HEADER] + [["Kortrijk", "LDE", 2021, "veel"]] * 5 + [["Menen", "LDE", 1999, 1]]
    lines = _error(loaders.load_inflow, xlsx({"Data": rows})).grouped()
    assert lines == [
        "Geen getal (5 keer): blad 'Data' rij 2 kolom D, rij 3 kolom D, rij 4 kolom D … "
        "Bijvoorbeeld: 'veel' is geen getal (Instroom).",
        f"blad 'Data', rij 7, kolom C: jaar 1999 ligt buiten 2000–{max_year()}.",
    ]


def test_a_capped_check_counts_every_cell():
    rows = [HEADER] + [["Kortrijk", "LDE", 2021, "veel"]] * 250
    error = _error(loaders.load_inflow, xlsx({"Data": rows}))
    assert set(error.codes) == {"not_a_number"}
    assert len(error.problems) == 201 and error.total == 250
    assert error.grouped()[0].startswith("Geen getal (250 keer): blad 'Data' rij 2 kolom D")
