"""Who is looking, and may they change data? Roles "viewer" and "editor".

Three modes, chosen from the configuration (``ui.settings``):

- ``oidc``: an ``[auth]`` block in secrets → Streamlit's ``st.login`` (OpenID Connect,
  e.g. Microsoft Entra ID). Visitors must log in; e-mail addresses listed in
  ``[roles] editors`` are editors, everybody else a viewer.
- ``password``: an editor password hash in ``[roles] editor_password_hash`` or
  ``W13_EDITOR_PASSWORD_HASH``. Everybody views; whoever enters the password in the
  sidebar becomes editor for that browser session. Only the scrypt hash is stored.
  Wrong passwords lock the account and the client address out for a growing time,
  kept and logged in the store so that every session and server process shares it
  (``storage.logins``).
- ``local``: nothing configured → one local user, who is editor; the sidebar says so.

Pages use ``current_user()``, ``require_editor()`` and, once in ``dashboard.py``,
``sidebar_login()``. The decisions themselves (mode, role, password check) are pure
functions below, tested without Streamlit. Make a hash with ``python -m ui.auth hash``.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import getpass
import hashlib
import hmac
import math
import secrets
import sys
from dataclasses import dataclass
from typing import Literal

import streamlit as st

from storage.logins import Backoff
from ui import data, faults
from ui.markdown import literal
from ui.settings import ConfigError, Settings, load_settings

Role = Literal["viewer", "editor"]
Mode = Literal["oidc", "password", "local"]

# scrypt cost: ~50 ms and 16 MiB per check, slow enough to make guessing expensive.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
HASH_SCHEME = "scrypt"
# The password mode's one account; the name typed goes to the logs.
EDITOR_ACCOUNT = "editor"
LOOPBACK = frozenset({"127.0.0.1", "::1"})
# Five free tries, then 30 s, 1, 2, 4, 8 min and at most 15 min between tries: 200
# guesses take about two days, for an account and for each client address.
BACKOFF = Backoff(free=5, base=30.0, cap=900.0)

# Session keys; the editor flag is never a widget key, so a browser cannot set it.
_EDITOR_NAME = "_w13_auth_editor_name"
_LOCKED_UNTIL = "_w13_auth_locked_until"


@dataclass(frozen=True)
class User:
    """The visitor of this browser session."""

    name: str
    email: str | None
    role: Role
    mode: Mode
    logged_in: bool = True

    @property
    def is_editor(self) -> bool:
        return self.role == "editor"


# ---------------------------------------------------------------- pure logic


def auth_mode(settings: Settings) -> Mode:
    """The login mode the configuration asks for (OIDC wins over a password)."""
    if settings.auth:
        return "oidc"
    if settings.editor_password_hash:
        return "password"
    return "local"


def role_for_email(email: str | None, editors: frozenset[str]) -> Role:
    """Editor when the address is listed (case-insensitive), otherwise viewer."""
    if email and email.strip().lower() in editors:
        return "editor"
    return "viewer"


def client_address(peer: str | None, forwarded_for: str, trusted: frozenset[str]) -> str:
    """The visitor's address: the connection's ``peer``, or – when that peer is a trusted
    proxy – the nearest address in its ``X-Forwarded-For`` that is not a trusted proxy.

    Streamlit reports a loopback peer as None. The header is read from the right: the
    proxy appended the address it saw, anything further left the visitor could forge.
    """
    peers = {peer} if peer else LOOPBACK
    if not peers & trusted:
        return peer or "127.0.0.1"
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if hop not in trusted:
            return hop
    return peer or "127.0.0.1"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # maxmem must exceed 128 * n * r bytes or OpenSSL refuses the parameters.
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 2**20, dklen=32
    )


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """Encode ``password`` as ``scrypt$n$r$p$salt$hash`` (base64), with a random salt."""
    if not password:
        raise ValueError("Een leeg wachtwoord kan niet gebruikt worden.")
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(
        [HASH_SCHEME, str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest)]
    )


def verify_password(password: str, encoded: str) -> bool:
    """Whether ``password`` matches a hash made by ``hash_password``.

    Raises ``ValueError`` (Dutch message) when ``encoded`` is not such a hash, so a
    configuration mistake is reported instead of looking like a wrong password.
    """
    parts = encoded.strip().split("$")
    try:
        scheme, n, r, p, salt, digest = parts
        if scheme != HASH_SCHEME:
            raise ValueError(scheme)
        expected = base64.b64decode(digest, validate=True)
        actual = _scrypt(password, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except ValueError as error:
        raise ValueError(
            "De ingestelde editor_password_hash is ongeldig; maak een nieuwe met "
            "`python -m ui.auth hash`."
        ) from error
    return hmac.compare_digest(actual, expected)


# ---------------------------------------------------------- Streamlit glue


def _local_name() -> str:
    try:
        return f"Lokale gebruiker ({getpass.getuser()})"
    except (KeyError, OSError):  # no passwd entry in some containers
        return "Lokale gebruiker"


def _oidc_user(settings: Settings) -> User:
    if not st.user.get("is_logged_in", False):
        return User(name="Niet aangemeld", email=None, role="viewer", mode="oidc", logged_in=False)
    # Entra ID may omit "email" and give the address as "preferred_username".
    email = st.user.get("email") or st.user.get("preferred_username")
    name = st.user.get("name") or email or "Onbekende gebruiker"
    return User(name=name, email=email, role=role_for_email(email, settings.editors), mode="oidc")


def user_for(settings: Settings) -> User:
    """The visitor of this session under the given settings."""
    mode = auth_mode(settings)
    if mode == "oidc":
        return _oidc_user(settings)
    if mode == "password":
        name = st.session_state.get(_EDITOR_NAME)
        if name:
            return User(name=name, email=None, role="editor", mode=mode)
        return User(name="Bezoeker", email=None, role="viewer", mode=mode)
    return User(name=_local_name(), email=None, role="editor", mode=mode)


def current_user() -> User:
    """The visitor of this session; raises ``ConfigError`` on unreadable secrets."""
    return user_for(load_settings())


def require_editor() -> None:
    """Stop the page unless the visitor is an editor (call before any editor action)."""
    try:
        user = current_user()
    except ConfigError as error:
        st.error(str(error))
        st.stop()
    if not user.is_editor:
        st.warning(
            "Deze pagina is alleen voor bewerkers (de medewerkers van de regie). "
            "Meld je aan als bewerker om gegevens te importeren of te wijzigen."
        )
        st.stop()


def _wait_text(until: dt.datetime, now: dt.datetime) -> str:
    """``over 30 seconden`` / ``over 4 minuten`` until ``until``."""
    seconds = max(1, math.ceil((until - now).total_seconds()))
    if seconds < 90:
        return f"over {seconds} seconden"
    return f"over {math.ceil(seconds / 60)} minuten"


def _client(settings: Settings) -> str:
    peer = st.context.ip_address
    forwarded = [h for h in st.context.headers.get_all("X-Forwarded-For") if isinstance(h, str)]
    # NOTE: AppTest has no connection (its context answers with mocks): a local visitor.
    peer = peer if isinstance(peer, str) else None
    return client_address(peer, ",".join(forwarded), settings.trusted_proxies)


def _password_form(settings: Settings) -> None:
    now = dt.datetime.now(dt.UTC)
    locked_until = st.session_state.get(_LOCKED_UNTIL)
    if locked_until is not None and locked_until > now:
        st.error(f"Te veel foute pogingen. Probeer opnieuw {_wait_text(locked_until, now)}.")
        return
    with st.form("w13_editor_login", clear_on_submit=True):
        st.markdown("**Aanmelden als bewerker**")
        name = st.text_input("Je naam", help="Komt in het importlogboek.")
        password = st.text_input("Wachtwoord", type="password")
        submitted = st.form_submit_button("Aanmelden")
    if not submitted:
        return
    with faults.guard("login", repeat=True):
        _submit(settings, name, password, now)


def _submit(settings: Settings, name: str, password: str, now: dt.datetime) -> None:
    encoded = settings.editor_password_hash or ""
    try:
        result = data.store().attempt_login(
            account=EDITOR_ACCOUNT,
            client=_client(settings),
            name=name,
            check=lambda: bool(password) and verify_password(password, encoded),
            backoff=BACKOFF,
            now=now,
        )
    except ValueError as error:
        st.error(str(error))
        return
    if result.ok:
        st.session_state[_EDITOR_NAME] = name.strip() or "Bewerker"
        st.session_state.pop(_LOCKED_UNTIL, None)
        st.rerun()
    st.session_state[_LOCKED_UNTIL] = result.retry_at
    if result.checked:
        st.error("Dat wachtwoord klopt niet.")
    if result.retry_at is not None:
        st.rerun()  # redraw without the form, with the waiting time


def _oidc_account(user: User) -> None:
    st.caption(f"Aangemeld als **{literal(user.name)}** ({literal(user.email or 'geen e-mail')})")
    st.caption("Rol: bewerker" if user.is_editor else "Rol: lezer")
    if st.button("Afmelden", key="w13_logout"):
        st.logout()


def _oidc_gate() -> None:
    st.title("Sociale economie W13")
    st.info("Meld je aan met je werkaccount om het dashboard te bekijken.")
    if st.button("Aanmelden", key="w13_login", type="primary"):
        st.login()
    st.stop()


def sidebar_login() -> User:
    """Draw the login box in the sidebar and return the visitor.

    Call once per run in ``dashboard.py`` before building the navigation. In OIDC mode
    this is also the gate: a visitor who is not logged in sees only a login button.
    """
    try:
        settings = load_settings()
    except ConfigError as error:
        st.error(str(error))
        st.stop()
    user = user_for(settings)
    if user.mode == "oidc" and not user.logged_in:
        _oidc_gate()
    with st.sidebar:
        if user.mode == "local":
            st.caption(
                "Lokale modus: er is geen login ingesteld, dus jij bent bewerker. "
                "Stel een wachtwoord of aanmelding in voor gedeeld gebruik (zie README)."
            )
        elif user.mode == "password" and user.is_editor:
            st.caption(f"Aangemeld als bewerker: **{literal(user.name)}**")
            if st.button("Afmelden", key="w13_logout"):
                del st.session_state[_EDITOR_NAME]
                st.rerun()
        elif user.mode == "password":
            _password_form(settings)
        else:
            _oidc_account(user)
    return user


# ---------------------------------------------------------------------- CLI


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.auth", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("hash", help="maak een hash voor editor_password_hash")
    make.add_argument("--stdin", action="store_true", help="lees het wachtwoord van stdin")
    args = parser.parse_args(argv)
    if args.stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Wachtwoord: ")
        if password != getpass.getpass("Nogmaals: "):
            print("De wachtwoorden verschillen.", file=sys.stderr)
            return 1
    try:
        print(hash_password(password))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main())
