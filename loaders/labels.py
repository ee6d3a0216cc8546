"""What a label names: a place, a target group, a maatwerk kind or a period.

One vocabulary for every place a label turns up: a key cell, a totals row ("Totaal
Kortrijk"), a pivot table's row labels, a wide table's column headers ("Kortrijk |
Menen", "CMW | IM") and titles. Places come from the region, target groups from the
reference data, periods from ``loaders.periods``; the maatwerk kind's words live here.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np

import kinds
from loaders.normalise import text_key
from loaders.periods import parse_period
from loaders.places import match_place
from loaders.profiles import profile_of
from reference import Region, target_groups

COLLECTIVE_WORDS = (
    "collectief",
    "cmw",
    "maatwerkbedrijf",
    "maatwerkafdeling",
    "bedrijf",
    "afdeling",
    "sociale werkplaats",
    "beschutte werkplaats",
    "maatwerkbedrijven",
    "maatwerkafdelingen",
    "collective",
    "collectieve",
    "collectif",
    "sheltered workshop",
)
INDIVIDUAL_WORDS = ("individueel", "im", "individuele", "individual", "individuel")
TOTAL_WORDS = (
    "totaal",
    "eindtotaal",
    "subtotaal",
    "total",
    "grand total",
    "som",
    "totalen",
    "algemeen totaal",
    "generaal totaal",
    "sum",
    "totaal generaal",
)

_TOTAL_FIRST = re.compile(
    "^(?:" + "|".join(sorted(TOTAL_WORDS, key=len, reverse=True)) + ")(?: (.+))?$"
)
_TOTAL_LAST = re.compile(r"^(.+) (?:totaal|total)$")
# Every totals word holds one of these: a label without them (most labels, checked
# thousands of times per table) is no total, without building its text key.
_HINTS = ("tota", "som", "sum")
_TOTAL_HINT = re.compile("|".join(_HINTS), re.IGNORECASE)
# Words that, after a totals word, still mean the whole table: "Totaal W13", "Total général".
GRAND_WORDS = frozenset(
    {"totaal", "eindtotaal", "total", "grand", "algemeen", "generaal", "general", "regio"}
)


def totals_rest(value: object) -> str | None:
    """What follows (or precedes) the totals word of a label, as a text key: "" for
    "Totaal" or "Eindtotaal", "kortrijk" for "Totaal Kortrijk" or "Kortrijk totaal",
    "care" for "Total Care"; None when the label has no totals word at its edge."""
    if not isinstance(value, str) or (value.isascii() and not _TOTAL_HINT.search(value)):
        return None
    key = text_key(value)
    found = _TOTAL_FIRST.match(key) or _TOTAL_LAST.match(key)
    return None if found is None else (found.group(1) or "")


def is_total_label(value: object) -> bool:
    """True for a label that may be a total: "Totaal", "Totaal W13", "Eindtotaal",
    "Grand Total", "Subtotaal Kortrijk" — and "Total Care", which only the words after
    the totals word (``loaders.labels.total_states``) or its figures tell apart."""
    return totals_rest(value) is not None


# The tidy columns a label may be a value of, in the order a tie is settled; then the
# kind's profile columns ("Mannen", "<25 jaar", "Hooggeschoold": ``loaders.profiles``).
DIMENSIONS = ("municipality", "target_group", "kind")


@cache
def canonical_groups() -> dict[str, str]:
    """Text key of every name and synonym → the canonical target group (reference data)."""
    return {
        text_key(synonym): group.name
        for group in target_groups()
        for synonym in (group.name, *group.synonyms)
    }


_GROUP_PARTS = re.compile(r"\s*[()/,;|]\s*|\s+[-–:]\s+|-")


def group_of(text: str) -> str | None:
    """The target group a label names: the whole label, or the one group its parts agree
    on ("Werkervaring (TWE)", "LDE - lokale diensteneconomie", "LDE-project")."""
    canonical = canonical_groups()
    key = text_key(text)
    if key in canonical:
        return canonical[key]
    groups = {canonical[k] for p in _GROUP_PARTS.split(text) if (k := text_key(p)) in canonical}
    return groups.pop() if len(groups) == 1 else None


def kind_of(value: object) -> str | None:
    """ "collectief" | "individueel" for a maatwerk type label, None if not recognised."""
    key = f" {text_key(value)} "
    if any(f" {w} " in key for w in INDIVIDUAL_WORDS):
        return "individueel"
    if any(f" {w} " in key for w in COLLECTIVE_WORDS) or "maatwerkbedrijf" in key:
        return "collectief"
    return None


def is_place(value: object, region: Region) -> bool:
    """A label that is a place of the region or a known place outside it: a name or
    postcode of a few words ("Spiere-Helkijn", "8501 Heule"), never a sentence that
    happens to hold a four-digit number ("Bron: export 15/04/2023")."""
    if len(text_key(value).split()) > 3:
        return False
    name, recognised = match_place(value, region, loose=False)
    return name is not None and recognised


def dimension_of(value: object, kind: str, region: Region) -> str | None:
    """The tidy column of ``kind`` a label is a value of (``DIMENSIONS``), or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    columns = kinds.get(kind).names
    if "municipality" in columns and is_place(value, region):
        return "municipality"
    if "target_group" in columns and group_of(value) is not None:
        return "target_group"
    if "kind" in columns and _only_kind_words(value):
        return "kind"
    return profile_of(value, kind)


def _only_kind_words(value: str) -> bool:
    """A label that is a maatwerk kind and nothing else ("CMW", "Maatwerkafdeling",
    "Individueel maatwerk (IM)"), not one that mentions it ("Contingent CMW")."""
    vocabulary = {w for phrase in (*COLLECTIVE_WORDS, *INDIVIDUAL_WORDS) for w in phrase.split()}
    words = set(text_key(value).split())
    return kind_of(value) is not None and not words - vocabulary - {"maatwerk"}


def names_something(text: str, kind: str, region: Region) -> bool:
    """Whether ``text`` names a period, a place, a target group or a maatwerk kind."""
    return parse_period(text) is not None or dimension_of(text, kind, region) is not None


def total_states(uniques: np.ndarray, kind: str, region: Region, *, named: bool) -> np.ndarray:
    """Per distinct label of a key column: 0 data, 1 total, 2 named total (int8).

    A cell is a total when it is a totals word alone or with the region ("Totaal",
    "Eindtotaal", "Totaal W13"), or — a named total, to be confirmed by its figures —
    a totals word with something the table knows: a period, a place, a target group, a
    maatwerk kind, or another label of the same column ("Totaal vzw A" below "vzw A").
    "Total Care", "Som Bouw", "Eindtotaal bv" and "@SUM(1+1)" name nothing: data.
    With ``named=False`` (a person list: no figures to confirm with) only bare totals count.
    """
    whole = GRAND_WORDS | {text_key(region.code), *text_key(region.name).split()}
    state = np.zeros(len(uniques), dtype=np.int8)
    labels: set[str] | None = None
    for i in _total_candidates(uniques):  # thousands of names: most hold no totals word
        value = uniques[i]
        rest = totals_rest(value)
        if rest is None:
            continue
        if not set(rest.split()) - whole:
            state[i] = 1
            continue
        if named and labels is None:  # only a totals label needs the others
            labels = {text_key(u) for u in uniques if isinstance(u, str)}
        if named and (rest in labels or names_something(rest, kind, region)):
            state[i] = 2
    return state


def _total_candidates(uniques: np.ndarray) -> list[int]:
    """Positions of the labels ``totals_rest`` may find a totals word in: those that are
    not ASCII or hold a totals hint. Every other label is data without a call per label.

    The hints are searched in one text of the labels joined by newlines. No hint holds a
    newline, so each match lies within one label, and a label holds a hint exactly when
    the search of the joined text finds one in it.
    """
    at = [i for i, u in enumerate(uniques) if isinstance(u, str)]
    texts = [uniques[i] for i in at]
    joined = "\n".join(texts)
    hits = _hint_positions(joined)
    found = set()
    if hits:
        starts = np.cumsum([0, *(len(t) + 1 for t in texts[:-1])])
        found = set((np.searchsorted(starts, hits, side="right") - 1).tolist())
    if not joined.isascii():
        found |= {j for j, t in enumerate(texts) if not t.isascii()}
    return [at[j] for j in sorted(found)]


def _hint_positions(text: str) -> list[int]:
    """Where a totals hint starts in ``text``, one at least in each stretch that holds
    one. Plain ASCII text is searched with ``str.find`` in its lower case (the same
    length; for ASCII, what the case-blind pattern matches), else by ``_TOTAL_HINT``."""
    if not text.isascii():
        return [m.start() for m in _TOTAL_HINT.finditer(text)]
    lower, found = text.lower(), []
    for hint in _HINTS:
        at = lower.find(hint)
        while at >= 0:
            found.append(at)
            at = lower.find(hint, at + 1)
    return found
