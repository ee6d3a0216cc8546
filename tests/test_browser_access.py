"""Accessibility in a real browser: nothing is fetched from outside the server (the
dashboard works on a network without internet), every chart has a text alternative
and its numbers one click away, and all text on every page meets WCAG 2.1 AA contrast.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.test_browser import (
    LOCAL_HOSTS,
    NAV_LINK,
    PLOTLY,
    exception_texts,
    offline_context,
    wait_until_idle,
)
from ui import show

pytestmark = pytest.mark.browser

CHART_PAGES = {"overzicht", "instroom", "lde", "maatwerk"}
NUMBERS = show.NUMBERS
ALTERNATIVE = f".{show.ALTERNATIVE}"
AA, AA_LARGE = 4.5, 3.0

# The contrast of every visible text in the main column and the sidebar (not the charts:
# their text colours are tested in tests/test_chart_access.py), against the background
# it is drawn on (every background behind it blended, as the eye sees it).
CONTRASTS = """
() => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3]));
  // what lies under the middle of the text, bottom to top, up to the text's element
  const behind = (element, box) => {
    const stack = document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    const below = stack.slice(stack.indexOf(element)).reverse();
    let colour = [255, 255, 255];
    for (const e of below) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) colour = over(c, colour);
    }
    return colour;
  };
  const out = [];
  const scope = '[data-testid="stMain"] *, [data-testid="stSidebar"] *';
  for (const element of document.querySelectorAll(scope)) {
    if (element.closest('svg, .js-plotly-plot, [disabled], [aria-disabled="true"]')) continue;
    const own = Array.from(element.childNodes)
      .some((n) => n.nodeType === 3 && n.textContent.trim());
    const box = element.getBoundingClientRect();
    if (!own || box.width < 1 || box.height < 1) continue;
    let opacity = 1;
    let hidden = false;
    for (let e = element; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      opacity *= parseFloat(s.opacity);
      hidden = hidden || s.visibility === 'hidden' || s.display === 'none';
    }
    if (hidden || opacity === 0) continue;
    element.scrollIntoView({block: 'center'});
    const shown = element.getBoundingClientRect();
    if (!document.elementsFromPoint(shown.left + shown.width / 2,
                                    shown.top + shown.height / 2).includes(element)) continue;
    const style = getComputedStyle(element);
    const back = behind(element, shown);
    const text = parse(style.color);
    const fore = over([text[0], text[1], text[2], text[3] * opacity], back);
    const [light, dark] = [lum(fore), lum(back)].sort((a, b) => b - a);
    const size = parseFloat(style.fontSize);
    out.push({
      text: element.textContent.trim().slice(0, 60),
      ratio: (light + 0.05) / (dark + 0.05),
      // an icon (a ligature of the icon font) is a graphic: 3:1, as large text
      large: size >= 24 || (parseInt(style.fontWeight, 10) >= 700 && size >= 18.66)
        || !!element.closest('[data-testid="stIconMaterial"]'),
      colour: style.color,
    });
  }
  return out;
}
"""


def _pages(tab, url: str) -> dict[str, str]:
    """Page slug → URL, from the sidebar navigation."""
    hrefs = tab.eval_on_selector_all(NAV_LINK, "links => links.map(a => a.href)")
    return {urlsplit(h).path.strip("/") or "overzicht": h for h in hrefs}


def test_offline_alternatives_numbers_and_contrast(dashboard_server, browser) -> None:
    context, outside = offline_context(browser)
    weak: list[str] = []
    try:
        tab = context.new_page()
        tab.goto(dashboard_server.url)
        tab.wait_for_selector(PLOTLY, state="attached")
        wait_until_idle(tab)
        icon = tab.eval_on_selector('link[rel~="icon"]', "link => link.href")
        assert urlsplit(icon).hostname in LOCAL_HOSTS | {None}, icon
        pages = _pages(tab, dashboard_server.url)
        assert set(pages) >= CHART_PAGES
        for name, url in pages.items():
            tab.goto(url)
            if name in CHART_PAGES:
                tab.wait_for_selector(PLOTLY, state="attached")
            wait_until_idle(tab)
            assert exception_texts(tab) == [], name
            if name in CHART_PAGES:
                _each_chart_is_described(tab, name)
            weak += [
                f"{name}: {t['text']!r} {t['colour']} {t['ratio']:.2f}"
                for t in tab.evaluate(CONTRASTS)
                if t["ratio"] < (AA_LARGE if t["large"] else AA)
            ]
    finally:
        context.close()
    assert outside == [], f"fetched from outside the server: {outside}"
    assert not weak, "text below WCAG AA contrast:\n" + "\n".join(weak)


def _each_chart_is_described(tab, name: str) -> None:
    """A text alternative before every chart (with its finding), its numbers after it."""
    titles = tab.eval_on_selector_all(
        ".js-plotly-plot",
        """plots => plots.map(p => {
            const title = p.layout.annotations.find(a => a.name === 'title').text;
            const html = title.replaceAll('<br>', ' ');  // and entities decoded:
            return new DOMParser().parseFromString(html, 'text/html').body.textContent;
        })""",
    )
    alternatives = tab.eval_on_selector_all(ALTERNATIVE, "ps => ps.map(p => p.textContent)")
    assert len(alternatives) == len(titles), (name, alternatives, titles)
    for title, alternative in zip(titles, alternatives, strict=True):
        assert title in alternative, (name, title, alternative)
        assert "tabel onder de grafiek" in alternative
    expanders = tab.locator('[data-testid="stExpander"]').filter(has_text=NUMBERS)
    assert expanders.count() == len(titles), name
    expanders.first.click()
    table = expanders.first.locator("table")
    table.wait_for()
    # a real table: column headers a screen reader announces with each number
    assert table.locator('th[scope="col"]').count() >= 2


def test_contrast_waits_for_lazily_loaded_element_code(dashboard_server, browser) -> None:
    """The page's CSS arrives in an ``st.html`` element whose code Streamlit loads lazily;
    measured before it arrives, captions show Streamlit's own 60 % grey (4.1:1). This
    happened on a busy CI machine: the page counts as drawn only once that code is in."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context, _ = offline_context(browser)
    held: list = []
    holding = False

    def hold_html_code(route) -> None:
        if holding:
            held.append(route)
        else:
            route.continue_()

    context.route("**/static/js/Html.*.js", hold_html_code)
    try:
        tab = context.new_page()
        tab.goto(dashboard_server.url)
        tab.wait_for_selector(PLOTLY, state="attached")
        wait_until_idle(tab)
        url = _pages(tab, dashboard_server.url)["gegevens"]
        holding = True
        tab.goto(url)
        tab.wait_for_function("() => !!document.querySelector('[data-testid=\"stSkeleton\"]')")
        with pytest.raises(PlaywrightTimeout):
            wait_until_idle(tab, timeout=3_000)
        assert held, "the page loaded the element code from somewhere else"
        for route in held:
            route.continue_()
        wait_until_idle(tab)
        captions = [t for t in tab.evaluate(CONTRASTS) if "Lege Excel-bestanden" in t["text"]]
        assert captions and all(t["ratio"] >= AA for t in captions), captions
    finally:
        context.close()
