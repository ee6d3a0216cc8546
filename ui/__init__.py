"""Streamlit glue: the cached store, filters bound to the URL, chart display, downloads.

Only ``ui/``, ``pages/`` and ``dashboard.py`` import streamlit.
"""
