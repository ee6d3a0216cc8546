"""The width band the page's charts are drawn in, as the browser reports it.

NOTE: Plotly cannot wrap a title or move a legend by itself, and the server does not
know how wide a visitor's window is. A tiny component (no visible element) measures the
main column in the browser and reports the band of ``charts.layout.WIDTHS`` it falls in,
only when the band changes: a rerun then sends charts laid out for that band. The first
run guesses from the browser's user agent (phone or not), so most visitors never wait
for a second run. A band is left downwards at once and upwards only with some margin,
so a scrollbar coming and going cannot make the page flicker between two layouts.
"""

from __future__ import annotations

import streamlit as st

from charts.layout import WIDTHS

KEY = "w13-viewport"
_BAND = "_w13_band"
PHONE_WIDTH = WIDTHS[0]
DESKTOP_WIDTH = WIDTHS[-1]
# Move up a band only this many pixels past its narrowest width.
HYSTERESIS = 24

_JS = """
export default function (component) {
  const { data, setStateValue } = component;
  const widths = data.widths;
  let band = data.band;
  const main = () => document.querySelector('[data-testid="stMainBlockContainer"]');
  const report = () => {
    const element = main();
    if (!element) return;
    const style = getComputedStyle(element);
    const room = element.clientWidth - parseFloat(style.paddingLeft)
      - parseFloat(style.paddingRight);
    if (room <= 0) return;  // not laid out (yet)
    let next = widths.filter((w) => w <= room).pop() ?? widths[0];
    if (next > band && room < next + data.hysteresis) next = band;
    if (next !== band) {
      band = next;
      setStateValue("band", band);
    }
  };
  // settle first: a window being resized, or a page still laying out, reports once
  let timer = null;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(report, 150);
  };
  const observer = new ResizeObserver(later);
  const element = main();
  if (element) observer.observe(element);
  window.addEventListener("resize", later);
  report();
  return () => {
    clearTimeout(timer);
    observer.disconnect();
    window.removeEventListener("resize", later);
  };
}
"""

_component = st.components.v2.component("w13_viewport", js=_JS)


def _guess() -> int:
    """The band before the browser has measured: phones are narrow, the rest is not."""
    agent = st.context.headers.get("User-Agent", "") if st.context.headers else ""
    return PHONE_WIDTH if "Mobi" in agent else DESKTOP_WIDTH


def measure() -> int:
    """Mount the measuring component (in the sidebar: it shows nothing) and return the
    band the charts of this run are drawn in."""
    guess = st.session_state.get(_BAND) or _guess()
    with st.sidebar:
        result = _component(
            key=KEY,
            data={"band": guess, "widths": list(WIDTHS), "hysteresis": HYSTERESIS},
            default={"band": guess},
            on_band_change=lambda: None,
            height=0,
        )
    st.session_state[_BAND] = int(result.band or guess)
    return st.session_state[_BAND]


def band() -> int:
    """The narrowest width of the band the page's charts are drawn in."""
    return st.session_state.get(_BAND) or _guess()
