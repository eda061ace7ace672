"""The report's charts. The Streamlit page (``st.plotly_chart``) and the files (plotly.js in headless
Chromium) draw these same figures: one chart code path."""

from __future__ import annotations

import dataclasses

import plotly.graph_objects as go

from dashboard import queries
from dashboard.charts import PALETTE, count_axis, hbar, house_style
from dashboard.formatting import BULAN_PENDEK, bulan, tanggal
from dashboard.laporan.content import MonthlyReport, add_months, month_end
from dashboard.maps import choropleth
from netralitas import vocab

MAP_HEIGHT = 400
ROW2_HEIGHT = 320
TREND_MONTHS = 12


def _tidy(fig: go.Figure) -> go.Figure:
    """Room for every text block: the title a fixed padding below the top edge (never clipped), the
    source line below the axis title (never over it), tick labels inside the margins."""
    fig.update_layout(
        title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 14}},
        margin={"t": 84, "b": 86},
    )
    for note in fig.layout.annotations:
        if note.yref == "paper" and note.yshift == -44:  # the house source line
            note.yshift = -70
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def map_figure(r: MonthlyReport) -> go.Figure | None:
    fig = choropleth(
        r.ctx,
        "kabupaten_kota",
        "terlapor",
        height=MAP_HEIGHT,
        title=f"ASN terlapor per kabupaten/kota, {bulan(r.month)}",
        zoom=3.2,
    )
    return _tidy(fig) if fig is not None else None


def trend_figure(r: MonthlyReport) -> go.Figure:
    """Exactly 12 bars, the report month last; months without a case are drawn as zero, and the month
    labels are Indonesian (explicit tick text, so plotly's English month names never show)."""
    first = add_months(r.month, -(TREND_MONTHS - 1))
    series = queries.monthly(
        r.ctx.wh, r.ctx.identity, dataclasses.replace(r.base, dari=first, sampai=month_end(r.month))
    )
    counts = {(m.year, m.month): int(n) for m, n in zip(series["bulan"], series["terlapor"], strict=True)}
    months = [add_months(first, i) for i in range(TREND_MONTHS)]
    labels = [f"{BULAN_PENDEK[m.month - 1]}<br>{m.year}" for m in months]  # two lines: never overlap
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
        fig = hbar([labels.get(x, x) for x in df["kode"]], df["terlapor"].tolist(), unit="ASN terlapor", color=color)
    else:
        fig = _no_case(r)
    return _tidy(
        house_style(
            fig, title=title, subtitle=r.ctx.subtitle("satuan: orang"), source=r.ctx.source_line(), height=ROW2_HEIGHT
        )
    )


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
