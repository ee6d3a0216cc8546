"""Overzicht: headline tiles, data freshness per dataset and the headline chart."""

import streamlit as st

from charts.overview import NO_DATA
from ui import data, filters, frame, show

frame.require_entry()

chosen = filters.current()
st.title("Sociale economie in de regio")
headline, freshness = data.tiles(chosen)

if any(tile.delta or tile.value != NO_DATA for tile in headline):
    for column, tile in zip(st.columns(len(headline)), headline, strict=True):
        column.metric(
            tile.label,
            tile.value,
            tile.delta,
            # NOTE: arrow and colour come from the numbers (charts.overview), never from
            # Streamlit reading the delta text, which misses the typographic minus.
            delta_color=tile.colour,
            delta_arrow=tile.arrow,
            help=tile.help or None,
            border=True,
        )
else:
    st.info("Er zijn nog geen cijfers voor deze selectie.", icon=":material/info:")

show.page_charts("overzicht", chosen)

st.subheader("Actualiteit van de gegevens")
st.html(freshness)
