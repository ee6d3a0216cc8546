"""The sample data: regenerated identically, telling the domain's story, read back by the loaders.

The truth frames come from ``sample_data.generate.expected*``; the committed files are
checked cell by cell against a fresh run of the script in a separate process.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

import kinds
import sample_data
from reference import load_region
from sample_data import fiction, generate, story, tidy, truth

ROOT = Path(__file__).resolve().parent.parent
FILES = sample_data.sample_files()
NAMES = [f.path.name for f in FILES]
RRN = re.compile(r"^(\d{2})\.(\d{2})\.(\d{2})-(\d{3})\.(\d{2})$")


def _cells(path: Path) -> dict[str, tuple[str, list[list[object]]]]:
    """Every sheet's visibility and cell values, as a reader sees them."""
    book = CalamineWorkbook.from_path(str(path))
    return {
        meta.name: (str(meta.visible), book.get_sheet_by_name(meta.name).to_python())
        for meta in book.sheets_metadata
    }


def _number(text: str) -> float:
    """A cell typed as text: "12,5" is 12.5, "n.v.t." is nothing."""
    return 0.0 if text == "n.v.t." else float(text.replace(",", "."))


def _sheet(name: str, sheet: str) -> list[list[object]]:
    return _cells(sample_data.HERE / name)[sheet][1]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    """The files written by the script, in a fresh process (a true regeneration)."""
    out = tmp_path_factory.mktemp("sample")
    done = subprocess.run(
        [sys.executable, str(ROOT / "sample_data" / "generate.py"), "--out", str(out)],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return out


# --- regeneration and manifest --------------------------------------------------------


def test_manifest_lists_exactly_the_generated_files():
    assert sorted(NAMES) == sorted(generate.WRITERS) == sorted(generate.EXPECTED)
    assert {f.kind for f in FILES} == {"inflow", "lde", "maatwerk"}
    first = sample_data.sample_files(first_start=True)
    assert {f.kind for f in first} == {"inflow", "lde", "maatwerk"}
    assert [f.path.name for f in sample_data.sample_files(first_start=False)] == [
        "wse_opendata_cmw_2021-2022.csv"
    ]
    assert all(f.path.is_file() for f in FILES)


@pytest.mark.parametrize("name", NAMES)
def test_regenerating_gives_the_committed_content(regenerated, name):
    committed, fresh = sample_data.HERE / name, regenerated / name
    if name.endswith(".csv"):
        assert fresh.read_bytes() == committed.read_bytes()
    else:
        assert _cells(fresh) == _cells(committed)


def test_regenerating_gives_the_same_bytes(regenerated, tmp_path):
    # NOTE: fixed document properties make even the workbook bytes stable.
    generate.write_all(tmp_path)
    for name in NAMES:
        assert (tmp_path / name).read_bytes() == (regenerated / name).read_bytes(), name


# --- the story the figures tell -------------------------------------------------------


def test_inflow_falls_about_a_quarter_in_2020_2021_with_2021_lowest():
    inflow = generate.expected_inflow()
    per_year = inflow.groupby("year")["inflow"].sum()
    assert list(per_year.index) == list(range(2017, 2024))
    drop_2021 = 1 - per_year[2021] / per_year[2019]
    drop_2020 = 1 - per_year[2020] / per_year[2019]
    assert 0.20 <= drop_2021 <= 0.30
    assert 0.15 <= drop_2020 <= 0.30
    assert per_year[2021] == per_year.min()


def test_arbeidszorg_shows_a_level_shift_from_april_2021():
    inflow = generate.expected_inflow()
    ama = inflow[inflow["target_group"] == story.AMA]
    monthly = ama.groupby(["year", "month"])["inflow"].sum()
    before = monthly.loc[[(y, m) for y in (2017, 2018, 2019) for m in range(4, 13)]].mean()
    after = monthly.loc[[(y, m) for y in (2022, 2023) for m in range(4, 13)]].mean()
    assert after / before < 0.7
    # Other work forms recover far better by 2022: the shift is a break, not the trend.
    per_group = inflow[inflow["year"].isin([2019, 2022])].pivot_table(
        index="target_group", columns="year", values="inflow", aggfunc="sum"
    )
    others = per_group.drop(index=story.AMA)
    assert (others[2022] / others[2019] > 0.8).all()
    assert per_group.loc[story.AMA, 2022] / per_group.loc[story.AMA, 2019] < 0.65


def test_inflow_per_work_form_is_tens_to_low_hundreds_a_year():
    inflow = generate.expected_inflow()
    regular = inflow[inflow["target_group"] != story.IM]
    per_form = regular.groupby(["year", "target_group"])["inflow"].sum()
    assert len(per_form) == 7 * 5
    assert per_form.between(10, 300).all()


def test_individueel_maatwerk_only_from_july_2023():
    inflow = generate.expected_inflow()
    im = inflow[inflow["target_group"] == story.IM]
    assert not im.empty
    assert set(im["year"]) == {2023} and im["month"].min() >= 7
    maatwerk = generate.expected_maatwerk()
    individueel = maatwerk[maatwerk["kind"] == "individueel"]
    assert set(zip(individueel["year"], individueel["quarter"], strict=True)) == {
        (2023, 3),
        (2023, 4),
    }


def test_inflow_covers_the_region_and_keeps_places_outside_it():
    region = load_region()
    inflow = generate.expected_inflow()
    inside = inflow[inflow["municipality"] != region.outside_label]
    assert set(inside["municipality"]) == set(region.names)
    nis = {m.name: m.nis_code for m in region.municipalities}
    assert (inside["nis_code"] == inside["municipality"].map(nis)).all()
    outside = inflow[inflow["municipality"] == region.outside_label]
    # Roeselare and Ieper keep their Flemish NIS codes; Moeskroen (Wallonia) has none.
    assert set(outside["nis_code"].dropna()) == {"36015", "33011"}
    assert outside["nis_code"].isna().any()
    assert (inflow["inflow"] > 0).all()


def test_export_and_person_list_split_the_years_without_overlap():
    export = generate.expected("instroom_vdab_export_2017-2022.xlsx")
    persons = generate.expected("instroom_personen_2023.xlsx")
    assert set(export["year"]) == set(range(2017, 2023))
    assert set(persons["year"]) == {2023}
    assert export["organisation"].isna().all()
    assert persons["organisation"].notna().all()
    assert persons["inflow"].sum() == len(truth.build().persons)


def test_lde_holds_just_over_100_fte_at_eight_organisations():
    lde = generate.expected_lde()
    assert lde["organisation"].nunique() == 8
    per_quarter = lde.groupby(["year", "quarter"])["fte"].sum()
    assert 100 <= per_quarter.loc[2021].mean() <= 115
    assert (lde["fte"] <= lde["contingent"]).all()
    assert set(lde["quarter"]) == {1, 2, 3, 4}


def test_collectief_maatwerk_is_filled_90_to_97_percent_with_more_unfilled_in_2021_2022():
    maatwerk = generate.expected_maatwerk()
    cmw = maatwerk[maatwerk["kind"] == "collectief"]
    assert cmw["organisation"].nunique() == 6
    assert cmw["quarter"].isna().all()
    fill = cmw["occupied"] / cmw["places"]
    assert fill.between(0.90, 0.97).all()
    per_year = cmw.groupby("year")[["places", "occupied"]].sum()
    assert per_year["places"].between(1000, 1400).all()
    unfilled = per_year["places"] - per_year["occupied"]
    assert unfilled[[2021, 2022]].min() > unfilled[[2017, 2018, 2019, 2023]].max()


def test_wse_csv_is_the_same_figures_cut_per_municipality_and_quarter():
    wse = generate.expected("wse_opendata_cmw_2021-2022.csv")
    cmw = generate.expected_maatwerk().query("kind == 'collectief'")
    assert wse["organisation"].isna().all() and set(wse["quarter"]) == {1, 2, 3, 4}
    for year in story.WSE_YEARS:
        quarterly = wse[wse["year"] == year].groupby("quarter")[["places", "occupied"]].sum()
        yearly = cmw[cmw["year"] == year][["places", "occupied"]].sum()
        assert quarterly["places"].mean() == pytest.approx(yearly["places"], abs=0.15)
        assert quarterly["occupied"].mean() == pytest.approx(yearly["occupied"], abs=0.5)


# --- the files look like what staff receive ------------------------------------------


def test_export_totals_row_and_column_are_correct_sums():
    for year in story.EXPORT_YEARS:
        rows = _sheet("instroom_vdab_export_2017-2022.xlsx", f"Instroom {year}")
        header = next(i for i, r in enumerate(rows) if r[:2] == ["Gemeente", "Doelgroep"])
        assert rows[header - 3][0].startswith("Bron: VDAB")
        body, total = rows[header + 1 : -1], rows[-1]
        assert total[0] == "Eindtotaal"
        numbers = [[v or 0 for v in r[2:14]] for r in body]
        assert all(sum(n) == r[14] for n, r in zip(numbers, body, strict=True))
        assert [sum(col) for col in zip(*numbers, strict=True)] == total[2:14]
        expected = truth.build().cells.query("year == @year")["inflow"].sum()
        assert total[14] == expected


def test_export_spells_places_every_way_a_file_does():
    region = load_region()
    labels = set()
    for year in story.EXPORT_YEARS:
        rows = _sheet("instroom_vdab_export_2017-2022.xlsx", f"Instroom {year}")
        labels |= {r[0] for r in rows[5:-1]}
    assert {"Roeselare", "Ieper", "Moeskroen"} <= labels
    assert labels & {m.name.upper() for m in region.municipalities}
    assert labels & {pc for m in region.municipalities for pc in m.postcodes}
    parts = {p for m in region.municipalities for p in m.parts if p != m.name}
    assert labels & parts
    assert labels & {a for m in region.municipalities for a in m.aliases}


def test_export_hides_its_helper_sheet_and_renames_arbeidszorg():
    sheets = _cells(sample_data.HERE / "instroom_vdab_export_2017-2022.xlsx")
    assert next(iter(sheets)) == "Toelichting"
    assert "hidden" in sheets["hulp_postcodes"][0].lower()
    groups = {y: {r[1] for r in sheets[f"Instroom {y}"][1][5:-1]} for y in story.EXPORT_YEARS}
    assert "Arbeidszorg" in groups[2020] and "AMA" in groups[2022]


def test_person_list_has_fictional_identities_only():
    rows = _sheet("instroom_personen_2023.xlsx", "Instromers 2023")
    header = rows.index(list(generate.writers.PERSON_COLUMNS))
    people = pd.DataFrame(rows[header + 1 :], columns=rows[header])
    assert len(people) == len(truth.build().persons)
    assert set(people["Naam"]) <= set(fiction.SURNAMES)
    assert people["Organisatie"].str.endswith("(fictief)").all()
    for number in people["Rijksregisternummer"]:
        match = RRN.match(number)
        assert match, number
        base, check = int("".join(match.groups()[:4])), int(match.group(5))
        assert check not in {97 - base % 97, 97 - int(f"2{base:09d}") % 97}, number
    assert people["Startdatum"].map(lambda d: d.year == 2023 and d.weekday() < 5).all()


def test_organisation_workbooks_have_two_row_headers_and_correct_totals():
    lde = _sheet("lde_vte_2017-2023.xlsx", "LDE VTE")
    assert lde[3][:4] == ["Organisatie", "Gemeente", "K1 2017", ""]
    assert lde[4][2:4] == ["Contingent", "Ingevulde VTE"] and len(lde[4]) == 2 + 2 * 4 * 7
    assert "n.v.t." in lde[5 + 7] and "12,5" in lde[5 + 3]
    assert all(str(r[0]).endswith("(fictief)") for r in lde[5:-1])
    assert lde[-1][0] == "Totaal W13"
    body = [[v if isinstance(v, float) else _number(v) for v in r[2:]] for r in lde[5:-1]]
    sums = [round(sum(col), 1) for col in zip(*body, strict=True)]
    assert sums == pytest.approx(lde[-1][2:], abs=0.051)
    for sheet in ("Collectief maatwerk", "Individueel maatwerk"):
        rows = _sheet("maatwerk_plaatsen_2017-2023.xlsx", sheet)
        assert rows[4][3:5] == ["Contingent", "Bezet"] and rows[-1][0] == "Totaal"
        body = [[v for v in r[3:]] for r in rows[5:-1]]
        sums = [round(sum(col), 1) for col in zip(*body, strict=True)]
        assert sums == pytest.approx(rows[-1][3:], abs=0.051)


def test_wse_csv_is_cp1252_with_semicolons_and_decimal_commas():
    raw = (sample_data.HERE / "wse_opendata_cmw_2021-2022.csv").read_bytes()
    lines = raw.decode("cp1252").splitlines()
    assert lines[0].split(";") == list(generate.writers.WSE_HEADER)
    assert lines[1].startswith("2021 K1;") and raw.endswith(b"\r\n")
    assert all(re.fullmatch(r"\d+,\d", v) for line in lines[1:] for v in line.split(";")[3:])


# --- the loaders read every file back to the truth ------------------------------------


def _comparable(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The contract columns; zero-inflow rows and rows without any figure are no facts."""
    frame = frame[list(kinds.get(kind).names)]
    if kind == "inflow":
        frame = frame[frame["inflow"] > 0]
    else:
        measures = ["fte", "contingent"] if kind == "lde" else ["places", "occupied"]
        frame = frame.dropna(subset=measures, how="all")
    return tidy.tidy(frame, kind)


@pytest.mark.parametrize("sample", FILES, ids=NAMES)
def test_loaders_read_every_sample_file_to_the_truth(sample):
    import loaders

    load = getattr(loaders, f"load_{sample.kind}", None)
    assert load is not None, f"loaders.load_{sample.kind} is not available yet"
    loaded = load(sample.path)
    pd.testing.assert_frame_equal(
        _comparable(loaded, sample.kind),
        _comparable(generate.expected(sample.path.name), sample.kind),
        check_dtype=False,
        rtol=1e-9,
    )
    if sample.path.name.startswith("instroom_personen"):
        # Privacy: nothing identifying a person survives the load.
        persons = truth.build().persons
        text = " ".join(map(str, [*loaded.columns, *loaded.astype(str).to_numpy().ravel()]))
        text += repr(loaded.attrs)
        for column in ("Rijksregisternummer", "Adres"):
            assert not any(value in text for value in persons[column]), column


@pytest.mark.parametrize("sample", FILES, ids=NAMES)
def test_loaders_detect_the_kind_of_every_sample_file(sample):
    import loaders

    detect = getattr(loaders, "detect", None)
    assert detect is not None, "loaders.detect is not available yet"
    assert detect(sample.path) == sample.kind
