"""Instroom: yearly inflow with the change per year, periods against a year earlier,
per municipality (absolute and per 1.000 inwoners), per target group and organisation,
and who flows in (age band, sex, education)."""

import streamlit as st

from charts import catalogue
from ui import downloads, filters, frame, show

frame.require_entry()

chosen = filters.current()
st.title("Instroom van doelgroepwerknemers")
st.caption(
    "Hoeveel doelgroepwerknemers starten er per jaar, per periode, per gemeente, "
    "doelgroep en organisatie, en wie zijn ze (leeftijd, geslacht, opleiding)."
)
show.chosen_chart("instroom", chosen)
with st.expander("Deze grafieken downloaden voor ROSE", icon=":material/download:"):
    downloads.rose_buttons("instroom", catalogue.for_page("instroom"), chosen)
