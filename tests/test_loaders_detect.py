"""``loaders.detect`` tells inflow, LDE and maatwerk apart from content, not file names."""

from __future__ import annotations

import io

import pytest
from loaders_writers import csv, xlsx

import loaders

CASES = {
    "inflow long": (
        [["Jaar", "Gemeente", "Doelgroep", "Aantal"], [2021, "Kortrijk", "LDE", 3]],
        "inflow",
    ),
    "inflow persons": (
        [["Naam", "INSZ", "Startdatum", "Woonplaats"], ["X", "1", "01/02/2022", "Menen"]],
        "inflow",
    ),
    "inflow wide with title": (
        [["Instroom per maand"], ["Gemeente", "jan 2021", "feb 2021"], ["Kuurne", 1, 2]],
        "inflow",
    ),
    "lde with title": (
        [["Lokale diensteneconomie 2022"], ["Organisatie", "Contingent", "VTE"], ["A", 5, 4]],
        "lde",
    ),
    "lde bare vte": ([["Organisatie", "Jaar", "VTE"], ["A", 2021, 4]], "lde"),
    "maatwerk contingent bezet": (
        [["Organisatie", "Jaar", "Contingent", "Bezet"], ["A", 2021, 5, 4]],
        "maatwerk",
    ),
    "maatwerk wse": (
        [
            ["periode", "gemeente", "cmw_aantal_toegekend_vte", "cmw_aantal_vte"],
            ["2021 K1", "MENEN", "1,5", "1"],
        ],
        "maatwerk",
    ),
    "maatwerk kind column": (
        [["Naam", "Soort maatwerk", "Jaar", "Plaatsen"], ["A", "IM", 2023, 3]],
        "maatwerk",
    ),
}


@pytest.mark.parametrize(("rows", "kind"), CASES.values(), ids=CASES.keys())
def test_detect_from_content(rows, kind):
    assert loaders.detect(xlsx({"Blad1": rows})) == kind
    assert loaders.detect(io.BytesIO(csv(rows))) == kind


def test_the_file_name_never_counts_and_a_tie_is_a_guess(tmp_path):
    # A contingent only: LDE and maatwerk tie on the evidence; the figure's size guesses.
    data = xlsx({"Blad1": [["Organisatie", "Jaar", "Contingent"], ["A", 2021, 5]]})
    answers = [loaders.guess(data), loaders.guess(io.BytesIO(data))]
    for name in ("lde_contingenten.xlsx", "maatwerk_export.xlsx", "instroom.csv"):
        (tmp_path / name).write_bytes(data)
        answers.append(loaders.guess(tmp_path / name))
    assert all(answer == answers[0] for answer in answers)
    assert not answers[0].sure
    assert loaders.detect(data) == answers[0].kind == "lde"  # the best guess, no refusal
    # A kind never fails a file a loader reads: LDE needs VTE, maatwerk reads it.
    assert loaders.load(data).attrs["kind"] == "maatwerk"
    # A misleading name does not beat the content.
    misleading = tmp_path / "lde_export.xlsx"
    misleading.write_bytes(xlsx({"Blad1": CASES["inflow long"][0]}))
    assert loaders.detect(misleading) == "inflow"
    assert loaders.guess(misleading).sure


def test_load_with_an_explicit_kind_skips_detection():
    rows = [["Organisatie", "Jaar", "Contingent"], ["A", 2021, 5]]
    frame = loaders.load(xlsx({"Blad1": rows}), kind="maatwerk")
    assert frame.attrs["kind"] == "maatwerk"
    assert frame["places"].tolist() == [5.0]
    assert frame["occupied"].isna().all()


@pytest.mark.parametrize(
    ("figures", "kind"), [(["10,8", "9,2", "17,1"], "lde"), ([120, 85, 240], "maatwerk")]
)
def test_lde_or_maatwerk_tie_is_broken_by_the_size_of_the_figures(figures, kind):
    rows = [["Organisatie", "Gemeente", "Jaar", "Contingent (VTE)", "Bezette VTE"]] + [
        [f"Organisatie {i}", "Kortrijk", 2021, f, f] for i, f in enumerate(figures)
    ]
    assert loaders.detect(csv(rows, sep=",", encoding="utf-8")) == kind


def test_dataset_name_in_the_title_beats_a_generic_measure_word():
    rows = [
        ["Lokale diensteneconomie – contingent en bezetting"],
        ["Organisatie", "Jaar", "Contingent", "Bezet"],
        ["Buurtwerk Menen", 2022, 120, 110],
    ]
    assert loaders.detect(xlsx({"Blad1": rows})) == "lde"


def test_a_data_cell_naming_a_dataset_does_not_become_a_header():
    rows = [
        ["Maand", "Gemeente", "Doelgroep", "Aantal"],
        ["1/01/2021", "Kortrijk", "Collectief maatwerk", 2],
        ["feb-21", "Menen", "Collectief maatwerk", 9],
    ]
    assert loaders.detect(csv(rows)) == "inflow"
