"""The import workflow of the Gegevens page: upload → check → confirm → import → undo.

Each uploaded file is read through the real loaders (kind detected, changeable); a bad
file lists every problem. One button plans the import of every good file, the user
confirms the "what changes" table (rows and totals before → after, per year), and the
store applies each file in one transaction. A file already imported (same sha256) is
only imported again when the user insists.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

import kinds
from charts.numbers import integer, percent
from loaders.errors import ValidationError
from storage import DuplicateImportError, Store
from ui import preview, uploads
from ui.markdown import literal
from ui.uploads import ParsedFile

ACCEPTED = ["xlsx", "xlsm", "xls", "ods", "csv", "txt"]
_ROUND = "import-round"  # bumping it gives a fresh, empty file uploader
_PENDING = "import-pending"
_PARSED = "import-parsed"
_DONE = "import-done"


def uploader(store: Store, user: str) -> list[ParsedFile]:
    """The file uploader and, per file, its kind, summary, preview and problems.

    A refused file is recorded in the import log (who, when, why), once per file and kind.
    """
    files = st.file_uploader(
        "Bestanden kiezen (Excel of CSV, meerdere tegelijk mogelijk)",
        type=ACCEPTED,
        accept_multiple_files=True,
        key=f"upload-{st.session_state.get(_ROUND, 0)}",
    )
    return [_file_panel(Upload(f.name, f.getvalue(), store, user)) for f in files or []]


@dataclass(frozen=True)
class Upload:
    """One uploaded file, with the store and user its refusals are logged for."""

    name: str
    content: bytes
    store: Store
    user: str

    def parsed(self, kind: str | None) -> ParsedFile:
        # NOTE: kept in session state: an upload belongs to one session, and its refusal
        # is logged once per file and kind, not on every rerun.
        cache: dict = st.session_state.setdefault(_PARSED, {})
        key = (uploads.sha256(self.content), self.name, kind)
        if key not in cache:
            parsed = cache[key] = uploads.parse(self.name, self.content, kind)
            if parsed.error is not None:
                self.store.record_refusal(
                    file_name=self.name, sha256=parsed.sha256, user=self.user,
                    kind=parsed.kind, reasons=parsed.error.grouped(),
                )
        return cache[key]


def _file_panel(upload: Upload) -> ParsedFile:
    name = upload.name
    detected = upload.parsed(None)
    with st.container(border=True):
        st.markdown(f"**{literal(name)}**")
        if not detected.readable:  # the file's own problem: no question about its kind
            _problems(detected.error)
            return detected
        options = list(kinds.NAMES)
        kind = st.selectbox(
            "Soort gegevens",
            options,
            index=options.index(detected.kind) if detected.kind else None,
            format_func=lambda name: kinds.get(name).choice_label,
            key=f"kind-{detected.sha256}",
            placeholder="Niet herkend: kies het soort gegevens",
        )
        if kind == detected.kind and not detected.sure:
            st.info(
                f"Het soort gegevens is niet zeker herkend: gelezen als "
                f"{kinds.get(kind).choice_label}. Kies hierboven een ander soort als dat "
                "niet klopt.",
                icon=":material/help:",
            )
        parsed = detected if kind == detected.kind else upload.parsed(kind)
        if parsed.error is not None:
            _problems(parsed.error)
            return parsed
        facts = uploads.summary(parsed)
        for column, (label, value) in zip(st.columns(len(facts)), facts.items(), strict=True):
            column.metric(label, value)
        for warning in parsed.warnings:
            st.warning(literal(warning), icon=":material/warning:")
        with st.expander(f"Voorbeeld ({integer(min(len(parsed.frame), 100))} eerste rijen)"):
            st.dataframe(
                preview.rows(parsed.kind, parsed.frame.head(100)), hide_index=True,
                width="stretch",
            )
    return parsed


def _problems(error: ValidationError) -> None:
    """Every problem of a refused file: grouped per code first, then the full table."""
    count = error.total
    st.error(
        f"Dit bestand kan niet ingelezen worden: {integer(count)} "
        f"{'probleem' if count == 1 else 'problemen'}. Er wordt niets opgeslagen.",
        icon=":material/error:",
    )
    # Sheet names and cell values in the lines come from the file: shown literally.
    st.markdown("\n".join(f"- {literal(line)}" for line in error.grouped()))
    table = error.to_frame()
    with st.expander(f"Alle problemen ({integer(len(table))} rijen)", expanded=len(table) <= 10):
        st.dataframe(table, hide_index=True, width="stretch")


def import_flow(store: Store, files: list[ParsedFile], user: str) -> None:
    """The import button, the confirmation with what changes, and the import itself."""
    _show_done(store, user)
    good = [f for f in files if f.ok]
    if not files:
        return
    if not good:
        st.info("Geen enkel bestand kan ingelezen worden; verbeter de problemen hierboven.")
        return
    label = "Importeren" if len(good) == 1 else f"{len(good)} bestanden importeren"
    if st.button(label, type="primary", icon=":material/upload:", key="import-start"):
        st.session_state[_PENDING] = True
    if st.session_state.get(_PENDING):
        _confirm(store, good, user)


def _confirm(store: Store, files: list[ParsedFile], user: str) -> None:
    plans = [store.plan_import(f.kind, f.frame, file_name=f.name, sha256=f.sha256) for f in files]
    with st.container(border=True):
        st.subheader("Wat verandert er?")
        removed = next((p.removes_sample for p in plans if p.removes_sample), ())
        if removed:
            st.warning(preview.sample_removal(removed), icon=":material/science:")
        duplicates = False
        for parsed, plan in zip(files, plans, strict=True):
            st.markdown(f"**{literal(parsed.name)}** ({kinds.get(parsed.kind).choice_label})")
            if falls := preview.falls(plan.kind, plan.changes):
                st.warning(
                    f"Deze import verlaagt {'een jaartotaal' if len(falls) == 1 else 'jaartotalen'}"
                    f" met meer dan {percent(preview.FALL_WARNING, 0)}: " + "; ".join(falls)
                    + ". Controleer of het bestand volledig is.",
                    icon=":material/trending_down:",
                )
            st.dataframe(preview.changes(plan.kind, plan.changes), hide_index=True,
                         width="stretch")
            if plan.duplicate_of is not None:
                duplicates = True
                st.warning(
                    f"Dit bestand werd al eens geïmporteerd (import {plan.duplicate_of}).",
                    icon=":material/content_copy:",
                )
        insist = duplicates and st.checkbox("Toch opnieuw importeren", key="import-insist")
        confirm, cancel = st.columns(2)
        if cancel.button("Annuleren", key="import-cancel"):
            st.session_state[_PENDING] = False
            st.rerun()
        if confirm.button("Bevestigen en importeren", type="primary", key="import-confirm"):
            _apply(store, plans, user, force=bool(insist))


def _apply(store: Store, plans: list, user: str, *, force: bool) -> None:
    progress = st.progress(0.0, text="Importeren…")
    done, skipped = [], []
    for number, plan in enumerate(plans):

        def report(written: int, total: int, number: int = number, name: str = plan.file_name):
            share = (number + (written / total if total else 1.0)) / len(plans)
            progress.progress(min(share, 1.0), text=f"{name}: {integer(written)} rijen")

        try:
            done.append(store.apply_import(plan, user=user, force=force, progress=report))
        except DuplicateImportError:
            skipped.append(plan.file_name)
    st.session_state[_PENDING] = False
    st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1
    st.session_state[_DONE] = (done, skipped)
    st.rerun()


def _show_done(store: Store, user: str) -> None:
    done, skipped = st.session_state.pop(_DONE, ([], []))
    if done:
        st.success(
            f"{len(done)} {'bestand' if len(done) == 1 else 'bestanden'} geïmporteerd. "
            "De grafieken tonen de nieuwe cijfers.",
            icon=":material/check_circle:",
        )
    for name in skipped:
        st.warning(f"'{literal(name)}' werd al eerder geïmporteerd en is overgeslagen.")
