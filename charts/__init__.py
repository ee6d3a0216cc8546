"""Chart specifications built from indicators, and the one Plotly renderer.

``charts.catalogue`` lists every chart per page; ``charts.plotly`` draws a
``ChartSpec`` for the dashboard; the ROSE pack draws the same specs natively.
"""

from charts.nodata import NoData
from charts.spec import ChartSpec, EventMarker, ReferenceLine

__all__ = ["ChartSpec", "EventMarker", "NoData", "ReferenceLine"]
