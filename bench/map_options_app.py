"""Map options side by side, for ``bench/map_options.py``: one bare Streamlit app, one map per run,
the variant chosen by ``?v=``. Each variant draws the warehouse's 514 kabupaten/kota (or one square,
the floor) with one change, so the browser's cost of that change is measured alone.

Variants: ``floor`` (one square, ``choroplethmap``: MapLibre in WebGL), ``geo_floor`` and ``geo`` (one
square / the 514 regions as a ``choropleth`` on a ``geo`` subplot: SVG paths, no WebGL), ``kab`` (514 regions by URL, one trace, as the
Peta page draws them), ``kab_prov`` (+ the province outlines trace, as before), ``kab_inline`` (the
GeoJSON inside the figure), ``kab_t<tol>`` (simplified further as a coverage, ``tol`` in
thousandths of a degree, coordinates rounded to 2 decimals), ``kab_plain`` (one line colour instead of
one per region)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import shapely
import streamlit as st

from dashboard.warehouse import write_base_topology

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static" / "opsi"
WAREHOUSE = Path(os.environ["NETRALITAS_DATA"]) / "publik"
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


def _publish(name: str, data: dict) -> str:
    text = json.dumps(data, separators=(",", ":"))
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    STATIC.mkdir(parents=True, exist_ok=True)
    target = STATIC / f"{name}-{digest}.geojson"
    if not target.exists():
        target.write_text(text)
    return f"/app/static/opsi/{target.name}"


def base_topojson() -> str:
    """The empty base map plotly's SVG maps need offline (see dashboard.maps.map_config), served by this app."""
    write_base_topology(STATIC / "topojson")
    return "/app/static/opsi/topojson/"


@st.cache_resource
def layer(name: str, tolerance: float = 0.0, decimals: int = 3, cw: bool = False) -> tuple[str, list[str], dict]:
    data = json.loads((WAREHOUSE / name).read_text())
    if cw:
        from shapely.geometry import mapping, shape

        for f in data["features"]:
            f["geometry"] = json.loads(
                json.dumps(mapping(shapely.orient_polygons(shape(f["geometry"]), exterior_cw=True)))
            )
    if tolerance:
        from shapely.geometry import mapping, shape

        geoms = np.array([shape(f["geometry"]) for f in data["features"]], dtype=object)
        simple = shapely.set_precision(shapely.coverage_simplify(geoms, tolerance), 10**-decimals)
        for f, g in zip(data["features"], simple, strict=True):
            f["geometry"] = json.loads(json.dumps(mapping(g)))
    codes = [f["id"] for f in data["features"]]
    return _publish(f"{Path(name).stem}-{tolerance}-{cw}", data), codes, data


variant = st.query_params.get("v", "floor")
if "wide" in variant:  # the dashboard's layout: the map as wide as the main column (about 1,500 px at 1920)
    st.set_page_config(layout="wide")
fig = go.Figure()
if variant == "floor":
    fig.add_trace(go.Choroplethmap(geojson=SQUARE, locations=["a"], z=[1]))
elif variant.startswith("geo"):
    if variant == "geo_floor":
        sq = json.loads(json.dumps(SQUARE))
        sq["features"][0]["geometry"]["coordinates"][0].reverse()  # clockwise outer ring
        fig.add_trace(go.Choropleth(geojson=sq, locations=["a"], z=[1], featureidkey="id"))
    else:
        url, codes, data = layer("peta_kabupaten_kota.geojson", 0.0, 3, True)
        z = [(int(c.replace(".", "")) * 7919) % 97 - 1 for c in codes]
        fig.add_trace(
            go.Choropleth(
                geojson=data if "inline" in variant else url,
                locations=codes,
                z=z,
                featureidkey="id",
                marker={"line": {"width": 0.4, "color": "white"}},
                colorscale="Blues",
            )
        )
    fig.update_geos(
        visible=False,
        fitbounds=False,
        projection_type="mercator",
        center={"lat": -2.5, "lon": 118.0},
        lonaxis_range=[94.5, 141.5],
        lataxis_range=[-11.5, 6.5],
    )
else:
    tol = float(variant.split("_t", 1)[1].split("_")[0]) / 1000 if "_t" in variant else 0.0
    url, codes, data = layer("peta_kabupaten_kota.geojson", tol, 2 if tol else 3)
    z = [(int(c.replace(".", "")) * 7919) % 97 - 1 for c in codes]
    line = {"width": 0.4, "color": "white" if "plain" in variant else ["white"] * len(codes)}
    fig.add_trace(
        go.Choroplethmap(
            geojson=data if "inline" in variant else url,
            locations=codes,
            z=z,
            featureidkey="id",
            marker={"line": line},
            colorscale="Blues",
        )
    )
    if "prov" in variant:
        purl, pcodes, _ = layer(
            "peta_provinsi.geojson", 0.05 if "provlite" in variant else 0.0, 2 if "provlite" in variant else 3
        )
        fig.add_trace(
            go.Choroplethmap(
                geojson=purl,
                locations=pcodes,
                z=[0] * len(pcodes),
                featureidkey="id",
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False,
                marker={"line": {"width": 0.9, "color": "#555"}},
                hoverinfo="skip",
            )
        )
fig.update_layout(
    map={"style": "white-bg", "center": {"lat": -2.5, "lon": 118.0}, "zoom": 3.4}, height=560, margin={"t": 90}
)
st.plotly_chart(fig, config={"topojsonURL": base_topojson()} if variant.startswith("geo") else {})
