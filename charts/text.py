"""Text for Plotly, which reads a small HTML subset (``<a href>``, ``<b>``, ``<br>``,
``<span style>`` ...) in every title, tick, legend entry, hover label and annotation.

Names come from uploaded files: an organisation called ``<a href="https://…">Klik</a>``
must show as those characters, not as a link. ``ChartSpec`` text is plain text by
contract; the renderer escapes the whole spec once (``for_plotly``) and adds its own
markup (``<br>``) only after that.
"""

from __future__ import annotations

import html
from dataclasses import replace

import pandas as pd

from charts.geo import MapLayer
from charts.spec import ChartSpec


def plain(text: str) -> str:
    """``text`` as Plotly shows it literally: ``&``, ``<`` and ``>`` as entities."""
    # NOTE: Plotly decodes only &amp; &lt; &gt; (and a few others, and numeric ones) —
    # not &quot; — so quotes stay as they are.
    return html.escape(text, quote=False)


def _column(values: pd.Series) -> pd.Series:
    return values.map(lambda v: plain(v) if isinstance(v, str) else v)


def for_plotly(spec: ChartSpec) -> ChartSpec:
    """``spec`` with every text escaped for Plotly (names, labels, titles, source line)."""
    data = spec.data.copy()
    for column in ("x", "series", "text", "detail"):
        if column in data.columns:
            data[column] = _column(data[column])
    return replace(
        spec,
        title=plain(spec.title),
        subtitle=plain(spec.subtitle),
        x_title=plain(spec.x_title),
        y_title=plain(spec.y_title),
        source=plain(spec.source),
        data=data,
        colours={plain(name): colour for name, colour in spec.colours.items()},
        reference_lines=tuple(replace(r, label=plain(r.label)) for r in spec.reference_lines),
        events=tuple(replace(e, label=plain(e.label)) for e in spec.events),
        x_dates={plain(label): day for label, day in spec.x_dates.items()},
        highlight=tuple(plain(label) for label in spec.highlight),
        context=tuple(plain(name) for name in spec.context),
        map=_map(spec.map),
    )


def _map(layer: MapLayer | None) -> MapLayer | None:
    if layer is None:
        return None
    return replace(
        layer,
        areas=tuple(replace(a, name=plain(a.name)) for a in layer.areas),
        neighbours=tuple(replace(a, name=plain(a.name)) for a in layer.neighbours),
        legend=tuple(replace(s, label=plain(s.label)) for s in layer.legend),
        swatch={plain(name): i for name, i in layer.swatch.items()},
        missing=tuple(plain(name) for name in layer.missing),
        chosen=tuple(plain(name) for name in layer.chosen),
    )
