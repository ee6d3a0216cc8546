"""The table of Flemish municipalities and their boundaries: complete, consistent with each
other and with the region files, and the region's province chosen by its population."""

from __future__ import annotations

from pathlib import Path

import reference
from reference import flanders, home_province, load_region

LEIE = Path(__file__).parent / "regions" / "leie.toml"
PROVINCES = {"Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"}


def test_every_flemish_municipality_has_names_a_province_and_a_boundary():
    places, shapes = flanders(), reference.boundaries()
    assert len(places) == 300 and set(places) == set(shapes)
    assert {p.province for p in places.values()} == PROVINCES
    assert all(p.name and p.name_fr and len(p.nis_code) == 5 for p in places.values())
    for rings in shapes.values():
        for ring in rings:
            assert len(ring) >= 4 and ring[0] == ring[-1]  # a closed outline
            assert all(2.5 < x < 6.0 and 50.6 < y < 51.6 for x, y in ring)  # in Flanders


def test_no_postcode_belongs_to_two_municipalities():
    codes = [c for p in flanders().values() for c in p.postcodes]
    assert len(codes) == len(set(codes)) > 400
    assert all(len(c) == 4 and c.isdigit() for c in codes)


def test_the_region_files_agree_with_the_flemish_table():
    places = flanders()
    for region in (load_region(), load_region(LEIE)):
        for m in region.municipalities:
            assert places[m.nis_code].name == m.name
            assert set(m.postcodes) <= set(places[m.nis_code].postcodes)


def test_the_province_of_a_region_holds_most_of_its_inhabitants():
    assert home_province(load_region()) == "West-Vlaanderen"
    # Deinze and Zulte (Oost-Vlaanderen) outweigh Dentergem (West-Vlaanderen)
    assert home_province(load_region(LEIE)) == "Oost-Vlaanderen"


def test_the_project_reads_no_file_outside_itself():
    root = Path(__file__).parent.parent
    shared = ("..", "shared")  # spelled apart, so this file passes its own test
    for path in [*root.glob("*.py"), *root.glob("*/**/*.py"), *root.glob("*/**/*.toml")]:
        if "test-artifacts" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert "/".join(shared) not in text and "/work/" + shared[1] not in text, path
