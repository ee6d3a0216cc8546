"""The dashboard for a shared server: ``streamlit run server.py`` (or ``uvicorn server:app``).

The same app as ``dashboard.py``, with the upload gate (``ui.upload_gate``) in front of
Streamlit's upload route, so only editors' sessions can upload. ``deploy/`` runs it.
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware

from ui.upload_gate import UploadGate

app = st.App("dashboard.py", middleware=[Middleware(UploadGate)])
