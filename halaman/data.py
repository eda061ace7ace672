"""Data: the filtered rows, their count, the safe downloads (XLSX and CSV) of exactly those rows,
the data dictionary, a suggested citation and the link to this exact view."""

import datetime as dt
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.export import (
    MAX_XLSX_ROWS,
    PRIVACY_NOTE,
    code_labels,
    csv_bytes,
    dictionary_markdown,
    export_columns,
    xlsx_bytes,
)
from dashboard.formatting import angka, tanggal
from dashboard.layout import FILTER_PANEL, context

ctx = context("Data kasus", "Satu baris per ASN terlapor per kasus; kolom sesuai kamus data")
MAX_SHOWN = queries.PAGE_ROWS  # rows per screen page, paged from DuckDB (LIMIT/OFFSET), never all loaded
#: What a reader looks for first (date, region, violation, outcome, description); ids and provenance last.
READER_ORDER = (
    "tanggal_kejadian",
    "nama_terlapor",
    "nip",
    "nama_kabupaten_kota",
    "nama_provinsi",
    "jenis_pelanggaran",
    "hasil",
    "kategori_sanksi",
    "uraian",
    "jabatan",
    "instansi",
    "pemilihan",
    "sumber_url",
    "dokumen_sumber",
    "media_sumber",
    "tanggal_laporan",
    "tanggal_sanksi",
    "presisi_tanggal",
    "media",
    "tahap",
    "rekomendasi",
    "sanksi",
    "tindak_lanjut_ppk",
    "catatan",
    "dasar_hukum",
    "kategori_jabatan",
    "sumber",
    "nomor_register",
    "hari_sebelum_pemungutan",
    "masalah_data",
    "sumber_lain",
    "data_sintetis",
    "kode_kabupaten_kota",
    "kode_provinsi",
    "id_kasus",
    "id_terlapor",
    "sumber_berkas",
    "sumber_baris",
)
DEFAULT_SHOWN = READER_ORDER[: READER_ORDER.index("dokumen_sumber") + 1]


def url_page(raw: str | None) -> int:
    """The `halaman` URL value as a page number; anything that is not a whole number is page 1."""
    try:
        return int(str(raw).strip())
    except ValueError:
        return 1


columns = {c.name: c for c in export_columns(ctx.wh)}
order = [name for name in READER_ORDER if name in columns] + [n for n in columns if n not in READER_ORDER]
n = queries.count_rows(ctx.wh, ctx.identity, ctx.filter)
found = f"**{angka(n)} baris** cocok dengan filter{' dan pencarian' if ctx.filter.cari else ''}"
st.markdown(f"{found} ({ctx.filter.period_text()} · {ctx.filter.describe(ctx.names)}).")

base = ""
try:
    base = st.context.url.split("?")[0]
except AttributeError:
    pass
view = ctx.filter.to_query() | ({"kolom": st.query_params["kolom"]} if "kolom" in st.query_params else {})
link = base + ("?" + urlencode(view) if view else "")
citation = (
    f"Pantau Netralitas ({ctx.data_date.year if ctx.data_date else ''}). Kasus dugaan pelanggaran netralitas ASN, "
    f"{ctx.filter.period_text()}, {ctx.filter.describe(ctx.names)}. Data per {tanggal(ctx.data_date)}. {link}"
)

stamp = dt.date.today().isoformat()
c1, c2, c3 = st.columns(3)
c1.download_button(
    f"Unduh Excel ({angka(min(n, MAX_XLSX_ROWS))} baris)",
    data=lambda: xlsx_bytes(ctx.wh, ctx.filter, citation=citation, link=link),
    file_name=f"pantau_netralitas_{stamp}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
    type="primary",
    disabled=n == 0,
    icon=":material/table_view:",
    width="stretch",
)
c2.download_button(
    f"Unduh CSV ({angka(n)} baris)",
    data=lambda: csv_bytes(ctx.wh, ctx.filter),
    file_name=f"pantau_netralitas_{stamp}.csv",
    mime="text/csv",
    on_click="ignore",
    disabled=n == 0,
    icon=":material/download:",
    width="stretch",
)
c3.download_button(
    "Unduh kamus data",
    data=dictionary_markdown(),
    file_name="kamus_data_pantau_netralitas.md",
    mime="text/markdown",
    on_click="ignore",
    icon=":material/menu_book:",
    width="stretch",
)
st.caption(
    "Excel: kode wilayah tetap teks, tanggal sebagai tanggal, lembar kedua kamus data, lembar ketiga kutipan dan "
    "tautan. CSV: UTF-8, dipisah koma, dengan kolom label di samping setiap kolom kode."
    + (f" Excel memuat {angka(MAX_XLSX_ROWS)} baris pertama; CSV memuat semuanya." if n > MAX_XLSX_ROWS else "")
)

chosen = st.multiselect(
    "Kolom yang ditampilkan",
    order,
    default=[c for c in DEFAULT_SHOWN if c in columns],
    format_func=lambda name: columns[name].label,
    key="kolom",
    bind="query-params",
    placeholder="Pilih kolom",
)
chosen = [c for c in order if c in (chosen or DEFAULT_SHOWN)]

if n == 0:
    if "halaman" in st.query_params:
        del st.query_params["halaman"]
    st.info(f"Tidak ada baris untuk filter ini. Longgarkan filter atau ubah kata pencarian di {FILTER_PANEL}.")
else:
    pages = (n + MAX_SHOWN - 1) // MAX_SHOWN
    page = 1
    if pages > 1:
        # The page number lives in the URL (`halaman`): a pasted link reopens the same rows. It is read when the
        # widget is new (a cold link), reset to 1 when the filters change, clamped to 1..pages, and written back.
        ss = st.session_state
        view_key = repr(sorted(ctx.filter.to_query().items()))
        if ss.get("_data_halaman_filter") not in (None, view_key):
            ss["data_halaman"] = 1
        elif "data_halaman" not in ss:
            ss["data_halaman"] = url_page(st.query_params.get("halaman"))
        ss["_data_halaman_filter"] = view_key
        if not 1 <= ss["data_halaman"] <= pages:
            ss["data_halaman"] = min(max(int(ss["data_halaman"]), 1), pages)
        page = int(
            st.number_input(
                f"Halaman tabel (1–{angka(pages)})",
                min_value=1,
                max_value=pages,
                step=1,
                key="data_halaman",
            )
        )
    if page > 1 and st.query_params.get("halaman") != str(page):
        st.query_params["halaman"] = str(page)
    elif page == 1 and "halaman" in st.query_params:
        del st.query_params["halaman"]
    start = (page - 1) * MAX_SHOWN
    shown = queries.rows(ctx.wh, ctx.identity, ctx.filter, tuple(chosen), MAX_SHOWN, start)
    if n > MAX_SHOWN:
        st.caption(
            f"Menampilkan baris {angka(start + 1)}–{angka(start + len(shown))} dari {angka(n)}; unduh untuk semuanya."
        )
    config = {}
    for name in chosen:
        c = columns[name]
        labels = code_labels(c)
        if labels:  # the vocabulary's words, never the code
            shown[name] = shown[name].map(lambda v, m=labels: m.get(v, v) if v else "")
        if c.dtype == "tanggal":  # "24 Sep 2024"; an empty date is an empty cell, not "None"
            shown[name] = [tanggal(v) if v is not None and v == v else "" for v in shown[name]]
            config[name] = st.column_config.TextColumn(c.label, help=c.keterangan)
        elif name == "sumber_url":
            config[name] = st.column_config.LinkColumn(c.label, help=c.keterangan, display_text=r"https?://([^/ ]+)")
        elif c.dtype == "teks":
            shown[name] = shown[name].fillna("")
            wide = "large" if name in ("uraian", "catatan", "rekomendasi", "sanksi") else None
            config[name] = st.column_config.TextColumn(c.label, help=c.keterangan, width=wide)
        elif c.dtype == "boolean":
            config[name] = st.column_config.CheckboxColumn(c.label, help=c.keterangan)
        else:  # whole numbers; empty stays empty
            shown[name] = ["" if pd.isna(v) else angka(v) for v in shown[name]]
            config[name] = st.column_config.TextColumn(c.label, help=c.keterangan)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=min(35 * (len(shown) + 1) + 20, 560),  # fits a short result (room for the scrollbar); scrolls a long one
        column_config=config,
        column_order=chosen,
    )

st.markdown("**Tautan ke tampilan ini** (memuat filter, pencarian dan kolom)")
st.code(link or "(tanpa filter)", language=None)
st.markdown("**Kutipan yang disarankan**")
st.code(citation, language=None)
st.caption(
    PRIVACY_NOTE[ctx.wh.mode == "internal"] + " Setiap baris menyimpan berkas dan baris sumbernya, dan tautan "
    "berita (URL sumber) atau rujukan dokumennya (Dokumen sumber)."
)
