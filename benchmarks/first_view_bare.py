"""The baseline of bench_first_view.py: a bare Streamlit page with one Plotly chart, the
same figure as Overzicht's headline chart (sample data, laptop layout), and nothing else.

Run by the benchmark with ``streamlit run benchmarks/first_view_bare.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from charts import catalogue, layout
from charts import plotly as chart_plotly
from indicators.datasets import Datasets
from indicators.filters import Filters
from reference import load_region


@st.cache_resource
def _figure():
    from sample_data.generate import expected_inflow, expected_lde, expected_maatwerk

    data = Datasets(
        inflow=expected_inflow(),
        lde=expected_lde(),
        maatwerk=expected_maatwerk(),
        region=load_region(),
    )
    spec = catalogue.build("overzicht.instroom", data, Filters())
    return spec, chart_plotly.figure(spec, width=layout.DEFAULT_WIDTH)


spec, figure = _figure()
st.plotly_chart(figure, config=chart_plotly.config(spec), width="stretch", theme=None)
