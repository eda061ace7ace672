"""The floor under ``map_draw_s``: a bare Streamlit app with one square polygon on the same kind of
map (``choroplethmap``, ``white-bg``). What it takes to paint is Streamlit's front end, plotly.js and
MapLibre starting up in this browser (software WebGL on a machine without a GPU), none of it ours."""

import plotly.graph_objects as go
import streamlit as st

SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": "a",
            "properties": {},
            "geometry": {"type": "Polygon", "coordinates": [[[110, -5], [112, -5], [112, -3], [110, -3], [110, -5]]]},
        }
    ],
}
fig = go.Figure(go.Choroplethmap(geojson=SQUARE, locations=["a"], z=[1]))
fig.update_layout(map={"style": "white-bg", "center": {"lat": -2.5, "lon": 118.0}, "zoom": 3.4})
st.plotly_chart(fig)
