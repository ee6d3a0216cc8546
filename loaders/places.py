"""Recognise municipalities of the configured region, however a file writes them.

A cell may hold the official name in any case or spacing, a part municipality
(Heule → Kortrijk), another spelling or the French name (Courtrai), a postcode
(8500), a NIS code (34022), or "8501 Heule". Everything comes from
``reference.load_region()``: nothing about the region is typed here. A place outside
the region gets the region's ``outside_label`` (never dropped, never null); text
that is no known place at all gets the same label and is reported so staff can check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from loaders.normalise import clean_text, factorize, text_key
from reference import Region

_LEADING_CODE = re.compile(r"^(\d{4,5})\b\s*(.*)$")


@dataclass(frozen=True)
class PlaceMatch:
    municipality: pd.Series  # categorical: official name or outside label; NaN only if empty
    nis_code: pd.Series  # categorical NIS code, missing for places outside the region
    unknown: list[str]  # cell texts that are no known place (labelled outside)


@dataclass(frozen=True)
class _Lookup:
    names: dict[str, str]  # text key → official name
    codes: dict[str, str]  # postcode or NIS code → official name
    outside: frozenset[str]  # text keys of known places outside the region
    nis: dict[str, str]  # official name → NIS code


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
    return _Lookup(names, codes, outside, {m.name: m.nis_code for m in region.municipalities})


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
    found = _match_whole(value, region)
    if found[1] or not isinstance(value, str):
        return found
    combined = _match_parts(value, region) or (_match_words(value, region) if loose else None)
    return combined if combined is not None else found


def _match_words(text: str, region: Region) -> tuple[str, bool] | None:
    """The one municipality of the region a short site name mentions: "Site Bissegem",
    "Leiewerk Kortrijk Noord", "Atelier Heule" (words of four letters or more)."""
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
    if keys & lookup.outside:  # "Roeselare/Kortrijk" names two places: neither
        found.add(region.outside_label)
    return (found.pop(), True) if len(found) == 1 else None


def _match_parts(text: str, region: Region) -> tuple[str, bool] | None:
    parts = [p for p in _PARTS.split(text) if p and p.strip()]
    if len(parts) == 1 and "-" in text:
        pieces = text.split("-")
        splits = [("-".join(pieces[:i]), "-".join(pieces[i:])) for i in range(1, len(pieces))]
        for left, right in splits:
            names = {_match_whole(left, region), _match_whole(right, region)}
            if len(names) == 1 and (name := names.pop())[1] and name[0]:
                return name
        return None
    if len(parts) < 2:
        return None
    results = [r for p in parts if (r := _match_whole(p, region))[1] and r[0]]
    names = {r[0] for r in results}
    return (names.pop(), True) if len(names) == 1 else None


def _match_whole(value: object, region: Region) -> tuple[str | None, bool]:
    text = clean_text(value)
    if text is None:
        return None, True
    lookup = _lookup(region)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    key = text_key(text)
    if key in lookup.names:
        return lookup.names[key], True
    match = _LEADING_CODE.match(text)
    if match:
        code, rest = match.groups()
        if code in lookup.codes:
            return lookup.codes[code], True
        rest_key = text_key(rest)
        if rest_key in lookup.names:
            return lookup.names[rest_key], True
        # A Belgian postcode or NIS code outside the region is still a real place.
        return region.outside_label, bool(re.fullmatch(r"\d{4,5}", code))
    saint = _SAINT.sub("sint", key)
    if saint in lookup.names:
        return lookup.names[saint], True
    key_without_prefix = re.sub(r"^(gemeente|stad|ocmw|ocmw van|stad van) ", "", key)
    if key_without_prefix in lookup.names:
        return lookup.names[key_without_prefix], True
    if key in lookup.outside or key_without_prefix in lookup.outside:
        return region.outside_label, True
    if key == text_key(region.outside_label):
        return region.outside_label, True
    return region.outside_label, False


def match_places(values: pd.Series, region: Region) -> PlaceMatch:
    """Match a whole column (on its unique values) to the region's municipalities."""
    codes, uniques = factorize(values)
    results = [match_place(u, region) for u in uniques]
    names = np.array([r[0] for r in results] + [None], dtype=object)
    nis_of = _lookup(region).nis
    nis = np.array([nis_of.get(r[0]) for r in results] + [None], dtype=object)
    unknown = sorted(
        {clean_text(u) or "" for u, r in zip(uniques, results, strict=True) if not r[1]}
    )
    return PlaceMatch(
        municipality=pd.Series(_spread(names, codes), index=values.index),
        nis_code=pd.Series(_spread(nis, codes), index=values.index),
        unknown=unknown,
    )


def _spread(per_unique: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """Per-unique results spread over the rows as a Categorical (built from codes)."""
    result_codes, categories = pd.factorize(pd.Series(per_unique, dtype=object))
    return pd.Categorical.from_codes(result_codes[codes], categories=categories)
