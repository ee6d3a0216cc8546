"""What went wrong with the database, in words a visitor can act on.

``describe`` turns an exception from the store (SQLAlchemy, the sqlite3 and psycopg
drivers, the operating system) into a ``Fault``: a stable code and a Dutch explanation
of what is wrong and what to do. Exceptions that are not a fault of the database or
the disk (a bug) give None, so the caller can tell the two apart.

Every write is one transaction, so a fault never leaves half an import behind: the
explanations say so.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import sqlalchemy as sa

FaultCode = Literal["unreachable", "busy", "disk_full", "read_only", "damaged", "database"]

_NOTHING_LOST = "Er is niets half opgeslagen: wat al in het dashboard zat, blijft zoals het was."
MESSAGES: dict[FaultCode, str] = {
    "unreachable": (
        "De databank van het dashboard is nu niet bereikbaar, dus de cijfers kunnen niet "
        "getoond of opgeslagen worden. Probeer het over enkele minuten opnieuw; lukt het "
        "dan nog niet, verwittig de beheerder van het dashboard."
    ),
    "busy": (
        "De databank is bezet door een andere bewerking (bijvoorbeeld een grote import) "
        "en antwoordde niet op tijd. Wacht een minuut en probeer het opnieuw. " + _NOTHING_LOST
    ),
    "disk_full": (
        "De schijf van de server is vol, dus er kan niets opgeslagen worden. "
        + _NOTHING_LOST
        + " Verwittig de beheerder: die moet ruimte vrijmaken."
    ),
    "read_only": (
        "De databank kan nu alleen gelezen worden (het bestand of de schijf is "
        "alleen-lezen), dus importeren en ongedaan maken lukken niet. De grafieken blijven "
        "werken. " + _NOTHING_LOST + " Verwittig de beheerder: die moet de schrijfrechten "
        "herstellen."
    ),
    "damaged": (
        "Het databankbestand is beschadigd of is geen databank van dit dashboard. "
        "Verwittig de beheerder: die zet de laatste back-up terug."
    ),
    "database": (
        "Er ging iets mis in de databank van het dashboard. " + _NOTHING_LOST
        + " Probeer het opnieuw; lukt het niet, verwittig de beheerder (de details staan "
        "in het serverlog)."
    ),
}

# PostgreSQL SQLSTATE codes (psycopg's ``sqlstate``), by class or exact code.
_PG_CODES: tuple[tuple[str, FaultCode], ...] = (
    ("55P03", "busy"),  # lock_not_available: lock_timeout ran out
    ("57014", "busy"),  # query_canceled: statement_timeout ran out
    ("40P01", "busy"),  # deadlock_detected
    ("53100", "disk_full"),
    ("25006", "read_only"),  # read_only_sql_transaction (a standby)
    ("57P", "unreachable"),  # admin/crash shutdown, cannot connect now
    ("08", "unreachable"),  # connection exceptions
    ("53", "busy"),  # insufficient resources: memory, too many connections
    ("XX001", "damaged"),
    ("XX002", "damaged"),
)
_SQLITE_WORDS: tuple[tuple[str, FaultCode], ...] = (
    ("database is locked", "busy"),
    ("database table is locked", "busy"),
    ("database or disk is full", "disk_full"),
    ("readonly database", "read_only"),
    ("read-only", "read_only"),
    ("unable to open database file", "unreachable"),
    ("file is not a database", "damaged"),
    ("malformed", "damaged"),
)
_OS_ERRNOS: dict[int, FaultCode] = {
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
    errno.EROFS: "read_only",
    errno.EACCES: "read_only",
    errno.EPERM: "read_only",
    errno.ECONNREFUSED: "unreachable",
    errno.EHOSTUNREACH: "unreachable",
    errno.ETIMEDOUT: "unreachable",
}


@dataclass(frozen=True)
class Fault:
    """A database or disk fault: ``code`` for programs, ``message`` (Dutch) for people."""

    code: FaultCode

    @property
    def message(self) -> str:
        return MESSAGES[self.code]


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error``, the driver error SQLAlchemy wraps, and their causes, each once."""
    seen: set[int] = set()
    todo = [error]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for linked in (getattr(current, "orig", None), current.__cause__, current.__context__):
            if isinstance(linked, BaseException):
                todo.append(linked)


def _code(error: BaseException) -> FaultCode | None:
    sqlstate = getattr(error, "sqlstate", None)
    if isinstance(sqlstate, str):
        for prefix, code in _PG_CODES:
            if sqlstate.startswith(prefix):
                return code
    if isinstance(error, sqlite3.Error):
        text = str(error).lower()
        return next((code for words, code in _SQLITE_WORDS if words in text), None)
    if isinstance(error, OSError) and error.errno in _OS_ERRNOS:
        return _OS_ERRNOS[error.errno]
    if isinstance(error, sa.exc.TimeoutError):  # no pooled connection came free in time
        return "busy"
    if type(error).__module__.startswith("psycopg") and type(error).__name__ in (
        "OperationalError",
        "InterfaceError",
    ):
        return "unreachable"  # refused, unknown host, no route, server gone
    return None


def describe(error: BaseException) -> Fault | None:
    """The fault behind ``error``, or None when it is not a database or disk fault."""
    for link in _chain(error):
        code = _code(link)
        if code is not None:
            return Fault(code)
    if isinstance(error, sa.exc.DBAPIError | sa.exc.SQLAlchemyError):
        return Fault("database")
    return None
