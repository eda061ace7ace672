"""Pantau Netralitas: the Streamlit entry point. Thin on purpose: navigation from the page list
(``dashboard/pages.py``), shared sidebar filters.

The page scripts live in ``halaman/``, not ``pages/``: Streamlit treats a ``pages/`` folder beside
the entry point as a legacy (v1) multipage app until ``st.navigation`` first runs in the server
process, so a cold deep link such as ``/laporan-bulanan`` would bypass this file entirely."""

import streamlit as st

from dashboard.layout import sidebar_filters
from dashboard.pages import navigation_pages
from netralitas import config

st.set_page_config(page_title="Pantau Netralitas", page_icon=":material/balance:", layout="wide")

page = st.navigation(navigation_pages(config.mode()))  # the page list: dashboard/pages.py
sidebar_filters()
page.run()
