"""Choropleth maps from the ETL's map layers. Regions without cases are drawn in neutral grey, never
left blank; with a region filter, regions outside it are drawn white (not grey: they are not "without
cases", they are out of view), and the map zooms to the chosen regions.

Two kinds of map, one function:

- on screen, an SVG map (plotly ``choropleth`` on a ``geo`` subplot): one path per region, no WebGL.
  Most offices have no GPU, and in software WebGL MapLibre took about a second longer to paint the
  514 regions than the SVG map (``python -m bench.map_options``, docs/deploy.md), and as long again
  on every filter change. The view is set by longitude/latitude ranges, so it fits any width;
- in the report files, MapLibre (``choroplethmap``, offline with ``white-bg``) as before
  (``svg=False``): its zoom follows the device, since MapLibre cannot fit bounds from plotly."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import streamlit as st

from dashboard import queries
from dashboard.charts import NEUTRAL, SEQUENTIAL, house_style, unchecked_figure
from dashboard.layout import Context
from dashboard.warehouse import base_topology_url, map_layer

METRICS = {
    "terlapor": ("ASN terlapor", "orang"),
    "terbukti": ("ASN terbukti melanggar", "orang"),
    "persen_tindak_lanjut": ("Ditindaklanjuti PPK", "% dari yang terbukti"),
}
LAYERS = {"kabupaten_kota": "peta_kabupaten_kota.geojson", "provinsi": "peta_provinsi.geojson"}
OUTSIDE = "#FFFFFF"
#: The width a phone (390 px) leaves an SVG map's plot beside its colour bar, about.
PHONE_PLOT_WIDTH = 270
#: Indonesia from Sabang to Merauke, Miangas to Rote (west, south, east, north), with a little air.
INDONESIA = (94.5, -11.5, 141.5, 6.5)


def is_phone() -> bool:
    """The browser says it is a phone (the only hint of screen width the server gets)."""
    try:
        agent = st.context.headers.get("User-Agent", "") or ""
    except Exception:  # outside a script run (tests, bench)
        return False
    return "Mobi" in agent or "Android" in agent


def view(bounds: tuple[float, float, float, float], width_px: int, height_px: int) -> dict:
    """Centre and zoom that fit ``bounds`` in a map of about this size (Web Mercator, 512-px tiles)."""
    west, south, east, north = bounds
    span_lon = max(east - west, 0.05)
    y = [math.log(math.tan(math.pi / 4 + math.radians(v) / 2)) for v in (south, north)]
    span_y = max(y[1] - y[0], 0.001)
    zoom_x = math.log2(width_px * 360 / (512 * span_lon))
    zoom_y = math.log2(height_px * 2 * math.pi / (512 * span_y))
    centre_lat = math.degrees(2 * math.atan(math.exp((y[0] + y[1]) / 2)) - math.pi / 2)
    return {"center": {"lat": centre_lat, "lon": (west + east) / 2}, "zoom": round(min(zoom_x, zoom_y, 9.0), 2)}


def _in_filter(code: str, chosen: tuple[str, ...]) -> bool:
    """A region is in the region filter when it is chosen, lies in a chosen province, or holds a
    chosen kabupaten/kota (province layer)."""
    return any(code == c or code.startswith(c + ".") or c.startswith(code + ".") for c in chosen)


def choropleth(
    ctx: Context,
    level: str = "kabupaten_kota",
    metric: str = "terlapor",
    *,
    height: int = 560,
    title: str | None = None,
    zoom: float | None = None,
    outlines: bool = True,
    width_px: int = 820,
    svg: bool = True,
) -> go.Figure | None:
    """``outlines``: province borders over the kabupaten/kota as a second trace (a second GeoJSON
    source for MapLibre: about a second more to paint in software WebGL, so the interactive pages go
    without; the report files keep them). ``svg``: the on-screen SVG map (shown with
    :func:`map_config`); else MapLibre, whose ``zoom`` and ``width_px`` (about how wide the map is
    drawn on a desktop) set the view."""
    layer = map_layer(ctx.wh, LAYERS[level])
    if layer is None:
        return None
    province_layer = map_layer(ctx.wh, LAYERS["provinsi"]) if level == "kabupaten_kota" and outlines else None
    data = queries.by_region(ctx.wh, ctx.identity, ctx.filter, level)
    data = data.assign(
        persen_tindak_lanjut=(100.0 * data["ditindaklanjuti"] / data["terbukti"]).where(data["terbukti"] > 0)
    )
    label, unit = METRICS[metric]
    figures = {
        k: (int(t), int(b), int(d))
        for k, t, b, d in zip(data["kode"], data["terlapor"], data["terbukti"], data["ditindaklanjuti"], strict=True)
    }
    values = dict(zip(data["kode"], data[metric], strict=True))
    codes = list(layer.codes)
    # One trace for every region: a region without cases (or, for the follow-up share, without a
    # proven case) gets -1, drawn in the neutral grey at the bottom of the scale: visibly "no case",
    # never missing.
    chosen = ctx.filter.wilayah
    z = [
        -2
        if chosen and not _in_filter(c, chosen)
        else values[c]
        if c in values and values[c] == values[c] and (metric == "persen_tindak_lanjut" or values[c] > 0)
        else -1
        for c in codes
    ]
    top = max([v for v in z if v >= 0], default=1) or 1
    unit_step = 1.0 / (top + 2)  # -2 (outside the filter) and -1 (no case) get a band each below 0
    colorscale = [
        [0.0, OUTSIDE],
        [0.5 * unit_step, OUTSIDE],
        [0.5 * unit_step, NEUTRAL],
        [1.5 * unit_step, NEUTRAL],
        [1.5 * unit_step, SEQUENTIAL[0][1]],
        [0.5 + 0.75 * unit_step, SEQUENTIAL[1][1]],
        [1.0, SEQUENTIAL[2][1]],
    ]
    hover = [[ctx.names.get(c, c), c, *figures.get(c, (0, 0, 0))] for c in codes]
    kind = "choropleth" if svg else "choroplethmap"
    traces = [
        {
            "type": kind,
            "geojson": layer.url,
            "locations": codes,
            "z": z,
            "featureidkey": "id",
            "zmin": -2,
            "zmax": top,
            "colorscale": colorscale,
            # outside the filter: white with a grey edge (still a map, clearly not part of the view)
            "marker": {"line": {"width": 0.4, "color": ["#BBBBBB" if v == -2 else "white" for v in z]}},
            "colorbar": {
                "title": {"text": unit, "side": "right"},
                "thickness": 12,
                "len": 0.6,
                "tickvals": _ticks(top),
                "tickformat": ",d" if metric != "persen_tindak_lanjut" else ",.0f",
            },
            "customdata": hover,
            "hovertemplate": (
                "<b>%{customdata[0]}</b> (%{customdata[1]})<br>Terlapor: %{customdata[2]:,}"
                "<br>Terbukti: %{customdata[3]:,}<br>Ditindaklanjuti PPK: %{customdata[4]:,}<extra></extra>"
            ),
            "name": label,
        }
    ]
    if province_layer is not None:
        traces.append(
            {
                "type": kind,
                "geojson": province_layer.url,
                "locations": list(province_layer.codes),
                "z": [0] * len(province_layer.codes),
                "featureidkey": "id",
                "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                "showscale": False,
                "marker": {"line": {"width": 0.9, "color": "#555"}},
                "hoverinfo": "skip",
                "name": "batas provinsi",
            }
        )
    focus = [layer.bounds[c] for c in codes if chosen and _in_filter(c, chosen) and c in layer.bounds]
    if focus:  # zoom to the chosen regions
        box = (
            min(b[0] for b in focus),
            min(b[1] for b in focus),
            max(b[2] for b in focus),
            max(b[3] for b in focus),
        )
        # some air around, and never closer than ~1.5 degrees, so the neighbours give context
        pad_x = max((box[2] - box[0]) * 0.15, (1.5 - (box[2] - box[0])) / 2, 0.05)
        pad_y = max((box[3] - box[1]) * 0.15, (1.0 - (box[3] - box[1])) / 2, 0.05)
        bounds = (box[0] - pad_x, box[1] - pad_y, box[2] + pad_x, box[3] + pad_y)
    else:
        bounds = INDONESIA
    if svg:
        layout = {"geo": svg_view(bounds)}
    else:
        phone = is_phone()
        place = view(bounds, *((330, height - 140) if phone else (width_px, height - 140)))
        if zoom is not None and not focus:  # a page's own fixed zoom (a report layout), never wider than a phone
            place["zoom"] = min(zoom, place["zoom"]) if phone else zoom
        layout = {"map": {"style": "white-bg", **place}}
    # 514 regions' values and hover rows: plotly.py's validation of them was most of the map's script time
    fig = unchecked_figure({"data": traces, "layout": layout})
    level_text = "kabupaten/kota" if level == "kabupaten_kota" else "provinsi"
    legend_text = "abu-abu: tanpa kasus" + ("; putih: di luar filter wilayah" if chosen else "")
    fig = house_style(
        fig,
        title=title or f"{label} per {level_text}",
        subtitle=ctx.subtitle(f"satuan: {unit}; {legend_text}"),
        source=ctx.source_line() + " · Batas wilayah: cahyadsn/wilayah_boundaries (MIT)",
        height=height,
    )
    if svg and is_phone():
        fit_to_phone(fig)
    return fig


def fit_to_phone(fig: go.Figure) -> None:
    """An SVG map's height on a phone: the margins (title, subtitle, source lines) plus a plot of the
    view's own shape. The country is a wide strip, so at a fixed height a narrow screen showed mostly
    air between the map and its source line."""
    geo, margin = fig.layout.geo, fig.layout.margin
    (west, east), (south, north) = geo.lonaxis.range, geo.lataxis.range
    y_south, y_north = (math.degrees(math.log(math.tan(math.pi / 4 + math.radians(v) / 2))) for v in (south, north))
    # under 150 px the colour bar's ticks run into each other
    plot = max(150, round(PHONE_PLOT_WIDTH * (y_north - y_south) / (east - west)))
    height = margin.t + margin.b + plot
    if fig.layout.title.y != 1:  # house_style hangs the title 22 px below the top edge
        fig.update_layout(title_y=1 - 22 / height)
    fig.update_layout(height=height)


def svg_view(bounds: tuple[float, float, float, float]) -> dict:
    """The ``geo`` layout of an SVG map showing ``bounds`` (west, south, east, north)."""
    west, south, east, north = bounds
    return {
        "visible": False,  # no base map: the regions are the map (and nothing is fetched for it)
        # rotated to the middle of the view: unrotated, plotly clips the ranges east of 135°E
        "projection": {"type": "mercator", "rotation": {"lon": (west + east) / 2}},
        "center": {"lon": (west + east) / 2, "lat": (south + north) / 2},
        "lonaxis": {"range": [west, east]},
        "lataxis": {"range": [south, north]},
        "bgcolor": "rgba(0,0,0,0)",
    }


def map_config(**extra) -> dict:
    """``st.plotly_chart``'s ``config`` for an SVG map: plotly.js draws a ``geo`` map only once it has
    fetched its base map from cdn.plot.ly (offline: never); every base layer is hidden, so the empty
    one the app serves itself is all it needs."""
    return {"displaylogo": False, "topojsonURL": base_topology_url(), **extra}


def _ticks(top: float) -> list[float]:
    """Whole, round ticks from 0 (the grey "no case" band below 0 gets none)."""
    if top <= 8:
        return list(range(0, int(top) + 1))
    magnitude = 10 ** math.floor(math.log10(top / 4))
    step = next(m * magnitude for m in (1, 2, 5, 10) if top / (m * magnitude) <= 5)
    return [i * step for i in range(int(top // step) + 1)]
