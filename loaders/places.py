"""Recognise municipalities of the configured region, however a file writes them.

A cell may hold the official name in any case or spacing, a part municipality
(Heule → Kortrijk), another spelling or the French name (Courtrai), a postcode
(8500), a NIS code (34022), or "8501 Heule". Everything comes from
``reference.load_region()``: nothing about the region is typed here. A place outside
the region gets the region's ``outside_label`` (never dropped, never null) and, when it
is a Flemish municipality (``reference.flanders()``: its name, French name, postcode or
NIS code), that municipality's NIS code; text that is no known place at all gets the
same label and is reported so staff can check. Inflow rows outside the region of a
file that pictures all of Flanders are marked as comparison data (``mark_comparison``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from loaders.normalise import clean_text, factorize, text_key
from reference import Region, flanders
from reference.areas import rest_of_flanders

_LEADING_CODE = re.compile(r"^(\d{4,5})\b\s*(.*)$")


@dataclass(frozen=True)
class PlaceMatch:
    municipality: pd.Series  # categorical: official name or outside label; NaN only if empty
    nis_code: pd.Series  # categorical NIS code; missing for places that are no Flemish municipality
    unknown: list[str]  # cell texts that are no known place (labelled outside)


class _Place(NamedTuple):
    name: str | None  # official name or outside label; None for an empty cell
    recognised: bool
    nis_code: str | None = None


@dataclass(frozen=True)
class _Lookup:
    names: dict[str, str]  # text key → official name
    codes: dict[str, str]  # postcode or NIS code → official name
    outside: frozenset[str]  # text keys of known places outside the region
    nis: dict[str, str]  # official name → NIS code
    flemish: dict[str, str]  # text key of another Flemish municipality → its NIS code
    flemish_codes: dict[str, str]  # its postcodes and NIS code → its NIS code


# NOTE: Region holds dicts and is not hashable; regions are few and long-lived, so the
# lookup is cached per object identity (the region is kept alive alongside it).
_CACHE: dict[int, tuple[Region, _Lookup]] = {}


def _lookup(region: Region) -> _Lookup:
    cached = _CACHE.get(id(region))
    if cached is None or cached[0] is not region:
        cached = _CACHE[id(region)] = (region, _build_lookup(region))
    return cached[1]


def _build_lookup(region: Region) -> _Lookup:
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    for m in region.municipalities:
        for text in (m.name, *m.aliases, *m.parts):
            names.setdefault(text_key(text), m.name)
        names[text_key(m.name)] = m.name  # an official name always wins over a part name
        codes[m.nis_code] = m.name
        for postcode in m.postcodes:
            codes[postcode] = m.name
    outside = frozenset(text_key(p) for p in region.known_outside)
    region_names = {m.nis_code: m.name for m in region.municipalities}
    flemish: dict[str, str] = {}
    flemish_codes: dict[str, str] = {}
    for place in flanders().values():
        own = region_names.get(place.nis_code)
        for text in (place.name, place.name_fr):
            if own is not None:  # the region's own file comes first; this adds, say, French
                names.setdefault(text_key(text), own)
            elif text_key(text) not in outside:  # the region file's Lille is the French city
                flemish.setdefault(text_key(text), place.nis_code)
        for code in (place.nis_code, *place.postcodes):
            if own is not None:
                codes.setdefault(code, own)
            else:
                flemish_codes[code] = place.nis_code
    nis = {m.name: m.nis_code for m in region.municipalities}
    return _Lookup(names, codes, outside, nis, flemish, flemish_codes)


_SAINT = re.compile(r"\bst\b")
# "Kortrijk (Heule)", "Menen/Lauwe", "Zwevegem - Heestert", "Kortrijk, 8500", an address
# "Kerkstraat 1, 8500 Kortrijk": parts that each may name the place.
_PARTS = re.compile(r"\s*[(),/;|]\s*|\s+[-–]\s+")


def match_place(value: object, region: Region, *, loose: bool = True) -> tuple[str | None, bool]:
    """(municipality or outside label, recognised?) for one cell; (None, True) if empty.

    Besides the whole text, "St." / "St-" read as "Sint-", and a text combining parts
    ("Kortrijk (Heule)", "Waregem-Desselgem", "Menen/Lauwe", "Kortrijk, 8500", an address
    ending in "8560 Wevelgem") is the place its recognised parts agree on; last, a short
    site name is the one municipality of the region its words name ("Site Bissegem"),
    unless ``loose`` is False (a label that must be a place itself, not name one).
    """
    place = _resolve(value, region, loose=loose)
    return place.name, place.recognised


def _resolve(value: object, region: Region, *, loose: bool = True) -> _Place:
    found = _match_whole(value, region)
    if found.recognised or not isinstance(value, str):
        return found
    combined = _match_parts(value, region) or (_match_words(value, region) if loose else None)
    return combined if combined is not None else found


def _match_words(text: str, region: Region) -> _Place | None:
    """The one municipality of the region a short site name mentions: "Site Bissegem",
    "Leiewerk Kortrijk Noord", "Atelier Heule" (words of four letters or more)."""
    # NOTE: a Flemish name outside the region only stops a match ("Roeselare/Kortrijk"):
    # Boom, Geel or Lint are words too, and a site name is no address.
    words = text_key(text).split()
    if not 2 <= len(words) <= 6:
        return None
    lookup = _lookup(region)
    keys = {
        key
        for width in (3, 2, 1)
        for i in range(len(words) - width + 1)
        if len(key := " ".join(words[i : i + width])) >= 4
    }
    found = {lookup.names[k] for k in keys if k in lookup.names}
    if keys & lookup.outside or not keys.isdisjoint(lookup.flemish):  # two places: neither
        found.add(region.outside_label)
    if len(found) != 1:
        return None
    name = found.pop()
    return _region_place(name, lookup) if name in lookup.nis else _Place(name, True)


def _match_parts(text: str, region: Region) -> _Place | None:
    parts = [p for p in _PARTS.split(text) if p and p.strip()]
    if len(parts) == 1 and "-" in text:
        pieces = text.split("-")
        splits = [("-".join(pieces[:i]), "-".join(pieces[i:])) for i in range(1, len(pieces))]
        for left, right in splits:
            places = {_match_whole(left, region), _match_whole(right, region)}
            if len(places) == 1 and (place := places.pop()).recognised and place.name:
                return place
        return None
    if len(parts) < 2:
        return None
    results = [r for p in parts if (r := _match_whole(p, region)).recognised and r.name]
    if len({r.name for r in results}) != 1:
        return None
    codes = {r.nis_code for r in results if r.nis_code}
    return _Place(results[0].name, True, codes.pop() if len(codes) == 1 else None)


def _match_whole(value: object, region: Region) -> _Place:
    text = clean_text(value)
    if text is None:
        return _Place(None, True)
    lookup = _lookup(region)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    key = text_key(text)
    if key in lookup.names:
        return _region_place(lookup.names[key], lookup)
    outside = region.outside_label
    match = _LEADING_CODE.match(text)
    if match:
        code, rest = match.groups()
        if code in lookup.codes:
            return _region_place(lookup.codes[code], lookup)
        rest_key = text_key(rest)
        if rest_key in lookup.names:
            return _region_place(lookup.names[rest_key], lookup)
        # A Belgian postcode or NIS code outside the region is still a real place.
        nis = lookup.flemish_codes.get(code) or lookup.flemish.get(rest_key)
        return _Place(outside, nis is not None or bool(re.fullmatch(r"\d{4,5}", code)), nis)
    saint = _SAINT.sub("sint", key)
    key_without_prefix = re.sub(r"^(gemeente|stad|ocmw|ocmw van|stad van) ", "", key)
    for variant in (saint, key_without_prefix):
        if variant in lookup.names:
            return _region_place(lookup.names[variant], lookup)
    if key in lookup.outside or key_without_prefix in lookup.outside:
        return _Place(outside, True)
    for variant in (key, saint, key_without_prefix):
        if variant in lookup.flemish:
            return _Place(outside, True, lookup.flemish[variant])
    return _Place(outside, key == text_key(outside))


def _region_place(name: str, lookup: _Lookup) -> _Place:
    return _Place(name, True, lookup.nis[name])


def match_places(values: pd.Series, region: Region) -> PlaceMatch:
    """Match a whole column (on its unique values) to the region's municipalities."""
    codes, uniques = factorize(values)
    results = [_resolve(u, region) for u in uniques]
    names = np.array([r.name for r in results] + [None], dtype=object)
    nis = np.array([r.nis_code for r in results] + [None], dtype=object)
    unknown = sorted(
        {clean_text(u) or "" for u, r in zip(uniques, results, strict=True) if not r.recognised}
    )
    return PlaceMatch(
        municipality=pd.Series(_spread(names, codes), index=values.index),
        nis_code=pd.Series(_spread(nis, codes), index=values.index),
        unknown=unknown,
    )


def _spread(per_unique: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """Per-unique results spread over the rows as a Categorical (built from codes)."""
    result_codes, categories = pd.factorize(pd.Series(per_unique, dtype=object))
    # Codes in range by construction: no pass over them to check it.
    return pd.Categorical.from_codes(result_codes[codes], categories=categories, validate=False)


def mark_comparison(
    frame: pd.DataFrame, region: Region, warnings: list[str], *, unnamed_covers_all: bool
) -> pd.DataFrame:
    """A flow's rows outside the region, per year of the file, that are open data of
    Flanders: relabelled ``region.comparison_label`` (a warning says so, and whether the
    file, naming no organisation, replaces all inflow of its periods: ``unnamed_covers_all``,
    the kind's ``Scope``).

    NOTE: inflow outside the region is the region's own by default (its starters who live
    elsewhere, "Buiten W13"). Only where a file's outside rows in a year picture the rest
    of Flanders (``reference.areas``: a quarter of its municipalities, every province)
    are they another area's inflow: then every outside row of that year (a place abroad
    or unknown too) is comparison data, so a Flanders-wide export never swells the
    region's "Buiten W13". The rest of the province alone is not enough: a large
    region's own list may well name a quarter of its neighbours in the province.
    """
    outside = (frame["municipality"] == region.outside_label).to_numpy(dtype=bool)
    if not outside.any():
        return frame
    # Only the two columns used: a person list's frame holds half a million rows.
    known = outside & frame["nis_code"].notna().to_numpy(dtype=bool)
    area = rest_of_flanders(region)
    # Covering only grows with the codes named (more of them, more provinces), so when
    # the codes of all years together do not cover the area, no year's do: the usual
    # case, decided without gathering the rows per year.
    if not area.covered_by(frame["nis_code"][known].unique()):
        return frame
    named = frame.loc[known, ["year", "nis_code"]]
    years = sorted(
        int(year) for year, codes in named.groupby("year")["nis_code"]
        if area.covered_by(codes.unique())
    )
    if not years:
        return frame
    moved = outside & frame["year"].isin(years).to_numpy(dtype=bool)
    municipality = frame["municipality"].copy()
    municipality[moved] = region.comparison_label
    count = named.loc[named["year"].isin(years), "nis_code"].nunique()
    warnings.append(
        f"In {', '.join(map(str, years))} noemt het bestand {count} Vlaamse gemeenten buiten "
        f"{region.code}, uit elke provincie: die rijen ({int(moved.sum())}) zijn "
        f"vergelijkingsgegevens voor Vlaanderen ('{region.comparison_label}') en tellen niet "
        f"mee als instroom van de regio onder '{region.outside_label}'."
    )
    if unnamed_covers_all and frame["organisation"].isna().all():
        # NOTE: the store's replace rule (Kind.scope): said here, before staff confirm.
        warnings.append(
            "Het bestand noemt geen organisaties: bij het inladen vervangt het alle instroom "
            "van zijn periodes, ook die van de regio (lijsten per organisatie inbegrepen). "
            "De W13-rijen van dit bestand worden dan de instroom van de regio."
        )
    return frame.assign(municipality=municipality)
