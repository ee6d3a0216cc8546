"""What every page shows around its content: the sample-data badge and presentation mode."""

from __future__ import annotations

import streamlit as st

from ui import filters
from ui.tables import TABLE_CLASS

# NOTE: Streamlit has no API to hide the sidebar, so presentation mode uses CSS on
# its stable test ids; fonts grow so a screenshot reads well on a projector. Streamlit's
# header goes too: it floated over the top of the page, and over the exit button, which
# now stays in the top right corner, above everything (the page starts below it). A
# tile's value keeps almost three times the size of its label (the paragraph rule must
# not reach the value).
LEAVE_KEY = "w13-leave-presentation"
LEAVE_LABEL = "Presentatiemodus verlaten (Esc)"
_PRESENTATION_CSS = f"""
<style>
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"],
button[data-testid="stExpandSidebarButton"], header[data-testid="stHeader"]
{{ display: none !important; }}
div[data-testid="stMainBlockContainer"] {{ max-width: 100%; padding-top: 4rem; }}
div[data-testid="stMainBlockContainer"] p, div[data-testid="stMainBlockContainer"] li,
div[data-testid="stMetricLabel"] p {{ font-size: 1.3rem; }}
div[data-testid="stMetricValue"], div[data-testid="stMetricValue"] *
{{ font-size: 3.5rem !important; line-height: 1.15; }}
div[data-testid="stMetricDelta"] * {{ font-size: 1.15rem !important; }}
h1 {{ font-size: 3rem !important; }}
.st-key-{LEAVE_KEY} {{
  position: fixed; top: 0.5rem; right: 1rem; z-index: 1000010; width: auto;
  background: white; border-radius: 0.5rem;
}}
</style>
"""
# Esc leaves presentation mode, as it leaves a slide show.
_ESCAPE_JS = """
export default function (component) {
  const { setTriggerValue } = component;
  const onKey = (event) => {
    if (event.key === "Escape") setTriggerValue("escape", true);
  };
  document.addEventListener("keydown", onKey);
  return () => document.removeEventListener("keydown", onKey);
}
"""
_escape = st.components.v2.component("w13_escape", js=_ESCAPE_JS)

# NOTE: Streamlit draws captions at 60 % opacity: 4.1:1 on white and 4.0:1 on the
# sidebar, under WCAG AA's 4.5:1. They keep their quieter look in a solid grey instead.
CAPTION_GREY = "#55606b"
_BASE_CSS = f"""
<style>
[data-testid="stCaptionContainer"] {{ opacity: 1; color: {CAPTION_GREY}; }}
table.{TABLE_CLASS} {{ border-collapse: collapse; font-size: 0.9rem; margin: 0.25rem 0; }}
table.{TABLE_CLASS} th, table.{TABLE_CLASS} td {{
  padding: 0.2rem 0.75rem; border-bottom: 1px solid #dde3e8; text-align: right;
}}
table.{TABLE_CLASS} th:first-child, table.{TABLE_CLASS} td:first-child {{ text-align: left; }}
table.{TABLE_CLASS} thead th {{ border-bottom: 2px solid #9aa5b1; }}
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


def style() -> None:
    """The page's own CSS (in the sidebar, where it takes no room on the page)."""
    st.sidebar.html(_BASE_CSS)


def presentation() -> bool:
    """Apply presentation mode when chosen; returns whether it is on. One click on the
    button in the top right corner, or Esc, leaves it."""
    if not filters.presentation_mode():
        return False
    st.html(_PRESENTATION_CSS)
    with st.container(key=LEAVE_KEY):
        st.button(
            LEAVE_LABEL,
            icon=":material/close_fullscreen:",
            on_click=filters.leave_presentation,
            type="secondary",
        )
        _escape(key="w13-escape", on_escape_change=filters.leave_presentation, height=0)
    return True
