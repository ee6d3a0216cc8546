"""Overzicht: headline tiles, data freshness per dataset and the headline chart."""

import streamlit as st

from ui import data, filters, frame, show

frame.require_entry()

chosen = filters.current()
st.title("Sociale economie in de regio")
headline, freshness = data.tiles(chosen)

if headline:
    for column, tile in zip(st.columns(len(headline)), headline, strict=True):
        column.metric(
            tile.label,
            tile.value,
            tile.delta,
            delta_color=tile.delta_colour,
            delta_arrow="off" if tile.delta_colour == "off" else "auto",
            help=tile.help or None,
            border=True,
        )
else:
    st.info("Er zijn nog geen cijfers voor deze selectie.", icon=":material/info:")

show.page_charts("overzicht", chosen)

st.subheader("Actualiteit van de gegevens")
for column, tile in zip(st.columns(len(freshness)), freshness, strict=True):
    column.metric(
        tile.label,
        tile.value,
        tile.delta,
        delta_color="off",
        delta_arrow="off",
        help=tile.help or None,
    )
