"""The map in a real browser, on a network without internet: every request that leaves
127.0.0.1 is blocked and recorded, and the maps draw all the same (their outlines are
filled polygons of the figure itself: no tiles, no topojson from a CDN).

On the sample data the Overzicht map and the Instroom map views draw every municipality
of W13 with names and a legend; a dashboard configured with another region file (three
municipalities on the border of West- and Oost-Vlaanderen) draws those three, among
grey neighbours. Screenshots go to ``test-artifacts/map/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reference import load_region
from tests.test_browser import (
    ARTIFACTS,
    PLOTLY,
    exception_texts,
    offline_context,
    wait_until_idle,
)

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "map"
LEIE = Path(__file__).parent / "regions" / "leie.toml"

# Per map on the page: its hover points (one per drawn municipality), the names written
# on or beside the shapes, the legend entries, and how many filled polygons the SVG holds.
MAPS = """
() => Array.from(document.querySelectorAll('.js-plotly-plot'))
  .filter((plot) => (plot.layout.annotations || []).some((a) => a.name === 'map name'))
  .map((plot, i) => {
    const hover = plot.data.find((t) => t.mode === 'markers' && t.hovertext);
    return {
      index: Array.from(document.querySelectorAll('.js-plotly-plot')).indexOf(plot),
      hover: hover ? hover.hovertext : [],
      names: plot.layout.annotations.filter((a) => a.name === 'map name').map((a) => a.text),
      legend: Array.from(plot.querySelectorAll('.legendtext')).map((t) => t.textContent),
      fills: plot.querySelectorAll('.scatterlayer .js-fill').length,
    };
  })
"""


def _maps(tab, url: str) -> list[dict]:
    tab.goto(url)
    tab.wait_for_selector(PLOTLY, state="attached")
    wait_until_idle(tab)
    assert exception_texts(tab) == []
    return tab.evaluate(MAPS)


def _shot(tab, index: int, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.locator(".js-plotly-plot").nth(index).screenshot(path=str(SHOTS / f"{name}.png"))


def test_the_maps_draw_offline_with_every_municipality(dashboard_server, browser) -> None:
    context, outside = offline_context(browser, 1366, 900)
    names = load_region().names
    try:
        tab = context.new_page()
        [overview] = _maps(tab, dashboard_server.url)
        _shot(tab, overview["index"], "overzicht")
        tab.goto(f"{dashboard_server.url}/instroom")
        wait_until_idle(tab)
        tab.locator('[data-testid="stButtonGroup"]').get_by_role(
            "radio", name="Kaart: instroom per 1.000 inwoners", exact=True
        ).click()
        wait_until_idle(tab)
        [rate] = tab.evaluate(MAPS)
        _shot(tab, rate["index"], "instroom-per-1000")
    finally:
        context.close()
    assert outside == [], f"fetched from outside the server: {outside}"
    for found in (overview, rate):
        # every municipality carries its figures in the hover, in region order
        assert [h.split(":")[0] for h in found["hover"]] == names
        assert set(found["names"]) <= set(names) and len(found["names"]) >= len(names) // 2
        assert found["fills"] >= 2 and found["legend"]
    assert any(" tot " in entry for entry in rate["legend"])  # value classes


def test_another_region_file_draws_its_own_municipalities(start_app, browser, tmp_path) -> None:
    from storage import Store
    from tests.store_helpers import inflow

    region = load_region(LEIE)
    url = f"sqlite:///{tmp_path / 'leie.sqlite'}"
    store = Store(url)
    rows = [
        (year, None, name, "LDE", None, count)
        for year, counts in ((2019, (40, 22, 9)), (2023, (30, 25, 7)))
        for name, count in zip(region.names, counts, strict=True)
    ]
    frame = inflow(*rows).assign(nis_code=lambda f: f["municipality"].map(region.nis_codes))
    store.apply_import(store.plan_import("inflow", frame, file_name="leie.xlsx", sha256="l" * 64),
                       user="test")
    store.dispose()
    app = start_app(env={"DATABASE_URL": url, "W13_REGION_FILE": str(LEIE)})
    context, outside = offline_context(browser, 1366, 900)
    try:
        tab = context.new_page()
        [found] = _maps(tab, app.url)
        _shot(tab, found["index"], "testregio-leie")
    finally:
        context.close()
    assert outside == []
    assert [h.split(":")[0] for h in found["hover"]] == ["Deinze", "Zulte", "Dentergem"]
    assert set(found["names"]) == {"Deinze", "Zulte", "Dentergem"}
    # Deinze: 40 → 30 starts, −25 %; Dentergem: 9 → 7, a small base (dotted, in numbers)
    hover = dict(h.split(": ", 1) for h in found["hover"])
    assert hover["Deinze"].startswith("−25 %") and hover["Dentergem"].startswith("9 in 2019")
