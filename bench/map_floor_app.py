"""The floor under ``map_draw_s``: a bare Streamlit app with one square polygon on the same kind of
map as the pages' (plotly ``choropleth`` on a ``geo`` subplot: SVG, see dashboard/maps.py). What it
takes to paint is Streamlit's front end and plotly.js starting up in this browser, none of it ours."""

from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from dashboard.maps import INDONESIA, svg_view
from dashboard.warehouse import write_base_topology

#: Clockwise, as plotly's SVG maps read an outer ring (dashboard.warehouse._clockwise).
SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": "a",
            "properties": {},
            "geometry": {"type": "Polygon", "coordinates": [[[110, -5], [110, -3], [112, -3], [112, -5], [110, -5]]]},
        }
    ],
}
write_base_topology(Path(__file__).resolve().parent / "static" / "opsi" / "topojson")
fig = go.Figure(go.Choropleth(geojson=SQUARE, locations=["a"], z=[1], featureidkey="id"))
fig.update_layout(geo=svg_view(INDONESIA))  # the pages' national view
st.plotly_chart(fig, config={"topojsonURL": "/app/static/opsi/topojson/"})
