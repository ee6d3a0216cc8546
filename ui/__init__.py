"""Streamlit glue: settings, roles, cached store, filters and chart display."""
