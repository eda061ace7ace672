"""The questions the pages ask, as parameterised DuckDB aggregates.

Every function takes the warehouse, its identity (so a swapped-in warehouse misses the
cache) and the filter, and returns a small DataFrame or a number: no page ever loads the
whole table into pandas. Results are cached by Streamlit per (identity, filter).

Two ways to the same numbers: the rollup tables the ETL writes (``agregat_*``, declared in
``netralitas/schema.py``), read whenever the active filters allow it (every filter but the free-text
search ``cari``), and the row-level table ``pelanggaran``. ``level`` chooses: ``"auto"`` (the pages),
``"rows"`` (always ``pelanggaran``: the reference the rollup test compares against) or ``"rollup"``
(always the rollups; an error where they cannot answer). A period that does not start and end on
month boundaries is answered from the monthly rollups for its whole months plus the rows of its edge
days (read from ``pelanggaran`` by date), so a campaign period or a comparison period stays exact.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import streamlit as st

from dashboard.filters import TANGGAL_ACUAN, Filter
from dashboard.warehouse import Warehouse, query
from netralitas import schema, vocab
from netralitas.schema import AFTER_VOTING_DAY, H_MINUS_BANDS, H_MINUS_LABELS

__all__ = ["AFTER_VOTING_DAY", "H_MINUS_BANDS", "H_MINUS_LABELS"]

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
LEVELS = ("auto", "rows", "rollup")


# ---------------------------------------------------------------------- rollup sources


@st.cache_data(show_spinner=False, max_entries=64)
def rollup_tables(wh: Warehouse, identity: str) -> frozenset[str]:
    """The rollup tables this warehouse holds (a warehouse written before them has none)."""
    df = query(
        wh,
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'db' AND starts_with(table_name, 'agregat_')",
    )
    return frozenset(df["table_name"])


def _use_rollup(wh: Warehouse, identity: str, f: Filter | None, level: str, *tables: str) -> bool:
    if level not in LEVELS:
        raise ValueError(f"level tidak dikenal: {level}")
    if level == "rows":
        return False
    possible = (f is None or not f.cari) and set(tables) <= rollup_tables(wh, identity)
    if level == "rollup" and not possible:
        raise ValueError(f"agregat tidak dapat menjawab filter ini: {f}")
    return possible


def _pick(family: str, f: Filter | None, month: bool = False) -> schema.Rollup:
    """The rollup of ``family`` to read: the one without months when no period (and no month) is asked."""
    need_month = month or bool(f and (f.dari or f.sampai))
    for name in (family, f"{family}_bulan"):
        r = schema.ROLLUP_BY_NAME.get(name)
        if r is not None and (r.has("bulan") or not need_month):
            return r
    raise KeyError(family)


def _month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _next_month(d: dt.date) -> dt.date:
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def period_split(dari: dt.date | None, sampai: dt.date | None):
    """A period as whole months and edge days: ``(first_month, last_month, edges)``; the months are
    the first days of the whole months inside the period (None = open on that side; ``first_month``
    after ``last_month`` = no whole month), ``edges`` the (from, to) day ranges left over."""
    first = dari if dari is None or dari.day == 1 else _next_month(dari)
    last_end = (
        sampai
        if sampai is None or _next_month(sampai) - dt.timedelta(days=1) == sampai
        else (_month_start(sampai) - dt.timedelta(days=1))
    )
    if first is not None and last_end is not None and first > last_end:
        return first, _month_start(last_end), [(dari, sampai)]
    edges = []
    if dari is not None and first is not None and dari < first:
        edges.append((dari, first - dt.timedelta(days=1)))
    if sampai is not None and last_end is not None and sampai > last_end:
        edges.append((last_end + dt.timedelta(days=1), sampai))
    return first, None if last_end is None else _month_start(last_end), edges


def _row_sql(r: schema.Rollup) -> str:
    """``pelanggaran`` rows as cells of rollup ``r``: each row its own cell, each measure 1 or 0."""
    cols = [f"{schema.ROLLUP_DIM_SQL.get(c.name, c.name)} AS {c.name}" for c in r.dims]
    for m in r.measures:
        cond = schema.ROLLUP_MEASURE_SQL.get(m.name)
        cols.append(f"(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {m.name}" if cond else f"0 AS {m.name}")
    return "SELECT " + ", ".join(cols) + " FROM pelanggaran"


def _source(r: schema.Rollup, f: Filter) -> tuple[str, str, list]:
    """``FROM …`` over rollup ``r`` and the ``WHERE …`` of every filter of ``f`` but the search, with
    their parameters in order. A period reads the whole months from the rollup and the edge days
    from ``pelanggaran``."""
    where, where_params = f.where(skip=("periode", "cari"))
    if not (f.dari or f.sampai):
        return f"FROM {r.name}", where, where_params
    first, last, edges = period_split(f.dari, f.sampai)
    parts, params = [], []
    if first is None or last is None or first <= last:
        conds = []
        if first is not None:
            conds.append("bulan >= ?")
            params.append(first)
        if last is not None:
            conds.append("bulan <= ?")
            params.append(last)
        parts.append(f"SELECT {', '.join(c.name for c in r.columns)} FROM {r.name} WHERE {' AND '.join(conds)}")
    for a, b in edges:
        extra = f" AND ({r.where})" if r.where else ""
        parts.append(f"{_row_sql(r)} WHERE {TANGGAL_ACUAN} BETWEEN ? AND ?{extra}")
        params += [a, b]
    return "FROM (" + " UNION ALL ".join(parts) + ") AS src", where, params + where_params


def _and(where: str, extra: str) -> str:
    return f"{where} AND {extra}" if where else f"WHERE {extra}"


def _int(v) -> int:
    return 0 if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA else int(v)


def _median(values: list[int], counts: list[int]):
    """DuckDB's ``median`` (continuous quantile 0.5) of a histogram: the middle value, or the mean of
    the two middle values."""
    n = sum(counts)
    if n == 0:
        return None
    pos = (n - 1) * 0.5
    lo, hi = math.floor(pos), math.ceil(pos)

    def at(i: int) -> int:
        seen = 0
        for v, c in zip(values, counts, strict=True):
            seen += c
            if i < seen:
                return v
        raise IndexError(i)

    a, b = float(at(lo)), float(at(hi))
    return a + (pos - lo) * (b - a)


def _kasus(wh: Warehouse, f: Filter) -> int:
    """Distinct cases under ``f`` from the rollups: cases whole in one cell are summed (``kasus_utuh``),
    cases split over cells are counted distinct from ``agregat_kasus_terbagi``."""
    r = _pick("agregat_wilayah", f)
    frm, where, params = _source(r, f)
    whole = query(wh, f"SELECT sum(kasus_utuh)::BIGINT AS n {frm} {where}", params)["n"].iloc[0]
    total = _int(whole)
    other, other_params = f.where(skip=("periode", "cari"))
    if f.dari or f.sampai:
        _, _, edges = period_split(f.dari, f.sampai)
        for a, b in edges:  # whole cases of edge days: their rows lie in one cell, so all on that day
            cond = f"{TANGGAL_ACUAN} BETWEEN ? AND ? AND id_kasus NOT IN (SELECT id_kasus FROM agregat_kasus_terbagi)"
            total += _int(
                query(
                    wh,
                    f"SELECT count(DISTINCT id_kasus) AS n FROM pelanggaran {_and(other, cond)}",
                    [*other_params, a, b],
                )["n"].iloc[0]
            )
        conds, period_params = [], []
        if f.dari:
            conds.append("tanggal_acuan >= ?")
            period_params.append(f.dari)
        if f.sampai:
            conds.append("tanggal_acuan <= ?")
            period_params.append(f.sampai)
        other = _and(other, " AND ".join(conds))
        other_params = [*other_params, *period_params]
    split = query(wh, f"SELECT count(DISTINCT id_kasus) AS n FROM agregat_kasus_terbagi {other}", other_params)
    return total + _int(split["n"].iloc[0])


# ---------------------------------------------------------------------- the questions


#: The totals of ``agregat_wilayah`` that the KPIs and the funnel show: name -> (the rollup measure summed,
#: the condition on its cells). Row level, each is the count of the rows that meet the measure's own
#: condition (``schema.ROLLUP_MEASURE_SQL``, what the ETL sums into the rollup) and that condition. A ``?``
#: in a condition is the list of sanction categories that mean a sanction was imposed.
_TOTALS = {
    "terlapor": ("terlapor", ""),
    "terbukti": ("terlapor", "hasil = 'terbukti'"),
    "rekomendasi": ("rekomendasi", "hasil = 'terbukti'"),
    "sanksi": ("terlapor", "list_contains(?, kategori_sanksi)"),
    "ditindaklanjuti": ("ditindaklanjuti", ""),
}


def _totals(wh: Warehouse, f: Filter, from_rollup: bool, names: tuple[str, ...], extra: str = "") -> dict:
    """The :data:`_TOTALS` ``names`` under ``f`` in one query: sums over ``agregat_wilayah`` (``from_rollup``)
    or counts over ``pelanggaran``, the same expression either way. ``extra``: further row-level columns
    (``SELECT`` expressions without parameters) of the same query."""
    select, params = [], []
    for name in names:
        measure, cond = _TOTALS[name]
        if from_rollup:
            expr = f"sum({measure})"
        else:
            expr = "count(*)"
            measure_cond = schema.ROLLUP_MEASURE_SQL[measure]
            cond = " AND ".join(c for c in (cond, "" if measure_cond == "true" else measure_cond) if c)
        if cond:
            expr += f" FILTER (WHERE {cond})"
            params += [vocab.sanctioned_codes()] * cond.count("?")
        select.append(f"{expr}::BIGINT AS {name}")
    if from_rollup:
        frm, where, where_params = _source(_pick("agregat_wilayah", f), f)
    else:
        (where, where_params), frm = f.where(), "FROM pelanggaran"
    columns = ",\n               ".join([*select, *([extra] if extra else [])])
    row = query(wh, f"SELECT {columns}\n        {frm} {where}", [*params, *where_params]).iloc[0]
    return {k: (_int(v) if k in names else None if pd.isna(v) else v) for k, v in row.to_dict().items()}


_KPI_TOTALS = ("terlapor", "terbukti", "sanksi", "ditindaklanjuti")


@st.cache_data(show_spinner=False, max_entries=512)
def kpis(wh: Warehouse, identity: str, f: Filter, level: str = "auto") -> dict:
    if _use_rollup(wh, identity, f, level, "agregat_wilayah", "agregat_hari_sanksi", "agregat_kasus_terbagi"):
        out = _totals(wh, f, True, _KPI_TOTALS)
        days = days_to_sanction(wh, identity, f, level="rollup")
        out["median_hari"] = _median([int(v) for v in days["hari"]], [int(v) for v in days["terlapor"]])
        out["kasus"] = _kasus(wh, f)
        return out
    out = _totals(
        wh,
        f,
        False,
        _KPI_TOTALS,
        extra="median(tanggal_sanksi - tanggal_laporan) FILTER (WHERE tanggal_sanksi >= tanggal_laporan) AS median_hari, "
        "count(DISTINCT id_kasus) AS kasus",
    )
    out["kasus"] = _int(out["kasus"])
    return out


#: The rollup family that holds each groupable column (tahap and sumber: row level only).
_FAMILY_OF = {
    "pemilihan": "agregat_wilayah",
    "jenis_pelanggaran": "agregat_wilayah",
    "hasil": "agregat_wilayah",
    "kategori_sanksi": "agregat_wilayah",
    "media": "agregat_jabatan",
    "kategori_jabatan": "agregat_jabatan",
}


@st.cache_data(show_spinner=False, max_entries=512)
def breakdown(wh: Warehouse, identity: str, f: Filter, column: str, level: str = "auto") -> pd.DataFrame:
    if column not in GROUPABLE:
        raise ValueError(f"kolom tidak boleh dikelompokkan: {column}")
    family = _FAMILY_OF.get(column)
    if family and _use_rollup(wh, identity, f, level, family):
        frm, where, params = _source(_pick(family, f), f)
        return query(
            wh,
            f"SELECT {column} AS kode, sum(terlapor)::BIGINT AS terlapor {frm} {where} GROUP BY 1 ORDER BY 2 DESC, 1",
            params,
        )
    if level == "rollup":
        raise ValueError(f"agregat tidak memuat kolom {column}")
    where, params = f.where()
    return query(
        wh,
        f"SELECT {column} AS kode, count(*) AS terlapor FROM pelanggaran {where} GROUP BY 1 ORDER BY 2 DESC, 1",
        params,
    )


@st.cache_data(show_spinner=False, max_entries=512)
def crosstab(wh: Warehouse, identity: str, f: Filter, rows: str, cols: str, level: str = "auto") -> pd.DataFrame:
    if rows not in GROUPABLE or cols not in GROUPABLE:
        raise ValueError("kolom tidak boleh dikelompokkan")
    known = rows in _FAMILY_OF and cols in _FAMILY_OF
    family = (
        "agregat_jabatan" if "agregat_jabatan" in (_FAMILY_OF.get(rows), _FAMILY_OF.get(cols)) else "agregat_wilayah"
    )
    if known and _use_rollup(wh, identity, f, level, family):
        frm, where, params = _source(_pick(family, f), f)
        return query(
            wh,
            f"SELECT {rows} AS baris, {cols} AS kolom, sum(terlapor)::BIGINT AS terlapor {frm} {where} GROUP BY 1, 2",
            params,
        )
    if level == "rollup":
        raise ValueError(f"agregat tidak memuat {rows} × {cols}")
    where, params = f.where()
    return query(
        wh,
        f"SELECT {rows} AS baris, {cols} AS kolom, count(*) AS terlapor FROM pelanggaran {where} GROUP BY 1, 2",
        params,
    )


@st.cache_data(show_spinner=False, max_entries=512)
def by_region(wh: Warehouse, identity: str, f: Filter, level: str, how: str = "auto") -> pd.DataFrame:
    """Per kabupaten/kota (``level='kabupaten_kota'``, province-level cases excluded and counted
    separately) or per province (every case). ``how`` is the ``level`` of the other functions."""
    code = "kode_kabupaten_kota" if level == "kabupaten_kota" else "kode_provinsi"
    if _use_rollup(wh, identity, f, how, "agregat_wilayah"):
        frm, where, params = _source(_pick("agregat_wilayah", f), f)
        if level == "kabupaten_kota":
            where = _and(where, "kode_kabupaten_kota IS NOT NULL")
        return query(
            wh,
            f"""
            SELECT {code} AS kode, sum(terlapor)::BIGINT AS terlapor,
                   coalesce(sum(terlapor) FILTER (WHERE hasil = 'terbukti'), 0)::BIGINT AS terbukti,
                   sum(ditindaklanjuti)::BIGINT AS ditindaklanjuti
            {frm} {where} GROUP BY 1""",
            params,
        )
    where, params = f.where()
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
def province_level_count(wh: Warehouse, identity: str, f: Filter, level: str = "auto") -> int:
    if _use_rollup(wh, identity, f, level, "agregat_wilayah"):
        frm, where, params = _source(_pick("agregat_wilayah", f), f)
        sql = f"SELECT sum(terlapor)::BIGINT AS n {frm} {_and(where, 'kode_kabupaten_kota IS NULL')}"
        return _int(query(wh, sql, params)["n"].iloc[0])
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
def weekly_by_days_before(wh: Warehouse, identity: str, f: Filter, level: str = "auto") -> pd.DataFrame:
    """Counts per election and week before voting day (week 0 = the 7 days up to the vote)."""
    if _use_rollup(wh, identity, f, level, "agregat_hari_h"):
        frm, where, params = _source(_pick("agregat_hari_h", f), f)
        return query(
            wh,
            f"""
            SELECT pemilihan, minggu_h AS minggu, sum(terlapor)::BIGINT AS terlapor
            {frm} {where} GROUP BY 1, 2 ORDER BY 1, 2""",
            params,
        )
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
def undated(wh: Warehouse, identity: str, f: Filter, level: str = "auto") -> dict:
    if _use_rollup(wh, identity, f, level, "agregat_wilayah"):
        frm, where, params = _source(_pick("agregat_wilayah", f), f)
        row = query(
            wh,
            f"""
            SELECT sum(tanpa_h)::BIGINT AS tanpa_h, sum(tanpa_tanggal_kejadian)::BIGINT AS tanpa_tanggal,
                   sum(tanggal_kasar)::BIGINT AS kasar,
                   sum(terlapor) FILTER (WHERE pemilihan IS NULL)::BIGINT AS tanpa_pemilihan
            {frm} {where}""",
            params,
        ).iloc[0]
        return {k: _int(row[k]) for k in ("tanpa_h", "tanpa_tanggal", "kasar", "tanpa_pemilihan")}
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
def monthly(wh: Warehouse, identity: str, f: Filter, level: str = "auto") -> pd.DataFrame:
    if _use_rollup(wh, identity, f, level, "agregat_wilayah_bulan"):
        frm, where, params = _source(_pick("agregat_wilayah", f, month=True), f)
        return query(
            wh,
            f"""
            SELECT bulan, sum(terlapor)::BIGINT AS terlapor
            {frm} {_and(where, "bulan IS NOT NULL")} GROUP BY 1 ORDER BY 1""",
            params,
        )
    where, params = f.where()
    extra = f"{'AND' if where else 'WHERE'} {TANGGAL_ACUAN} IS NOT NULL"
    return query(
        wh,
        f"""
        SELECT date_trunc('month', {TANGGAL_ACUAN})::DATE AS bulan, count(*) AS terlapor
        FROM pelanggaran {where} {extra} GROUP BY 1 ORDER BY 1""",
        params,
    )


@st.cache_data(show_spinner=False, max_entries=512)
def share_by_days_bucket(wh: Warehouse, identity: str, f: Filter, level: str = "auto") -> pd.DataFrame:
    if _use_rollup(wh, identity, f, level, "agregat_hari_h"):
        frm, where, params = _source(_pick("agregat_hari_h", f), f)
        return query(
            wh,
            f"""
            SELECT rentang_h AS rentang, jenis_pelanggaran AS kode, sum(terlapor)::BIGINT AS terlapor
            {frm} {where} GROUP BY 1, 2""",
            params,
        )
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


#: The funnel's steps, in order, and the total each one is.
FUNNEL_STEPS = {
    "dilaporkan": "terlapor",
    "terbukti": "terbukti",
    "rekomendasi": "rekomendasi",
    "sanksi_dijatuhkan": "sanksi",
    "ditindaklanjuti_ppk": "ditindaklanjuti",
}


@st.cache_data(show_spinner=False, max_entries=512)
def funnel(wh: Warehouse, identity: str, f: Filter, level: str = "auto") -> dict:
    totals = _totals(wh, f, _use_rollup(wh, identity, f, level, "agregat_wilayah"), tuple(FUNNEL_STEPS.values()))
    return {step: totals[name] for step, name in FUNNEL_STEPS.items()}


@st.cache_data(show_spinner=False, max_entries=512)
def followup_by_region(wh: Warehouse, identity: str, f: Filter, limit: int = 20, level: str = "auto") -> pd.DataFrame:
    if _use_rollup(wh, identity, f, level, "agregat_wilayah"):
        frm, where, params = _source(_pick("agregat_wilayah", f), f)
        return query(
            wh,
            f"""
            SELECT * FROM (
                SELECT coalesce(nama_kabupaten_kota, 'Provinsi ' || nama_provinsi) AS wilayah,
                       sum(terlapor)::BIGINT AS terbukti, sum(ditindaklanjuti)::BIGINT AS ditindaklanjuti
                {frm} {_and(where, "hasil = 'terbukti'")} GROUP BY 1)
            ORDER BY ditindaklanjuti / terbukti DESC, terbukti DESC, wilayah LIMIT {int(limit)}""",
            params,
        )
    where, params = f.where()
    extra = f"{'AND' if where else 'WHERE'} hasil = 'terbukti'"
    return query(
        wh,
        f"""
        SELECT coalesce(nama_kabupaten_kota, 'Provinsi ' || nama_provinsi) AS wilayah,
               count(*) AS terbukti, count(*) FILTER (WHERE tindak_lanjut_ppk = 'sudah') AS ditindaklanjuti
        FROM pelanggaran {where} {extra} GROUP BY 1
        ORDER BY ditindaklanjuti / terbukti DESC, terbukti DESC, wilayah LIMIT {int(limit)}""",
        params,
    )


@st.cache_data(show_spinner=False, max_entries=512)
def days_to_sanction(wh: Warehouse, identity: str, f: Filter, level: str = "auto") -> pd.DataFrame:
    if _use_rollup(wh, identity, f, level, "agregat_hari_sanksi"):
        frm, where, params = _source(_pick("agregat_hari_sanksi", f), f)
        return query(
            wh,
            f"SELECT hari_sanksi::BIGINT AS hari, sum(terlapor)::BIGINT AS terlapor {frm} {where} GROUP BY 1 ORDER BY 1",
            params,
        )
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
def count_rows(wh: Warehouse, identity: str, f: Filter, level: str = "auto") -> int:
    if _use_rollup(wh, identity, f, level, "agregat_wilayah"):
        frm, where, params = _source(_pick("agregat_wilayah", f), f)
        return _int(query(wh, f"SELECT sum(terlapor)::BIGINT AS n {frm} {where}", params)["n"].iloc[0])
    where, params = f.where()
    return int(query(wh, f"SELECT count(*) AS n FROM pelanggaran {where}", params)["n"].iloc[0])


@st.cache_data(show_spinner=False, max_entries=256)
def coarse_dated(wh: Warehouse, identity: str, f: Filter) -> int:
    """Rows of the filter dated to the month or year only (no day): the monthly report counts them in
    their month and says how many. Row level (no rollup holds the date's precision), so cached."""
    where, params = f.where()
    extra = f"{'AND' if where else 'WHERE'} presisi_tanggal IN ('bulan', 'tahun')"
    return int(query(wh, f"SELECT count(*) AS n FROM pelanggaran {where} {extra}", params)["n"].iloc[0])


@st.cache_data(show_spinner=False, max_entries=16)
def quarantine_total(wh: Warehouse, identity: str) -> int:
    """Every row in quarantine (the whole warehouse, whatever the filter)."""
    return int(query(wh, "SELECT count(*) AS n FROM karantina")["n"].iloc[0])


@st.cache_data(show_spinner=False, max_entries=256)
def undated_outside_period(wh: Warehouse, identity: str, f: Filter, level: str = "auto") -> int:
    """Rows the period filter leaves out only because they have neither incident nor report date."""
    if not (f.dari or f.sampai):
        return 0
    if _use_rollup(wh, identity, f, level, "agregat_wilayah_bulan"):
        where, params = f.where(skip=("periode", "cari"))
        sql = f"SELECT sum(terlapor)::BIGINT AS n FROM agregat_wilayah_bulan {_and(where, 'bulan IS NULL')}"
        return _int(query(wh, sql, params)["n"].iloc[0])
    where, params = f.where(skip=("periode",))
    extra = f"{'AND' if where else 'WHERE'} {TANGGAL_ACUAN} IS NULL"
    return int(query(wh, f"SELECT count(*) AS n FROM pelanggaran {where} {extra}", params)["n"].iloc[0])


#: Rows of the Data page per screen page (the rows are paged from DuckDB, never all loaded).
PAGE_ROWS = 1000


@st.cache_data(show_spinner=False, max_entries=128)
def rows(
    wh: Warehouse, identity: str, f: Filter, columns: tuple[str, ...], limit: int, offset: int = 0
) -> pd.DataFrame:
    """One page of the filtered rows, in export order (``LIMIT``/``OFFSET`` in DuckDB)."""
    where, params = f.where()
    cols = ", ".join(columns)  # from the schema declaration, never from the user
    return query(
        wh,
        f"SELECT {cols} FROM pelanggaran {where} ORDER BY sumber_berkas, sumber_baris, id_terlapor "
        f"LIMIT {int(limit)} OFFSET {int(offset)}",
        params,
    )


@st.cache_data(show_spinner=False, max_entries=64)
def date_range(wh: Warehouse, identity: str) -> tuple:
    df = query(wh, f"SELECT min({TANGGAL_ACUAN}) AS a, max({TANGGAL_ACUAN}) AS b FROM pelanggaran")
    a, b = df["a"].iloc[0], df["b"].iloc[0]
    return (None if pd.isna(a) else pd.Timestamp(a).date(), None if pd.isna(b) else pd.Timestamp(b).date())


@st.cache_data(show_spinner=False, max_entries=64)
def elections_present(wh: Warehouse, identity: str, level: str = "auto") -> list[str]:
    if _use_rollup(wh, identity, None, level, "agregat_wilayah"):
        sql = "SELECT pemilihan, sum(terlapor) AS n FROM agregat_wilayah WHERE pemilihan IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1"
    else:
        sql = (
            "SELECT pemilihan, count(*) AS n FROM pelanggaran WHERE pemilihan IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1"
        )
    return query(wh, sql)["pemilihan"].tolist()


# ---------------------------------------------------------------------- Kualitas data (whole warehouse, no filter)
# Unfiltered row-level scans and the ETL's own tables: cached on the warehouse identity like every
# query above, so a rerun reads none of them again and a new ETL run (a new identity) reads them anew.


@st.cache_data(show_spinner=False, max_entries=8)
def completeness(wh: Warehouse, identity: str) -> dict[str, int]:
    """How complete the rows are: every ``pelanggaran`` row, and those without a date, with only a month or
    year, sanctioned (and of those without a sanction date), only at province level, without an election."""
    sql = f"""SELECT count(*) AS total,
               count(*) FILTER (WHERE {TANGGAL_ACUAN} IS NULL) AS tanpa_tanggal,
               count(*) FILTER (WHERE presisi_tanggal IN ('bulan', 'tahun')) AS tanggal_kasar,
               count(*) FILTER (WHERE list_contains(?, kategori_sanksi)) AS bersanksi,
               count(*) FILTER (WHERE list_contains(?, kategori_sanksi) AND tanggal_sanksi IS NULL) AS sanksi_tanpa_tanggal,
               count(*) FILTER (WHERE kode_kabupaten_kota IS NULL) AS tingkat_provinsi,
               count(*) FILTER (WHERE pemilihan IS NULL) AS tanpa_pemilihan
        FROM pelanggaran"""
    row = query(wh, sql, [vocab.sanctioned_codes()] * 2).iloc[0]
    return {k: _int(v) for k, v in row.to_dict().items()}


@st.cache_data(show_spinner=False, max_entries=8)
def origins(wh: Warehouse, identity: str) -> pd.DataFrame:
    """Rows per ``sumber`` (register, news…), most first."""
    return query(wh, "SELECT sumber, count(*) AS n FROM pelanggaran GROUP BY 1 ORDER BY 2 DESC")


@st.cache_data(show_spinner=False, max_entries=8)
def quarantine_held(wh: Warehouse, identity: str) -> dict[str, int]:
    """Quarantined data rows (``n``) and the files they came from (``berkas``)."""
    sql = "SELECT count(*) AS n, count(DISTINCT sumber_berkas) AS berkas FROM karantina WHERE sumber_baris > 0"
    return {k: _int(v) for k, v in query(wh, sql).iloc[0].to_dict().items()}


@st.cache_data(show_spinner=False, max_entries=8)
def last_etl_run(wh: Warehouse, identity: str) -> pd.DataFrame:
    """The newest row of ``etl_run`` (none in a warehouse without one)."""
    return query(wh, "SELECT * FROM etl_run ORDER BY selesai DESC LIMIT 1")


@st.cache_data(show_spinner=False, max_entries=8)
def source_files(wh: Warehouse, identity: str, limit: int = 5000) -> pd.DataFrame:
    """The source files of the last run, those not wholly loaded first."""
    return query(
        wh,
        "SELECT sumber_berkas, bentuk, status, baris_masuk, baris_dimuat, baris_karantina, baris_duplikat, "
        "baris_tindak_lanjut, terlapor_dimuat, kolom_tidak_dikenal, pesan "
        f"FROM sumber ORDER BY status = 'ok', sumber_berkas LIMIT {int(limit)}",
    )


@st.cache_data(show_spinner=False, max_entries=8)
def quarantine_reasons(wh: Warehouse, identity: str, limit: int = 50) -> pd.DataFrame:
    """Quarantined rows per reason, the quoted values in a reason folded to "…" so alike reasons group."""
    return query(
        wh,
        "SELECT regexp_replace(alasan, '\"[^\"]*\"', '\"…\"', 'g') AS alasan, count(*) AS baris "
        f"FROM karantina GROUP BY 1 ORDER BY 2 DESC LIMIT {int(limit)}",
    )


@st.cache_data(show_spinner=False, max_entries=8)
def quarantine_rows(wh: Warehouse, identity: str, limit: int = 2000) -> pd.DataFrame:
    """The first quarantined rows, by file and line."""
    return query(
        wh,
        "SELECT sumber_berkas, sumber_baris, lembar, alasan, isi_mentah FROM karantina "
        f"ORDER BY sumber_berkas, sumber_baris LIMIT {int(limit)}",
    )
