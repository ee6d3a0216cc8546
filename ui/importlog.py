"""The import log on the Gegevens page: every import, undo per import, sample removal."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import kinds
from storage import Store, StoreError
from ui import preview
from ui.markdown import literal

_UNDO = "undo-pending"
_MESSAGE = "log-message"
# Dutch headers for the log's columns; unknown columns are shown as they are.
HEADERS = {
    "id": "Nr.",
    "kind": "Soort",
    "file_name": "Bestand",
    "imported_at": "Ingelezen op",
    "user": "Door",
    "rows": "Rijen",
    "years": "Jaren",
    "municipalities": "Gemeenten",
    "status": "Status",
    "sample": "Voorbeeld",
    "warnings": "Waarschuwingen",
}
STATUS_NAMES = {
    "active": "actief",
    "superseded": "(deels) vervangen",
    "undone": "ongedaan gemaakt",
    "removed": "verwijderd",
    "refused": "geweigerd",
}


def _dataset_label(kind: str) -> str:
    return getattr(kinds.find(kind), "label", kind)


def log_table(log: pd.DataFrame) -> pd.DataFrame:
    """The import log with Dutch headers, newest first."""
    if log.empty:
        return log
    shown = log.sort_values("id", ascending=False)
    readable = {
        "kind": _dataset_label,
        "status": lambda s: STATUS_NAMES.get(s, s),
        "years": _years,
        "municipalities": lambda m: len(m) if isinstance(m, list) else m,
        "warnings": lambda w: len(w) if isinstance(w, list) else w,
        "sample": lambda s: "ja" if s else "nee",
        "imported_at": _local_time,
    }
    shown = shown.assign(**{c: shown[c].map(f) for c, f in readable.items() if c in shown})
    known = [c for c in HEADERS if c in shown]
    return shown[known].rename(columns=HEADERS)


# Staff read times in Belgian local time.
TIMEZONE = "Europe/Brussels"


def _local_time(when: object) -> object:
    if when is None or pd.isna(when):
        return ""
    stamp = pd.Timestamp(when)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp
    return stamp.tz_convert(TIMEZONE).strftime("%d-%m-%Y %H:%M")


def _years(years: object) -> object:
    if not isinstance(years, list) or not years:
        return years
    first, last = min(years), max(years)
    return str(first) if first == last else f"{first}–{last}"


def _undoable(log: pd.DataFrame) -> list[int]:
    active = log if "status" not in log else log.loc[log["status"] == "active"]
    return [int(i) for i in active.sort_values("id", ascending=False)["id"]]


def _describe(log: pd.DataFrame, import_id: int) -> str:
    row = log.loc[log["id"] == import_id].iloc[0]
    when = _local_time(row["imported_at"])
    return f"{import_id} · {row['file_name']} · {when}"


def section(store: Store, user: str) -> None:
    """The log table with, below it, undo for one chosen import."""
    if message := st.session_state.pop(_MESSAGE, None):
        st.success(message, icon=":material/undo:")
    log = store.import_log()
    if log.empty:
        st.info("Er is nog niets geïmporteerd.")
        return
    st.dataframe(log_table(log), hide_index=True, width="stretch")
    choices = _undoable(log)
    if not choices:
        return
    chosen = st.selectbox(
        "Import ongedaan maken",
        choices,
        index=None,
        format_func=lambda i: _describe(log, i),
        key="undo-choice",
        placeholder="Kies een import",
    )
    if chosen is None:
        return
    _changes(store, log, chosen)
    if st.button("Ongedaan maken", icon=":material/undo:", key="undo-start"):
        st.session_state[_UNDO] = chosen
    if st.session_state.get(_UNDO) == chosen:
        st.warning(f"Import {chosen} ongedaan maken? De gegevens van vóór die import komen terug.")
        if st.button("Ja, ongedaan maken", type="primary", key="undo-confirm"):
            st.session_state[_UNDO] = None
            try:
                store.undo(chosen, user=user)
            except StoreError as error:  # e.g. replaced by a later import: Dutch message
                st.error(literal(error))
                return
            st.session_state[_MESSAGE] = f"Import {chosen} is ongedaan gemaakt."
            st.rerun()


def _changes(store: Store, log: pd.DataFrame, import_id: int) -> None:
    """What the import changed, as confirmed at the time (kept by the store)."""
    changes = store.changes(import_id)
    kind = log.loc[log["id"] == import_id, "kind"].iloc[0]
    if changes is not None and not changes.empty and kinds.find(kind) is not None:
        with st.expander("Wat deze import veranderde"):
            st.dataframe(preview.changes(kind, changes), hide_index=True, width="stretch")


def sample_notice(store: Store, user: str) -> None:
    """Offer to remove the sample data while it is in the store."""
    if not store.has_sample_data():
        return
    if store.only_sample_data():
        text = (
            "Het dashboard toont nu alleen fictieve voorbeeldgegevens. De eerste import van "
            "echte gegevens haalt ze weg (ongedaan maken brengt ze terug)."
        )
    else:
        text = (
            "Er zitten nog fictieve voorbeeldgegevens tussen je echte gegevens. "
            "Verwijder ze zodat de grafieken alleen echte cijfers tonen."
        )
    with st.container(border=True):
        st.markdown(f":material/science: {text}")
        if st.button("Voorbeeldgegevens verwijderen", key="remove-sample"):
            store.remove_sample_data(user=user)
            st.session_state[_MESSAGE] = "De voorbeeldgegevens zijn verwijderd."
            st.rerun()
