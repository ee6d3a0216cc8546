"""Reference data of the product: the region, events, target groups, glossary, and the
municipalities of Flanders with their boundaries.

Each fact lives in one file beside this module (TOML; the table of Flemish
municipalities is CSV, their boundaries GeoJSON under ``geo/``, with their provenance
and licences in ``geo/README.md``); this module only reads them.
The region file is chosen with the ``W13_REGION_FILE`` environment variable (the
dashboard also passes ``[region] file`` from Streamlit secrets through it).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
DEFAULT_REGION_FILE = HERE / "regions" / "w13.toml"
FLANDERS_FILE = HERE / "flanders.csv"
BOUNDARIES_FILE = HERE / "geo" / "flanders_municipalities_2019.geojson"
REGION_FILE_ENV = "W13_REGION_FILE"


@dataclass(frozen=True)
class Municipality:
    name: str
    nis_code: str
    population: int
    colour: str
    postcodes: dict[str, tuple[str, ...]]
    aliases: tuple[str, ...] = ()

    @property
    def parts(self) -> tuple[str, ...]:
        """Part municipalities (deelgemeenten), the main one included."""
        return tuple(p for parts in self.postcodes.values() for p in parts)


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    outside_label: str
    municipalities: tuple[Municipality, ...]
    known_outside: tuple[str, ...] = ()
    population_source: str = ""
    outside_colour: str = "#9e9e9e"

    @property
    def names(self) -> list[str]:
        return [m.name for m in self.municipalities]

    @property
    def comparison_label(self) -> str:
        """The municipality of inflow rows outside the region that are open data of
        Flanders (``loaders.places.mark_comparison``): no part of the region's figures,
        unlike the region's own starters elsewhere (``outside_label``)."""
        return f"{self.outside_label} (vergelijking Vlaanderen)"

    @property
    def colours(self) -> dict[str, str]:
        """Colour per municipality; places outside the region are grey."""
        outside = {self.outside_label: self.outside_colour}
        return {m.name: m.colour for m in self.municipalities} | outside

    @property
    def population(self) -> dict[str, int]:
        return {m.name: m.population for m in self.municipalities}

    def get(self, name: str) -> Municipality | None:
        return next((m for m in self.municipalities if m.name == name), None)

    @property
    def nis_codes(self) -> dict[str, str]:
        """NIS code per municipality of the region."""
        return {m.name: m.nis_code for m in self.municipalities}


@dataclass(frozen=True)
class FlemishMunicipality:
    """One of the 300 municipalities of Flanders as they were from 2019 to 2024."""

    nis_code: str
    name: str
    name_fr: str
    province: str
    postcodes: tuple[str, ...]  # empty where no postcode is known for these borders


@dataclass(frozen=True)
class Event:
    start: dt.date
    label: str
    kind: str
    note: str
    end: dt.date | None = None
    # Dataset kinds and work forms (target groups) the event is about.
    concerns: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetGroup:
    name: str
    synonyms: tuple[str, ...]


def _read_toml(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def region_file() -> Path:
    return Path(os.environ.get(REGION_FILE_ENV) or DEFAULT_REGION_FILE)


@cache
def _load_region(path: Path) -> Region:
    raw = _read_toml(path)
    municipalities = tuple(
        Municipality(
            name=m["name"],
            nis_code=str(m["nis_code"]),
            population=int(m["population"]),
            colour=m["colour"],
            postcodes={str(k): tuple(v) for k, v in m["postcodes"].items()},
            aliases=tuple(m.get("aliases", ())),
        )
        for m in raw["municipality"]
    )
    return Region(
        code=raw["code"],
        name=raw["name"],
        outside_label=raw.get("outside_label", f"Buiten {raw['code']}"),
        municipalities=municipalities,
        known_outside=tuple(raw.get("known_outside", ())),
        population_source=raw.get("population_source", ""),
        outside_colour=raw.get("outside_colour", Region.outside_colour),
    )


def load_region(path: str | Path | None = None) -> Region:
    """The configured region (W13 unless ``W13_REGION_FILE`` names another file)."""
    return _load_region(Path(path) if path else region_file())


@cache
def flanders() -> dict[str, FlemishMunicipality]:
    """The municipalities of Flanders by NIS code (``flanders.csv``)."""
    with FLANDERS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        r["nis_code"]: FlemishMunicipality(
            nis_code=r["nis_code"],
            name=r["name"],
            name_fr=r["name_fr"],
            province=r["province"],
            postcodes=tuple(r["postcodes"].split()),
        )
        for r in rows
    }


# A ring is a closed outline of (longitude, latitude) points; a municipality is one or
# more polygons (an exclave is a polygon of its own), each its outer ring.
Ring = tuple[tuple[float, float], ...]


@cache
def boundaries() -> dict[str, tuple[Ring, ...]]:
    """The outer rings of every Flemish municipality by NIS code (WGS84)."""
    raw = json.loads(BOUNDARIES_FILE.read_text(encoding="utf-8"))
    out: dict[str, tuple[Ring, ...]] = {}
    for feature in raw["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]]
            if geometry["type"] == "Polygon"
            else geometry["coordinates"]
        )
        # NOTE: the source has no holes; a hole would be drawn filled (outer rings only).
        out[feature["properties"]["nis_code"]] = tuple(
            tuple((float(x), float(y)) for x, y in polygon[0]) for polygon in polygons
        )
    return out


def home_province(region: Region) -> str | None:
    """The province of the region: the one holding most of its inhabitants (a region may
    span provinces); None when none of its NIS codes is a Flemish municipality."""
    places = flanders()
    people: dict[str, int] = {}
    for m in region.municipalities:
        if m.nis_code in places:
            province = places[m.nis_code].province
            people[province] = people.get(province, 0) + m.population
    return max(people, key=lambda p: (people[p], p)) if people else None


@cache
def events() -> tuple[Event, ...]:
    raw = _read_toml(HERE / "events.toml")["event"]
    return tuple(
        Event(
            start=e["start"],
            end=e.get("end"),
            label=e["label"],
            kind=e["kind"],
            note=e["note"],
            concerns=tuple(e["concerns"]),
        )
        for e in raw
    )


@cache
def target_groups() -> tuple[TargetGroup, ...]:
    raw = _read_toml(HERE / "target_groups.toml")["target_group"]
    return tuple(TargetGroup(name=t["name"], synonyms=tuple(t["synonyms"])) for t in raw)


@cache
def glossary() -> dict[str, str]:
    return {t["term"]: t["definition"] for t in _read_toml(HERE / "glossary.toml")["term"]}
