"""Who flows in: age band, sex and education read from person lists and aggregated files.

Person lists are written by real writers (xlsxwriter date cells, openpyxl text cells, a
semicolon CSV) with birth dates as date cells, day-first text or inside national register
numbers; the expected counts per (year, band) are counted out here by hand from the same
people, and nothing that identifies a person may be left in the result.
"""

from __future__ import annotations

import datetime as dt
import io
import random

import pandas as pd
import pytest
from loaders_writers import csv, expected, same, xlsx, xlsx_merged

import loaders
from loaders.profiles import band_of_label, date_parts, register_number

PROFILE = ["age_band", "sex", "education"]


def rrn(birth: dt.date, serial: int) -> str:
    """A valid national register number: YY.MM.DD-SSS.CC, check digits 97 - n mod 97 with
    a '2' before the number for births from 2000."""
    body = int(f"{birth:%y%m%d}{serial:03d}")
    check = 97 - ((2_000_000_000 + body) if birth.year >= 2000 else body) % 97
    return f"{birth:%y.%m.%d}-{serial:03d}.{check:02d}"


def age_on(birth: dt.date, start: dt.date) -> int:
    return start.year - birth.year - ((start.month, start.day) < (birth.month, birth.day))


def band(age: int) -> str:
    return "<25" if age < 25 else "25-49" if age < 50 else "50+"


# (name, birth date, start date, sex as written, education as written, sex, education)
PEOPLE = [
    ("Jan Peeters", dt.date(1973, 5, 2), dt.date(2023, 5, 1), "M", "Laaggeschoold", "man",
     "laag"),  # 49: the day before his 50th birthday
    ("An Claes", dt.date(1973, 5, 1), dt.date(2023, 5, 1), "V", "kortgeschoold", "vrouw",
     "laag"),  # 50 on the start date
    ("Piet Vandenbroucke", dt.date(1998, 3, 3), dt.date(2023, 3, 2), "man",
     "Secundair onderwijs (TSO)", "man", "midden"),  # 24
    ("Els Desmet", dt.date(1998, 3, 2), dt.date(2023, 3, 2), "Vrouw", "middengeschoold", "vrouw",
     "midden"),  # 25
    ("Kobe Verhaeghe", dt.date(2004, 11, 30), dt.date(2022, 9, 15), "F", "Hoger onderwijs",
     "vrouw", "hoog"),  # born in 2000s: register number with the '2' prefix
    ("Lien Maes", dt.date(1960, 1, 15), dt.date(2022, 2, 1), "", "", "onbekend", "onbekend"),
    ("Noor Dewulf", dt.date(1990, 7, 7), dt.date(2022, 6, 30), "X", "hooggeschoold", "onbekend",
     "hoog"),
]


def _expected(*, sex: bool, education: bool, from_number: bool = False) -> pd.DataFrame:
    counts: dict[tuple, int] = {}
    for i, (_, born, start, sex_text, _, sex_value, education_value) in enumerate(PEOPLE):
        # Where the file's sex column is blank or absent, the register number's sequence
        # tells it (odd: man); an "X" is the file's own answer.
        if sex and sex_text:
            sex_found = sex_value
        elif from_number:
            sex_found = "man" if i % 2 == 0 else "vrouw"
        else:
            sex_found = "onbekend"
        key = (start.year, start.month, band(age_on(born, start)), sex_found,
               education_value if education else "onbekend")
        counts[key] = counts.get(key, 0) + 1
    return expected(
        "inflow",
        [
            dict(year=y, month=m, quarter=(m - 1) // 3 + 1, municipality="Kortrijk",
                 nis_code="34022", target_group="LDE", organisation="vzw Net", age_band=b,
                 sex=s, education=e, inflow=n)
            for (y, m, b, s, e), n in counts.items()
        ],
    )


def _rows(birth: str, *, sex: bool, education: bool) -> list[list[object]]:
    header = ["Naam", "Rijksregisternummer" if birth == "number" else "Geboortedatum",
              "Startdatum", "Gemeente", "Doelgroep", "Organisatie"]
    header += ["Geslacht"] * sex + ["Opleidingsniveau"] * education
    rows = [header]
    for i, (name, born, start, sex_text, education_text, _, _) in enumerate(PEOPLE):
        birth_cell = {
            "date": born,
            "text": born.strftime("%d/%m/%Y"),
            "number": rrn(born, 2 * i + 1 if i % 2 == 0 else 2 * i + 2),
        }[birth]
        start_cell = start if birth == "date" else start.strftime("%d-%m-%Y")
        row = [name, birth_cell, start_cell, "Kortrijk", "LDE", "vzw Net"]
        rows.append(row + [sex_text or None] * sex + [education_text or None] * education)
    return rows


def _secrets() -> list[str]:
    found = []
    for i, (name, born, _, _, _, _, _) in enumerate(PEOPLE):
        number = rrn(born, 2 * i + 1 if i % 2 == 0 else 2 * i + 2)
        found += [*name.split(), number, number.replace(".", "").replace("-", ""),
                  born.isoformat(), born.strftime("%d/%m/%Y"), str(born)]
    return found


def _identifies_nobody(frame: pd.DataFrame) -> None:
    text = " ".join(map(str, [*frame.columns, *frame.astype(str).to_numpy().ravel()]))
    text += repr(frame.attrs)
    for secret in _secrets():
        assert secret not in text
    assert not {"birth_date", "person_id", "person_name", "age"} & set(frame.columns)


WRITERS = {
    "xlsxwriter": lambda rows: xlsx({"Personen": rows}),
    "openpyxl": lambda rows: xlsx_merged(rows, []),
    "csv": lambda rows: csv(rows),
}


@pytest.mark.parametrize(
    ("birth", "writer"),
    [("date", "xlsxwriter"), ("text", "openpyxl"), ("text", "csv"), ("number", "xlsxwriter"),
     ("number", "csv")],
)
@pytest.mark.parametrize(("sex", "education"), [(True, True), (False, False), (True, False)])
def test_person_list_is_counted_per_age_band_sex_and_education(birth, writer, sex, education):
    data = WRITERS[writer](_rows(birth, sex=sex, education=education))
    frame = loaders.load_inflow(data)
    wanted = _expected(sex=sex, education=education, from_number=birth == "number")
    same(frame, wanted)
    _identifies_nobody(frame)


def test_a_random_person_list_counts_exactly_per_year_and_band():
    pick = random.Random(15)
    rows = [["Voornaam", "Geboortedatum", "Startdatum", "Postcode", "Statuut"]]
    counts: dict[tuple[int, str], int] = {}
    for _ in range(600):
        born = dt.date(1955, 1, 1) + dt.timedelta(days=pick.randrange(0, 365 * 50))
        start = dt.date(2019, 1, 1) + dt.timedelta(days=pick.randrange(0, 365 * 5))
        if start <= born:
            continue
        # Birth dates written in the ways exports do: date cells and day-first texts.
        cell = pick.choice([born, born.strftime("%d/%m/%Y"), born.strftime("%d.%m.%Y"),
                            born.strftime("%-d-%-m-%Y")])
        rows.append(["X", cell, start, "8500", "LDE"])
        key = (start.year, band(age_on(born, start)))
        counts[key] = counts.get(key, 0) + 1
    frame = loaders.load_inflow(xlsx({"Blad1": rows}))
    got = frame.groupby(["year", "age_band"])["inflow"].sum()
    assert {(int(y), b): int(n) for (y, b), n in got.items()} == counts


def test_aggregated_file_with_age_groups_as_columns():
    rows = [
        ["Instroom naar leeftijd, 2022"],
        [],
        ["Gemeente", "Doelgroep", "-25 jaar", "25 tot 50 jaar", "50 jaar en ouder", "Onbekend",
         "Totaal"],
        ["Kortrijk", "LDE", 4, 10, 3, 1, 18],
        ["Menen", "Arbeidszorg", 0, 6, 5, None, 11],
    ]
    frame = loaders.load_inflow(xlsx({"Leeftijd": rows}))
    got = {
        (m, b): int(n)
        for (m, b), n in frame.groupby(["municipality", "age_band"])["inflow"].sum().items()
    }
    assert got == {
        ("Kortrijk", "<25"): 4, ("Kortrijk", "25-49"): 10, ("Kortrijk", "50+"): 3,
        ("Kortrijk", "onbekend"): 1, ("Menen", "<25"): 0, ("Menen", "25-49"): 6,
        ("Menen", "50+"): 5,
    }  # a written 0 is a figure; the blank "Onbekend" of Menen is none
    assert set(frame["year"]) == {2022}
    assert set(frame["sex"]) == set(frame["education"]) == {"onbekend"}


def test_finer_age_groups_fall_into_the_bands_they_fit():
    rows = [
        ["Jaar", "Gemeente", "18-24", "25-34", "35-49", "50-54", "55+"],
        [2021, "Menen", 2, 3, 4, 5, 6],
    ]
    frame = loaders.load_inflow(xlsx({"Blad1": rows}))
    got = frame.groupby("age_band")["inflow"].sum().to_dict()
    assert got == {"<25": 2, "25-49": 7, "50+": 11}


def test_long_file_with_profile_columns_and_their_synonyms():
    rows = [
        ["Jaar", "Gemeente", "Leeftijdscategorie", "Gender", "Diploma", "Aantal"],
        [2020, "Kortrijk", "jonger dan 25", "Mannen", "lager secundair onderwijs", 3],
        [2020, "Kortrijk", "50+", "Vrouwelijk", "bachelor", 2],
        [2020, "Kortrijk", "?", "onbekend", "Secundair", 1],
        [2020, "Kortrijk", "Senior", "Q", "Kleuter", 4],  # named nowhere: "onbekend", warned
    ]
    frame = loaders.load_inflow(csv(rows))
    got = {tuple(r[:3]): r[3] for r in frame[[*PROFILE, "inflow"]].itertuples(index=False)}
    assert got == {
        ("<25", "man", "laag"): 3,
        ("50+", "vrouw", "hoog"): 2,
        ("onbekend", "onbekend", "midden"): 1,
        ("onbekend", "onbekend", "onbekend"): 4,
    }
    warnings = " ".join(frame.attrs["warnings"])
    assert "'Senior'" in warnings and "'Kleuter'" in warnings


def test_aggregated_sex_columns_add_up_per_sex():
    rows = [["Jaar", "Gemeente", "M", "V"], [2022, "Menen", 3, 4]]
    frame = loaders.load_inflow(xlsx({"Blad1": rows}))
    assert frame.set_index("sex")["inflow"].to_dict() == {"man": 3, "vrouw": 4}


def test_a_file_that_does_not_say_who_flows_in_is_onbekend():
    rows = [["Jaar", "Gemeente", "Instroom"], [2022, "Menen", 7]]
    frame = loaders.load_inflow(io.BytesIO(xlsx({"Blad1": rows})))
    assert frame[PROFILE].to_numpy().tolist() == [["onbekend"] * 3]


@pytest.mark.parametrize(
    ("label", "band"),
    [("<25", "<25"), ("-25", "<25"), ("jonger dan 25 jaar", "<25"), ("18-24", "<25"),
     ("15 tot 25", "<25"), ("25-49", "25-49"), ("25 - 49 jaar", "25-49"), ("25 tot 50", "25-49"),
     ("50+", "50+"), ("55+", "50+"), (">= 50", "50+"), ("ouder dan 49", "50+"),
     ("50 jaar en ouder", "50+"), ("34", "25-49"), ("45-54", None), ("2021", None),
     ("K1", None), ("Kortrijk 8500", None), ("2019-2021", None)],
)
def test_age_labels(label, band):
    assert band_of_label(label) == band


def test_register_numbers_give_birth_and_sex_and_refuse_bad_check_digits():
    assert register_number(rrn(dt.date(1985, 3, 15), 33)) == (1985, 3, 15, "man")
    assert register_number(rrn(dt.date(2003, 3, 15), 34)) == (2003, 3, 15, "vrouw")
    number = rrn(dt.date(1985, 3, 15), 33)
    assert register_number(number[:-2] + f"{(int(number[-2:]) + 1) % 97:02d}") is None
    assert register_number("12345") is None and register_number("klant 0042") is None
    # A BIS number: month + 20 when the sex is unknown, + 40 when it is known.
    body = int("852315001")
    assert register_number(f"{body}{97 - body % 97:02d}") == (1985, 3, 15, "onbekend")


def test_birth_dates_in_every_written_form():
    today = dt.date(2026, 1, 1)
    for cell in (dt.date(1985, 3, 15), dt.datetime(1985, 3, 15, 0, 0), "15/03/1985",
                 "15-3-1985", "15.03.1985", "1985-03-15", "15/03/85", 31121, "31121"):
        assert date_parts(cell, today=today) == (1985, 3, 15), cell
    assert date_parts(1985, years=True, today=today) == (1985, 0, 0)
    assert date_parts("31/02/1985", today=today) == (0, 0, 0)
    assert date_parts("onbekend", today=today) == (0, 0, 0)


def test_without_a_start_date_the_month_column_narrows_the_age():
    # Born 15 June 1999: 24 in March 2024 and 25 from mid-June. With the year alone the
    # age in 2024 is 24 or 25, so the band is unknown; the month settles it.
    rows = [["Jaar", "Maand", "Geboortedatum", "Postcode", "Statuut"]]
    rows += [[2024, month, dt.date(1999, 6, 15), "8500", "LDE"] for month in (3, 5, 7, 12)]
    rows += [[2024, None, dt.date(1999, 6, 15), "8500", "LDE"]]
    frame = loaders.load_inflow(xlsx({"Blad1": rows}))
    got = frame.groupby(["month", "age_band"], dropna=False)["inflow"].sum()
    assert {(None if pd.isna(m) else int(m), b): int(n) for (m, b), n in got.items() if n} == {
        (3, "<25"): 1,
        (5, "<25"): 1,
        (7, "25-49"): 1,
        (12, "25-49"): 1,
        (None, "onbekend"): 1,
    }
