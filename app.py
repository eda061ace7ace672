"""Pantau Netralitas: the Streamlit entry point. Thin on purpose: page list, shared sidebar filters.

The page scripts live in ``halaman/``, not ``pages/``: Streamlit treats a ``pages/`` folder beside
the entry point as a legacy (v1) multipage app until ``st.navigation`` first runs in the server
process, so a cold deep link such as ``/laporan-bulanan`` would bypass this file entirely."""

import streamlit as st

from dashboard.layout import sidebar_filters
from netralitas import config

st.set_page_config(page_title="Pantau Netralitas", page_icon=":material/balance:", layout="wide")

PAGES = [
    st.Page("halaman/ringkasan.py", title="Ringkasan", icon=":material/dashboard:", default=True),
    st.Page("halaman/peta.py", title="Peta", icon=":material/map:", url_path="peta"),
    st.Page("halaman/tren.py", title="Tren", icon=":material/trending_up:", url_path="tren"),
    st.Page(
        "halaman/jenis-pelanggaran.py",
        title="Jenis pelanggaran",
        icon=":material/category:",
        url_path="jenis-pelanggaran",
    ),
    st.Page("halaman/sanksi.py", title="Sanksi", icon=":material/gavel:", url_path="sanksi"),
    st.Page("halaman/angka-resmi.py", title="Angka resmi", icon=":material/verified:", url_path="angka-resmi"),
    st.Page("halaman/data.py", title="Data", icon=":material/table:", url_path="data"),
    st.Page(
        "halaman/laporan-bulanan.py",
        title="Laporan bulanan",
        icon=":material/calendar_month:",
        url_path="laporan-bulanan",
    ),
    st.Page("halaman/kualitas-data.py", title="Kualitas data", icon=":material/fact_check:", url_path="kualitas-data"),
]

if config.mode() == "internal":  # the news review writes to the raw folder: never a route in the public build
    PAGES.append(
        st.Page(
            "halaman/masukan-berita.py", title="Masukan berita", icon=":material/post_add:", url_path="masukan-berita"
        )
    )

page = st.navigation(PAGES)
sidebar_filters()
page.run()
