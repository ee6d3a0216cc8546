"""The dashboard's configuration, read from the environment and Streamlit secrets.

One place decides where each setting comes from, so pages never read ``os.environ``
or ``st.secrets`` themselves. The rule is the same for every setting: an environment
variable wins over ``.streamlit/secrets.toml`` (operators and tests can override a
deployed file), and a missing setting falls back to a safe default.

``settings_from`` is pure (plain mappings in, ``Settings`` out) so it is tested
without Streamlit; ``load_settings`` feeds it the real secrets and environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from reference import REGION_FILE_ENV

DATABASE_URL_ENV = "DATABASE_URL"
PASSWORD_HASH_ENV = "W13_EDITOR_PASSWORD_HASH"
TRUSTED_PROXIES_ENV = "W13_TRUSTED_PROXIES"
DEFAULT_UPLOAD_MB = 25


@dataclass(frozen=True)
class Settings:
    """Everything the UI needs to know about its deployment.

    ``auth`` is the ``[auth]`` block for ``st.login`` (empty when not configured);
    ``editors`` holds lower-cased e-mail addresses; ``database_url`` None lets the
    store pick its default SQLite file. ``trusted_proxies`` are the addresses of reverse
    proxies (nginx) whose ``X-Forwarded-For`` header names the real client.
    """

    database_url: str | None = None
    auth: Mapping[str, Any] = field(default_factory=dict)
    editors: frozenset[str] = frozenset()
    editor_password_hash: str | None = None
    region_file: Path | None = None
    max_upload_mb: int = DEFAULT_UPLOAD_MB
    trusted_proxies: frozenset[str] = frozenset()


def _section(secrets: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = secrets.get(name)
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str | None:
    """A configured string, or None for missing/blank values."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _emails(value: Any) -> frozenset[str]:
    # NOTE: a single string is accepted too, because `editors = "a@b.be"` is an easy
    # mistake to make in TOML and silently granting nobody would be confusing.
    items = [value] if isinstance(value, str) else list(value or [])
    return frozenset(e for e in (str(i).strip().lower() for i in items) if e)


def _addresses(value: Any) -> frozenset[str]:
    items = value.split(",") if isinstance(value, str) else list(value or [])
    return frozenset(a for a in (str(i).strip() for i in items) if a)


def settings_from(
    secrets: Mapping[str, Any],
    env: Mapping[str, str],
    *,
    max_upload_mb: int = DEFAULT_UPLOAD_MB,
) -> Settings:
    """Combine secrets (as a nested dict) and environment variables into ``Settings``."""
    roles = _section(secrets, "roles")
    region = _text(env.get(REGION_FILE_ENV)) or _text(_section(secrets, "region").get("file"))
    return Settings(
        database_url=_text(env.get(DATABASE_URL_ENV))
        or _text(_section(secrets, "database").get("url")),
        auth=dict(_section(secrets, "auth")),
        editors=_emails(roles.get("editors")),
        editor_password_hash=_text(env.get(PASSWORD_HASH_ENV))
        or _text(roles.get("editor_password_hash")),
        region_file=Path(region) if region else None,
        max_upload_mb=max_upload_mb,
        trusted_proxies=_addresses(
            env.get(TRUSTED_PROXIES_ENV) or _section(secrets, "server").get("trusted_proxies")
        ),
    )


class ConfigError(RuntimeError):
    """The configuration exists but cannot be used; the message is Dutch, for the admin."""


def read_secrets() -> dict[str, Any]:
    """Streamlit secrets as a plain dict; empty when no secrets file exists.

    Raises ``ConfigError`` when a secrets file exists but cannot be parsed.
    """
    try:
        return st.secrets.to_dict()
    except FileNotFoundError as error:  # StreamlitSecretNotFoundError is one
        # NOTE: fail closed. Streamlit reports a broken secrets.toml like a missing
        # one; treating it as missing would drop every login and make each visitor
        # an editor in local mode.
        present = [p for p in st.get_option("secrets.files") if Path(p).expanduser().exists()]
        if present:
            raise ConfigError(
                f"Het configuratiebestand {present[0]} kan niet gelezen worden: "
                "controleer de TOML-syntaxis."
            ) from error
        return {}


_RUN_SETTINGS = "_w13_settings"


def load_settings() -> Settings:
    """The running app's settings: those read at the start of this script run
    (``load_settings_for_run``), else read now."""
    return st.session_state.get(_RUN_SETTINGS) or _read_settings()


def load_settings_for_run() -> Settings:
    """Read the settings at the start of a script run, for the rest of the run.

    Every cached read asks for the database URL, a dozen times a run; reading secrets
    and options each time was a tenth of a new session's CPU (issue 12). A change to
    the secrets or the environment counts from the next run on.
    """
    st.session_state.pop(_RUN_SETTINGS, None)  # fail closed: never the last run's
    settings = _read_settings()
    st.session_state[_RUN_SETTINGS] = settings
    return settings


def _read_settings() -> Settings:
    upload = st.get_option("server.maxUploadSize")
    return settings_from(read_secrets(), os.environ, max_upload_mb=int(upload))


def export_region_file(settings: Settings) -> None:
    """Hand ``[region] file`` to ``reference.load_region`` through its environment variable.

    Called once at start by ``dashboard.py``; ``reference`` must not import streamlit,
    so the environment is the channel between the two.
    """
    if settings.region_file is not None:
        os.environ[REGION_FILE_ENV] = str(settings.region_file)
