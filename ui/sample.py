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
    """Import every manifest file into ``store`` as sample data if it was never used;
    returns the import ids ([] when another process loaded them, or the store is used)."""
    plans = []
    for sample in sample_data.sample_files(first_start=True):
        parsed = uploads.parse(sample.path.name, sample.path.read_bytes(), sample.kind)
        if not parsed.ok:  # a broken sample file is a bug: fail loudly, in the log
            raise parsed.error
        plans.append(store.plan_import(
            parsed.kind, parsed.frame, file_name=parsed.name, sha256=parsed.sha256, sample=True
        ))
    # NOTE: the files are read outside the write lock; whether the store is still unused
    # is decided under it (two server processes may start on an empty store together).
    return store.seed_sample(plans, user=SYSTEM_USER)


@st.cache_resource(show_spinner="Voorbeeldgegevens laden…")
def _ensure(url: str | None) -> bool:
    # NOTE: cached per database so the check runs once per process, not per rerun; an
    # empty import log means "never used", unlike a store whose sample data was removed.
    store = data.store_for(url)
    if store.import_log().empty:
        return bool(import_sample_data(store))
    return False


def ensure_loaded() -> bool:
    """Fill a never-used store with the sample data; True when it did so now."""
    return _ensure(data.database_url())
