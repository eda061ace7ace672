"""Choropleth maps from the ETL's map layers (plotly ``Choroplethmap``: MapLibre, offline with
``white-bg``). Regions without cases are drawn in neutral grey, never left blank."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import queries
from dashboard.charts import NEUTRAL, SEQUENTIAL, colorbar_ticks, house_style
from dashboard.layout import Context
from dashboard.warehouse import map_layer

METRICS = {
    "terlapor": ("ASN terlapor", "orang"),
    "terbukti": ("ASN terbukti melanggar", "orang"),
    "persen_tindak_lanjut": ("Ditindaklanjuti PPK", "% dari yang terbukti"),
}
LAYERS = {"kabupaten_kota": "peta_kabupaten_kota.geojson", "provinsi": "peta_provinsi.geojson"}


def choropleth(ctx: Context, level: str = "kabupaten_kota", metric: str = "terlapor", *, height: int = 560,
               title: str | None = None, zoom: float = 3.9) -> go.Figure | None:
    geojson = map_layer(ctx.wh, LAYERS[level])
    if geojson is None:
        return None
    outlines = map_layer(ctx.wh, LAYERS["provinsi"])
    data = queries.by_region(ctx.wh, ctx.identity, ctx.filter, level)
    data = data.assign(persen_tindak_lanjut=(100.0 * data["ditindaklanjuti"] / data["terbukti"]).where(data["terbukti"] > 0))
    codes = [f["id"] for f in geojson["features"]]
    names = {f["id"]: f["properties"]["nama"] for f in geojson["features"]}
    label, unit = METRICS[metric]
    fig = go.Figure()
    # Base layer: every region, neutral grey, so "no case" is visibly different from "missing".
    fig.add_trace(go.Choroplethmap(
        geojson=geojson, locations=codes, z=[0] * len(codes), featureidkey="id",
        colorscale=[[0, NEUTRAL], [1, NEUTRAL]], showscale=False, marker={"line": {"width": 0.3, "color": "white"}},
        customdata=[[names[c], c] for c in codes],
        hovertemplate="<b>%{customdata[0]}</b> (%{customdata[1]})<br>Tidak ada kasus<extra></extra>",
        name="tanpa kasus",
    ))
    shown = data.dropna(subset=[metric])
    shown = shown[shown[metric] > 0] if metric != "persen_tindak_lanjut" else shown
    if len(shown):
        fig.add_trace(go.Choroplethmap(
            geojson=geojson, locations=shown["kode"], z=shown[metric], featureidkey="id",
            colorscale=SEQUENTIAL, zmin=0, marker={"line": {"width": 0.4, "color": "white"}},
            colorbar={"title": {"text": unit, "side": "right"}, "thickness": 12, "len": 0.6,
                      **(colorbar_ticks(shown[metric].max()) if metric != "persen_tindak_lanjut" else {})},
            customdata=[[names.get(k, k), k, int(t), int(b), int(d)] for k, t, b, d in
                        zip(shown["kode"], shown["terlapor"], shown["terbukti"], shown["ditindaklanjuti"], strict=True)],
            hovertemplate=("<b>%{customdata[0]}</b> (%{customdata[1]})<br>Terlapor: %{customdata[2]:,}"
                           "<br>Terbukti: %{customdata[3]:,}<br>Ditindaklanjuti PPK: %{customdata[4]:,}<extra></extra>"),
            name=label,
        ))
    if level == "kabupaten_kota" and outlines is not None:
        prov_codes = [f["id"] for f in outlines["features"]]
        fig.add_trace(go.Choroplethmap(
            geojson=outlines, locations=prov_codes, z=[0] * len(prov_codes), featureidkey="id",
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
            marker={"line": {"width": 0.9, "color": "#555"}}, hoverinfo="skip", name="batas provinsi",
        ))
    fig.update_layout(map={"style": "white-bg", "center": {"lat": -2.5, "lon": 118.0}, "zoom": zoom})
    level_text = "kabupaten/kota" if level == "kabupaten_kota" else "provinsi"
    house_style(fig, title=title or f"{label} per {level_text}", subtitle=ctx.subtitle(f"satuan: {unit}"),
                source=ctx.source_line() + " · Batas wilayah: cahyadsn/wilayah_boundaries (MIT)", height=height)
    return fig
