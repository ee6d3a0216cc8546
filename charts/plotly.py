"""The one Plotly renderer of a ``ChartSpec`` and the one config for ``st.plotly_chart``.

Everything that must look the same on every chart lives here: Flemish separators,
municipality colours, the source line inside the figure (it survives a screenshot),
event markers, reference lines, "<5" labels and a PNG export at slide size. Every
text of the spec is escaped first (``charts.text.for_plotly``): names from files are
data, never Plotly markup.

The layout is made for the band of widths the chart is drawn at (``charts.layout``):
title, subtitle, event labels and value-axis caption above the plot, the legend and the
source line below it, every distance fixed in pixels so that no two texts meet.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from charts import layout, maptraces, marks, numbers, plan, traces
from charts.layout import Sizes, block
from charts.spec import ChartSpec
from charts.text import for_plotly

SLIDE_WIDTH, SLIDE_HEIGHT = 1920, 1080
# Plotly's empty "none" template, resolved once: figures are built without validation,
# which would otherwise resolve the name (and the default template adds ~8 KB of JSON).
NO_TEMPLATE = pio.templates["none"].to_plotly_json()

# NOTE: one button, the PNG download at slide size. Zooming and panning are off: on a
# phone a finger that scrolls the page must not drag the chart, and a director has
# nothing to zoom into on a yearly chart.
CONFIG: dict = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtons": [["toImage"]],
    "scrollZoom": False,
    "toImageButtonOptions": {
        "format": "png",
        "width": SLIDE_WIDTH,
        "height": SLIDE_HEIGHT,
        "scale": 1,
        "filename": "grafiek",
    },
}

FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
TEXT = "#222222"
AXIS_TEXT = "#444444"
GRID = "#e5e5e5"


def config(spec: ChartSpec) -> dict:
    """``CONFIG`` with the PNG named after what ``spec`` shows."""
    image = CONFIG["toImageButtonOptions"] | {"filename": spec.filename}
    return CONFIG | {"toImageButtonOptions": image}


def figure(spec: ChartSpec, *, presentation: bool = False, width: float | None = None) -> go.Figure:
    """Draw ``spec`` for a chart ``width`` pixels wide (None: a laptop's);
    ``presentation`` enlarges every font for a projector."""
    size = layout.sizes(width, presentation)
    if spec.kind == "map":
        return _map(for_plotly(spec), size)
    shape = traces.shape_of(for_plotly(spec), size)
    where = plan.plan(shape)
    # NOTE: Plotly's validation made up most of a figure's cost (15 ms against 3 ms) on
    # every rerun; the figures are built only here, and a test validates every chart of
    # the catalogue, so validation is skipped at run time.
    return go.Figure(
        data=traces.traces(shape, where.legend) + where.reference_entries,
        layout=_layout(shape, where),
        _validate=False,
    )


def _map(spec: ChartSpec, size: Sizes) -> go.Figure:
    """A map: outlines as filled polygons on hidden axes (``charts.maptraces``)."""
    where = maptraces.plan(spec, size)
    frame = plan.Frame(where.left, where.right, where.top, where.bottom, where.plot)
    texts = _texts(spec, size, frame, where.title, where.subtitle, where.source)
    out = _common(size, frame, where.source, bool(where.legend))
    out |= {
        "annotations": texts + maptraces.names(spec, where, size),
        "hovermode": "closest",
        **maptraces.axes(spec, where),
    }
    return go.Figure(data=maptraces.traces(spec, where), layout=out, _validate=False)


def _common(size: Sizes, frame: plan.Frame, source: list[str], legend: bool) -> dict:
    """What every figure's layout shares: fonts, margins, the legend below the plot."""
    below = size.pad + block(len(source), size.small) + 6
    return {
        "template": NO_TEMPLATE,
        "separators": numbers.PLOTLY_SEPARATORS,
        "font": {"family": FONT, "size": size.text, "color": TEXT},
        "height": frame.height,
        "margin": {
            "t": frame.top,
            "b": frame.bottom,
            "l": frame.left,
            "r": frame.right,
            "pad": 0,
            "autoexpand": False,
        },
        "showlegend": legend,
        # below the plot, where it covers nothing; Plotly wraps it to the width
        "legend": {
            "orientation": "h",
            "xref": "container",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": below / frame.height,
            "yanchor": "bottom",
            "maxheight": frame.bottom,  # never a scrolling legend
            "font": {"size": size.text},
            "traceorder": "normal",
        },
        "dragmode": False,
        "meta": {"band": size.width},  # which layout this is (read by the browser test)
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
    }


def _layout(shape: traces.Shape, where: plan.Plan) -> dict:
    spec, size, frame = shape.spec, shape.size, where.frame
    texts = _texts(spec, size, frame, where.title, where.subtitle, where.source)
    if shape.horizontal:
        texts.append(_value_axis_title(spec, size, where.ticks))
    out = _common(size, frame, where.source, bool(where.legend)) | {
        "barmode": "stack" if shape.stacked else "group",
        "bargap": 0.2,
        "annotations": texts + where.events.labels,
        **_axes(shape, where),
    }
    if where.events.shapes or where.reference_shapes:
        out["shapes"] = where.events.shapes + where.reference_shapes
    if spec.kind == "stacked_column":
        out["uniformtext"] = {"minsize": size.small - 2, "mode": "hide"}
    return out


def _axes(shape: traces.Shape, where: plan.Plan) -> dict:
    spec, size = shape.spec, shape.size
    categories = spec.categories
    fixed = {
        "automargin": False,
        "fixedrange": True,
        "tickfont": {"size": size.tick, "color": AXIS_TEXT},
        "ticks": "outside",
        "ticklen": 5,
        "tickcolor": "#999999",
        "tickangle": 0,
    }
    value = fixed | {
        "tickformat": numbers.d3_tick_format(spec.value_format),
        "hoverformat": numbers.d3_format(spec.value_format),
        "gridcolor": GRID,
        "zeroline": True,
        "zerolinecolor": "#999999",
        "range": [where.bottom, where.top],
        "nticks": 4 if size.width < layout.WIDTHS[1] else 6,  # fewer ticks on a phone
    }
    category = fixed | {
        "type": "category",  # "2019" stays a label, never a number or a date
        "categoryorder": "array",
        "categoryarray": categories,
        "range": [-0.5, len(categories) - 0.5],
        "showgrid": False,
    }
    if shape.horizontal:
        category |= {
            "range": [len(categories) - 0.5, -0.5],  # first category on top, as in a table
            "tickmode": "array",
            "tickvals": categories,
            "ticktext": where.names,
            "tickcolor": "rgba(0,0,0,0)",  # no tick marks, but their room before the names
        }
        return {"xaxis": value, "yaxis": category}
    step = layout.tick_step(categories, where.room, size.tick)
    if step > 1:
        category |= {"tickmode": "linear", "tick0": 0, "dtick": step}
    value["title"] = {"text": spec.y_title, "font": {"size": size.text, "color": AXIS_TEXT}}
    return {"xaxis": category, "yaxis": value}


def _texts(
    spec: ChartSpec,
    size: Sizes,
    frame: plan.Frame,
    title: list[str],
    subtitle: list[str],
    source: list[str],
) -> list[dict]:
    """Title, subtitle and source line as annotations placed in pixels from the plot
    area's corners."""
    edge = {"x": 0, "xanchor": "left", "xshift": -(frame.left - size.pad)}
    common = {"xref": "paper", "yref": "paper", "showarrow": False, "align": "left"}
    top = frame.top - size.pad
    texts = [
        common
        | edge
        | {
            "name": "title",
            "text": "<br>".join(title),
            "y": 1,
            "yanchor": "top",
            "yshift": top,
            "font": {"size": size.title, "color": TEXT, "weight": "bold"},
        }
    ]
    if subtitle:
        texts.append(
            common
            | edge
            | {
                "name": "subtitle",
                "text": "<br>".join(subtitle),
                "y": 1,
                "yanchor": "top",
                "yshift": top - block(len(title), size.title) - 4,
                "font": {"size": size.subtitle, "color": marks.TEXT_GREY},
            }
        )
    texts.append(
        common
        | edge
        | {
            "name": "source",
            "text": "<br>".join(source),
            "y": 0,
            "yanchor": "bottom",
            "yshift": -(frame.bottom - size.pad),
            "font": {"size": size.small, "color": marks.TEXT_GREY},
        }
    )
    return texts


def _value_axis_title(spec: ChartSpec, size: Sizes, ticks: float) -> dict:
    """The value axis's title under horizontal bars (their names take the left side)."""
    return {
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        "align": "left",
        "name": "value axis",
        "text": spec.y_title,
        "x": 0.5,
        "xanchor": "center",
        "y": 0,
        "yanchor": "top",
        "yshift": -(ticks + 4),
        "font": {"size": size.text, "color": AXIS_TEXT},
    }
