"""Pure role logic: settings → mode, e-mail → role, password hashes, the hash CLI."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from ui.auth import (
    _main,
    auth_mode,
    client_address,
    hash_password,
    role_for_email,
    verify_password,
)
from ui.settings import Settings, settings_from

HASH = hash_password("correct paard batterij", salt=b"0123456789abcdef")


def test_nothing_configured_is_local_mode() -> None:
    settings = settings_from({}, {})
    assert auth_mode(settings) == "local"
    assert settings.database_url is None and settings.region_file is None


def test_password_hash_from_secrets_gives_password_mode() -> None:
    settings = settings_from({"roles": {"editor_password_hash": HASH}}, {})
    assert auth_mode(settings) == "password"
    assert settings.editor_password_hash == HASH


def test_password_hash_from_environment_wins_over_secrets() -> None:
    settings = settings_from(
        {"roles": {"editor_password_hash": "scrypt$old"}}, {"W13_EDITOR_PASSWORD_HASH": HASH}
    )
    assert settings.editor_password_hash == HASH


def test_auth_block_gives_oidc_mode_even_with_a_password() -> None:
    secrets = {
        "auth": {"client_id": "x", "server_metadata_url": "https://login.example/.well-known"},
        "roles": {"editor_password_hash": HASH, "editors": ["An.Peeters@W13.be "]},
    }
    settings = settings_from(secrets, {})
    assert auth_mode(settings) == "oidc"
    assert settings.editors == frozenset({"an.peeters@w13.be"})


def test_empty_auth_block_is_not_oidc() -> None:
    assert auth_mode(settings_from({"auth": {}}, {})) == "local"


def test_blank_password_hash_is_ignored() -> None:
    assert auth_mode(settings_from({"roles": {"editor_password_hash": "  "}}, {})) == "local"


def test_single_editor_string_is_accepted() -> None:
    assert settings_from({"roles": {"editors": "a@w13.be"}}, {}).editors == {"a@w13.be"}


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("an.peeters@w13.be", "editor"),
        ("AN.PEETERS@W13.BE", "editor"),
        (" an.peeters@w13.be ", "editor"),
        ("directeur@kortrijk.be", "viewer"),
        ("peeters@w13.be", "viewer"),
        (None, "viewer"),
        ("", "viewer"),
    ],
)
def test_role_for_email(email: str | None, role: str) -> None:
    assert role_for_email(email, frozenset({"an.peeters@w13.be"})) == role


def test_database_url_environment_wins_over_secrets() -> None:
    secrets = {"database": {"url": "postgresql+psycopg://a@db/w13"}}
    assert settings_from(secrets, {}).database_url == "postgresql+psycopg://a@db/w13"
    env = {"DATABASE_URL": "sqlite:///tmp/x.sqlite"}
    assert settings_from(secrets, env).database_url == "sqlite:///tmp/x.sqlite"


def test_region_file_from_secrets_or_environment() -> None:
    secrets = {"region": {"file": "regio/w13.toml"}}
    assert settings_from(secrets, {}).region_file == Path("regio/w13.toml")
    env = {"W13_REGION_FILE": "/etc/w13/andere.toml"}
    assert settings_from(secrets, env).region_file == Path("/etc/w13/andere.toml")


def test_settings_default_upload_limit() -> None:
    assert Settings().max_upload_mb == 25
    assert settings_from({}, {}, max_upload_mb=40).max_upload_mb == 40


def test_hash_verifies_its_own_password_only() -> None:
    assert verify_password("correct paard batterij", HASH)
    assert not verify_password("correct paard batterij ", HASH)
    assert not verify_password("", HASH)


def test_hash_uses_a_random_salt_and_never_contains_the_password() -> None:
    first, second = hash_password("w13"), hash_password("w13")
    assert first != second
    assert "w13" not in first.split("$", 4)[-1]
    assert verify_password("w13", first) and verify_password("w13", second)


@pytest.mark.parametrize(
    "bad", ["", "plaintext", "scrypt$1$2$3", "bcrypt$16384$8$1$AAAA$AAAA", "scrypt$x$8$1$AA$AA"]
)
def test_malformed_hash_is_a_configuration_error(bad: str) -> None:
    with pytest.raises(ValueError, match="editor_password_hash is ongeldig"):
        verify_password("w13", bad)


def test_empty_password_cannot_be_hashed() -> None:
    with pytest.raises(ValueError, match="leeg wachtwoord"):
        hash_password("")


def test_cli_prints_a_usable_hash(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("regie-2024\n"))
    assert _main(["hash", "--stdin"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed.startswith("scrypt$")
    assert verify_password("regie-2024", printed)


def test_secrets_example_documents_every_setting() -> None:
    import tomllib

    example = Path(__file__).parent.parent / ".streamlit" / "secrets.toml.example"
    secrets = tomllib.loads(example.read_text(encoding="utf-8"))
    settings = settings_from(secrets, {})
    assert auth_mode(settings) == "oidc"
    assert settings.database_url and settings.database_url.startswith("postgresql+psycopg://")
    assert settings.editors and settings.editor_password_hash and settings.region_file
    assert {"redirect_uri", "cookie_secret", "client_id", "client_secret"} <= set(settings.auth)
    assert settings.trusted_proxies == {"127.0.0.1", "::1"}


LOOPBACK_PROXY = frozenset({"127.0.0.1", "::1"})


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "client"),
    [
        ("203.0.113.7", "", frozenset(), "203.0.113.7"),
        (None, "", frozenset(), "127.0.0.1"),  # Streamlit hides a loopback peer
        ("203.0.113.7", "10.0.0.1", frozenset(), "203.0.113.7"),  # header of anybody: ignored
        (None, "198.51.100.2", frozenset(), "127.0.0.1"),  # no proxy configured: ignored
        (None, "198.51.100.2", LOOPBACK_PROXY, "198.51.100.2"),  # nginx on this machine
        (None, "6.6.6.6, 198.51.100.2", LOOPBACK_PROXY, "198.51.100.2"),  # forged left part
        (None, "198.51.100.2, 127.0.0.1", LOOPBACK_PROXY, "198.51.100.2"),  # two proxies
        ("203.0.113.7", "198.51.100.2", LOOPBACK_PROXY, "203.0.113.7"),  # not via the proxy
        (None, "", LOOPBACK_PROXY, "127.0.0.1"),
    ],
)
def test_client_address_trusts_forwarded_for_only_from_a_trusted_proxy(
    peer, forwarded, trusted, client
) -> None:
    assert client_address(peer, forwarded, trusted) == client


def test_trusted_proxies_from_secrets_or_environment() -> None:
    secrets = {"server": {"trusted_proxies": ["127.0.0.1"]}}
    assert settings_from(secrets, {}).trusted_proxies == {"127.0.0.1"}
    env = {"W13_TRUSTED_PROXIES": "127.0.0.1, ::1"}
    assert settings_from(secrets, env).trusted_proxies == {"127.0.0.1", "::1"}
    assert settings_from({}, {}).trusted_proxies == frozenset()
