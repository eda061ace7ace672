"""The one list of dashboard pages: ``app.py`` builds its navigation from it, and the tests, the
benchmark and ``scripts/screenshots.py`` walk it. Adding a page is one line here plus its script in
``halaman/`` (and a row in the README's page table)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    script: str  # relative to the repository root, where app.py lives
    title: str  # Indonesian, as the sidebar shows it
    icon: str
    url_path: str  # "" for the default page, served at "/"
    #: Only in the internal build, after login (the news review writes to the raw folder): in the public
    #: build the page is not in the navigation, so no route reaches it.
    internal_only: bool = False


PAGES: tuple[Page, ...] = (
    Page("halaman/ringkasan.py", "Ringkasan", ":material/dashboard:", ""),
    Page("halaman/peta.py", "Peta", ":material/map:", "peta"),
    Page("halaman/tren.py", "Tren", ":material/trending_up:", "tren"),
    Page("halaman/jenis-pelanggaran.py", "Jenis pelanggaran", ":material/category:", "jenis-pelanggaran"),
    Page("halaman/sanksi.py", "Sanksi", ":material/gavel:", "sanksi"),
    Page("halaman/angka-resmi.py", "Angka resmi", ":material/verified:", "angka-resmi"),
    Page("halaman/data.py", "Data", ":material/table:", "data"),
    Page("halaman/laporan-bulanan.py", "Laporan bulanan", ":material/calendar_month:", "laporan-bulanan"),
    Page("halaman/kualitas-data.py", "Kualitas data", ":material/fact_check:", "kualitas-data"),
    Page("halaman/masukan-berita.py", "Masukan berita", ":material/post_add:", "masukan-berita", internal_only=True),
)
#: The pages of the public build (what tests, the benchmark and screenshots walk).
PUBLIC_PAGES: tuple[Page, ...] = tuple(p for p in PAGES if not p.internal_only)

#: URL paths of every public page, the default page's "" first.
URL_PATHS: tuple[str, ...] = tuple(p.url_path for p in PUBLIC_PAGES)
#: URL path -> page script, public pages.
SCRIPTS: dict[str, str] = {p.url_path: p.script for p in PUBLIC_PAGES}


def navigation_pages(mode: str) -> list:
    """``st.Page`` objects for ``st.navigation`` in this mode (``publik`` or ``internal``; streamlit
    imported here so tests and bench can read the list without it)."""
    import streamlit as st

    return [
        st.Page(p.script, title=p.title, icon=p.icon, url_path=p.url_path)
        if p.url_path
        else st.Page(p.script, title=p.title, icon=p.icon, default=True)
        for p in (PAGES if mode == "internal" else PUBLIC_PAGES)
    ]
