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


def test_file_name_breaks_a_tie_only(tmp_path):
    rows = [["Organisatie", "Jaar", "Contingent"], ["A", 2021, 5]]
    with pytest.raises(loaders.ValidationError):
        loaders.detect(xlsx({"Blad1": rows}))
    path = tmp_path / "lde_contingenten.xlsx"
    path.write_bytes(xlsx({"Blad1": rows}))
    assert loaders.detect(path) == "lde"
    # A misleading name does not beat the content.
    misleading = tmp_path / "lde_export.xlsx"
    misleading.write_bytes(xlsx({"Blad1": CASES["inflow long"][0]}))
    assert loaders.detect(misleading) == "inflow"


def test_load_with_an_explicit_kind_skips_detection():
    rows = [["Organisatie", "Jaar", "Contingent"], ["A", 2021, 5]]
    frame = loaders.load(xlsx({"Blad1": rows}), kind="maatwerk")
    assert frame.attrs["kind"] == "maatwerk"
    assert frame["places"].tolist() == [5.0]
    assert frame["occupied"].isna().all()
