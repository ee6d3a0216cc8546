"""Safe cell text and sheet names for the Excel export.

A text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be
taken for a formula by Excel, LibreOffice or a CSV re-export (formula injection, e.g.
an organisation called ``=HYPERLINK("http://x","y")``). Such text is prefixed with an
apostrophe – the OWASP advice – so it stays visible and inert everywhere.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SAFE_PREFIX = "'"
MAX_SHEET_NAME = 31
_FORBIDDEN_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
RESERVED_SHEET_NAMES = {"history"}  # Excel refuses a sheet called "History"


def safe_text(text: str) -> str:
    """``text`` unchanged, or prefixed with an apostrophe when it could start a formula."""
    return SAFE_PREFIX + text if text.startswith(FORMULA_STARTS) else text


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unique (case-insensitively) sheet name close to ``wanted``; adds to ``taken``.

    Excel allows at most 31 characters, none of ``[]:*?/\\``, no leading or trailing
    apostrophe, and no name twice regardless of case.
    """
    base = _FORBIDDEN_IN_SHEET_NAME.sub("-", wanted).strip().strip("'") or "Blad"
    base = base[:MAX_SHEET_NAME].strip().strip("'") or "Blad"
    name, number = base, 1
    while name.lower() in taken or name.lower() in RESERVED_SHEET_NAMES:
        number += 1
        suffix = f" ({number})"
        name = base[: MAX_SHEET_NAME - len(suffix)].rstrip().rstrip("'") + suffix
    taken.add(name.lower())
    return name
