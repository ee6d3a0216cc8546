"""The one way a page draws a chart: a cached spec and figure with the shared config.

A chart that cannot be drawn (no file of that kind yet, a filter that leaves
nothing) becomes a friendly Dutch message instead of an exception.
"""

from __future__ import annotations

import html

import streamlit as st

from charts import catalogue
from charts import plotly as chart_plotly
from charts.spec import ChartSpec
from indicators.filters import Filters
from ui import data, viewport
from ui.filters import presentation_mode
from ui.markdown import literal

ALTERNATIVE = "w13-text-alternative"
NUMBERS = "Cijfers achter de grafiek"
VISUALLY_HIDDEN = (
    "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;"
    "clip:rect(0,0,0,0);white-space:nowrap;border:0"
)


def chart(
    key: str, filters: Filters, *, tables: bool = True, said: set[str] | None = None
) -> ChartSpec | None:
    """Draw chart ``key`` (and its numbers); returns its spec, or None when it has no data.

    ``said`` collects the messages shown in place of charts: one already in it is not
    repeated (three comparisons missing the same file say so once).
    """
    presentation = presentation_mode()
    drawn = data.drawn(key, filters, presentation=presentation, width=viewport.band())
    if isinstance(drawn.spec, data.NoChart):
        message = drawn.spec.message or "Geen gegevens voor deze selectie."
        if said is None or message not in said:
            st.info(literal(message), icon=":material/info:")
        if said is not None:
            said.add(message)
        return None
    with st.container(gap=None):
        # NOTE: Plotly's SVG says nothing useful to a screen reader; the chart in words
        # goes right before it, visually hidden (no gap: it takes no room either).
        st.html(
            f'<p class="{ALTERNATIVE}" style="{VISUALLY_HIDDEN}">'
            f"{html.escape(drawn.alternative)}</p>"
        )
        # NOTE: theme=None: the figure's own fonts and colours, not Streamlit's (its light
        # grey tick labels fail WCAG contrast, and its fonts differ from what charts.layout
        # measured).
        st.plotly_chart(
            drawn.figure,
            config=chart_plotly.config(drawn.spec),
            key=f"chart-{key}",
            width="stretch",
            theme=None,
        )
    if tables and not presentation and drawn.table:
        with st.expander(NUMBERS):
            st.html(drawn.table)
    return drawn.spec


def page_charts(page: str, filters: Filters, *, tables: bool = True) -> list[ChartSpec]:
    """Every chart the catalogue lists for ``page``, each with its numbers; drawn specs."""
    said: set[str] = set()
    drawn = [chart(key, filters, tables=tables, said=said) for key in catalogue.for_page(page)]
    return [spec for spec in drawn if spec is not None]


def chosen_chart(page: str, filters: Filters, *, headline: int = 1) -> list[ChartSpec]:
    """The first ``headline`` charts of ``page``, then one more the user picks.

    A page shows its headline chart and one detail view at a time (bound to the URL as
    ``weergave``): quicker to read, and quick to send.
    """
    keys = catalogue.for_page(page)
    shown = [chart(key, filters) for key in keys[:headline]]
    rest = keys[headline:]
    if rest:
        view = st.segmented_control(
            "Weergave",
            rest,
            default=rest[0],
            format_func=catalogue.label,
            key="weergave",
            bind="query-params",
            required=True,
        )
        shown.append(chart(view or rest[0], filters))
    return [spec for spec in shown if spec is not None]


def drawable(keys: list[str], filters: Filters) -> dict[str, str]:
    """The charts among ``keys`` that have data for ``filters``: key → label."""
    found = {key: data.spec(key, filters) for key in keys}
    return {key: catalogue.label(key) for key, spec in found.items() if isinstance(spec, ChartSpec)}
