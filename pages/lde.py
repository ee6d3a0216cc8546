"""LDE: FTE per organisation, trends, the regional total against the 100-FTE reference
and fill rates against the 90 % rule."""

import streamlit as st

from charts import catalogue
from ui import downloads, filters, frame, show

frame.require_entry()

chosen = filters.current()
st.title("Lokale diensteneconomie (LDE)")
st.caption("Tewerkstelling in VTE per organisatie en de bezetting van het contingent.")
show.page_charts("lde", chosen)
with st.expander("Deze grafieken downloaden voor ROSE", icon=":material/download:"):
    downloads.rose_buttons("lde", catalogue.for_page("lde"), chosen)
