"""Gegevens (editors only): upload files, confirm what changes, import log with undo,
Excel templates, sample-data removal."""

import streamlit as st

from ui import auth, data, frame, importing, importlog, templates
from ui.uploads import KIND_LABELS

frame.require_entry()

auth.require_editor()
user = auth.current_user()
who = user.email or user.name
store = data.store()

st.title("Gegevens")
importlog.sample_notice(store, who)

st.header("Bestanden laden")
files = importing.uploader()
importing.import_flow(store, files, who)

st.header("Importlogboek")
importlog.section(store, who)

st.header("Sjablonen")
st.caption("Lege Excel-bestanden met de juiste kolommen en een blad met uitleg per kolom.")
for column, (kind, label) in zip(st.columns(len(KIND_LABELS)), KIND_LABELS.items(), strict=True):
    column.download_button(
        f"Sjabloon {label}",
        templates.template(kind),
        file_name=templates.file_name(kind),
        mime=templates.XLSX_MIME,
        icon=":material/download:",
        key=f"template-{kind}",
    )
