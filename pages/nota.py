"""ROSE-nota: for a meeting date and the current filters, one page of plain Dutch that
states what changed, each sentence computed from the indicators; as Word or Markdown."""

import streamlit as st

from reports.note_files import DOCX_MIME, MARKDOWN_MIME, docx, markdown
from ui import filters, frame
from ui import note as note_ui
from ui.markdown import literal

frame.require_entry()

chosen = filters.current()
st.title("ROSE-nota")
st.caption(
    "Wat veranderde er sinds de vorige vergadering en tegenover 2019? Elke zin komt uit "
    "de cijfers van het dashboard, met de filters uit de zijbalk. De nota staat ook "
    "vooraan in de PowerPoint, de PDF en de Excel van het ROSE-pakket."
)
meeting, previous = note_ui.dates()
note = note_ui.note(chosen, meeting, previous)
st.subheader(literal(note.title))
st.markdown(literal(note.lead))
if note.sample:
    st.warning("Let op: fictieve voorbeeldgegevens, geen echte cijfers.")
for section, sentences in note.sections():
    st.markdown(f"**{section}**  \n" + literal(" ".join(s.text for s in sentences)))
name = f"rose-nota-{meeting:%Y-%m-%d}"
word, text = st.columns(2)
word.download_button(
    "Word downloaden", lambda: docx(note), file_name=f"{name}.docx", mime=DOCX_MIME,
    icon=":material/description:", on_click="ignore",
)
text.download_button(
    "Markdown downloaden", lambda: markdown(note), file_name=f"{name}.md", mime=MARKDOWN_MIME,
    icon=":material/article:", on_click="ignore",
)
