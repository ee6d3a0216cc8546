"""What every page shows around its content: the sample-data badge and presentation mode."""

from __future__ import annotations

import streamlit as st

from ui import filters

# NOTE: Streamlit has no API to hide the sidebar, so presentation mode uses CSS on
# its stable test ids; fonts grow so a screenshot reads well on a projector.
_PRESENTATION_CSS = """
<style>
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"],
button[data-testid="stExpandSidebarButton"] { display: none !important; }
div[data-testid="stMainBlockContainer"] { max-width: 100%; padding-top: 1.5rem; }
div[data-testid="stMainBlockContainer"] p, div[data-testid="stMainBlockContainer"] li,
div[data-testid="stMetricLabel"] p { font-size: 1.3rem; }
div[data-testid="stMetricValue"] { font-size: 3rem; }
h1 { font-size: 3rem !important; }
</style>
"""

SAMPLE_BADGE = "Voorbeeldgegevens"


def require_entry() -> None:
    """Make sure ``dashboard.py`` framed this run (login, filters, navigation).

    NOTE: with a ``pages/`` folder Streamlit starts in its old multipage mode and runs a
    deep-linked page file alone until some run calls ``st.navigation``; a director's
    shared link opened first after a restart would lose its login gate and filters.
    Leaving that mode and rerunning lets the entry script frame the same page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def sample_badge(only_sample: bool) -> None:
    """A visible badge while the store holds nothing but the fictional sample data."""
    if only_sample:
        st.badge(SAMPLE_BADGE, icon=":material/science:", color="orange")
        st.caption(
            "Dit dashboard toont fictieve voorbeeldgegevens. Een redacteur kan echte "
            "bestanden laden op de pagina Gegevens."
        )


def presentation() -> bool:
    """Apply presentation mode when chosen; returns whether it is on."""
    if not filters.presentation_mode():
        return False
    st.html(_PRESENTATION_CSS)
    st.button(
        "Presentatiemodus verlaten",
        icon=":material/close_fullscreen:",
        on_click=filters.leave_presentation,
        type="tertiary",
    )
    return True
