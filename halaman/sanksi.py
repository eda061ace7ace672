"""Sanksi: the funnel from report to PPK follow-up, sanction categories, follow-up rate per
region, time from report to sanction."""

import plotly.graph_objects as go
import streamlit as st

from dashboard import queries
from dashboard.angka_resmi import official_totals_line
from dashboard.charts import (
    BARE_VALUE_AXIS,
    PALETTE,
    count_axis,
    hbar,
    house_style,
    show_chart,
    text_on,
    value_margin,
)
from dashboard.formatting import angka, persen
from dashboard.layout import context, empty_state
from netralitas import vocab

ctx = context("Sanksi dan tindak lanjut", "Dari laporan sampai tindak lanjut Pejabat Pembina Kepegawaian (PPK)")
if empty_state(ctx):
    st.stop()
CONFIG = {"displaylogo": False}

fun = queries.funnel(ctx.wh, ctx.identity, ctx.filter)
stage, outcome = vocab.labels("tahap"), vocab.labels("hasil")  # the funnel's steps are stages and outcomes
steps = [
    (stage["dilaporkan"], "dilaporkan"),
    (outcome["terbukti"], "terbukti"),
    (stage["rekomendasi"], "rekomendasi"),
    (stage["sanksi_dijatuhkan"], "sanksi_dijatuhkan"),
    ("Ditindaklanjuti PPK", "ditindaklanjuti_ppk"),
]
fig = go.Figure(
    go.Funnel(
        y=[s[0] for s in steps],
        x=[fun[s[1]] for s in steps],
        marker={"color": PALETTE[:5]},
        # two lines: one line ("376.927 (37,7%)") ran off a phone's chart beside the narrow segments
        text=[f"{angka(fun[s[1]])}<br>({persen(fun[s[1]], fun['dilaporkan'])})" for s in steps],
        textinfo="text",
        textfont={"color": [text_on(c) for c in PALETTE[:5]]},  # WCAG AA on every segment
        hovertemplate="%{y}: %{x:,} ASN<extra></extra>",
    )
)
show_chart(
    house_style(
        fig,
        title="Alur penanganan: dari dilaporkan sampai ditindaklanjuti PPK",
        subtitle=ctx.subtitle("satuan: orang; % dari yang dilaporkan"),
        source=ctx.source_line(),
        height=420,
    ),
    width="stretch",
    config=CONFIG,
)

if len(ctx.filter.pemilihan) == 1 and (resmi := official_totals_line(ctx.filter.pemilihan[0], ctx.wh)):
    st.caption(resmi)  # the official national totals beside ours (issue 14); the page has them all
    st.page_link(
        "halaman/angka-resmi.py", label="Semua angka resmi", query_params={"pemilihan": ctx.filter.pemilihan[0]}
    )

left, right = st.columns(2)
cats = queries.breakdown(ctx.wh, ctx.identity, ctx.filter, "kategori_sanksi")
labels = vocab.labels("sanksi")
show_chart(
    container=left,
    fig=house_style(
        hbar(
            [labels.get(k, k) for k in cats["kode"]], cats["terlapor"].tolist(), unit="ASN terlapor", color=PALETTE[5]
        ),
        title="Kategori sanksi",
        subtitle=ctx.subtitle("satuan: orang"),
        source=ctx.source_line(),
    ),
    width="stretch",
    config=CONFIG,
)
ranked = queries.followup_by_region(ctx.wh, ctx.identity, ctx.filter)
if len(ranked):
    rate = (100.0 * ranked["ditindaklanjuti"] / ranked["terbukti"]).round(1)
    printed = [f"{angka(r, 1)}% dari {angka(t)}" for r, t in zip(rate, ranked["terbukti"], strict=True)]
    fig = go.Figure(
        go.Bar(
            x=rate,
            y=ranked["wilayah"],
            orientation="h",
            marker_color=PALETTE[2],
            text=printed,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.1f}%<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title_text="% ditindaklanjuti PPK", range=[0, 100], **BARE_VALUE_AXIS)
    fig.update_layout(margin=value_margin(printed))
    show_chart(
        container=right,
        fig=house_style(
            fig,
            title="Tingkat tindak lanjut PPK per wilayah (20 teratas)",
            subtitle=ctx.subtitle("satuan: % dari ASN terbukti"),
            source=ctx.source_line(),
            height=max(380, 80 + 26 * len(ranked)),
        ),
        width="stretch",
        config=CONFIG,
    )
else:
    right.info("Belum ada ASN yang terbukti untuk filter ini, jadi tingkat tindak lanjut belum dapat dihitung.")

days = queries.days_to_sanction(ctx.wh, ctx.identity, ctx.filter)
if len(days):
    fig = go.Figure(
        go.Histogram(
            x=days["hari"],
            y=days["terlapor"],
            histfunc="sum",
            nbinsx=30,
            marker_color=PALETTE[0],
            hovertemplate="%{x} hari: %{y:,} ASN<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis={"title": "Hari dari laporan sampai sanksi"},
        yaxis={"title": "ASN terlapor", **count_axis(days["terlapor"].sum())},
        bargap=0.05,
    )
    show_chart(
        house_style(
            fig,
            title="Waktu dari laporan sampai sanksi",
            subtitle=ctx.subtitle("satuan: orang"),
            source=ctx.source_line(),
        ),
        width="stretch",
        config=CONFIG,
    )
else:
    st.info(
        "Tidak ada kasus dengan tanggal laporan dan tanggal sanksi sekaligus untuk filter ini, "
        "jadi waktu sampai sanksi belum dapat dihitung."
    )
