"""Laporan bulanan: one fixed layout for a 1920x1080 screenshot. The month picker sits in the
sidebar so nothing interactive is inside the captured area."""

import calendar
import dataclasses
import datetime as dt

import plotly.graph_objects as go
import streamlit as st

from dashboard import queries
from dashboard.charts import PALETTE, count_axis, hbar, house_style
from dashboard.formatting import angka, bulan, persen, tanggal
from dashboard.layout import SYNTHETIC_BANNER, context
from dashboard.maps import choropleth
from netralitas import vocab

ctx = context("Laporan bulanan", show_title=False)
# Static layout CSS (no data in it): a tighter top so the whole report fits one 1920x1080 screenshot.
st.html("<style>.block-container{padding-top:2.6rem;padding-bottom:0}</style>")
all_months = queries.monthly(ctx.wh, ctx.identity, dataclasses.replace(ctx.filter, dari=None, sampai=None))
months = sorted({m for m in all_months["bulan"]}, reverse=True) if len(all_months) else []
if not months:
    st.title("Laporan bulanan")
    st.info("Belum ada kasus bertanggal untuk filter ini, jadi belum ada bulan yang bisa dilaporkan.")
    st.stop()
month = st.sidebar.selectbox("Bulan laporan", months, format_func=bulan, key="laporan_bulan")
first = month if isinstance(month, dt.date) else month.date()
last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
f = dataclasses.replace(ctx.filter, dari=first, sampai=last)
prev_last = first - dt.timedelta(days=1)
prev = dataclasses.replace(ctx.filter, dari=prev_last.replace(day=1), sampai=prev_last)
mctx = dataclasses.replace(ctx, filter=f)

st.markdown(f"### Laporan bulanan netralitas ASN — {bulan(first)}")
st.caption(
    f"Filter: {f.describe(ctx.names)} · Periode {tanggal(first)} – {tanggal(last)} (menurut tanggal kejadian, "
    f"atau tanggal laporan bila kejadian tidak diketahui) · {ctx.source_line()}"
)
if ctx.synthetic:
    st.warning(SYNTHETIC_BANNER)

k = queries.kpis(ctx.wh, ctx.identity, f)
p = queries.kpis(ctx.wh, ctx.identity, prev)


def d(key):
    return angka(k[key] - p[key]) + f" vs {bulan(prev.dari)}" if k[key] is not None and p[key] is not None else None


c = st.columns(4)
c[0].metric("ASN terlapor", angka(k["terlapor"]), d("terlapor"), delta_color="off")
c[1].metric(
    "Terbukti", f"{angka(k['terbukti'])} ({persen(k['terbukti'], k['terlapor'])})", d("terbukti"), delta_color="off"
)
c[2].metric("Sanksi dijatuhkan", angka(k["sanksi"]), d("sanksi"), delta_color="off")
c[3].metric(
    "Ditindaklanjuti PPK",
    persen(k["ditindaklanjuti"], k["terbukti"]),
    f"{persen(p['ditindaklanjuti'], p['terbukti'])} pada {bulan(prev.dari)}" if p["terbukti"] else None,
    delta_color="off",
    help="Persentase ASN terbukti yang sudah dijatuhi sanksi oleh PPK",
)

CONFIG = {"displaylogo": False, "displayModeBar": False, "staticPlot": False}
left, right = st.columns([1.25, 1])
with left:
    fig = choropleth(
        mctx,
        "kabupaten_kota",
        "terlapor",
        height=380,
        title=f"ASN terlapor per kabupaten/kota, {bulan(first)}",
        zoom=3.2,
    )
    if fig is not None:
        st.plotly_chart(fig, width="stretch", config=CONFIG)
with right:
    series = queries.monthly(
        ctx.wh, ctx.identity, dataclasses.replace(ctx.filter, dari=first.replace(year=first.year - 1), sampai=last)
    )
    fig = go.Figure(
        go.Bar(
            x=series["bulan"],
            y=series["terlapor"],
            marker_color=[PALETTE[5] if m == first else PALETTE[0] for m in series["bulan"]],
            hovertemplate="%{x|%b %Y}: %{y:,} ASN<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis={"title": "Bulan", "tickformat": "%b %Y"},
        yaxis={"title": "ASN terlapor", **count_axis(series["terlapor"].max())},
    )
    st.plotly_chart(
        house_style(
            fig,
            title="ASN terlapor per bulan, 12 bulan terakhir",
            subtitle=f"{tanggal(first.replace(year=first.year - 1))} – {tanggal(last)} · {f.describe(ctx.names)} · "
            "satuan: orang; bulan laporan disorot",
            source=ctx.source_line(),
            height=380,
        ),
        width="stretch",
        config=CONFIG,
    )

left, right = st.columns(2)
with left:
    df = queries.breakdown(ctx.wh, ctx.identity, f, "jenis_pelanggaran").head(8)
    labels = vocab.labels("jenis_pelanggaran")
    st.plotly_chart(
        house_style(
            hbar([labels.get(x, x) for x in df["kode"]], df["terlapor"].tolist(), unit="ASN terlapor"),
            title=f"Jenis pelanggaran terbanyak, {bulan(first)}",
            subtitle=mctx.subtitle("satuan: orang"),
            source=ctx.source_line(),
            height=290,
        ),
        width="stretch",
        config=CONFIG,
    )
with right:
    df = queries.breakdown(ctx.wh, ctx.identity, f, "kategori_sanksi")
    labels = vocab.labels("sanksi")
    st.plotly_chart(
        house_style(
            hbar(
                [labels.get(x, x) for x in df["kode"]], df["terlapor"].tolist(), unit="ASN terlapor", color=PALETTE[5]
            ),
            title=f"Kategori sanksi, {bulan(first)}",
            subtitle=mctx.subtitle("satuan: orang"),
            source=ctx.source_line(),
            height=290,
        ),
        width="stretch",
        config=CONFIG,
    )
