"""Kualitas data: the last ETL run, every source file with rows in/loaded/quarantined, the
quarantine with reasons, unrecognised columns."""

import streamlit as st

from dashboard.formatting import angka, tanggal
from dashboard.layout import context
from dashboard.warehouse import query

ctx = context("Kualitas data", "Apa yang dibaca ETL, apa yang dimuat, dan apa yang dikarantina beserta alasannya")

run = query(ctx.wh, "SELECT * FROM etl_run ORDER BY selesai DESC LIMIT 1")
if len(run):
    r = run.iloc[0]
    c = st.columns(5)
    c[0].metric(
        "Run terakhir", tanggal(r["selesai"].date()), help=f"ID run {r['id_run']}, versi kode {r['versi_kode']}"
    )
    c[1].metric(
        "Berkas",
        angka(r["berkas"]),
        f"{angka(r['berkas_tidak_terbaca'])} tidak terbaca",
        delta_color="off",
        delta_arrow="off",
    )
    c[2].metric("Baris masuk", angka(r["baris_masuk"]))
    c[3].metric(
        "Dimuat", angka(r["dimuat"]), f"{angka(r['terlapor'])} baris terlapor", delta_color="off", delta_arrow="off"
    )
    c[4].metric(
        "Dikarantina",
        angka(r["karantina"]),
        f"{angka(r['duplikat'])} duplikat digabung",
        delta_color="off",
        delta_arrow="off",
    )

st.subheader("Sumber")
sumber = query(
    ctx.wh,
    """SELECT sumber_berkas, bentuk, status, baris_masuk, baris_dimuat, baris_karantina, baris_duplikat,
                                 baris_tindak_lanjut, terlapor_dimuat, kolom_tidak_dikenal, pesan
                          FROM sumber ORDER BY status = 'ok', sumber_berkas LIMIT 5000""",
)
sumber[["kolom_tidak_dikenal", "pesan"]] = sumber[["kolom_tidak_dikenal", "pesan"]].fillna("")
st.dataframe(
    sumber,
    hide_index=True,
    width="stretch",
    column_config={
        "sumber_berkas": "Berkas",
        "bentuk": "Bentuk",
        "status": "Status",
        "baris_masuk": "Masuk",
        "baris_dimuat": "Dimuat",
        "baris_karantina": "Karantina",
        "baris_duplikat": "Duplikat",
        "baris_tindak_lanjut": "Tindak lanjut",
        "terlapor_dimuat": "Terlapor",
        "kolom_tidak_dikenal": "Kolom tidak dikenal",
        "pesan": "Pesan",
    },
)
bad = sumber[sumber["status"] == "tidak_terbaca"]
if len(bad):
    st.error(
        f"{angka(len(bad))} berkas tidak terbaca sama sekali; alasannya ada di kolom Pesan. Berkas lain tetap dimuat."
    )

st.subheader("Karantina")
reasons = query(
    ctx.wh,
    """SELECT regexp_replace(alasan, '"[^"]*"', '"…"', 'g') AS alasan, count(*) AS baris
                           FROM karantina GROUP BY 1 ORDER BY 2 DESC LIMIT 50""",
)
if len(reasons):
    st.dataframe(
        reasons, hide_index=True, width="stretch", column_config={"alasan": "Alasan (diringkas)", "baris": "Baris"}
    )
    detail = query(
        ctx.wh,
        "SELECT sumber_berkas, sumber_baris, lembar, alasan, isi_mentah FROM karantina "
        "ORDER BY sumber_berkas, sumber_baris LIMIT 2000",
    )
    st.dataframe(
        detail,
        hide_index=True,
        width="stretch",
        column_config={
            "sumber_berkas": "Berkas",
            "sumber_baris": "Baris",
            "lembar": "Lembar",
            "alasan": "Alasan",
            "isi_mentah": "Isi mentah",
        },
    )
else:
    st.success("Tidak ada baris yang dikarantina pada run terakhir.")
