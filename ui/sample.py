"""First start: an empty store is filled with the sample data, through the real loaders.

The files come from the sample-data manifest, are read exactly as an upload would be
and are imported with ``sample=True`` so every page can show the "Voorbeeldgegevens"
badge and one click can remove them again.
"""

from __future__ import annotations

import streamlit as st

import sample_data
from storage import Store
from ui import data, uploads

SYSTEM_USER = "voorbeeldgegevens"


def import_sample_data(store: Store) -> list[int]:
    """Import every manifest file into ``store`` as sample data; returns the import ids."""
    ids = []
    for sample in sample_data.sample_files(first_start=True):
        parsed = uploads.parse(sample.path.name, sample.path.read_bytes(), sample.kind)
        if not parsed.ok:  # a broken sample file is a bug: fail loudly, in the log
            raise parsed.error
        plan = store.plan_import(
            parsed.kind, parsed.frame, file_name=parsed.name, sha256=parsed.sha256, sample=True
        )
        ids.append(store.apply_import(plan, user=SYSTEM_USER, force=True))
    return ids


@st.cache_resource(show_spinner="Voorbeeldgegevens laden…")
def _ensure(url: str | None) -> bool:
    # NOTE: cached per database so the check runs once per process, not per rerun; an
    # empty import log means "never used", unlike a store whose sample data was removed.
    store = data.store_for(url)
    if store.import_log().empty:
        import_sample_data(store)
        return True
    return False


def ensure_loaded() -> bool:
    """Fill a never-used store with the sample data; True when it did so now."""
    return _ensure(data.database_url())
