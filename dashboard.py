"""Entry point: page config, login, shared filters, navigation. Pages hold the content.

Run with ``streamlit run dashboard.py``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui import auth, data, faults, filters, frame, sample, upload_gate, viewport
from ui.settings import export_region_file, load_settings_for_run

# NOTE: a file of our own: a Material icon as page icon is fetched from Google's font
# server, and the dashboard must work on a network without internet.
ICON = Path(__file__).parent / "ui" / "assets" / "icon.png"
PAGES = {
    "Cijfers": [
        st.Page("pages/overzicht.py", title="Overzicht", icon=":material/dashboard:", default=True),
        st.Page("pages/instroom.py", title="Instroom", icon=":material/trending_up:"),
        st.Page("pages/lde.py", title="LDE", icon=":material/groups:"),
        st.Page("pages/maatwerk.py", title="Maatwerk", icon=":material/factory:"),
    ],
    "Delen": [
        st.Page("pages/rose.py", title="ROSE-pakket", icon=":material/slideshow:"),
        st.Page("pages/nota.py", title="ROSE-nota", icon=":material/description:"),
    ],
}
EDITOR_PAGES = {
    "Beheer": [st.Page("pages/gegevens.py", title="Gegevens", icon=":material/upload_file:")],
}


def run() -> None:
    st.set_page_config(
        page_title="Sociale economie W13", page_icon=str(ICON), layout="wide"
    )
    frame.style()
    export_region_file(load_settings_for_run())
    faults.begin_run()
    user = auth.sidebar_login()  # also the gate when a login is configured
    upload_gate.allow(get_script_run_ctx().session_id, user.is_editor)
    # NOTE: a database fault in the frame or the page is explained in Dutch in its place
    # (ui.faults); the navigation is built in any case, so other pages stay reachable.
    with faults.guard("frame"):
        sample.ensure_loaded()
        data.begin_run()
        filters.sidebar(data.filter_options())
    viewport.measure()
    # NOTE: viewers never get the Gegevens page in the navigation, so no URL reaches
    # it; the page itself checks the role again before any editor action.
    page = st.navigation(PAGES | (EDITOR_PAGES if user.is_editor else {}))
    frame.presentation()
    with faults.guard(page.title):
        frame.sample_badge(data.only_sample_data())
        page.run()


run()
