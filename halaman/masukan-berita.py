"""Masukan berita (internal build only): paste or upload an article, review the drafted case with the
evidence of every field, correct it, accept or reject it, and rebuild the warehouse."""

import datetime as dt

import streamlit as st

from dashboard import masukan
from dashboard.layout import context
from dashboard.warehouse import query
from etl.berita.masukan import decode, from_clipping, from_html
from etl.berita.perintah import COLUMNS, make_extractor, row_of

ctx = context(
    "Masukan berita",
    "Rancangan kasus dari artikel berita, untuk ditinjau petugas sebelum masuk gudang data",
)
if ctx.wh.mode != "internal":  # app.py lists this page only in the internal build; belt and braces
    st.stop()

EDITABLE = [h for h, k in COLUMNS if k not in ("bukti", "keyakinan", "versi", "artikel", "jenis_sumber")]
LABEL_CONFIDENCE = {"tinggi": "keyakinan tinggi", "sedang": "keyakinan sedang", "rendah": "keyakinan rendah"}


@st.cache_resource(show_spinner="Memuat kosakata wilayah…")
def extractor():
    return make_extractor()


def reviewer() -> str:
    return str(st.user.get("email") or st.user.get("sub") or st.user.get("name") or "petugas")


with st.form("artikel"):
    st.markdown(
        "**1. Artikel** — tempel teksnya atau unggah berkas `.txt`/`.html` yang disimpan (tidak ada pengambilan URL)."
    )
    teks = st.text_area("Teks artikel", height=220, key="berita_teks")
    berkas = st.file_uploader("atau unggah berkas", type=["txt", "md", "html", "htm"], key="berita_berkas")
    c = st.columns(4)
    judul = c[0].text_input("Judul", key="berita_judul")
    url = c[1].text_input("URL", key="berita_url")
    media = c[2].text_input("Media", key="berita_media")
    terbit = c[3].text_input("Tanggal terbit", key="berita_terbit", placeholder="mis. 10 Oktober 2024")
    buat = st.form_submit_button("Buat rancangan", type="primary")

if buat:
    article = None
    if berkas is not None:
        data = berkas.getvalue()
        text = decode(data) if len(data) <= masukan.MAX_ARTICLE_BYTES else None
        if text is None:
            st.error("Berkas tidak dapat dibaca sebagai artikel (biner atau lebih dari 2 MB).")
        elif berkas.name.lower().endswith((".html", ".htm")):
            article = from_html(text, berkas.name)  # parsed for its main text; never rendered
        else:
            article = from_clipping(text, berkas.name)
    elif teks.strip():
        if len(teks.encode("utf-8")) > masukan.MAX_ARTICLE_BYTES:
            st.error("Teks terlalu panjang untuk satu artikel (lebih dari 2 MB).")
        else:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            article = from_clipping(teks, f"tempel-{stamp}")
    else:
        st.warning("Tempel teks artikel atau unggah berkasnya dulu.")
    if article is not None:
        article.judul = judul or article.judul
        article.url = url or article.url
        article.media = media or article.media
        article.terbit = terbit or article.terbit
        result = extractor().extract(article)
        st.session_state["berita_hasil"] = {
            "teks": article.teks,
            "alasan": result.alasan,
            "rows": [row_of(d) for d in result.drafts],
            "kode": [d.kode_wilayah for d in result.drafts],
            "n": st.session_state.get("berita_hasil", {}).get("n", 0) + 1,
        }

hasil = st.session_state.get("berita_hasil")
if hasil:
    if not hasil["rows"]:
        st.info(f"Tidak ada kasus yang dirancang dari artikel ini: {hasil['alasan']}.")
    else:
        st.markdown(f"**2. Rancangan** — {len(hasil['rows'])} kasus ditemukan. Kalimat bukti disorot di teks.")
        pilihan = 0
        if len(hasil["rows"]) > 1:
            pilihan = st.radio(
                "Kasus",
                range(len(hasil["rows"])),
                format_func=lambda i: (
                    f"Kasus {i + 1}: {hasil['rows'][i]['Kabupaten/Kota'] or hasil['rows'][i]['Provinsi'] or 'wilayah kosong'}"
                ),
                horizontal=True,
            )
        row = hasil["rows"][pilihan]
        confidence = dict(p.split("=", 1) for p in row["Keyakinan"].split("; ") if "=" in p)
        key_of = dict((h, k) for h, k in COLUMNS)
        kiri, kanan = st.columns([1, 1], gap="large")
        with kiri:
            st.caption("Teks artikel (teks biasa; HTML tidak pernah ditampilkan)")
            with st.container(height=620):
                st.markdown(masukan.highlighted(hasil["teks"], masukan.evidence_sentences(row["Bukti"])))
        with kanan, st.form(f"tinjau-{hasil['n']}-{pilihan}"):
            values = {}
            for header in EDITABLE:
                key = key_of[header]
                note = (
                    "dari masukan"
                    if key in ("url", "media", "terbit")
                    else LABEL_CONFIDENCE.get(confidence.get(key, ""), "tidak diisi ekstraktor")
                )
                if header == "Uraian":
                    values[header] = st.text_area(header, row[header], help=note, height=120)
                else:
                    values[header] = st.text_input(f"{header} ({note})", row[header])
            alasan = st.text_input("Alasan bila ditolak")
            b = st.columns(2)
            terima = b[0].form_submit_button("Terima", type="primary")
            tolak = b[1].form_submit_button("Tolak")
        final = row | values
        if terima:
            path = masukan.append_reviewed(final, reviewer())
            st.success(
                f"Diterima dan ditambahkan ke `{path.name}` oleh {reviewer()}. Bangun ulang gudang data agar tampil."
            )
        if tolak:
            if not alasan.strip():
                st.error("Tulis alasan penolakan dulu.")
            else:
                masukan.append_rejected(final, alasan.strip(), reviewer())
                st.success("Ditolak; rancangan dan alasannya disimpan.")

        # Possible duplicates: the same case reported by other outlets must not be counted twice.
        st.markdown("**3. Kasus di gudang data yang mungkin sama**")
        region = extractor().resolver.resolve(final["Kabupaten/Kota"], provinsi=final["Provinsi"])
        kode = getattr(region, "kode_kabupaten_kota", None) or getattr(region, "kode_provinsi", None)
        if not kode:
            st.caption("Wilayah belum terbaca: tidak ada pembanding.")
        else:
            sql = (
                "SELECT DISTINCT nama_kabupaten_kota AS wilayah, pemilihan, tanggal_kejadian, jenis_pelanggaran, "
                "left(uraian, 160) AS uraian, media_sumber AS media, sumber_url AS sumber FROM pelanggaran "
                "WHERE coalesce(kode_kabupaten_kota, kode_provinsi) = ? "
            )
            params: list = [kode]
            from etl.normalize import parse_election

            election = parse_election(final["Pemilihan"])
            if election:
                sql += "AND pemilihan = ? "
                params.append(election)
            if hasil["rows"] and final["Tanggal Kejadian"][:10].count("-") == 2:
                sql += "AND (tanggal_kejadian IS NULL OR abs(date_diff('day', tanggal_kejadian, ?::DATE)) <= 42) "
                params.append(final["Tanggal Kejadian"][:10])
            mirip = query(ctx.wh, sql + "LIMIT 20", params)
            if len(mirip):
                st.warning(
                    f"{len(mirip)} kasus di wilayah dan pemilihan yang sama (tanggal dalam enam pekan): periksa dulu."
                )
                st.dataframe(mirip, hide_index=True, use_container_width=True)
            else:
                st.caption("Tidak ada kasus serupa di gudang data.")

st.divider()
st.markdown("**4. Bangun ulang gudang data** — membaca ulang folder data mentah, termasuk kasus yang diterima.")
if st.button("Bangun ulang gudang data"):
    with st.status("Membangun ulang gudang data…", expanded=True) as status:
        code, tail = masukan.rebuild(on_line=lambda line: st.text(line[:160]))
        if code == -1:
            status.update(label=tail, state="error")
        elif code in (0, 2):
            st.cache_data.clear()
            label = "Gudang data dibangun ulang; halaman lain memakai data baru."
            if code == 2:
                label += " Ada berkas yang tidak terbaca: lihat halaman Kualitas data."
            status.update(label=label, state="complete")
        else:
            status.update(label="Pembangunan ulang gagal; gudang data lama tetap dipakai.", state="error")
            st.code(tail)
