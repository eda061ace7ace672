"""The naive baseline: the same page, its data done the way most Streamlit dashboards do it.

``page()`` reads the whole ``pelanggaran.parquet`` with pandas on every rerun, then runs the real
page script with the query layer swapped for pandas filtering and grouping. Charts, titles and
widgets are the page's own, so the difference measured is the data path alone.
"""

from __future__ import annotations

import contextlib
import runpy
from pathlib import Path

import pandas as pd
import streamlit as st

import dashboard.layout
import dashboard.queries as q
from dashboard.filters import Filter
from dashboard.warehouse import current
from netralitas import config, vocab

# Timedeltas to whole days, as the SQL's ``date - date`` gives.
_DAY = pd.Timedelta(days=1)


def _mask(df: pd.DataFrame, f: Filter) -> pd.Series:
    m = pd.Series(True, index=df.index)
    if f.pemilihan:
        m &= df["pemilihan"].isin(f.pemilihan)
    if f.wilayah:
        kab = [c for c in f.wilayah if "." in c]
        prov = [c for c in f.wilayah if "." not in c]
        m &= df["kode_kabupaten_kota"].isin(kab) | df["kode_provinsi"].isin(prov)
    if f.dari or f.sampai:
        ref = pd.to_datetime(df["tanggal_kejadian"]).fillna(pd.to_datetime(df["tanggal_laporan"]))
        if f.dari:
            m &= ref >= pd.Timestamp(f.dari)
        if f.sampai:
            m &= ref <= pd.Timestamp(f.sampai)
    for key, column in (("jenis", "jenis_pelanggaran"), ("hasil", "hasil"), ("sanksi", "kategori_sanksi")):
        if getattr(f, key):
            m &= df[column].isin(getattr(f, key))
    return m


class NaiveQueries:
    """pandas versions of the query functions the page calls, over one DataFrame."""

    def __init__(self, df: pd.DataFrame) -> None:
        self.df = df

    def filtered(self, f: Filter) -> pd.DataFrame:
        if f.cari:
            raise NotImplementedError("the naive baseline has no free-text search")
        return self.df[_mask(self.df, f)]

    def kpis(self, wh, identity, f: Filter) -> dict:
        d = self.filtered(f)
        days = (pd.to_datetime(d["tanggal_sanksi"]) - pd.to_datetime(d["tanggal_laporan"])) / _DAY
        med = days[days >= 0].median()
        return {
            "terlapor": len(d),
            "terbukti": int((d["hasil"] == "terbukti").sum()),
            "sanksi": int(d["kategori_sanksi"].isin(vocab.sanctioned_codes()).sum()),
            "ditindaklanjuti": int((d["tindak_lanjut_ppk"] == "sudah").sum()),
            "median_hari": None if pd.isna(med) else med,
            "kasus": int(d["id_kasus"].nunique()),
        }

    def breakdown(self, wh, identity, f: Filter, column: str) -> pd.DataFrame:
        d = self.filtered(f)
        out = d.groupby(column, dropna=False).size().rename("terlapor").reset_index()
        # The order of ours (count descending, then the code, empty last), so the bars match.
        out = out.sort_values(["terlapor", column], ascending=[False, True], na_position="last", kind="stable")
        return pd.DataFrame({"kode": out[column].to_numpy(), "terlapor": out["terlapor"].to_numpy()})

    def by_region(self, wh, identity, f: Filter, level: str) -> pd.DataFrame:
        d = self.filtered(f)
        code = "kode_kabupaten_kota" if level == "kabupaten_kota" else "kode_provinsi"
        d = d[d[code].notna()]
        g = d.assign(t=d["hasil"] == "terbukti", s=d["tindak_lanjut_ppk"] == "sudah").groupby(code)
        out = g.agg(terlapor=("t", "size"), terbukti=("t", "sum"), ditindaklanjuti=("s", "sum")).reset_index()
        return out.rename(columns={code: "kode"})

    def province_level_count(self, wh, identity, f: Filter) -> int:
        return int(self.filtered(f)["kode_kabupaten_kota"].isna().sum())

    def count_rows(self, wh, identity, f: Filter, search: str = "") -> int:
        return len(self.filtered(f))

    def has_synthetic(self, wh) -> bool:
        return bool(self.df["data_sintetis"].any())


@contextlib.contextmanager
def patched(naive: NaiveQueries):
    """Swap the query layer for the pandas one for the duration of one script run."""
    names = ("kpis", "breakdown", "by_region", "province_level_count", "count_rows")
    saved = {n: getattr(q, n) for n in names}
    saved_synthetic = dashboard.layout.has_synthetic
    saved_link = st.page_link
    try:
        for n in names:
            setattr(q, n, getattr(naive, n))
        dashboard.layout.has_synthetic = naive.has_synthetic
        # The link to Angka resmi needs the app's navigation, which this one-script app lacks (it raised
        # and cut the naive page short after the KPIs); a link costs nothing, so it is left out.
        st.page_link = lambda *args, **kwargs: None  # type: ignore[assignment]
        yield
    finally:
        for n, fn in saved.items():
            setattr(q, n, fn)
        dashboard.layout.has_synthetic = saved_synthetic
        st.page_link = saved_link  # type: ignore[assignment]


def page(script: str) -> None:
    """Run one page the naive way (called from a Streamlit script)."""
    wh = current()
    df = pd.read_parquet(wh.folder / config.PARQUET_FILENAME)  # on every rerun, as the naive pattern does
    with patched(NaiveQueries(df)):
        dashboard.layout.sidebar_filters()
        runpy.run_path(str(Path(config.REPO_ROOT) / script), run_name="__main__")
