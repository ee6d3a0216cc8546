"""ROSE-pakket: choose charts, keep the current filters, download an editable PowerPoint
deck (native charts), an Excel workbook with the numbers behind them and a PDF handout."""

import streamlit as st

from charts import catalogue
from ui import downloads, filters, frame, show
from ui.markdown import literal

frame.require_entry()

chosen = filters.current()
st.title("ROSE-pakket")
st.markdown(
    "Kies de grafieken voor het regionaal overleg. De filters uit de zijbalk blijven "
    "gelden. De PowerPoint bevat bewerkbare grafieken, de Excel de cijfers erachter en de "
    "PDF een hand-out om te mailen of af te drukken (één grafiek per blad)."
)
st.caption(" · ".join(f"{label}: {literal(value)}" for label, value in chosen.describe()))

keys: list[str] = []
for page, label in catalogue.PAGES.items():
    offered = show.drawable(catalogue.for_page(page), chosen)
    if not offered:
        continue
    keys += st.multiselect(
        label,
        list(offered),
        default=list(offered),
        format_func=offered.get,
        key=f"rose-{page}",
    )

st.subheader("Downloaden")
downloads.rose_buttons("pakket", keys, chosen)
