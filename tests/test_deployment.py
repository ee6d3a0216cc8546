"""The deployment of ``deploy/`` under load: nginx in front of two app processes that
share one PostgreSQL store (``tests/deployment.py``).

A real browser uses the dashboard through nginx (pages, charts, the websocket, an
editor's upload, which needs sticky sessions); a flood of uploads from one client is
refused by nginx's limits and the app's upload gate while the processes' memory stays
put; the password lockout holds across reloads, browsers and both processes.
"""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from deployment import EDITOR_PASSWORD, deployment
from flood import open_session, put, rss_mb
from store_helpers import fresh_postgres
from test_browser import (
    NAV_LINK,
    PLOTLY,
    VIEWPORT,
    exception_texts,
    inflow_workbook,
    log_in,
    nav_titles,
    wait_until_idle,
)

from storage import Store
from storage.schema import login_attempts

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

MB = 1 << 20
FLOOD = 30  # concurrent uploads of 20 MB from one client
FLOOD_GROWTH_MB = 100  # what the flood may add to an app process (a refused upload: 0)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    for url in fresh_postgres():
        yield from deployment(tmp_path_factory.mktemp("deploy"), url)


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="nl-BE")
    context.set_default_timeout(90_000)
    yield context
    context.close()


def test_the_dashboard_works_through_nginx(deployed, context) -> None:
    page = context.new_page()
    page.goto(deployed.url)
    page.wait_for_selector(PLOTLY, state="attached")  # the websocket runs through nginx
    wait_until_idle(page)
    assert "Overzicht" in nav_titles(page) and "Gegevens" not in nav_titles(page)
    page.locator(NAV_LINK, has_text="Instroom").click()
    page.wait_for_url("**/instroom")
    page.wait_for_selector(PLOTLY, state="attached")
    wait_until_idle(page)
    assert exception_texts(page) == []
    for app in deployed.apps:  # both processes serve the one store
        assert app.process.poll() is None


def test_an_editor_imports_through_nginx(deployed, context, tmp_path) -> None:
    """The upload's PUT reaches the process that holds the session (sticky sessions)."""
    page = context.new_page()
    page.goto(deployed.url)
    wait_until_idle(page)
    assert "Gegevens" not in nav_titles(page)
    log_in(page, EDITOR_PASSWORD)
    page.locator(NAV_LINK, has_text="Gegevens").click()
    workbook = inflow_workbook(tmp_path / "instroom_2023.xlsx", year=2023, per_municipality=7)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(workbook)
    page.get_by_role("button", name="Importeren", exact=True).click()
    page.get_by_role("button", name="Bevestigen en importeren").click()
    page.get_by_text("1 bestand geïmporteerd").wait_for()
    assert exception_texts(page) == []


def test_an_upload_flood_from_one_client_is_refused_and_memory_stays_put(deployed) -> None:
    before = {app.process.pid: rss_mb(app.process.pid) for app in deployed.apps}
    with open_session(deployed.url) as session:  # a viewer: nothing to upload
        with ThreadPoolExecutor(max_workers=FLOOD) as pool:
            statuses = list(pool.map(lambda _: put(session, 20 * MB), range(FLOOD)))
        too_large = put(session, 30 * MB)
        after = {pid: rss_mb(pid) for pid in before}
    assert 204 not in statuses  # not one upload got into the app's memory
    assert set(statuses) <= {0, 403, 429}, statuses
    limited = statuses.count(429) + statuses.count(0)
    assert limited >= FLOOD - 5, statuses  # nginx: a burst of 4 (+1), two at a time
    assert too_large in (0, 413)
    for pid, rss in after.items():
        assert rss - before[pid] < FLOOD_GROWTH_MB, (before, after)
    assert "limiting requests" in deployed.nginx_log()


def test_the_app_refuses_a_viewer_upload_without_nginx(deployed) -> None:
    """The upload gate of server.py, reached directly (as from the machine itself): a
    clean 403 after the body, not a connection cut while it is sent (which nginx would
    pass on as a 502)."""
    with open_session(deployed.apps[0].url) as session:
        assert put(session, MB) == 403
        assert put(session, 20 * MB) == 403


def attempt(page, deployed, password: str) -> str:
    """One login attempt, confirmed by the store's log (a submit the page dropped is
    sent again); the sidebar's text afterwards."""
    store = Store(deployed.database_url)
    try:
        logged = len(store.login_log())
        for _ in range(3):
            shown = log_in(page, password)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                if len(store.login_log()) > logged:
                    wait_until_idle(page)
                    return page.locator('[data-testid="stSidebar"]').inner_text()
                time.sleep(0.25)
        raise AssertionError(f"the attempt never reached the store:\n{shown[-500:]}")
    finally:
        store.dispose()


def guesses(database_url: str, count: int) -> None:
    engine = sa.create_engine(database_url)
    row = {"account": "editor", "client": "203.0.113.9", "name": "script", "outcome": "failed"}
    with engine.begin() as conn:
        now = dt.datetime.now(dt.UTC)
        conn.execute(sa.insert(login_attempts), [row | {"attempted_at": now}] * count)
    engine.dispose()


def test_the_lockout_holds_across_reloads_browsers_and_processes(deployed, browser) -> None:
    """Runs last: it locks the editor account of this deployment."""
    first, second = (browser.new_context(viewport=VIEWPORT) for _ in range(2))
    try:
        page = first.new_page()
        page.goto(deployed.url)
        wait_until_idle(page)
        for number in range(5):
            shown = attempt(page, deployed, f"gok-{number}")
        assert "Te veel foute pogingen" in shown
        page.reload()
        wait_until_idle(page)
        assert "Te veel foute pogingen" in attempt(page, deployed, EDITOR_PASSWORD)
        # A script's ten guesses from elsewhere, as the store records them: the account
        # now waits 15 minutes, however slowly this test goes on.
        guesses(deployed.database_url, 10)
        for app in deployed.apps:  # either process, reached straight
            other = second.new_page()
            other.goto(app.url)
            wait_until_idle(other)
            assert "Te veel foute pogingen" in attempt(other, deployed, EDITOR_PASSWORD)
            assert "Gegevens" not in nav_titles(other)
        outcomes = Store(deployed.database_url).login_log()["outcome"].tolist()
        assert outcomes[:2] == ["refused"] * 2 and outcomes.count("ok") == 1  # the editor's
    finally:
        first.close()
        second.close()
