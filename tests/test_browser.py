"""Real-browser tests: the dashboard as staff see it, in Debian's chromium.

Every page in the sidebar navigation is opened by its URL; the chart pages must draw
Plotly charts in the DOM, and no page may show a Streamlit exception box. Screenshots
go to ``test-artifacts/``; with ``W13_UPDATE_SCREENSHOTS=1`` (or when missing) the
Overzicht and Instroom screenshots are also copied to ``docs/img/`` for the README.
An editor (local mode) uploads a workbook on the Gegevens page over the first-start
sample data, confirms, sees only the file's figures, and undoes it: the sample is back.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import plotly.io as pio
import pytest
import xlsxwriter

from charts import plotly as chart_plotly
from charts.base import SAMPLE_MARK
from charts.spec import ChartSpec

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO_ROOT / "test-artifacts"
README_IMAGES = REPO_ROOT / "docs" / "img"
README_PAGES = ("overzicht", "instroom")
CHART_PAGES = {"overzicht", "instroom", "lde", "maatwerk"}
PLOTLY = ".js-plotly-plot .main-svg"
EXCEPTION = '[data-testid="stException"]'
NAV_LINK = '[data-testid="stSidebarNavLink"]'
VIEWPORT = {"width": 1440, "height": 1000}
LOAD_TIMEOUT_MS = 90_000
# Inflow per municipality in the uploaded workbook: far above any real or sample figure.
MARKER = 4321


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport=VIEWPORT, locale="nl-BE")
    context.set_default_timeout(LOAD_TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:  # what the browser showed when it failed
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"failed-{request.node.name}.png"), full_page=True)
    context.close()


def slug(url: str, base: str) -> str:
    """``http://host:port/instroom`` → ``instroom``; the default page is its title."""
    return url.removeprefix(base).strip("/") or ""


def wait_until_idle(page, timeout: float | None = None) -> None:
    """Wait until Streamlit's script run has finished and stayed finished for a moment.

    ``stApp`` carries the run state; a run can end in an immediate rerun (the first run
    of a fresh server does: see ui.frame.require_entry), so the state must hold for ~0.75 s.
    Elements that were stale fade back in through a CSS transition: on a busy machine it
    outlasts the run, so no transition may still be running either. Streamlit loads the
    code of some elements lazily (``st.html``, which carries the page's CSS, among them)
    and shows a skeleton until it arrives: the page is not drawn while one is left.
    """
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            const fading = document.getAnimations().some(
                (a) => a instanceof CSSTransition && a.playState === "running");
            const idle = app && app.dataset.testScriptState === "notRunning"
                && !document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')
                && !fading;
            window.__w13IdlePolls = idle ? (window.__w13IdlePolls || 0) + 1 : 0;
            return window.__w13IdlePolls >= 3;
        }""",
        polling=250,
        timeout=timeout,
    )
    page.wait_for_timeout(300)  # let Plotly finish its first layout pass


def navigation(page, app) -> dict[str, str]:
    """Page slug → URL, read from the sidebar navigation links."""
    page.goto(app.url)
    page.wait_for_selector(PLOTLY, state="attached")  # the default page, Overzicht, has charts
    wait_until_idle(page)
    links = page.eval_on_selector_all(
        NAV_LINK, "links => links.map(a => [a.getAttribute('href'), a.innerText.trim()])"
    )
    pages = {}
    for href, text in links:
        # innerText starts with the icon's ligature name ("dashboard"); the title is last.
        title = text.splitlines()[-1] if text else ""
        key = slug(href, app.url) or re.sub(r"\W+", "-", title.lower()).strip("-")
        pages[key] = href
    return pages


def open_page(page, app, url: str, *, charts: bool) -> None:
    """Open ``url`` and wait for its charts; on a time-out, keep a screenshot and the log."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(url)
    try:
        if charts:
            page.wait_for_selector(PLOTLY, state="attached")
        wait_until_idle(page)
    except PlaywrightTimeout as error:
        shot = screenshot(page, "timeout-" + (slug(url, app.url) or "start"))
        message = f"{url} did not finish: {error}\nsee {shot}\n{app.log_tail()}"
        raise AssertionError(message) from error


LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def offline_context(browser, width: int = 1366, height: int = 768):
    """A browser context on a network without internet: only the dashboard's own server
    answers; every other request is aborted and listed in the returned list."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-BE")
    context.set_default_timeout(90_000)
    outside: list[str] = []

    def only_local(route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    return context, outside


def exception_texts(page) -> list[str]:
    return page.eval_on_selector_all(EXCEPTION, "boxes => boxes.map(b => b.innerText)")


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    if name in README_PAGES:
        readme_image = README_IMAGES / f"{name}.png"
        if os.environ.get("W13_UPDATE_SCREENSHOTS") or not readme_image.exists():
            README_IMAGES.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{name}-viewport.png"))
            shutil.copyfile(ARTIFACTS / f"{name}-viewport.png", readme_image)
    return target


def chart_values(page) -> list[list[float]]:
    """The y values of every trace of every Plotly chart on the page, as drawn."""
    return page.eval_on_selector_all(
        ".js-plotly-plot",
        """plots => plots.flatMap(p => (p._fullData || []).map(
               t => Array.from(t.y || [], Number).filter(v => !Number.isNaN(v))))""",
    )


def test_every_page_renders_without_errors(dashboard_server, page) -> None:
    pages = navigation(page, dashboard_server)
    assert set(pages) >= CHART_PAGES, f"navigation has {sorted(pages)}"
    for name, url in pages.items():
        open_page(page, dashboard_server, url, charts=name in CHART_PAGES)
        shot = screenshot(page, name)
        errors = exception_texts(page)
        assert not errors, f"{name}: {errors}, see {shot}\n{dashboard_server.log_tail()}"
        if name in CHART_PAGES:
            drawn = page.locator(PLOTLY).count()
            assert drawn >= 1, f"{name}: no Plotly chart drawn, see {shot}"
            assert any(chart_values(page)), f"{name}: charts have no data, see {shot}"
    assert "Traceback" not in dashboard_server.log_tail(400)


def inflow_workbook(path: Path, year: int, per_municipality: int) -> Path:
    """A small, tidy inflow workbook as staff would fill in the template."""
    from reference import load_region, target_groups

    region = load_region()
    group = target_groups()[0].name
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Instroom")
    sheet.write_row(0, 0, ["Jaar", "Gemeente", "Doelgroep", "Instroom"])
    for row, municipality in enumerate(region.names, start=1):
        sheet.write_row(row, 0, [year, municipality, group, per_municipality])
    book.close()
    return path


def chart_texts(page) -> list[list[str]]:
    """Per Plotly chart on the page, every text it draws (titles, ticks, source line)."""
    return page.eval_on_selector_all(
        ".js-plotly-plot",
        "plots => plots.map(p => Array.from(p.querySelectorAll('text'), t => t.textContent))",
    )


def marked(page) -> list[bool]:
    """Per chart on the page: whether it says its data are fictional sample data."""
    return [any(SAMPLE_MARK in text for text in texts) for texts in chart_texts(page)]


def test_an_upload_replaces_the_sample_data_and_undo_brings_them_back(
    dashboard_server, page, tmp_path: Path
) -> None:
    """First start with sample data → upload a real file → the confirmation names the
    sample removal → the charts show only the file's totals, unmarked → undo → the
    sample is back, marked (issue 10)."""
    from playwright.sync_api import expect

    from reference import load_region

    pages = navigation(page, dashboard_server)
    assert "gegevens" in pages, "local mode: the single user is editor"
    open_page(page, dashboard_server, pages["instroom"], charts=True)
    before = chart_values(page)
    assert MARKER not in [v for trace in before for v in trace]
    assert marked(page) and all(marked(page)), "every sample chart says it is fictional"

    workbook = inflow_workbook(tmp_path / "instroom_2023.xlsx", year=2023, per_municipality=MARKER)
    open_page(page, dashboard_server, pages["gegevens"], charts=False)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(workbook)
    page.get_by_role("button", name="Importeren", exact=True).click()
    expect(page.get_by_text("alle fictieve voorbeeldgegevens")).to_be_visible()
    screenshot(page, "gegevens-bevestigen")
    page.get_by_role("button", name="Bevestigen en importeren").click()
    expect(page.get_by_text("1 bestand geïmporteerd")).to_be_visible()
    wait_until_idle(page)
    assert exception_texts(page) == []

    open_page(page, dashboard_server, pages["instroom"], charts=True)
    screenshot(page, "instroom-na-import")
    # Only the file's own total: 2023, the marker in every municipality, no sample year.
    assert chart_values(page)[0] == [MARKER * len(load_region().names)]
    assert not any(marked(page))
    assert page.get_by_text("Voorbeeldgegevens", exact=True).count() == 0

    open_page(page, dashboard_server, pages["gegevens"], charts=False)
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Import ongedaan maken").click()
    page.get_by_role("option", name=re.compile("instroom_2023.xlsx")).click()
    wait_until_idle(page)
    page.get_by_role("button", name="Ongedaan maken", exact=True).click()
    page.get_by_role("button", name="Ja, ongedaan maken").click()
    expect(page.get_by_text("is ongedaan gemaakt")).to_be_visible()
    wait_until_idle(page)

    open_page(page, dashboard_server, pages["instroom"], charts=True)
    screenshot(page, "instroom-na-ongedaan-maken")
    assert chart_values(page) == before  # the sample's figures, exactly
    assert marked(page) and all(marked(page))
    assert exception_texts(page) == []


# ------------------------------------------------------- password mode, by URL and widget

EDITOR_PASSWORD = "regie-w13-browser"


@pytest.fixture(scope="module")
def password_server(start_app):
    from ui.auth import hash_password

    return start_app(env={"W13_EDITOR_PASSWORD_HASH": hash_password(EDITOR_PASSWORD)})


def nav_titles(page) -> list[str]:
    texts = page.eval_on_selector_all(NAV_LINK, "links => links.map(a => a.innerText.trim())")
    return [text.splitlines()[-1] for text in texts if text]


def test_viewer_cannot_reach_the_data_page_by_url(password_server, page) -> None:
    # The first visit of a fresh server, by deep link: it must still run dashboard.py
    # (login box, role-based navigation), not the page file alone (see ui.frame.require_entry).
    page.goto(f"{password_server.url}/gegevens")
    page.locator('[data-testid="stSidebar"]').get_by_text("Aanmelden als bewerker").wait_for()
    wait_until_idle(page)
    assert "Gegevens" not in nav_titles(page)
    assert "Overzicht" in nav_titles(page)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    assert page.get_by_role("button", name="Importeren").count() == 0
    assert exception_texts(page) == []


def test_password_makes_the_visitor_editor(password_server, page) -> None:
    page.goto(password_server.url)
    wait_until_idle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("textbox", name="Je naam").fill("An Peeters")
    sidebar.locator('input[type="password"]').fill(EDITOR_PASSWORD)
    sidebar.get_by_role("button", name="Aanmelden").click()
    page.locator(NAV_LINK, has_text="Gegevens").wait_for()
    wait_until_idle(page)
    assert "An Peeters" in sidebar.inner_text()
    # Follow the link within this session (a new URL load would be a new, anonymous session).
    page.locator(NAV_LINK, has_text="Gegevens").click()
    page.locator('[data-testid="stFileUploader"]').wait_for()
    assert exception_texts(page) == []


def log_in(page, password: str, name: str = "An Peeters") -> str:
    """Submit the sidebar login form; the sidebar's text afterwards."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("textbox", name="Je naam").fill(name)
    sidebar.locator('input[type="password"]').fill(password)
    sidebar.get_by_role("button", name="Aanmelden").click()
    wait_until_idle(page)
    return sidebar.inner_text()


def test_a_name_written_as_a_link_shows_as_text_in_a_drawn_chart(browser):
    """Plotly draws the escaped name literally: no link element, the characters visible."""
    name = '<a href="https://evil.example">Klik hier</a>'
    spec = ChartSpec(
        key="test.link",
        title=f"{name} heeft de meeste VTE",
        kind="bar",
        data=pd.DataFrame({"x": [name, "Werkplus"], "series": name, "value": [3.0, 2.0]}),
        x_title="Organisatie",
        y_title="VTE",
        value_format="fte",
        source=f"Bron: {name}.xlsx",
    )
    html = pio.to_html(chart_plotly.figure(spec), include_plotlyjs=True, full_html=True)
    context = browser.new_context(viewport=VIEWPORT)
    try:
        tab = context.new_page()
        tab.set_content(html)
        tab.wait_for_selector(PLOTLY)
        assert tab.eval_on_selector_all(".js-plotly-plot svg a", "links => links.length") == 0
        texts = tab.eval_on_selector_all(
            ".js-plotly-plot text", "nodes => nodes.map(n => n.textContent)"
        )
        assert name in texts  # the category tick
        assert any(t.startswith(name) for t in texts)  # the title
        assert f"Bron: {name}.xlsx" in texts
    finally:
        context.close()


MARKDOWN_NAMES = [
    "[Klik hier](https://evil.example)",
    "https://evil.example/pad",
    "www.evil.example",
    "post@evil.example",
    '<a href="https://evil.example">a</a> <b>vet</b>',
    ":red[rood] :material/home: :smile: $x^2$ **vet** `code` ~~weg~~ _schuin_",
    "# Kop",
    "- lijst \\ schuine streep & 1.234,5",
]


def test_names_in_markdown_elements_show_as_typed(browser, start_app):
    """Links, bare URLs, e-mail addresses, LaTeX, icon codes: shown as characters."""
    app = start_app(
        env={"W13_TEST_NAMES": json.dumps(MARKDOWN_NAMES)},
        script=REPO_ROOT / "tests" / "apps" / "literal_names.py",
    )
    context = browser.new_context(viewport=VIEWPORT)
    try:
        tab = context.new_page()
        tab.goto(app.url)
        tab.wait_for_selector('[data-testid="stAlert"]')
        wait_until_idle(tab)
        main = '[data-testid="stMain"]'
        drawn = ", ".join(f"{main} {tag}" for tag in ("a", "img", ".katex", "h1", "ul", "code"))
        assert tab.eval_on_selector_all(drawn, "nodes => nodes.length") == 0
        visible = "nodes => nodes.map(n => n.innerText.replaceAll('\\u2060', '').trim())"
        texts = tab.eval_on_selector_all(f'{main} [data-testid="stMarkdownContainer"]', visible)
        alerts = tab.eval_on_selector_all(f'{main} [data-testid="stAlert"]', visible)
        for name in MARKDOWN_NAMES:
            assert texts.count(name) >= 2 and alerts.count(name) == 1, (name, texts, alerts)
    finally:
        context.close()


def test_an_unreachable_database_is_explained_in_dutch(browser, start_app) -> None:
    """A real server whose PostgreSQL is down: a Dutch explanation, the navigation
    works, no English error box; the server log has the traceback."""
    from storage.faults import MESSAGES

    app = start_app(env={"DATABASE_URL": "postgresql+psycopg://w13:w13@127.0.0.1:1/w13"})
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(app.url)
        page.get_by_text(MESSAGES["unreachable"]).wait_for()
        wait_until_idle(page)
        assert exception_texts(page) == []
        assert "This app has encountered an error" not in page.inner_text("body")
        page.locator(NAV_LINK, has_text="Instroom").click()
        page.wait_for_url("**/instroom")
        wait_until_idle(page)
        assert page.get_by_text(MESSAGES["unreachable"]).count() == 1
        assert exception_texts(page) == []
    finally:
        context.close()
    log = app.log_tail(400)
    assert "Database fault (unreachable)" in log and "Traceback" in log
