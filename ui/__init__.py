"""Streamlit glue: settings, roles, cached store, filters and chart display.

Importing this package also makes sure every page runs inside ``dashboard.py``: see
``_route_through_dashboard``.
"""

from __future__ import annotations


def _route_through_dashboard() -> None:
    """Leave Streamlit's legacy ``pages/`` mode, in which a page runs without the frame.

    NOTE: because the project has a ``pages/`` folder, a freshly started server treats
    the app as an old-style multipage app until some run of ``dashboard.py`` calls
    ``st.navigation``. Until then the first visitor of a deep link (``/gegevens``,
    ``/instroom``) would run that page file alone: no login gate, no role-based
    navigation. Every page imports ``ui``, so the first import switches the legacy mode
    off and reruns, and the rerun goes through ``dashboard.py`` like every later one.
    """
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if not PagesManager.uses_pages_directory:
        return
    PagesManager.uses_pages_directory = False
    if get_script_run_ctx(suppress_warning=True) is not None:
        st.rerun()


_route_through_dashboard()
