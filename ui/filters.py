"""The shared filters: drawn once in the sidebar, bound to the URL, read by every page.

Every widget uses ``bind="query-params"`` with a short Dutch key, so a link such as
``/instroom?gemeente=Menen&jaren=2019&jaren=2023`` reproduces the exact view. The
values are turned into one ``indicators.Filters`` value; pages read it with
:func:`current`.
"""

from __future__ import annotations

import streamlit as st

import kinds
from indicators.filters import Filters
from ui.data import FilterOptions

# URL parameter names (also the widget keys).
MUNICIPALITIES = "gemeente"
YEARS = "jaren"
TARGET_GROUPS = "doelgroep"
ORGANISATIONS = "organisatie"
MASK_SMALL = "maskeren"
SHOW_EVENTS = "gebeurtenissen"
PRESENTATION = "presentatie"
# One URL parameter per profile column: "?leeftijdsgroep=50%2B&geslacht=vrouw".
PROFILE_KEYS = {c.name: c.label.lower() for c in kinds.PROFILES}

_STATE = "_w13_filters"
_BOUNDS = "_w13_year_bounds"


def sidebar(options: FilterOptions) -> Filters:
    """Draw the filter widgets in the sidebar and return what they select."""
    bar = st.sidebar
    bar.header("Filters")
    chosen = bar.multiselect(
        "Gemeenten",
        options.municipalities,
        default=list(options.municipalities),
        key=MUNICIPALITIES,
        bind="query-params",
        help="Standaard alle gemeenten: het totaal van de regio.",
    )
    if not chosen:
        bar.caption("Geen gemeente gekozen: de hele regio wordt getoond.")
    years = _year_range(options.years)
    groups = bar.multiselect(
        "Doelgroep",
        options.target_groups,
        key=TARGET_GROUPS,
        bind="query-params",
        placeholder="Alle doelgroepen",
    )
    organisations = bar.multiselect(
        "Organisatie",
        options.organisations,
        key=ORGANISATIONS,
        bind="query-params",
        placeholder="Alle organisaties",
    )
    profiles = _profiles(bar)
    bar.divider()
    mask = bar.toggle(
        "Kleine aantallen maskeren",
        key=MASK_SMALL,
        bind="query-params",
        help='Aantallen van 1 tot 4 worden als "<5" getoond; totalen blijven exact.',
    )
    events = bar.toggle("Gebeurtenissen tonen", value=True, key=SHOW_EVENTS, bind="query-params")
    bar.toggle(
        "Presentatiemodus",
        key=PRESENTATION,
        bind="query-params",
        help="Verbergt de zijbalk en vergroot de letters, voor schermafdrukken.",
    )
    filters = Filters(
        municipalities=_municipalities(chosen, options.municipalities),
        years=years,
        target_groups=tuple(groups),
        organisations=tuple(organisations),
        profiles=profiles,
        mask_small=mask,
        show_events=events,
    )
    st.session_state[_STATE] = filters
    return filters


def _profiles(bar) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A choice per profile column (age band, sex, education) among its declared values."""
    with bar.expander("Profiel van de instroom"):
        chosen = tuple(
            (
                column.name,
                tuple(
                    st.multiselect(
                        column.label,
                        column.values,
                        key=PROFILE_KEYS[column.name],
                        bind="query-params",
                        placeholder="Alle",
                    )
                ),
            )
            for column in kinds.PROFILES
        )
    return tuple((name, values) for name, values in chosen if values)


def _municipalities(chosen: list[str], offered: tuple[str, ...]) -> tuple[str, ...]:
    # NOTE: "all" (or nothing) becomes the empty tuple, Filters' "whole region", so
    # rows without a municipality still count in the regional totals.
    if not chosen or set(chosen) >= set(offered):
        return ()
    return tuple(m for m in offered if m in chosen)


def _year_range(bounds: tuple[int, int]) -> tuple[int, int] | None:
    first, last = bounds
    if first >= last:  # one year of data: nothing to choose
        st.sidebar.caption(f"Jaar: {first}")
        return None
    _follow_data(bounds)
    low, high = st.sidebar.slider(
        "Jaren", first, last, (first, last), key=YEARS, bind="query-params"
    )
    return None if (low, high) == (first, last) else (int(low), int(high))


def _follow_data(bounds: tuple[int, int]) -> None:
    """Keep the year range sensible when an import or undo changes the years present.

    A range that covered all years keeps covering all years (a new year appears at
    once); a narrowed range is clipped to the years that still exist.
    """
    previous = st.session_state.get(_BOUNDS)
    st.session_state[_BOUNDS] = bounds
    chosen = st.session_state.get(YEARS)
    if chosen is None or previous == bounds:
        if chosen is not None and not _within(chosen, bounds):
            st.session_state[YEARS] = bounds
        return
    if tuple(chosen) == tuple(previous or ()):
        st.session_state[YEARS] = bounds
    elif not _within(chosen, bounds):
        low, high = max(chosen[0], bounds[0]), min(chosen[1], bounds[1])
        st.session_state[YEARS] = (low, high) if low <= high else bounds


def _within(chosen: tuple[int, int], bounds: tuple[int, int]) -> bool:
    return bounds[0] <= chosen[0] <= chosen[1] <= bounds[1]


def current() -> Filters:
    """The filters chosen in the sidebar during this run (all data when none were drawn)."""
    return st.session_state.get(_STATE, Filters())


def presentation_mode() -> bool:
    return bool(st.session_state.get(PRESENTATION, False))


def leave_presentation() -> None:
    """Button callback: the sidebar is hidden in presentation mode, so exit from the page."""
    st.session_state[PRESENTATION] = False
