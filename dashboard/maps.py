"""Choropleth maps from the ETL's map layers (plotly ``Choroplethmap``: MapLibre, offline with
``white-bg``). Regions without cases are drawn in neutral grey, never left blank."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from dashboard import queries
from dashboard.charts import NEUTRAL, SEQUENTIAL, house_style
from dashboard.layout import Context
from dashboard.warehouse import map_layer

METRICS = {
    "terlapor": ("ASN terlapor", "orang"),
    "terbukti": ("ASN terbukti melanggar", "orang"),
    "persen_tindak_lanjut": ("Ditindaklanjuti PPK", "% dari yang terbukti"),
}
LAYERS = {"kabupaten_kota": "peta_kabupaten_kota.geojson", "provinsi": "peta_provinsi.geojson"}


def choropleth(
    ctx: Context,
    level: str = "kabupaten_kota",
    metric: str = "terlapor",
    *,
    height: int = 560,
    title: str | None = None,
    zoom: float = 3.9,
) -> go.Figure | None:
    layer = map_layer(ctx.wh, LAYERS[level])
    if layer is None:
        return None
    outlines = map_layer(ctx.wh, LAYERS["provinsi"]) if level == "kabupaten_kota" else None
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
    z = [
        values[c]
        if c in values and values[c] == values[c] and (metric == "persen_tindak_lanjut" or values[c] > 0)
        else -1
        for c in codes
    ]
    top = max([v for v in z if v >= 0], default=1) or 1
    step = 0.5 / (top + 1)  # the grey band covers only -1
    colorscale = [
        [0.0, NEUTRAL],
        [step, NEUTRAL],
        [step, SEQUENTIAL[0][1]],
        [0.5 + step / 2, SEQUENTIAL[1][1]],
        [1.0, SEQUENTIAL[2][1]],
    ]
    hover = [[ctx.names.get(c, c), c, *figures.get(c, (0, 0, 0))] for c in codes]
    fig = go.Figure()
    fig.add_trace(
        go.Choroplethmap(
            geojson=layer.url,
            locations=codes,
            z=z,
            featureidkey="id",
            zmin=-1,
            zmax=top,
            colorscale=colorscale,
            marker={"line": {"width": 0.4, "color": "white"}},
            colorbar={
                "title": {"text": unit, "side": "right"},
                "thickness": 12,
                "len": 0.6,
                "tickvals": _ticks(top),
                "tickformat": ",d" if metric != "persen_tindak_lanjut" else ",.0f",
            },
            customdata=hover,
            hovertemplate=(
                "<b>%{customdata[0]}</b> (%{customdata[1]})<br>Terlapor: %{customdata[2]:,}"
                "<br>Terbukti: %{customdata[3]:,}<br>Ditindaklanjuti PPK: %{customdata[4]:,}<extra></extra>"
            ),
            name=label,
        )
    )
    if outlines is not None:
        fig.add_trace(
            go.Choroplethmap(
                geojson=outlines.url,
                locations=list(outlines.codes),
                z=[0] * len(outlines.codes),
                featureidkey="id",
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False,
                marker={"line": {"width": 0.9, "color": "#555"}},
                hoverinfo="skip",
                name="batas provinsi",
            )
        )
    fig.update_layout(map={"style": "white-bg", "center": {"lat": -2.5, "lon": 118.0}, "zoom": zoom})
    level_text = "kabupaten/kota" if level == "kabupaten_kota" else "provinsi"
    house_style(
        fig,
        title=title or f"{label} per {level_text}",
        subtitle=ctx.subtitle(f"satuan: {unit}; abu-abu: tanpa kasus"),
        source=ctx.source_line() + " · Batas wilayah: cahyadsn/wilayah_boundaries (MIT)",
        height=height,
    )
    return fig


def _ticks(top: float) -> list[float]:
    """Whole, round ticks from 0 (the grey "no case" band below 0 gets none)."""
    if top <= 8:
        return list(range(0, int(top) + 1))
    magnitude = 10 ** math.floor(math.log10(top / 4))
    step = next(m * magnitude for m in (1, 2, 5, 10) if top / (m * magnitude) <= 5)
    return [i * step for i in range(int(top // step) + 1)]
