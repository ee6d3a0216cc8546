"""Login attempts and the lockout they set, shared by every server process.

An account and a client address each have a *streak*: their failed attempts since their
last successful one. After ``Backoff.free`` failures the next attempt must wait, and
every further failure doubles the wait up to ``Backoff.cap``. An attempt is allowed only
when neither its account nor its address is waiting; one made too early is logged as
"refused" and its password is never checked.

Deciding, checking the password and logging happen in one transaction that holds a
lock (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an advisory lock), so a hundred sessions
submitting at once are checked one by one and cannot slip past the count together.
The lock is not the store's write lock: a login attempt does not bump the store version
(caches stay warm) and does not wait for an import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from storage.schema import login_attempts

_LOGIN_LOCK = 7_131_314  # PostgreSQL advisory lock key: one login decision at a time
MAX_NAME = 100


@dataclass(frozen=True)
class Backoff:
    """``free`` failures without delay; then ``base`` seconds, doubling, at most ``cap``."""

    free: int = 5
    base: float = 30.0
    cap: float = 900.0

    def wait(self, failures: int) -> dt.timedelta:
        """How long after the last of ``failures`` failures the next attempt must wait."""
        if failures < self.free:
            return dt.timedelta(0)
        # NOTE: the exponent is capped before the power, so a long streak cannot overflow.
        doublings = min(failures - self.free, 32)
        return dt.timedelta(seconds=min(self.base * 2**doublings, self.cap))


@dataclass(frozen=True)
class Streak:
    """Failed attempts since the last successful one, and when the last failure was."""

    failures: int = 0
    last: dt.datetime | None = None

    def free_at(self, backoff: Backoff) -> dt.datetime | None:
        """When the next attempt is allowed (None: now)."""
        if self.last is None or self.failures < backoff.free:
            return None
        return self.last + backoff.wait(self.failures)


@dataclass(frozen=True)
class LoginResult:
    """``ok``: the password was right. ``retry_at``: when the next attempt is allowed,
    set when this attempt was refused or its failure started a wait."""

    ok: bool
    checked: bool
    retry_at: dt.datetime | None = None


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands back naive datetimes; the store writes UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def streak(conn: sa.Connection, column: str, value: str) -> Streak:
    """The streak of an account (``column="account"``) or a client address (``"client"``)."""
    key = login_attempts.c[column]
    last_ok = (
        sa.select(sa.func.coalesce(sa.func.max(login_attempts.c.id), 0))
        .where(key == value, login_attempts.c.outcome == "ok")
        .scalar_subquery()
    )
    count, last = conn.execute(
        sa.select(sa.func.count(), sa.func.max(login_attempts.c.attempted_at)).where(
            key == value, login_attempts.c.outcome == "failed", login_attempts.c.id > last_ok
        )
    ).one()
    return Streak(int(count), _utc(last))


def _latest(*moments: dt.datetime | None) -> dt.datetime | None:
    present = [m for m in moments if m is not None]
    return max(present) if present else None


def attempt(
    engine: sa.Engine,
    *,
    account: str,
    client: str,
    name: str,
    check: Callable[[], bool],
    backoff: Backoff,
    now: dt.datetime,
) -> LoginResult:
    """Check a password (``check``) unless the account or the client must wait; log it.

    ``check`` may raise (a broken password hash): then nothing is logged.
    """
    account, client = account[:64], client[:64]
    with engine.execution_options(w13_begin="IMMEDIATE").begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_LOGIN_LOCK)))
        streaks = streak(conn, "account", account), streak(conn, "client", client)
        free_at = _latest(*(s.free_at(backoff) for s in streaks))
        if free_at is not None and free_at > now:
            outcome, result = "refused", LoginResult(ok=False, checked=False, retry_at=free_at)
        elif check():
            outcome, result = "ok", LoginResult(ok=True, checked=True)
        else:
            after = [Streak(s.failures + 1, now).free_at(backoff) for s in streaks]
            outcome, result = "failed", LoginResult(False, True, _latest(*after))
        conn.execute(
            sa.insert(login_attempts).values(
                attempted_at=now,
                account=account,
                client=client,
                name=name.strip()[:MAX_NAME],
                outcome=outcome,
            )
        )
    return result


def log(engine: sa.Engine, limit: int = 1000) -> list[dict]:
    """The newest ``limit`` attempts, newest first (time in UTC)."""
    query = sa.select(login_attempts).order_by(login_attempts.c.id.desc()).limit(limit)
    with engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(query)]
    for row in rows:
        row["attempted_at"] = _utc(row["attempted_at"])
    return rows
