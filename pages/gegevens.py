"""Gegevens (editors only): upload files, confirm what changes, import log with undo,
Excel templates, sample-data removal."""

import streamlit as st

import kinds
from ui import auth, data, frame, importing, importlog, templates

frame.require_entry()

auth.require_editor()
user = auth.current_user()
who = user.email or user.name
store = data.store()

st.title("Gegevens")
importlog.sample_notice(store, who)

st.header("Bestanden laden")
files = importing.uploader(store, who)
importing.import_flow(store, files, who)

st.header("Importlogboek")
importlog.section(store, who)

st.header("Sjablonen")
st.caption("Lege Excel-bestanden met de juiste kolommen en een blad met uitleg per kolom.")
for column, kind in zip(st.columns(len(kinds.KINDS)), kinds.KINDS, strict=True):
    column.download_button(
        f"Sjabloon {kind.choice_label}",
        templates.template(kind.name),
        file_name=templates.file_name(kind.name),
        mime=templates.XLSX_MIME,
        icon=":material/download:",
        key=f"template-{kind.name}",
    )
