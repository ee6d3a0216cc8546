"""Real-browser layout test: no text of any chart meets another text or leaves its chart.

Every chart of every page and view (each Instroom view picked in its segmented control)
is measured at 1920×1080, 1366×768 and 390×844, on the sample data (also in presentation
mode) and on a store with long organisation names (imported through the store API).
For each chart the bounding boxes of all its SVG text elements and of its modebar are
collected; no two may intersect and none may leave the chart's SVG. Nothing is
exempted: a label's white background is a rect, not a text, and a multi-line text is
one element.

One server per store; each page is opened once and resized through the three sizes
(each view is a click, not a new page). Screenshots of every chart at every size go to
``test-artifacts/layout/``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from charts import NoData, catalogue
from charts.layout import WIDTHS
from indicators.datasets import Datasets
from indicators.filters import Filters
from tests.test_browser import ARTIFACTS, PLOTLY, exception_texts, wait_until_idle

pytestmark = pytest.mark.browser

SIZES = ((1920, 1080), (1366, 768), (390, 844))
SHOTS = ARTIFACTS / "layout"
TOLERANCE = 0.5  # px: boxes that merely touch do not overlap
# Streamlit's header floats over the page: kept out of a tall chart's screenshot.
NO_HEADER = '[data-testid="stHeader"] { visibility: hidden; }'
LOAD_TIMEOUT_MS = 90_000
SAMPLE = "voorbeeldgegevens"

# Boxes of the texts and the modebar of every chart, and the layout band it was drawn for.
BOXES = """
() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((plot) => {
  const rect = (r) => [r.left, r.top, r.right, r.bottom];
  const hidden = (node) => {
    for (let n = node; n && n !== plot; n = n.parentElement) {
      const style = getComputedStyle(n);
      if (style.display === 'none' || style.visibility === 'hidden'
          || parseFloat(style.opacity) === 0) return true;
    }
    return false;
  };
  const items = [];
  for (const text of plot.querySelectorAll('svg text')) {
    const content = text.textContent.trim();
    const box = text.getBoundingClientRect();
    if (!content || !box.width || !box.height || hidden(text)) continue;
    items.push({text: content.slice(0, 70), kind: text.getAttribute('class')
      || text.parentElement.getAttribute('class') || '', box: rect(box)});
  }
  const modebar = plot.querySelector('.modebar');
  if (modebar) items.push({text: '[modebar]', kind: 'modebar',
                           box: rect(modebar.getBoundingClientRect())});
  return {box: rect(plot.querySelector('.main-svg').getBoundingClientRect()), items,
          band: plot.layout && plot.layout.meta ? plot.layout.meta.band : null};
})
"""
# The band the page's charts must be drawn for at the current window size (as ui.viewport
# decides it, coming from a wider window or the first load).
EXPECTED_BAND = """
(widths) => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const style = getComputedStyle(main);
  const room = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return widths.filter((w) => w <= room).pop() ?? widths[0];
}
"""


def _meets(one: list[float], other: list[float]) -> bool:
    return (
        one[0] + TOLERANCE < other[2]
        and other[0] + TOLERANCE < one[2]
        and one[1] + TOLERANCE < other[3]
        and other[1] + TOLERANCE < one[3]
    )


def _outside(item: list[float], chart: list[float]) -> bool:
    return (
        item[0] < chart[0] - TOLERANCE
        or item[1] < chart[1] - TOLERANCE
        or item[2] > chart[2] + TOLERANCE
        or item[3] > chart[3] + TOLERANCE
    )


def problems(chart: dict) -> list[str]:
    """Every pair of texts (or a text and the modebar) that meet, and every text that
    leaves the chart."""
    items = chart["items"]
    found = [
        f"{a['text']!r} meets {b['text']!r}"
        for i, a in enumerate(items)
        for b in items[i + 1 :]
        if _meets(a["box"], b["box"])
    ]
    found += [f"{a['text']!r} leaves the chart" for a in items if _outside(a["box"], chart["box"])]
    return found


def _drawable(datasets: Datasets) -> set[str]:
    """The chart keys that draw on ``datasets`` (the comparisons with Flanders, say, only
    with data of the rest of Flanders)."""
    out = set()
    for key in catalogue.CATALOGUE:
        try:
            catalogue.build(key, datasets, Filters())
        except NoData:
            continue
        out.add(key)
    return out


def _views(
    drawable: set[str], presenting: bool = False
) -> list[tuple[str, str | None, int, bool]]:
    """(page, view label or None, number of charts, presentation mode) for every page and
    view whose charts draw; with ``presenting``, the pages that show all their charts
    once more in presentation mode."""
    out: list[tuple[str, str | None, int, bool]] = []
    for page in catalogue.PAGES:
        keys = catalogue.for_page(page)
        if page == "instroom":  # a headline chart and one view at a time
            out += [(page, catalogue.label(key), 2, False) for key in keys[1:] if key in drawable]
        else:
            out.append((page, None, len([k for k in keys if k in drawable]), False))
    if presenting:
        out += [(p, None, n, True) for p, view, n, _ in out if view is None]
    return out


def _show(tab, width: int, height: int, count: int) -> list[dict]:
    """Resize the window, wait for ``count`` charts of the right band, return their boxes."""
    tab.set_viewport_size({"width": width, "height": height})
    band = tab.evaluate(EXPECTED_BAND, list(WIDTHS))
    ready = """([band, count]) => {
        const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
        return plots.length === count && plots.every((p) => p.layout && p.layout.meta
            && p.layout.meta.band === band && p.querySelector('.main-svg'));
    }"""
    tab.wait_for_function(ready, arg=[band, count])
    wait_until_idle(tab)
    tab.wait_for_function(ready, arg=[band, count])  # still so once the page is idle
    return tab.evaluate(BOXES)


def _measure_all(browser, url: str, store: str, views: list) -> tuple[list[str], int]:
    """Open every page and view at every size; the problems found and charts measured."""
    width, height = SIZES[0]
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(LOAD_TIMEOUT_MS)
    tab = context.new_page()
    found: list[str] = []
    measured = 0
    sizes = list(SIZES)
    started = time.time()
    try:
        current_page = None
        for page, view, count, presenting in views:
            if (page, presenting) != current_page:
                path = "" if page == "overzicht" else page
                tab.goto(f"{url}/{path}" + ("?presentatie=true" if presenting else ""))
                tab.wait_for_selector(PLOTLY, state="attached")
                wait_until_idle(tab)
                current_page = (page, presenting)
            if view is not None:
                tab.locator('[data-testid="stButtonGroup"]').get_by_role(
                    "radio", name=view, exact=True
                ).click()
                wait_until_idle(tab)
            for width, height in sizes:
                try:
                    charts = _show(tab, width, height, count)
                except PlaywrightTimeout as error:
                    shot = SHOTS / f"timeout-{store}-{page}-{width}.png"
                    tab.screenshot(path=str(shot))
                    raise AssertionError(f"{store} {page} {view} {width}: {shot}") from error
                assert len(charts) == count, (store, page, view, width, len(charts))
                assert exception_texts(tab) == []
                folder = SHOTS / store / f"{width}x{height}"
                folder.mkdir(parents=True, exist_ok=True)
                name = page + (f"-{view}" if view else "") + ("-presentatie" if presenting else "")
                for i, chart in enumerate(charts):
                    measured += 1
                    where = f"{store} {width}×{height} {name} chart {i + 1}"
                    found += [f"{where}: {p}" for p in problems(chart)]
                    # the Instroom headline chart is the same in every view: shot once
                    shot = folder / f"{_slug(page if view and i == 0 else name)}-{i + 1}.png"
                    if not shot.exists() or shot.stat().st_mtime < started:
                        chart_element = tab.locator(".js-plotly-plot").nth(i)
                        chart_element.screenshot(path=str(shot), style=NO_HEADER)
            sizes.reverse()  # the next view starts at the size this one ended with
    finally:
        context.close()
    return found, measured


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


LONG = " – vereniging zonder winstoogmerk voor sociale tewerkstelling en buurtdiensten"
ONE_WORD = "Maatwerkbedrijfsvereniging" + "Zuidwestvlaanderen" * 2  # no place to break


def _long(names: pd.Series) -> pd.Series:
    """Organisation names as long as real ones get, one of them a single long word."""
    first = names.dropna().iloc[0] if names.notna().any() else None
    return names.map(lambda n: ONE_WORD if n == first else f"{n}{LONG}", na_action="ignore")


def _sample() -> dict[str, pd.DataFrame]:
    from sample_data.generate import expected_inflow, expected_lde, expected_maatwerk

    return {"inflow": expected_inflow(), "lde": expected_lde(), "maatwerk": expected_maatwerk()}


@pytest.fixture(scope="module")
def long_names_server(start_app, tmp_path_factory):
    """A dashboard on a store holding the sample figures under long organisation names,
    and inflow, maatwerk and LDE open data of the rest of Flanders (so the comparisons
    draw); returns the server and the frames it holds."""
    from loaders import load_inflow, load_lde, load_maatwerk
    from reference import load_region
    from storage import Store
    from tests.flanders_opendata import write, write_inflow, write_sites

    folder: Path = tmp_path_factory.mktemp("long-names")
    url = f"sqlite:///{folder / 'w13.sqlite'}"
    store = Store(url)
    frames = {k: f.assign(organisation=_long(f["organisation"])) for k, f in _sample().items()}
    region = load_region()
    flanders = {
        kind: frame.loc[frame["municipality"] == label]
        for kind, frame, label in (
            ("maatwerk", load_maatwerk(write(folder / "wse_vlaanderen.csv", region)),
             region.outside_label),
            ("lde", load_lde(write_sites(folder / "wse_vestigingen.csv", region)),
             region.outside_label),
            ("inflow", load_inflow(write_inflow(folder / "vdab_vlaanderen.csv", region)),
             region.comparison_label),
        )
    }
    # NOTE: an inflow file naming no organisation replaces all inflow of its periods (the
    # sample's too), so these comparison rows come under an organisation of their own.
    flanders["inflow"] = flanders["inflow"].assign(organisation="Open data Vlaanderen")
    for i, (kind, frame) in enumerate((*frames.items(), *flanders.items())):
        plan = store.plan_import(kind, frame, file_name=f"{kind}.xlsx", sha256=f"{i}" * 64)
        store.apply_import(plan, user="test")
    store.dispose()
    for kind, frame in flanders.items():
        frames[kind] = pd.concat([frames[kind], frame], ignore_index=True)
    return start_app(env={"DATABASE_URL": url}), frames


@pytest.mark.parametrize("store", [SAMPLE, "lange-namen"])
def test_no_chart_text_meets_another_or_leaves_its_chart(store, request, browser) -> None:
    if store == SAMPLE:
        app, frames = request.getfixturevalue("dashboard_server"), _sample()
    else:
        app, frames = request.getfixturevalue("long_names_server")
    views = _views(_drawable(Datasets(**frames)), presenting=store == SAMPLE)
    found, measured = _measure_all(browser, app.url, store, views)
    charts = sum(count for _, _, count, _ in views) * len(SIZES)
    assert measured == charts
    assert not found, f"{len(found)} problems (screenshots in {SHOTS}):\n" + "\n".join(found)
