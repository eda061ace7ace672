"""Data: the filtered rows, their count, the safe CSV download of exactly those rows, the data
dictionary, a suggested citation and the link to this exact view."""

import datetime as dt
from urllib.parse import urlencode

import streamlit as st

from dashboard import queries
from dashboard.export import csv_bytes, dictionary_markdown, export_columns
from dashboard.formatting import angka, tanggal
from dashboard.layout import context

ctx = context("Data kasus", "Satu baris per ASN terlapor per kasus; kolom sesuai kamus data")
MAX_SHOWN = 1000

search = ctx.filter.cari
n = queries.count_rows(ctx.wh, ctx.identity, ctx.filter)
st.markdown(
    f"**{angka(n)} baris** cocok dengan filter{' dan pencarian' if search else ''} "
    f"({ctx.filter.period_text()} · {ctx.filter.describe(ctx.names)})."
)

columns = export_columns(ctx.wh)
stamp = dt.date.today().isoformat()
c1, c2, _ = st.columns([1, 1, 2])
c1.download_button(
    f"Unduh CSV ({angka(n)} baris)",
    data=lambda: csv_bytes(ctx.wh, ctx.filter),
    file_name=f"pantau_netralitas_{stamp}.csv",
    mime="text/csv",
    on_click="ignore",
    type="primary",
    disabled=n == 0,
    help="UTF-8 dengan BOM (terbaca Excel); kolom dan urutan sesuai kamus data",
)
c2.download_button(
    "Unduh kamus data",
    data=dictionary_markdown(),
    file_name="kamus_data_pantau_netralitas.md",
    mime="text/markdown",
    on_click="ignore",
)

if n == 0:
    st.info("Tidak ada baris untuk filter ini. Longgarkan filter di panel kiri atau ubah kata pencarian.")
else:
    shown = queries.rows(ctx.wh, ctx.identity, ctx.filter, tuple(c.name for c in columns), MAX_SHOWN)
    if n > MAX_SHOWN:
        st.caption(f"Menampilkan {angka(MAX_SHOWN)} baris pertama dari {angka(n)}; unduh CSV untuk semuanya.")
    # Empty text shows as empty (not "None"); dates as ISO, the same as in the CSV.
    text_columns = [c.name for c in columns if c.dtype == "teks"]
    shown[text_columns] = shown[text_columns].fillna("")
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=460,
        column_config={
            c.name: (
                st.column_config.DateColumn(c.label, help=c.keterangan, format="YYYY-MM-DD")
                if c.dtype == "tanggal"
                else st.column_config.Column(c.label, help=c.keterangan)
            )
            for c in columns
        },
    )

base = ""
try:
    base = st.context.url.split("?")[0]
except AttributeError:
    pass
link = base + ("?" + urlencode(ctx.filter.to_query()) if ctx.filter.to_query() else "")
st.markdown("**Tautan ke tampilan ini**")
st.code(link or "(tanpa filter)", language=None)
st.markdown("**Kutipan yang disarankan**")
st.code(
    f"Pantau Netralitas ({ctx.data_date.year if ctx.data_date else ''}). Kasus dugaan pelanggaran netralitas ASN, "
    f"{ctx.filter.period_text()}, {ctx.filter.describe(ctx.names)}. Data per {tanggal(ctx.data_date)}. {link}",
    language=None,
)
privacy = (
    "Build internal: memuat nama dan NIP terlapor; hanya untuk petugas."
    if ctx.wh.mode == "internal"
    else "Build publik: tanpa nama dan NIP terlapor; teks bebas disamarkan dari nama dan NIP."
)
st.caption(
    privacy + " Setiap baris menyimpan berkas dan baris sumbernya (sumber_berkas, sumber_baris) "
    "atau tautan beritanya (sumber_url)."
)
