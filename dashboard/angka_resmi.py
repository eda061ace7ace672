"""The official figures (table ``angka_resmi``) as the pages ask for them: the figures of one election,
the reference figure of the coverage line, and the one-line national totals other pages show.

Every function reads the warehouse (never the reference file), so the page shows exactly what the
ETL published. Text from the data that goes into Markdown is escaped (:func:`md_text`, :func:`md_url`).
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.filters import Filter
from dashboard.formatting import angka, tanggal
from dashboard.warehouse import Warehouse, current, query, scalar
from netralitas import angka_resmi as vocab_resmi
from netralitas import vocab

OTHER = vocab_resmi.other_election()["kode_url"]  # the URL code of figures without one election


def has_table(wh: Warehouse) -> bool:
    """False for a warehouse built before the table existed (the page then says how to rebuild)."""
    return bool(scalar(wh, "SELECT count(*) > 0 FROM duckdb_tables() WHERE table_name = 'angka_resmi'"))


@st.cache_data(show_spinner=False, max_entries=64)
def elections(wh: Warehouse, identity: str) -> list[str]:
    """Election codes with figures, in calendar order; ``lainnya`` last when present."""
    present = set(query(wh, "SELECT DISTINCT coalesce(pemilihan, ?) AS p FROM angka_resmi", [OTHER])["p"])
    ordered = [e.kode for e in vocab.elections() if e.kode in present]
    return ordered + ([OTHER] if OTHER in present else [])


@st.cache_data(show_spinner=False, max_entries=256)
def figures(
    wh: Warehouse, identity: str, pemilihan: str, penerbit: tuple[str, ...] = (), ukuran: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Every figure of one election (``lainnya``: those without one), optionally of some publishers and
    measures, oldest first (data date, else publication date), then by id."""
    clauses = ["pemilihan IS NULL" if pemilihan == OTHER else "pemilihan = ?"]
    params: list = [] if pemilihan == OTHER else [pemilihan]
    if penerbit:
        clauses.append("list_contains(?, penerbit)")
        params.append(list(penerbit))
    if ukuran:
        clauses.append("list_contains(?, ukuran)")
        params.append(list(ukuran))
    df = query(
        wh,
        f"""SELECT *, coalesce(tanggal_data, tanggal_terbit) AS tanggal_acuan FROM angka_resmi
            WHERE {" AND ".join(clauses)}
            ORDER BY tanggal_acuan NULLS LAST, id_angka""",
        params,
    )
    for col in ("tanggal_data", "tanggal_terbit", "tanggal_acuan"):
        df[col] = [None if pd.isna(v) else pd.Timestamp(v).date() for v in df[col]]
    return df


@st.cache_data(show_spinner=False, max_entries=256)
def latest_national_reported(wh: Warehouse, identity: str, pemilihan: str) -> pd.DataFrame:
    """Per publisher, its latest national total of ASN reported (the figure others are compared with):
    measure ``asn_dilaporkan``, dimension ``total``, unit ASN, latest data date else publication date."""
    return query(
        wh,
        """SELECT * EXCLUDE (urutan) FROM (
               SELECT *, coalesce(tanggal_data, tanggal_terbit) AS tanggal_acuan,
                      row_number() OVER (PARTITION BY penerbit
                                         ORDER BY coalesce(tanggal_data, tanggal_terbit) DESC NULLS LAST, id_angka) AS urutan
               FROM angka_resmi
               WHERE pemilihan = ? AND tingkat_cakupan = 'nasional' AND ukuran = 'asn_dilaporkan'
                     AND dimensi = 'total' AND satuan = 'asn')
           WHERE urutan = 1
           ORDER BY tanggal_acuan DESC NULLS LAST, id_angka""",
        [pemilihan],
    )


def our_reported(wh: Warehouse, identity: str, pemilihan: str) -> int:
    """ASN terlapor in our warehouse for the election, every region (the coverage line's N)."""
    return queries.funnel(wh, identity, Filter(pemilihan=(pemilihan,)))["dilaporkan"]


def reference_figure(wh: Warehouse, identity: str, pemilihan: str) -> dict | None:
    """The coverage line's M: the latest national total of ASN reported, whoever published it."""
    df = latest_national_reported(wh, identity, pemilihan)
    return None if df.empty else df.iloc[0].to_dict()


# ------------------------------------------------------------------ words


def md_text(text: object) -> str:
    """Data text as literal Markdown text: every Markdown/Streamlit punctuation backslash-escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|$<>~:=^&])", r"\\\1", str(text))


def md_url(url: str) -> str:
    """A URL (http/https, checked by the ETL) safe inside ``[..](..)``."""
    return str(url).replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def value_text(nilai: float, satuan: str) -> str:
    """``2.034 ASN``, ``80,3%``, ``55,87 skor indeks``."""
    decimals = 0 if float(nilai).is_integer() else (1 if round(nilai, 1) == nilai else 2)
    number = angka(nilai, decimals)
    unit = vocab_resmi.labels("satuan").get(satuan, satuan)
    return f"{number}%" if satuan == "persen" else f"{number} {unit}"


def when_text(row: dict) -> str:
    """``data per 26 Jun 2020`` (the state the figure describes) or ``disampaikan 1 Jul 2021``."""
    if row.get("tanggal_data") is not None and not pd.isna(row.get("tanggal_data")):
        return f"data per {tanggal(pd.Timestamp(row['tanggal_data']).date())}"
    if row.get("tanggal_terbit") is not None and not pd.isna(row.get("tanggal_terbit")):
        return f"disampaikan {tanggal(pd.Timestamp(row['tanggal_terbit']).date())}"
    return "tanggal tidak disebut"


def publisher_label(code: str) -> str:
    return vocab_resmi.labels("penerbit").get(code, code)


def _official_totals(pemilihan: str, wh: Warehouse | None) -> tuple[list[dict], str, str] | None:
    """Each publisher's latest national total of ASN reported for the election, the election's name and
    this dashboard's own count; None when there is no such figure (or no table)."""
    wh = wh or current()
    if not wh.exists() or not has_table(wh):
        return None
    identity = wh.identity()
    df = latest_national_reported(wh, identity, pemilihan)
    if df.empty:
        return None
    return df.to_dict("records"), vocab_resmi.election_label(pemilihan), angka(our_reported(wh, identity, pemilihan))


def official_totals_line(pemilihan: str, wh: Warehouse | None = None) -> str | None:
    """One Markdown line: each publisher's latest national total of ASN reported for the election,
    with links, next to this dashboard's own count. None when there is no such figure (or no table).
    For any page (Ringkasan, Sanksi); report files use :func:`official_totals_text`."""
    found = _official_totals(pemilihan, wh)
    if found is None:
        return None
    rows, name, ours = found
    parts = [
        f"[{md_text(publisher_label(r['penerbit']))}: {md_text(value_text(r['nilai'], r['satuan']))}, "
        f"{md_text(when_text(r))}]({md_url(r['sumber_url'])})"
        for r in rows
    ]
    return (
        f"**Angka resmi nasional {md_text(name)}** (ASN dilaporkan, angka terbaru tiap penerbit, dikutip media): "
        + " · ".join(parts)
        + f" — dasbor ini memuat {md_text(ours)} ASN terlapor untuk {md_text(name)}, bukan total nasional\\."
    )


def official_totals_text(pemilihan: str, wh: Warehouse | None = None) -> str | None:
    """The same sentence as :func:`official_totals_line` as plain text, each source's address in
    brackets (for report files, where Markdown is not rendered)."""
    found = _official_totals(pemilihan, wh)
    if found is None:
        return None
    rows, name, ours = found
    parts = [
        f"{publisher_label(r['penerbit'])}: {value_text(r['nilai'], r['satuan'])}, {when_text(r)} ({r['sumber_url']})"
        for r in rows
    ]
    return (
        f"Angka resmi nasional {name} (ASN dilaporkan, angka terbaru tiap penerbit, dikutip media): "
        + " · ".join(parts)
        + f" — dasbor ini memuat {ours} ASN terlapor untuk {name}, bukan total nasional."
    )
