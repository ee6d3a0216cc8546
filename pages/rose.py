"""ROSE-pakket: choose charts, keep the current filters, download an editable PowerPoint
deck (native charts), an Excel workbook with the numbers behind them and a PDF handout,
the deck and the handout opening with the ROSE note for the meeting date."""

import streamlit as st

from charts import catalogue
from reports.note_files import text_page
from ui import downloads, filters, frame, show
from ui import note as note_ui
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
first = []
if st.toggle("ROSE-nota vooraan in de drie bestanden", value=True, key="nota-vooraan"):
    meeting, previous = note_ui.dates()
    first = [text_page(note_ui.note(chosen, meeting, previous))]
downloads.rose_buttons("pakket", keys, chosen, first)
