"""Faults shown in Dutch, never as Streamlit's English "This app has encountered an error".

``guard()`` wraps a part of a page: a database or disk fault there (``storage.faults``)
becomes a Dutch explanation in its place, the rest of the page (navigation, the
sidebar, other pages) keeps working, and the details – with the traceback – go to the
server log. Anything else (a bug) gets a short Dutch notice too, and is logged as
critical. A fault is explained once per script run, however many parts meet it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from storage.faults import describe

LOG = logging.getLogger("w13.faults")
UNEXPECTED = (
    "Er ging iets mis bij het tonen van dit deel van de pagina. De andere pagina's werken "
    "nog. Laad de pagina opnieuw; blijft het probleem, verwittig de beheerder (de details "
    "staan in het serverlog)."
)
_SHOWN = "_w13_faults_shown"


def _log_handler() -> None:
    # NOTE: Streamlit configures only its own loggers; without a handler of ours the
    # traceback would be cut to one line by Python's last-resort handler.
    if not LOG.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        LOG.addHandler(handler)


def begin_run() -> None:
    """Forget the faults explained in the previous run (call once, first thing)."""
    st.session_state[_SHOWN] = set()


@contextmanager
def guard(where: str, *, repeat: bool = False) -> Iterator[None]:
    """Run the ``with`` body; a fault in it is explained in Dutch and logged, not raised.

    ``where`` names the part for the log. A fault already explained in this run is not
    explained again, unless ``repeat`` (a part elsewhere on the screen, the sidebar).
    """
    try:
        yield
    except Exception as error:  # Streamlit's stop and rerun are BaseExceptions: they pass
        _log_handler()
        fault = describe(error)
        if fault is None:
            LOG.critical("Unexpected error in %s", where, exc_info=error)
            code, message = "unexpected", UNEXPECTED
        else:
            LOG.error("Database fault (%s) in %s", fault.code, where, exc_info=error)
            code, message = fault.code, fault.message
        shown = st.session_state.setdefault(_SHOWN, set())
        if repeat or code not in shown:
            shown.add(code)
            st.error(message, icon=":material/error:")
