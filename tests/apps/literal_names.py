"""A page that shows the names in ``W13_TEST_NAMES`` (a JSON list) through
``ui.markdown.literal`` in every markdown element the dashboard uses; the browser test
reads what chromium drew."""

import json
import os

import streamlit as st

from ui.markdown import literal

for name in json.loads(os.environ["W13_TEST_NAMES"]):
    st.markdown(f"**{literal(name)}**")
    st.caption(literal(name))
    st.info(literal(name))
