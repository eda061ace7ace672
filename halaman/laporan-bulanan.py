"""Laporan bulanan: one fixed 1920x1080 layout per month, and the same report as files.

URL: ``bulan=YYYY-MM`` (the report month; a reload keeps it, a pasted link opens it) and ``cetak=1``
(print view: the report canvas only, no sidebar, navigation or toolbar, for a clean screenshot or the
browser's own print). The charts are ``dashboard/laporan/figures.py``, the same figures the PDF/PNG
files draw (``dashboard/laporan/render.py``)."""

from urllib.parse import urlencode

import streamlit as st

from dashboard.formatting import bulan, tanggal
from dashboard.laporan import content, figures
from dashboard.layout import context
from dashboard.maps import map_config

printing = st.query_params.get("cetak") == "1"
if printing:
    # Static CSS (no data in it): hide the app's chrome and fix the canvas at 1920 px, for screen and print.
    st.html(
        "<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],[data-testid='stHeader'],"
        "[data-testid='stToolbar'],[data-testid='stDecoration'],[data-testid='stSidebarNav'],"
        "[data-testid='stExpandSidebarButton']{display:none!important}"
        ".block-container{padding:1.2rem 2rem 0 2rem!important;max-width:1920px!important;width:1920px}"
        "@page{size:A4 landscape;margin:8mm}@media print{body{zoom:0.55}}</style>"
    )
else:
    # Static layout CSS: a tighter top so the whole report fits one 1920x1080 screen.
    st.html("<style>.block-container{padding-top:2.6rem;padding-bottom:0}</style>")

ctx = context("Laporan bulanan", show_title=False)
months = content.available_months(ctx)
raw = st.query_params.get("bulan")
asked = content.parse_month(raw)
if raw and asked is None:
    st.warning("Parameter `bulan` bukan bulan YYYY-MM (mis. 2024-11) dan diabaikan.")
if asked and asked not in months:
    months = sorted({*months, asked}, reverse=True)  # a month without cases still gets its (empty) report
if not months:
    st.title("Laporan bulanan")
    st.info("Belum ada kasus bertanggal untuk filter ini, jadi belum ada bulan yang bisa dilaporkan.")
    st.stop()
if asked and st.session_state.get("_laporan_url") != raw:
    st.session_state["laporan_bulan"] = asked  # the URL wins on a fresh load or a pasted link
if st.session_state.get("laporan_bulan") not in months:
    st.session_state["laporan_bulan"] = months[0]

if not printing:
    pick, pdf_col, png_col, print_col = st.columns([2, 1, 1, 1], vertical_alignment="bottom")
    pick.selectbox("Bulan laporan", months, format_func=bulan, key="laporan_bulan")
month = st.session_state["laporan_bulan"]
st.session_state["_laporan_url"] = content.month_key(month)
st.query_params["bulan"] = content.month_key(month)

report = content.build(ctx, month)
if not printing:
    from dashboard.laporan.render import file_name, render_one

    for col, fmt, label in ((pdf_col, "pdf", "Unduh PDF"), (png_col, "png", "Unduh PNG")):
        col.download_button(
            label,
            data=lambda fmt=fmt: render_one(report, fmt),
            file_name=file_name(report, fmt),
            mime="application/pdf" if fmt == "pdf" else "image/png",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
            help="Laporan saja (tanpa panel dan menu): PDF A4 mendatar dengan tabel per kabupaten/kota dan catatan"
            if fmt == "pdf"
            else "Halaman 1 laporan, tepat 1920×1080 piksel",
        )
    print_col.link_button(
        "Tampilan cetak",
        "laporan-bulanan?" + urlencode({**report.query_params(), "cetak": "1"}, safe=","),
        icon=":material/print:",
        width="stretch",
    )

st.markdown(f"### {report.title()}")
st.caption(
    f"Filter: {report.scope()} · Periode {tanggal(month)} – {tanggal(report.last_day)} (menurut tanggal kejadian, "
    f"atau tanggal laporan bila kejadian tidak diketahui) · {ctx.source_line()}"
)
if report.empty:
    st.info(f"Tidak ada kasus pada {bulan(month)} untuk filter ini ({report.scope()}).")

for col, card in zip(st.columns(4), report.cards(), strict=True):
    col.metric(
        card.label,
        card.value,
        card.change,
        delta_color="off",
        delta_arrow={"naik": "up", "turun": "down"}.get(card.direction, "off"),  # no arrow on zero
        help=card.help or None,
    )

CONFIG = {"displaylogo": False, "displayModeBar": False}
left, right = st.columns([1.25, 1])
# On screen the SVG map (no WebGL: see dashboard/maps.py), one trace: the province borders would be
# drawn again on every filter change. The print view and the PDF/PNG files keep MapLibre and the borders.
fig = figures.map_figure(report, svg=not printing, outlines=printing)
if fig is not None:
    left.plotly_chart(fig, width="stretch", config=map_config(**CONFIG) if not printing else CONFIG)
right.plotly_chart(figures.trend_figure(report), width="stretch", config=CONFIG)
left, right = st.columns(2)
left.plotly_chart(figures.types_figure(report), width="stretch", config=CONFIG)
right.plotly_chart(figures.sanctions_figure(report), width="stretch", config=CONFIG)
