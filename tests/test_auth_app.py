"""Roles in a running app (AppTest, one test per mode): viewers never reach editor actions.

The app under test is a miniature dashboard built the way ``dashboard.py`` must be:
``sidebar_login()`` first, the editor page only in the navigation of editors, and the
editor page itself guarded by ``require_editor()``.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from storage import Store
from storage.logins import Backoff
from ui.auth import hash_password

PASSWORD = "regie-w13-geheim"
HASH = hash_password(PASSWORD)
OIDC = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-test-cookie-secret-of-32+bytes",
    "client_id": "w13-dashboard",
    "client_secret": "test",
    "server_metadata_url": "https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration",
}


def mini_dashboard() -> None:
    import streamlit as st

    from ui.auth import current_user, require_editor, sidebar_login

    def overview() -> None:
        st.header("Overzicht")
        st.write(f"rol={current_user().role}")

    def data_page() -> None:
        require_editor()
        st.header("Gegevens")
        st.button("Importeren", key="import")

    user = sidebar_login()
    pages = [st.Page(overview, title="Overzicht", url_path="overzicht", default=True)]
    if user.is_editor:
        pages.append(st.Page(data_page, title="Gegevens", url_path="gegevens"))
    st.caption("navigatie=" + ",".join(page.title for page in pages))
    st.navigation(pages).run()


def guarded_action() -> None:
    """An editor action reached directly (as if a URL or a stale widget led there)."""
    import streamlit as st

    from ui.auth import require_editor

    require_editor()
    st.button("Verwijder voorbeeldgegevens", key="remove")


@pytest.fixture(autouse=True)
def store_url(tmp_path, monkeypatch: pytest.MonkeyPatch) -> str:
    """No configuration of the developer's shell; a fresh store (the lockout lives there)."""
    monkeypatch.delenv("W13_EDITOR_PASSWORD_HASH", raising=False)
    monkeypatch.delenv("W13_TRUSTED_PROXIES", raising=False)
    url = f"sqlite:///{tmp_path / 'w13.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def _app(script, secrets: dict, user: dict | None = None) -> AppTest:
    at = AppTest.from_function(script, default_timeout=20)
    # A non-empty at.secrets replaces any developer's own .streamlit/secrets.toml.
    at.secrets["comment"] = "test"
    for key, value in secrets.items():
        at.secrets[key] = value
    if user is not None:
        at.user = user
    return at.run()


def _page_titles(at: AppTest) -> list[str]:
    """The pages the mini dashboard put in its navigation (empty when it stopped early)."""
    shown = [c.value for c in at.caption if c.value.startswith("navigatie=")]
    return shown[0].removeprefix("navigatie=").split(",") if shown else []


def _buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


# ------------------------------------------------------------------ local mode


def test_local_mode_user_is_editor_and_is_told_so() -> None:
    at = _app(mini_dashboard, {})
    assert not at.exception
    assert any("Lokale modus" in c.value for c in at.sidebar.caption)
    assert "rol=editor" in [m.value for m in at.markdown]
    assert "Gegevens" in _page_titles(at)
    assert not _app(guarded_action, {}).warning
    assert "Verwijder voorbeeldgegevens" in _buttons(_app(guarded_action, {}))


# --------------------------------------------------------------- password mode


def _login(at: AppTest, password: str, name: str = "An Peeters") -> AppTest:
    inputs = {t.label: t for t in at.sidebar.text_input}
    inputs["Je naam"].input(name)
    inputs["Wachtwoord"].input(password)
    next(b for b in at.sidebar.button if b.label == "Aanmelden").click()
    return at.run()


def test_password_mode_visitor_is_viewer_without_editor_page() -> None:
    at = _app(mini_dashboard, {"roles": {"editor_password_hash": HASH}})
    assert not at.exception
    assert "rol=viewer" in [m.value for m in at.markdown]
    assert "Gegevens" not in _page_titles(at)
    guarded = _app(guarded_action, {"roles": {"editor_password_hash": HASH}})
    assert "alleen voor bewerkers" in guarded.warning[0].value
    assert "Verwijder voorbeeldgegevens" not in _buttons(guarded)


def test_password_mode_right_password_makes_editor_until_logout() -> None:
    at = _app(mini_dashboard, {"roles": {"editor_password_hash": HASH}})
    at = _login(at, PASSWORD)
    assert not at.exception
    assert "rol=editor" in [m.value for m in at.markdown]
    assert "Gegevens" in _page_titles(at)
    assert any("An Peeters" in c.value for c in at.sidebar.caption)
    next(b for b in at.sidebar.button if b.label == "Afmelden").click()
    at.run()
    assert "rol=viewer" in [m.value for m in at.markdown]
    assert "Gegevens" not in _page_titles(at)


def test_password_mode_wrong_password_stays_viewer() -> None:
    at = _login(_app(mini_dashboard, {"roles": {"editor_password_hash": HASH}}), "raden")
    assert "Dat wachtwoord klopt niet." in [e.value for e in at.sidebar.error]
    assert "rol=viewer" in [m.value for m in at.markdown]
    assert "Gegevens" not in _page_titles(at)


def test_password_mode_locks_after_too_many_attempts() -> None:
    at = _app(mini_dashboard, {"roles": {"editor_password_hash": HASH}})
    for attempt in range(Backoff.free):
        at = _login(at, f"gok-{attempt}")
    assert any("Te veel foute pogingen" in e.value for e in at.sidebar.error)
    assert any("over 30 seconden" in e.value for e in at.sidebar.error)
    assert not [t for t in at.sidebar.text_input if t.label == "Wachtwoord"]
    assert "rol=viewer" in [m.value for m in at.markdown]
    assert "Gegevens" not in _page_titles(at.run())


def test_guesses_in_new_sessions_do_not_get_in(store_url, monkeypatch) -> None:
    """Each guess in a fresh session (a reload): the lock is the store's, not the session's.

    The right password is among the guesses, after the lockout started: it is refused
    unchecked, and the visitor stays a viewer.
    """
    monkeypatch.setattr("ui.auth.BACKOFF", Backoff(base=3600))  # no expiry mid-test
    secrets = {"roles": {"editor_password_hash": HASH}}
    for guess in range(20):
        password = PASSWORD if guess in (10, 19) else f"gok-{guess}"
        at = _login(_app(mini_dashboard, secrets), password, name=f"Script {guess}")
        assert not at.exception
        assert "rol=viewer" in [m.value for m in at.markdown], guess
        locked = any("Te veel foute pogingen" in e.value for e in at.sidebar.error)
        assert locked == (guess >= Backoff.free - 1), guess
    log = Store(store_url).login_log()
    assert log["outcome"].value_counts().to_dict() == {"refused": 15, "failed": 5}
    assert set(log["client"]) == {"127.0.0.1"} and set(log["account"]) == {"editor"}
    assert "Script 19" in set(log["name"])
    database = store_url.removeprefix("sqlite:///")
    for path in (database, f"{database}-wal"):
        with open(path, "rb") as file:
            assert PASSWORD.encode() not in file.read()  # the password is never stored


def test_password_mode_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("W13_EDITOR_PASSWORD_HASH", HASH)
    at = _login(_app(mini_dashboard, {}), PASSWORD)
    assert "rol=editor" in [m.value for m in at.markdown]


def test_password_mode_broken_hash_is_reported_not_accepted() -> None:
    at = _login(_app(mini_dashboard, {"roles": {"editor_password_hash": "sha1$abc"}}), "x")
    assert any("editor_password_hash is ongeldig" in e.value for e in at.sidebar.error)
    assert "Gegevens" not in _page_titles(at)


# ------------------------------------------------------------------- OIDC mode


def test_oidc_mode_anonymous_visitor_sees_only_the_login() -> None:
    at = _app(mini_dashboard, {"auth": OIDC}, user={"is_logged_in": False})
    assert not at.exception
    assert "Aanmelden" in _buttons(at)
    assert not [m for m in at.markdown if m.value.startswith("rol=")]
    assert _page_titles(at) == []


def test_oidc_mode_e_mail_without_login_flag_is_not_trusted() -> None:
    # AppTest's default user has an e-mail but no is_logged_in: must not count as login.
    at = _app(mini_dashboard, {"auth": OIDC, "roles": {"editors": ["test@example.com"]}})
    assert _page_titles(at) == []


def test_oidc_mode_listed_e_mail_is_editor() -> None:
    user = {"is_logged_in": True, "name": "An Peeters", "email": "An.Peeters@w13.be"}
    at = _app(mini_dashboard, {"auth": OIDC, "roles": {"editors": ["an.peeters@w13.be"]}}, user)
    assert not at.exception
    assert "rol=editor" in [m.value for m in at.markdown]
    assert "Gegevens" in _page_titles(at)
    assert any("Rol: bewerker" in c.value for c in at.sidebar.caption)


def test_oidc_mode_entra_preferred_username_is_used_as_e_mail() -> None:
    user = {"is_logged_in": True, "name": "An", "preferred_username": "an.peeters@w13.be"}
    at = _app(mini_dashboard, {"auth": OIDC, "roles": {"editors": ["an.peeters@w13.be"]}}, user)
    assert "rol=editor" in [m.value for m in at.markdown]


def test_oidc_mode_other_e_mail_is_viewer_and_cannot_reach_editor_action() -> None:
    user = {"is_logged_in": True, "name": "Directeur", "email": "directeur@kortrijk.be"}
    secrets = {"auth": OIDC, "roles": {"editors": ["an.peeters@w13.be"]}}
    at = _app(mini_dashboard, secrets, user)
    assert "rol=viewer" in [m.value for m in at.markdown]
    assert "Gegevens" not in _page_titles(at)
    guarded = _app(guarded_action, secrets, user)
    assert "alleen voor bewerkers" in guarded.warning[0].value
    assert "Verwijder voorbeeldgegevens" not in _buttons(guarded)


# ------------------------------------------------------- settings read per run


def settings_twice() -> None:
    """Settings read at the start of a run, then asked again after the environment changed."""
    import os

    import streamlit as st

    from ui.settings import load_settings, load_settings_for_run

    st.write(f"begin={load_settings_for_run().database_url}")
    os.environ["DATABASE_URL"] = "sqlite:///changed.sqlite"
    st.write(f"later={load_settings().database_url}")


def test_settings_are_read_once_per_run_and_anew_the_next_run(store_url) -> None:
    at = _app(settings_twice, {})
    assert [m.value for m in at.markdown] == [f"begin={store_url}", f"later={store_url}"]
    assert at.run().markdown[0].value == "begin=sqlite:///changed.sqlite"


def dashboard_like() -> None:
    """The mini dashboard after reading the settings for the run, as ``dashboard.py`` does."""
    from tests.test_auth_app import mini_dashboard
    from ui.settings import load_settings_for_run

    load_settings_for_run()
    mini_dashboard()


def test_a_run_never_uses_the_settings_of_the_run_before() -> None:
    at = _app(dashboard_like, {})
    assert "rol=editor" in [m.value for m in at.markdown]  # local mode: an editor
    at.secrets["roles"] = {"editor_password_hash": HASH}
    at.run()
    assert "rol=viewer" in [m.value for m in at.markdown]
    assert "Gegevens" not in _page_titles(at)
