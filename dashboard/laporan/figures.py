"""The report's charts. The Streamlit page (``st.plotly_chart``) and the files (plotly.js in headless
Chromium) draw these same figures: one chart code path."""

from __future__ import annotations

import dataclasses
import json
import math

import plotly.graph_objects as go

from dashboard import queries
from dashboard.charts import PALETTE, count_axis, hbar, house_style
from dashboard.formatting import BULAN_PENDEK, bulan, tanggal
from dashboard.laporan.content import MonthlyReport, add_months, month_end
from dashboard.maps import choropleth, fit_to_phone, is_phone, svg_view
from netralitas import vocab

MAP_HEIGHT = 400
ROW2_HEIGHT = 320
LABEL_WIDTH = 60  # category names on one line in the half-width report charts
TREND_MONTHS = 12


def _tidy(fig: go.Figure) -> go.Figure:
    """Room for every text block: the title a fixed padding below the top edge (never clipped), the
    source line below the axis title (never over it), tick labels inside the margins."""
    fig.update_layout(
        title={
            "text": _two_line_subtitle(fig.layout.title.text),
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 18},  # the first line's ascent stays inside the chart's box
        },
        margin={"t": 96},
    )
    for note in fig.layout.annotations:
        if note.yref == "paper" and note.yshift == -44:  # the house source line, below the axis title
            lines = note.text.count("<br>") + 1  # house_style has wrapped it already
            note.update(yshift=-70)
            fig.update_layout(margin={"b": 70 + 14 * lines + 8})
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def _two_line_subtitle(title: str) -> str:
    """The house subtitle (period · filters · unit) on two lines, so a half-width chart never cuts it off."""
    head, sep, rest = title.partition("<span style=")
    style, _, tail = rest.partition(">")
    text = tail.removesuffix("</span>")
    if not sep or " · " not in text:
        return title
    first, _, second = text.rpartition(" · ")
    span = f"<span style={style}>"
    return f"{head}{span}{first}</span><br>{span}{second}</span>"


def map_figure(r: MonthlyReport, *, svg: bool = False, outlines: bool = True) -> go.Figure | None:
    """The files' map is MapLibre (``svg=False``); the page shows the SVG map (see :mod:`dashboard.maps`).
    ``outlines``: province borders over the regions (the files; the page goes without)."""
    fig = choropleth(
        r.ctx,
        "kabupaten_kota",
        "terlapor",
        height=MAP_HEIGHT,
        title=f"ASN terlapor per kabupaten/kota, {bulan(r.month)}",
        zoom=3.2,
        svg=svg,
        outlines=outlines,
    )
    if fig is None:
        return None
    provinces = {c for c in r.base.wilayah if "." not in c}
    box = _province_box(r, provinces) if len(provinces) == 1 and len(r.base.wilayah) == 1 else None
    if box and svg:  # a province's report shows that province, not the whole country
        west, south, east, north = box
        pad_x, pad_y = max((east - west) * 0.1, 0.2), max((north - south) * 0.1, 0.2)
        fig.update_layout(geo=svg_view((west - pad_x, south - pad_y, east + pad_x, north + pad_y)))
    elif box:
        fig.update_layout(map=_province_view(box))
    fig = _tidy(fig)
    if svg and is_phone():  # again: _tidy gave the title and source lines more room
        fit_to_phone(fig)
    return fig


def _province_box(r: MonthlyReport, codes: set[str]) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of the province's outline (from the ETL's province map layer)."""
    path = r.ctx.wh.folder / "peta_provinsi.geojson"
    if not path.is_file():
        return None
    layer = json.loads(path.read_text(encoding="utf-8"))
    points = [
        point
        for feature in layer["features"]
        if feature.get("id") in codes
        for point in _points(feature["geometry"]["coordinates"])
    ]
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def _province_view(box: tuple[float, float, float, float]) -> dict:
    """MapLibre's centre and zoom that fit a province's box in the report's map."""
    west, south, east, north = box
    span_lon, span_lat = east - west, north - south
    # Web-Mercator zoom at which the span fills ~0.8 of a map about 900 x 330 px (the report's map area).
    zoom = min(
        math.log2(900 * 0.8 * 360 / (512 * max(span_lon, 0.05))),
        math.log2(330 * 0.8 * 180 / (512 * max(span_lat, 0.05))),
    )
    return {
        "center": {"lon": (west + east) / 2, "lat": (south + north) / 2},
        "zoom": max(3.2, min(zoom, 9)),
    }


def _points(coords):
    if coords and isinstance(coords[0], (int, float)):
        yield coords
        return
    for part in coords:
        yield from _points(part)


def trend_figure(r: MonthlyReport) -> go.Figure:
    """Exactly 12 bars, the report month last; months without a case are drawn as zero, and the month
    labels are Indonesian (explicit tick text, so plotly's English month names never show)."""
    first = add_months(r.month, -(TREND_MONTHS - 1))
    series = queries.monthly(
        r.ctx.wh, r.ctx.identity, dataclasses.replace(r.base, dari=first, sampai=month_end(r.month))
    )
    counts = {(m.year, m.month): int(n) for m, n in zip(series["bulan"], series["terlapor"], strict=True)}
    months = [add_months(first, i) for i in range(TREND_MONTHS)]
    # The year under the first month and under each January only: twelve "Mar 2024"s ran into each
    # other on a phone, and the year of the months between is plain from those two.
    labels = [
        f"{BULAN_PENDEK[m.month - 1]}<br>{m.year}" if i == 0 or m.month == 1 else BULAN_PENDEK[m.month - 1]
        for i, m in enumerate(months)
    ]
    values = [counts.get((m.year, m.month), 0) for m in months]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=values,
            marker_color=[PALETTE[5] if m == r.month else PALETTE[0] for m in months],
            customdata=[bulan(m) for m in months],
            hovertemplate="%{customdata}: %{y:,} ASN<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis={"title": "Bulan", "type": "category", "tickangle": 0},
        yaxis={"title": "ASN terlapor", **count_axis(max(values))},
    )
    return _tidy(
        house_style(
            fig,
            title=f"ASN terlapor per bulan, {TREND_MONTHS} bulan terakhir",
            subtitle=f"{tanggal(first)} – {tanggal(month_end(r.month))} · {r.scope()} · "
            "satuan: orang; bulan laporan disorot",
            source=r.ctx.source_line(),
            height=MAP_HEIGHT,
        )
    )


def _breakdown_figure(r: MonthlyReport, column: str, taxonomy: str, title: str, color: str, top: int) -> go.Figure:
    df = queries.breakdown(r.ctx.wh, r.ctx.identity, r.ctx.filter, column).head(top)
    labels = vocab.labels(taxonomy)
    if len(df):
        # One line per category: eight bars in a 320 px chart leave no room for wrapped names.
        fig = hbar(
            [labels.get(x, x) for x in df["kode"]],
            df["terlapor"].tolist(),
            unit="ASN terlapor",
            color=color,
            label_width=LABEL_WIDTH,
        )
    else:
        fig = _no_case(r)
    fig = _tidy(
        house_style(
            fig, title=title, subtitle=r.ctx.subtitle("satuan: orang"), source=r.ctx.source_line(), height=ROW2_HEIGHT
        )
    )
    # The plot area starts right of the long category labels: anchor the source line at its right end,
    # so it runs left under the labels instead of off the chart's right edge.
    for note in fig.layout.annotations:
        if note.yshift == -70:
            note.update(x=1, xanchor="right", align="right")
    return fig


def types_figure(r: MonthlyReport) -> go.Figure:
    return _breakdown_figure(
        r, "jenis_pelanggaran", "jenis_pelanggaran", f"Jenis pelanggaran terbanyak, {bulan(r.month)}", PALETTE[0], 8
    )


def sanctions_figure(r: MonthlyReport) -> go.Figure:
    return _breakdown_figure(r, "kategori_sanksi", "sanksi", f"Kategori sanksi, {bulan(r.month)}", PALETTE[5], 10)


def _no_case(r: MonthlyReport) -> go.Figure:
    """A month with no case says so in the chart, instead of empty axes."""
    fig = go.Figure()
    fig.add_annotation(
        text=f"Tidak ada kasus pada {bulan(r.month)} untuk filter ini.",
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 15, "color": "#444"},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig
