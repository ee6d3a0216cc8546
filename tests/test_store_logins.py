"""The editor lockout in the store: growing waits per account and per client address,
shared by every store object (server process), exact under concurrent guessing."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

from storage import Store
from storage.logins import Backoff
from tests.store_helpers import store_fixture, store_url_fixture  # noqa: F401 (fixtures)

T0 = dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC)
POLICY = Backoff(free=5, base=30.0, cap=900.0)


def _try(store: Store, ok: bool, *, at: dt.datetime, client: str = "203.0.113.7", name="x"):
    return store.attempt_login(
        account="editor", client=client, name=name, check=lambda: ok, backoff=POLICY, now=at
    )


def test_waits_double_after_the_free_tries_up_to_the_cap() -> None:
    waits = [POLICY.wait(n).total_seconds() for n in range(4, 12)]
    assert waits == [0, 30, 60, 120, 240, 480, 900, 900]
    assert POLICY.wait(10_000).total_seconds() == 900


def test_five_failures_lock_until_the_wait_is_over_then_the_wait_doubles(store: Store) -> None:
    for i in range(5):
        result = _try(store, False, at=T0 + dt.timedelta(seconds=i))
        assert result.checked and not result.ok
    last = T0 + dt.timedelta(seconds=4)
    assert result.retry_at == last + dt.timedelta(seconds=30)
    early = _try(store, True, at=last + dt.timedelta(seconds=29))
    assert not early.ok and not early.checked  # the right password, unchecked
    again = _try(store, False, at=last + dt.timedelta(seconds=30))
    assert again.checked and again.retry_at == last + dt.timedelta(seconds=90)
    assert _try(store, True, at=last + dt.timedelta(seconds=91)).ok
    assert _try(store, False, at=last + dt.timedelta(seconds=92)).retry_at is None  # reset
    outcomes = store.login_log()["outcome"].tolist()[::-1]
    assert outcomes == ["failed"] * 5 + ["refused", "failed", "ok", "failed"]


def test_a_client_address_keeps_its_streak_when_the_editor_logs_in_elsewhere(store) -> None:
    a, b = "203.0.113.7", "198.51.100.2"
    for i in range(5):
        _try(store, False, at=T0 + dt.timedelta(seconds=i), client=a)
    seconds = lambda n: T0 + dt.timedelta(seconds=n)  # noqa: E731
    assert not _try(store, True, at=seconds(6), client=b).checked  # the account waits too
    assert _try(store, True, at=seconds(40), client=b).ok  # after its wait, from elsewhere
    sixth = _try(store, False, at=seconds(41), client=a)
    assert sixth.checked and sixth.retry_at == seconds(41 + 60)  # a's streak went on
    assert not _try(store, True, at=seconds(42), client=a).checked
    assert _try(store, True, at=seconds(43), client=b).ok


def test_the_log_keeps_time_client_and_name_and_never_more(store: Store) -> None:
    _try(store, False, at=T0, name="  " + "Lange naam " * 20)
    row = store.login_log().iloc[0]
    assert row["attempted_at"] == T0
    assert row["client"] == "203.0.113.7" and row["account"] == "editor"
    assert row["name"] == ("Lange naam " * 20).strip()[:100]
    assert list(store.login_log().columns) == [
        "attempted_at",
        "account",
        "client",
        "name",
        "outcome",
    ]


def test_200_concurrent_guesses_from_several_processes_check_only_five(store_url: str) -> None:
    """Eight store objects (as eight server processes) guess at once from many addresses;
    the right password is among the later guesses. Exactly the five free tries are checked."""
    checked = []
    lock = threading.Lock()

    def guess(number: int) -> bool:
        def check() -> bool:
            with lock:
                checked.append(number)
            return number >= 50 and number % 10 == 9  # the right password, 15 times

        return (
            stores[number % len(stores)]
            .attempt_login(
                account="editor",
                client=f"198.51.100.{number % 50}",  # many addresses: the account lock holds
                name=f"bot {number}",
                check=check,
                backoff=POLICY,
                now=T0 + dt.timedelta(milliseconds=number),
            )
            .ok
        )

    stores = [Store(store_url) for _ in range(8)]
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(guess, range(200)))
        log = stores[0].login_log(limit=500)
    finally:
        for store in stores:
            store.dispose()
    assert not any(results)
    assert len(checked) == 5 and max(checked) < 50
    assert log["outcome"].value_counts().to_dict() == {"refused": 195, "failed": 5}
