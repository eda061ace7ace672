"""Kualitas data: the last ETL run, every source file with rows in/loaded/quarantined, the
quarantine with reasons, unrecognised columns."""

import streamlit as st

from dashboard import queries
from dashboard.formatting import angka, persen, tanggal
from dashboard.layout import context
from netralitas import vocab

ctx = context("Kualitas data", "Seberapa lengkap datanya, dari mana asalnya, dan apa yang ditahan untuk diperiksa")

# ---------------------------------------------------------------- plain-language panel (for officials)
complete = queries.completeness(ctx.wh, ctx.identity)
total = complete["total"]
st.subheader("Ringkasan untuk pembaca")
if total == 0:
    st.info("Gudang data belum memuat satu kasus pun.")
else:

    def share(n) -> str:
        return f"**{angka(int(n))}** dari {angka(total)} ({persen(int(n), total, 0)})"

    left, right = st.columns(2)
    with left:
        st.markdown("**Seberapa lengkap**")
        st.markdown(
            f"- {share(complete['tanpa_tanggal'])} ASN terlapor tanpa tanggal kejadian maupun tanggal laporan: "
            "mereka tidak ikut saat periode dipilih.\n"
            f"- {share(complete['tanggal_kasar'])} hanya diketahui bulan atau tahunnya.\n"
            f"- {angka(int(complete['sanksi_tanpa_tanggal']))} dari {angka(int(complete['bersanksi']))} yang dijatuhi "
            "sanksi tanpa tanggal sanksi: lama proses laporan → sanksi belum bisa diukur untuk mereka.\n"
            f"- {share(complete['tingkat_provinsi'])} hanya diketahui provinsinya (mis. pegawai Pemprov): "
            "tidak tampil di peta kabupaten/kota.\n"
            f"- {share(complete['tanpa_pemilihan'])} tanpa keterangan pemilihan."
        )
    with right:
        st.markdown("**Dari mana asalnya**")
        origin = queries.origins(ctx.wh, ctx.identity)
        kinds = vocab.labels("sumber")
        st.markdown(
            "\n".join(f"- {kinds.get(k, k)}: {share(n)}" for k, n in zip(origin["sumber"], origin["n"], strict=True))
        )
        held = queries.quarantine_held(ctx.wh, ctx.identity)
        st.markdown("**Yang ditahan untuk diperiksa**")
        if int(held["n"]):
            st.markdown(
                f"{angka(int(held['n']))} baris dari {angka(int(held['berkas']))} berkas tidak dimuat karena isinya "
                "belum bisa dipastikan (mis. wilayah tidak dikenal atau bermakna ganda, baris jumlah). Baris itu tidak "
                "dibuang: daftarnya dan alasannya ada di bawah, untuk diperbaiki di sumbernya."
            )
        else:
            st.markdown("Tidak ada baris yang ditahan: semua baris yang terbaca dimuat.")

st.subheader("Rincian teknis")
st.caption(
    "Untuk petugas data. *Baris masuk*: baris berisi yang terbaca dari berkas. *Dimuat*: baris yang menjadi kasus "
    "(satu baris bisa berisi beberapa ASN). *Dikarantina*: ditahan beserta alasannya. *Duplikat digabung*: kasus dan "
    "orang yang sama dari dua sumber. Baris tindak lanjut (lembar sanksi di Excel) digabung ke kasusnya. "
    "Masuk = dimuat + dikarantina + duplikat + tindak lanjut."
)
run = queries.last_etl_run(ctx.wh, ctx.identity)
if len(run):
    r = run.iloc[0]
    c = st.columns(5)
    c[0].metric(
        "Pembaruan terakhir", tanggal(r["selesai"].date()), help=f"ID run {r['id_run']}, versi kode {r['versi_kode']}"
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

st.markdown("**Berkas sumber**")
sumber = queries.source_files(ctx.wh, ctx.identity)
sumber[["kolom_tidak_dikenal", "pesan"]] = sumber[["kolom_tidak_dikenal", "pesan"]].fillna("")
STATUS = {"ok": "Semua dimuat", "sebagian": "Sebagian ditahan", "tidak_terbaca": "Tidak terbaca"}
st.dataframe(
    sumber.assign(status=[STATUS.get(v, v) for v in sumber["status"]]),
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

st.markdown("**Baris yang ditahan (karantina)**")
reasons = queries.quarantine_reasons(ctx.wh, ctx.identity)
if len(reasons):
    st.dataframe(
        reasons, hide_index=True, width="stretch", column_config={"alasan": "Alasan (diringkas)", "baris": "Baris"}
    )
    detail = queries.quarantine_rows(ctx.wh, ctx.identity)
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
