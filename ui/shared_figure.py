"""A Plotly figure built once per process and sent by every session that shows it.

``st.plotly_chart`` turns the figure it gets into a dict on every call (a deep copy of
every trace, each number array encoded as base64) before writing it as JSON: most of
what that call costs (0.5–2 ms a chart). A ``SharedFigure`` makes that dict once, when
the figure is cached (``ui.data``), and hands the same dict to every session after that.
"""

from __future__ import annotations

import plotly.graph_objects as go


class SharedFigure(go.Figure):
    """``figure``, frozen: ``to_dict`` returns the dict made at construction.

    Only for figures nobody changes after they are built (the cached ones are shared
    read-only by every session): a change made later would not reach ``to_dict``.
    """

    def __init__(self, figure: go.Figure) -> None:
        sent = figure.to_dict()
        # NOTE: built from that dict, unvalidated (charts.plotly's figures are, by the
        # catalogue test): a few times cheaper than copying the figure object. The dict
        # itself is what sessions get: the very JSON they got before, key order included.
        super().__init__(sent, _validate=False)
        self._shared_dict = sent

    def to_dict(self) -> dict:
        # NOTE: the same dict for every caller: st.plotly_chart only reads it (to JSON,
        # and the layout's width and height), so no copy per session.
        return self._shared_dict
