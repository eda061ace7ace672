"""The questions the pages ask, as parameterised DuckDB aggregates.

Every function takes the warehouse, its identity (so a swapped-in warehouse misses the
cache) and the filter, and returns a small DataFrame or a number: no page ever loads the
whole table into pandas. Results are cached by Streamlit per (identity, filter).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.filters import TANGGAL_ACUAN, Filter
from dashboard.warehouse import Warehouse, query
from netralitas import vocab

#: Whitelist of columns a breakdown may group by (never a user string).
GROUPABLE = {
    "jenis_pelanggaran",
    "media",
    "kategori_jabatan",
    "kategori_sanksi",
    "pemilihan",
    "tahap",
    "hasil",
    "sumber",
}


@st.cache_data(show_spinner=False, max_entries=512)
def kpis(wh: Warehouse, identity: str, f: Filter) -> dict:
    where, params = f.where()
    df = query(
        wh,
        f"""
        SELECT count(*) AS terlapor,
               count(*) FILTER (WHERE hasil = 'terbukti') AS terbukti,
               count(*) FILTER (WHERE list_contains(?, kategori_sanksi)) AS sanksi,
               count(*) FILTER (WHERE tindak_lanjut_ppk = 'sudah') AS ditindaklanjuti,
               median(tanggal_sanksi - tanggal_laporan) FILTER (WHERE tanggal_sanksi >= tanggal_laporan) AS median_hari,
               count(DISTINCT id_kasus) AS kasus
        FROM pelanggaran {where}""",
        [vocab.sanctioned_codes(), *params],
    )
    return {k: (None if pd.isna(v) else v) for k, v in df.iloc[0].to_dict().items()}


@st.cache_data(show_spinner=False, max_entries=512)
def breakdown(wh: Warehouse, identity: str, f: Filter, column: str) -> pd.DataFrame:
    if column not in GROUPABLE:
        raise ValueError(f"kolom tidak boleh dikelompokkan: {column}")
    where, params = f.where()
    return query(
        wh, f"SELECT {column} AS kode, count(*) AS terlapor FROM pelanggaran {where} GROUP BY 1 ORDER BY 2 DESC", params
    )


@st.cache_data(show_spinner=False, max_entries=512)
def crosstab(wh: Warehouse, identity: str, f: Filter, rows: str, cols: str) -> pd.DataFrame:
    if rows not in GROUPABLE or cols not in GROUPABLE:
        raise ValueError("kolom tidak boleh dikelompokkan")
    where, params = f.where()
    return query(
        wh,
        f"SELECT {rows} AS baris, {cols} AS kolom, count(*) AS terlapor FROM pelanggaran {where} GROUP BY 1, 2",
        params,
    )


@st.cache_data(show_spinner=False, max_entries=512)
def by_region(wh: Warehouse, identity: str, f: Filter, level: str) -> pd.DataFrame:
    """Per kabupaten/kota (``level='kabupaten_kota'``, province-level cases excluded and counted
    separately) or per province (every case)."""
    where, params = f.where()
    code = "kode_kabupaten_kota" if level == "kabupaten_kota" else "kode_provinsi"
    extra = f"{'AND' if where else 'WHERE'} kode_kabupaten_kota IS NOT NULL" if level == "kabupaten_kota" else ""
    return query(
        wh,
        f"""
        SELECT {code} AS kode, count(*) AS terlapor,
               count(*) FILTER (WHERE hasil = 'terbukti') AS terbukti,
               count(*) FILTER (WHERE tindak_lanjut_ppk = 'sudah') AS ditindaklanjuti
        FROM pelanggaran {where} {extra} GROUP BY 1""",
        params,
    )


@st.cache_data(show_spinner=False, max_entries=512)
def province_level_count(wh: Warehouse, identity: str, f: Filter) -> int:
    where, params = f.where()
    extra = f"{'AND' if where else 'WHERE'} kode_kabupaten_kota IS NULL"
    return int(query(wh, f"SELECT count(*) AS n FROM pelanggaran {where} {extra}", params)["n"].iloc[0])


@st.cache_data(show_spinner=False, max_entries=64)
def region_names(wh: Warehouse, identity: str) -> dict[str, str]:
    df = query(wh, "SELECT kode, nama FROM wilayah")
    return dict(zip(df["kode"], df["nama"], strict=True))


@st.cache_data(show_spinner=False, max_entries=64)
def regions(wh: Warehouse, identity: str) -> pd.DataFrame:
    return query(wh, "SELECT kode, nama, tingkat, kode_provinsi, nama_provinsi FROM wilayah ORDER BY kode")


@st.cache_data(show_spinner=False, max_entries=512)
def weekly_by_days_before(wh: Warehouse, identity: str, f: Filter) -> pd.DataFrame:
    """Counts per election and week before voting day (week 0 = the 7 days up to the vote)."""
    where, params = f.where()
    extra = f"{'AND' if where else 'WHERE'} hari_sebelum_pemungutan IS NOT NULL"
    return query(
        wh,
        f"""
        SELECT pemilihan, floor(hari_sebelum_pemungutan / 7)::INTEGER AS minggu, count(*) AS terlapor
        FROM pelanggaran {where} {extra} GROUP BY 1, 2 ORDER BY 1, 2""",
        params,
    )


@st.cache_data(show_spinner=False, max_entries=512)
def undated(wh: Warehouse, identity: str, f: Filter) -> dict:
    where, params = f.where()
    df = query(
        wh,
        f"""
        SELECT count(*) FILTER (WHERE hari_sebelum_pemungutan IS NULL) AS tanpa_h,
               count(*) FILTER (WHERE tanggal_kejadian IS NULL) AS tanpa_tanggal,
               count(*) FILTER (WHERE presisi_tanggal IN ('bulan', 'tahun')) AS kasar,
               count(*) FILTER (WHERE pemilihan IS NULL) AS tanpa_pemilihan
        FROM pelanggaran {where}""",
        params,
    )
    return {k: int(v) for k, v in df.iloc[0].to_dict().items()}


@st.cache_data(show_spinner=False, max_entries=512)
def monthly(wh: Warehouse, identity: str, f: Filter) -> pd.DataFrame:
    where, params = f.where()
    extra = f"{'AND' if where else 'WHERE'} {TANGGAL_ACUAN} IS NOT NULL"
    return query(
        wh,
        f"""
        SELECT date_trunc('month', {TANGGAL_ACUAN})::DATE AS bulan, count(*) AS terlapor
        FROM pelanggaran {where} {extra} GROUP BY 1 ORDER BY 1""",
        params,
    )


#: Bands of days before voting day, earliest first: (label, fewest days before voting day in the band).
H_MINUS_BANDS: tuple[tuple[str, int], ...] = (
    ("H-91 atau lebih awal", 91),
    ("H-90 s.d. H-61", 61),
    ("H-60 s.d. H-31", 31),
    ("H-30 s.d. H-8", 8),
    ("H-7 s.d. hari H", 0),
)
AFTER_VOTING_DAY = "Sesudah hari H"
#: Every band label in time order, as the charts show them.
H_MINUS_LABELS: tuple[str, ...] = (*(label for label, _ in H_MINUS_BANDS), AFTER_VOTING_DAY)


@st.cache_data(show_spinner=False, max_entries=512)
def share_by_days_bucket(wh: Warehouse, identity: str, f: Filter) -> pd.DataFrame:
    where, params = f.where()
    extra = f"{'AND' if where else 'WHERE'} hari_sebelum_pemungutan IS NOT NULL"
    bands = " ".join(f"WHEN hari_sebelum_pemungutan >= {int(low)} THEN ?" for _, low in H_MINUS_BANDS)
    return query(
        wh,
        f"""
        SELECT CASE {bands} ELSE ? END AS rentang,
               jenis_pelanggaran AS kode, count(*) AS terlapor
        FROM pelanggaran {where} {extra} GROUP BY 1, 2""",
        [*(label for label, _ in H_MINUS_BANDS), AFTER_VOTING_DAY, *params],
    )


@st.cache_data(show_spinner=False, max_entries=512)
def funnel(wh: Warehouse, identity: str, f: Filter) -> dict:
    where, params = f.where()
    df = query(
        wh,
        f"""
        SELECT count(*) AS dilaporkan,
               count(*) FILTER (WHERE hasil = 'terbukti') AS terbukti,
               count(*) FILTER (WHERE hasil = 'terbukti' AND list_contains(?, tahap)) AS rekomendasi,
               count(*) FILTER (WHERE list_contains(?, kategori_sanksi)) AS sanksi_dijatuhkan,
               count(*) FILTER (WHERE tindak_lanjut_ppk = 'sudah') AS ditindaklanjuti_ppk
        FROM pelanggaran {where}""",
        [list(vocab.stages_reached("rekomendasi")), vocab.sanctioned_codes(), *params],
    )
    return {k: int(v) for k, v in df.iloc[0].to_dict().items()}


@st.cache_data(show_spinner=False, max_entries=512)
def followup_by_region(wh: Warehouse, identity: str, f: Filter, limit: int = 20) -> pd.DataFrame:
    where, params = f.where()
    extra = f"{'AND' if where else 'WHERE'} hasil = 'terbukti'"
    return query(
        wh,
        f"""
        SELECT coalesce(nama_kabupaten_kota, 'Provinsi ' || nama_provinsi) AS wilayah,
               count(*) AS terbukti, count(*) FILTER (WHERE tindak_lanjut_ppk = 'sudah') AS ditindaklanjuti
        FROM pelanggaran {where} {extra} GROUP BY 1
        ORDER BY ditindaklanjuti / terbukti DESC, terbukti DESC LIMIT {int(limit)}""",
        params,
    )


@st.cache_data(show_spinner=False, max_entries=512)
def days_to_sanction(wh: Warehouse, identity: str, f: Filter) -> pd.DataFrame:
    where, params = f.where()
    extra = f"{'AND' if where else 'WHERE'} tanggal_sanksi IS NOT NULL AND tanggal_laporan IS NOT NULL AND tanggal_sanksi >= tanggal_laporan"
    return query(
        wh,
        f"""
        SELECT (tanggal_sanksi - tanggal_laporan) AS hari, count(*) AS terlapor
        FROM pelanggaran {where} {extra} GROUP BY 1 ORDER BY 1""",
        params,
    )


@st.cache_data(show_spinner=False, max_entries=256)
def count_rows(wh: Warehouse, identity: str, f: Filter) -> int:
    where, params = f.where()
    return int(query(wh, f"SELECT count(*) AS n FROM pelanggaran {where}", params)["n"].iloc[0])


@st.cache_data(show_spinner=False, max_entries=256)
def undated_outside_period(wh: Warehouse, identity: str, f: Filter) -> int:
    """Rows the period filter leaves out only because they have neither incident nor report date."""
    if not (f.dari or f.sampai):
        return 0
    where, params = f.where(skip=("periode",))
    extra = f"{'AND' if where else 'WHERE'} {TANGGAL_ACUAN} IS NULL"
    return int(query(wh, f"SELECT count(*) AS n FROM pelanggaran {where} {extra}", params)["n"].iloc[0])


@st.cache_data(show_spinner=False, max_entries=128)
def rows(wh: Warehouse, identity: str, f: Filter, columns: tuple[str, ...], limit: int) -> pd.DataFrame:
    where, params = f.where()
    cols = ", ".join(columns)  # from the schema declaration, never from the user
    return query(
        wh,
        f"SELECT {cols} FROM pelanggaran {where} ORDER BY sumber_berkas, sumber_baris, id_terlapor LIMIT {int(limit)}",
        params,
    )


@st.cache_data(show_spinner=False, max_entries=64)
def date_range(wh: Warehouse, identity: str) -> tuple:
    df = query(wh, f"SELECT min({TANGGAL_ACUAN}) AS a, max({TANGGAL_ACUAN}) AS b FROM pelanggaran")
    a, b = df["a"].iloc[0], df["b"].iloc[0]
    return (None if pd.isna(a) else pd.Timestamp(a).date(), None if pd.isna(b) else pd.Timestamp(b).date())


@st.cache_data(show_spinner=False, max_entries=64)
def elections_present(wh: Warehouse, identity: str) -> list[str]:
    df = query(
        wh, "SELECT pemilihan, count(*) AS n FROM pelanggaran WHERE pemilihan IS NOT NULL GROUP BY 1 ORDER BY 2 DESC"
    )
    return df["pemilihan"].tolist()
