"""Maatwerk: granted vs filled places, fill rate, collectief vs individueel, and unfilled
places against inflow over time."""

import streamlit as st

from charts import catalogue
from ui import downloads, filters, frame, show

frame.require_entry()

chosen = filters.current()
st.title("Maatwerk")
st.caption(
    "Contingent (toegekend) tegenover bezetting, en onbezette plaatsen tegenover de "
    "instroom: capaciteit die wacht terwijl de instroom daalt."
)
show.page_charts("maatwerk", chosen)
with st.expander("Deze grafieken downloaden voor ROSE", icon=":material/download:"):
    downloads.rose_buttons("maatwerk", catalogue.for_page("maatwerk"), chosen)
