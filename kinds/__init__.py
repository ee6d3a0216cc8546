"""The dataset kinds — inflow, LDE, maatwerk — each declared once, as frozen data.

A ``Kind`` (see ``kinds.model``) holds everything the project knows about a dataset:
its Dutch words, source line, flow or stock, tidy columns with dtypes and synonyms,
input-only columns, required columns with their alternatives, keys and measures, the
evidence that detects it, whether person lists apply, and the store's replace scope.
Loaders, store, indicators, charts, ui and reports derive their per-kind facts from
here; nothing else lists the kinds or branches on a kind's name.

Standard library only: this package sits at the bottom of the house.
"""

from __future__ import annotations

from kinds.inflow import INFLOW
from kinds.lde import LDE
from kinds.maatwerk import MAATWERK
from kinds.model import SOURCES, Column, Evidence, Kind, Noun, Requirement, Scope

# NOTE: the order is the order of menus, tables and detection ties.
KINDS: tuple[Kind, ...] = (INFLOW, LDE, MAATWERK)
NAMES: tuple[str, ...] = tuple(k.name for k in KINDS)
_BY_NAME = {k.name: k for k in KINDS}
# Every profile column (who flows in: age band, sex, education), once, in declared order.
PROFILES: tuple[Column, ...] = tuple(dict.fromkeys(c for k in KINDS for c in k.profiles))


def get(kind: str | Kind) -> Kind:
    """The declaration of kind ``kind`` (a name or a ``Kind``); ValueError if unknown."""
    if isinstance(kind, Kind):
        return kind
    try:
        return _BY_NAME[kind]
    except (KeyError, TypeError):
        raise ValueError(f"unknown dataset kind {kind!r}; expected one of {NAMES}") from None


def find(name: object) -> Kind | None:
    """The declaration of kind ``name``, or None (an old log entry, a hand-made spec)."""
    return _BY_NAME.get(name) if isinstance(name, str) else None


def summarised() -> Kind:
    """The kind the store keeps running summaries of (the million-row flow)."""
    found = [k for k in KINDS if k.summary_keys]
    if len(found) != 1:  # the store's summary tables serve exactly one kind
        raise ValueError(f"exactly one kind may declare summary_keys, not {len(found)}")
    if not found[0].is_flow:  # running sums of a stock would add up its quarters
        raise ValueError(f"kind {found[0].name!r} declares summary_keys but is no flow")
    return found[0]


def profile(name: str) -> Column:
    """The profile column ``name``; KeyError if no kind declares it."""
    found = next((c for c in PROFILES if c.name == name), None)
    if found is None:
        raise KeyError(name)
    return found


def either(words: list[str] | tuple[str, ...], last: str = "of") -> str:
    """Dutch enumeration: "instroom, LDE of maatwerk"."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def nouns(last: str = "of") -> str:
    """The kinds as in a Dutch sentence: "instroom, LDE of maatwerk"."""
    return either([k.noun for k in KINDS], last)


def describe(kind: Kind, name: str) -> str:
    """Whether column ``name`` is required, in Dutch, alternatives included.

    "nee"; "ja"; or "ja: Gemeente, Postcode of NIS-code" when any one of several
    columns will do ("…, of een jaartal in de bladnaam of titel" for other sources).
    """
    requirement = kind.requirement_of(name)
    if requirement is None:
        return "nee"
    if len(requirement.columns) == 1 and not requirement.sources:
        return "ja"
    text = either([kind.column(c).label for c in requirement.columns])
    return "ja: " + ", of ".join([text, *(SOURCES[s] for s in requirement.sources)])


__all__ = [
    "INFLOW",
    "KINDS",
    "LDE",
    "MAATWERK",
    "NAMES",
    "PROFILES",
    "SOURCES",
    "Column",
    "Evidence",
    "Kind",
    "Noun",
    "Requirement",
    "Scope",
    "describe",
    "either",
    "find",
    "get",
    "nouns",
    "profile",
    "summarised",
]
