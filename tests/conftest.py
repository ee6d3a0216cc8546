"""Shared test fixtures: a running dashboard and a real browser.

``dashboard_server`` starts ``streamlit run dashboard.py`` on a free port against a
temporary SQLite database (nothing of a developer's own ``data/`` or secrets is used)
and waits for ``/_stcore/health``; ``start_app`` starts more of them (another login
mode). ``browser`` drives Debian's chromium through Playwright. Outside CI a missing
chromium skips the browser tests; in CI (``CI`` set) it fails them, so a broken
install can never pass as a green run.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_TIMEOUT_S = 90
# Configuration a developer's shell may carry that must not leak into the test app.
APP_ENV_DROPPED = ("DATABASE_URL", "W13_EDITOR_PASSWORD_HASH", "W13_REGION_FILE")


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def skip_or_fail(reason: str) -> None:
    """Skip on a developer's machine, fail in CI: CI must run every test."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so this test may not be skipped)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class RunningApp:
    """A Streamlit server started for a test."""

    url: str
    database_url: str
    log: Path
    process: subprocess.Popen

    def log_tail(self, lines: int = 60) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def wait_healthy(url: str, process: subprocess.Popen, timeout: float, log=lambda: "") -> None:
    """Wait until ``url``'s health check answers 200; fail when ``process`` stops first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} stopped at start:\n{log()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} not healthy after {timeout:.0f} s:\n{log()}")


def start_streamlit(
    script: Path, workdir: Path, *, cwd: Path = REPO_ROOT, env: dict[str, str] | None = None
) -> RunningApp:
    """Start ``streamlit run script`` on a free port with a database in ``workdir``."""
    port = free_port()
    database_url = f"sqlite:///{workdir / 'w13.sqlite'}"
    app_env = {k: v for k, v in os.environ.items() if k not in APP_ENV_DROPPED}
    app_env |= {"DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"} | (env or {})
    log = workdir / "streamlit.log"
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
        # A secrets file that does not exist: local mode, whatever the developer has.
        "--secrets.files", str(workdir / "secrets.toml"),
    ]  # fmt: skip
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=cwd, env=app_env, stdout=sink, stderr=subprocess.STDOUT
        )
    app = RunningApp(f"http://127.0.0.1:{port}", database_url, log, process)
    try:
        wait_healthy(app.url, app.process, STARTUP_TIMEOUT_S, app.log_tail)
    except RuntimeError:
        stop_streamlit(app)
        raise
    return app


def stop_streamlit(app: RunningApp) -> None:
    app.process.terminate()
    try:
        app.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        app.process.kill()
        app.process.wait(timeout=5)


@pytest.fixture(scope="session")
def dashboard_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """``streamlit run dashboard.py`` in local mode (editor) on a fresh SQLite database."""
    app = start_streamlit(REPO_ROOT / "dashboard.py", tmp_path_factory.mktemp("dashboard"))
    yield app
    stop_streamlit(app)


@pytest.fixture(scope="session")
def start_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., RunningApp]]:
    """Start more dashboards (e.g. in another login mode); all stop at the session's end."""
    started: list[RunningApp] = []

    def start(env: dict[str, str] | None = None, script: Path | None = None) -> RunningApp:
        workdir = tmp_path_factory.mktemp("app")
        app = start_streamlit(script or REPO_ROOT / "dashboard.py", workdir, env=env)
        started.append(app)
        return app

    yield start
    for app in started:
        stop_streamlit(app)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's headless chromium, driven by Playwright (its own download is unavailable)."""
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed: pip install -r requirements-dev.txt")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _no_unexpected_app_error(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail a test in which the app met an unexpected error (a bug).

    ``ui.faults.guard`` shows visitors a Dutch notice instead of Streamlit's exception
    box, so ``AppTest.exception`` stays empty; the critical log record still tells.
    """
    yield
    bugs = [
        record
        for record in caplog.get_records("call")
        if record.name == "w13.faults" and record.levelno >= logging.CRITICAL
    ]
    assert not bugs, "the app met an unexpected error:\n" + "\n".join(
        caplog.text.splitlines()[-40:]
    )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the test item, so fixtures can react to a failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report
