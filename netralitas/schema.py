"""The one declaration of the published tables.

From this single list come: the validation the ETL runs before swapping a warehouse
in (``etl.warehouse.validate`` compiles these declarations to SQL checks), the DuckDB column types, the column order of every CSV export, the
public/internal split (``pribadi`` columns never reach the public build), the
dashboard's column labels and the data dictionary in ``docs/``. Change a column
here and all of them follow.
"""

from __future__ import annotations

from dataclasses import dataclass

from netralitas import angka_resmi, vocab


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # one of the DUCKDB_TYPES keys: teks, tanggal, bilangan, boolean, waktu, desimal
    label: str  # short Indonesian label for tables and charts
    keterangan: str  # data-dictionary description (Indonesian)
    nullable: bool = True
    pribadi: bool = False  # personal data: internal build only
    kosakata: str | None = None  # name of the controlled vocabulary (``referensi/<name>.yml``)
    nilai: tuple[str, ...] | None = None  # fixed allowed values when not a vocabulary file

    def allowed(self) -> list[str] | None:
        if self.kosakata == "pemilihan":
            return [e.kode for e in vocab.elections()]
        if self.kosakata:
            return vocab.codes(self.kosakata)
        return list(self.nilai) if self.nilai else None


#: Format checks (full-match regular expressions) beyond the vocabularies.
PATTERNS = {
    "kode_provinsi": r"\d{2}",
    "kode_kabupaten_kota": r"\d{2}\.\d{2}",
    "nip": r"\d{18}",
    "id_terlapor": r"NK-[0-9a-f]{12}-\d{2,}",
    # angka_resmi
    "id_angka": r"S\d{3,}",
    "id_kontradiksi": r"K-[0-9a-f]{8}",
    "kode_wilayah": r"\d{2}(\.\d{2})?",
}

DUCKDB_TYPES = {
    "teks": "VARCHAR",
    "tanggal": "DATE",
    "bilangan": "INTEGER",
    "boolean": "BOOLEAN",
    "waktu": "TIMESTAMP",
    "desimal": "DOUBLE",
}

PRESISI_TANGGAL = ("hari", "bulan", "tahun", "tidak_diketahui")

#: Input shapes the readers know (``etl.readers.shape_of``); a file of any other kind is ``tidak_didukung``.
BENTUK_BERKAS = ("csv", "xlsx", "json", "jsonl")
#: ``sumber.bentuk``: the shape, with `` (tidak_terbaca)`` after it when the whole file was unreadable
#: (an unsupported file is always unreadable).
BENTUK_SUMBER = (*BENTUK_BERKAS, *(f"{b} (tidak_terbaca)" for b in (*BENTUK_BERKAS, "tidak_didukung")))
#: ``sumber.status`` (``etl.pipeline.FileResult.status``): ``duplikat`` = every row is a copy of earlier rows.
STATUS_BERKAS = ("ok", "sebagian", "duplikat", "tidak_terbaca")
#: ``etl_run.status``: ``sebagian`` when some file was unreadable.
STATUS_RUN = ("ok", "sebagian")

PELANGGARAN: tuple[Column, ...] = (
    Column(
        "id_kasus",
        "teks",
        "ID kasus",
        "Pengenal kasus yang stabil antar-run (hash isi kasus: wilayah, pemilihan, tanggal, nomor register/uraian).",
        nullable=False,
    ),
    Column(
        "id_terlapor",
        "teks",
        "ID terlapor",
        "Pengenal baris: satu ASN terlapor dalam satu kasus (`id_kasus` + urutan terlapor).",
        nullable=False,
    ),
    Column(
        "pemilihan",
        "teks",
        "Pemilihan",
        "Kode pemilihan dari kalender (`referensi/pemilihan.yml`), dari kolom sumber atau ditebak dari tanggal kejadian.",
        kosakata="pemilihan",
    ),
    Column(
        "kode_provinsi",
        "teks",
        "Kode provinsi",
        "Kode provinsi Kemendagri, dua digit (`19` = Kepulauan Bangka Belitung).",
        nullable=False,
    ),
    Column("nama_provinsi", "teks", "Provinsi", "Nama resmi provinsi.", nullable=False),
    Column(
        "kode_kabupaten_kota",
        "teks",
        "Kode kabupaten/kota",
        "Kode kabupaten/kota Kemendagri (`18.72` = Kota Metro); kosong untuk kasus tingkat provinsi (mis. pegawai Pemprov).",
    ),
    Column(
        "nama_kabupaten_kota",
        "teks",
        "Kabupaten/kota",
        "Nama resmi kabupaten/kota; kosong untuk kasus tingkat provinsi.",
    ),
    Column(
        "tanggal_kejadian",
        "tanggal",
        "Tanggal kejadian",
        "Tanggal kejadian (ISO). Untuk presisi `bulan`/`tahun` berisi hari pertama bulan/tahun itu. "
        "Untuk rentang (`7–9 Oktober 2024`, `7 s.d. 9 Oktober 2024`, `7-9/10/2024`) berisi hari pertamanya; "
        "rentangnya dicatat di `masalah_data`.",
    ),
    Column(
        "presisi_tanggal",
        "teks",
        "Presisi tanggal",
        "Ketelitian `tanggal_kejadian`: hari, bulan, tahun, atau tidak_diketahui.",
        nullable=False,
        nilai=PRESISI_TANGGAL,
    ),
    Column("tanggal_laporan", "tanggal", "Tanggal laporan", "Tanggal laporan/registrasi/temuan (ISO)."),
    Column("tanggal_sanksi", "tanggal", "Tanggal sanksi", "Tanggal sanksi atau putusan, bila diketahui (ISO)."),
    Column(
        "hari_sebelum_pemungutan",
        "bilangan",
        "H- pemungutan",
        "Selisih hari dari tanggal kejadian ke hari pemungutan suara pemilihannya (positif = sebelum pemungutan). Kosong bila tanggal tidak sampai presisi hari.",
    ),
    Column(
        "nama_terlapor",
        "teks",
        "Nama terlapor",
        "Nama ASN terlapor. DATA PRIBADI: hanya di build internal.",
        pribadi=True,
    ),
    Column(
        "nip", "teks", "NIP", "Nomor Induk Pegawai (18 digit). DATA PRIBADI: hanya di build internal.", pribadi=True
    ),
    Column(
        "jabatan",
        "teks",
        "Jabatan",
        "Jabatan terlapor seperti tertulis di sumber (di build publik: nama dan NIP disamarkan).",
    ),
    Column(
        "kategori_jabatan", "teks", "Kategori jabatan", "Kategori jabatan terlapor.", nullable=False, kosakata="jabatan"
    ),
    Column("instansi", "teks", "Instansi", "Instansi/unit kerja terlapor seperti tertulis di sumber."),
    Column(
        "jenis_pelanggaran",
        "teks",
        "Jenis pelanggaran",
        "Jenis pelanggaran menurut taksonomi (`referensi/jenis_pelanggaran.yml`, dari SKB 2022).",
        nullable=False,
        kosakata="jenis_pelanggaran",
    ),
    Column("uraian", "teks", "Uraian", "Teks pelanggaran asli dari sumber (di build publik: nama dan NIP disamarkan)."),
    Column(
        "catatan",
        "teks",
        "Catatan",
        "Catatan pencatat/pemantau tentang kasus (asal tanggal, sumber lain, keraguan), terpisah dari uraian "
        "(di build publik: nama, NIP, akun media sosial, nomor telepon dan e-mail disamarkan).",
    ),
    Column(
        "media", "teks", "Media", "Saluran pelanggaran (media sosial atau luring).", nullable=False, kosakata="media"
    ),
    Column("tahap", "teks", "Tahap", "Tahap penanganan terakhir yang diketahui.", nullable=False, kosakata="tahap"),
    Column(
        "hasil",
        "teks",
        "Hasil",
        "Hasil penanganan: dalam_proses, terbukti, tidak_terbukti.",
        nullable=False,
        kosakata="hasil",
    ),
    Column("rekomendasi", "teks", "Rekomendasi", "Rekomendasi Bawaslu/KASN/BKN seperti tertulis di sumber."),
    Column("sanksi", "teks", "Sanksi", "Sanksi seperti tertulis di sumber."),
    Column(
        "kategori_sanksi",
        "teks",
        "Kategori sanksi",
        "Kategori sanksi (PP 94/2021, PP 42/2004, UU 7/2017 Pasal 494).",
        nullable=False,
        kosakata="sanksi",
    ),
    Column(
        "tindak_lanjut_ppk",
        "teks",
        "Tindak lanjut PPK",
        "Apakah PPK sudah menindaklanjuti (menjatuhkan sanksi) kasus yang terbukti.",
        nullable=False,
        kosakata="tindak_lanjut_ppk",
    ),
    Column("dasar_hukum", "teks", "Dasar hukum", "Dasar hukum yang disebut sumber."),
    Column(
        "sumber",
        "teks",
        "Jenis sumber",
        "Asal kasus: laporan masyarakat, temuan pengawas, media, KASN/BKN, lainnya.",
        nullable=False,
        kosakata="sumber",
    ),
    Column("nomor_register", "teks", "Nomor register", "Nomor register Bawaslu, bila ada."),
    Column("sumber_url", "teks", "URL sumber", "Tautan (http/https) ke berita atau dokumen sumber; hanya tautan."),
    Column(
        "dokumen_sumber",
        "teks",
        "Dokumen sumber",
        "Rujukan dokumen sumber yang bukan tautan (nama berkas, nomor surat), bila ada.",
    ),
    Column(
        "media_sumber", "teks", "Media sumber", "Nama media/penerbit yang memberitakan atau menyimpan kasus, bila ada."
    ),
    Column(
        "artikel",
        "teks",
        "Artikel",
        "Untuk kasus dari masukan berita (`python -m etl berita`): berkas artikel asalnya (relatif terhadap "
        "folder masukan) atau baris berkas .jsonl-nya.",
    ),
    Column(
        "bukti",
        "teks",
        "Bukti",
        "Untuk kasus dari masukan berita: kalimat artikel asal tiap kolom yang terisi. Bisa memuat nama: "
        "DATA PRIBADI, hanya di build internal.",
        pribadi=True,
    ),
    Column(
        "keyakinan",
        "teks",
        "Keyakinan",
        "Untuk kasus dari masukan berita: keyakinan ekstraktor per kolom (`kolom: tinggi/sedang/rendah`).",
    ),
    Column("versi_ekstraktor", "teks", "Versi ekstraktor", "Versi ekstraktor berita yang menyusun rancangan kasus."),
    Column(
        "sumber_berkas",
        "teks",
        "Berkas sumber",
        "Berkas mentah asal baris (relatif terhadap folder data mentah).",
        nullable=False,
    ),
    Column(
        "sumber_baris",
        "bilangan",
        "Baris sumber",
        "Nomor baris yang dilihat orang saat membuka berkas: baris Excel; baris CSV/JSONL (judul = baris 1); urutan objek untuk JSON array.",
        nullable=False,
    ),
    Column(
        "sumber_lain",
        "teks",
        "Sumber lain",
        "Berkas:baris lain yang memuat orang yang sama dalam kejadian yang sama (duplikat yang digabung), "
        "dengan dasarnya: `(NIP sama, nomor register sama)` atau `(nama sama, tanggal dan jenis pelanggaran sama)`; "
        "dipisah `; `. Orang yang sama dalam dua kejadian berbeda tetap dua baris.",
    ),
    Column(
        "masalah_data",
        "teks",
        "Masalah data",
        "Masalah pada tingkat isian (mis. tanggal tak terbaca) yang tetap disimpan bersama baris, dipisah `; `.",
    ),
    Column(
        "data_sintetis",
        "boolean",
        "Data sintetis",
        "TRUE bila baris berasal dari data sintetis (demo/uji beban), bukan kasus nyata.",
        nullable=False,
    ),
)

KARANTINA: tuple[Column, ...] = (
    Column("sumber_berkas", "teks", "Berkas", "Berkas mentah asal baris.", nullable=False),
    Column("sumber_baris", "bilangan", "Baris", "Nomor baris di berkas (0 = seluruh berkas tak terbaca)."),
    Column("lembar", "teks", "Lembar", "Nama sheet untuk XLSX."),
    Column(
        "alasan", "teks", "Alasan", "Mengapa baris tidak dimuat, dengan kandidat bila wilayah ambigu.", nullable=False
    ),
    Column(
        "isi_mentah",
        "teks",
        "Isi mentah",
        "Isi baris seperti terbaca (JSON, dipotong), untuk diperbaiki di sumbernya. Build publik menyamarkan nama/NIP "
        "dan mengosongkan isi blok tanda tangan (nama dan NIP penanda tangan).",
    ),
    Column("data_sintetis", "boolean", "Data sintetis", "Baris dari data sintetis.", nullable=False),
)

SUMBER: tuple[Column, ...] = (
    Column("sumber_berkas", "teks", "Berkas", "Berkas mentah (relatif).", nullable=False),
    Column(
        "bentuk",
        "teks",
        "Bentuk",
        "Bentuk berkas (csv, xlsx, json, jsonl); berkas yang sama sekali tak terbaca diberi ` (tidak_terbaca)`, "
        "berkas berformat lain `tidak_didukung (tidak_terbaca)`.",
        nullable=False,
        nilai=BENTUK_SUMBER,
    ),
    Column("sha256", "teks", "Checksum", "SHA-256 isi berkas."),
    Column("ukuran_byte", "bilangan", "Ukuran (byte)", "Ukuran berkas."),
    Column(
        "baris_masuk",
        "bilangan",
        "Baris masuk",
        "Baris data terbaca yang tidak kosong. Konservasi: baris_masuk = baris_dimuat + baris_karantina + baris_duplikat + baris_tindak_lanjut.",
        nullable=False,
    ),
    Column(
        "baris_dimuat",
        "bilangan",
        "Baris dimuat",
        "Baris kasus yang dimuat (sebelum pemekaran `Jumlah ASN`).",
        nullable=False,
    ),
    Column("baris_karantina", "bilangan", "Baris karantina", "Baris yang dikarantina.", nullable=False),
    Column(
        "baris_duplikat",
        "bilangan",
        "Baris duplikat",
        "Baris yang digabung sebagai duplikat baris lain.",
        nullable=False,
    ),
    Column(
        "baris_tindak_lanjut",
        "bilangan",
        "Baris tindak lanjut",
        "Baris lembar tindak lanjut (XLSX) yang digabung ke baris register dengan nomor register yang sama.",
        nullable=False,
    ),
    Column(
        "baris_dilewati",
        "bilangan",
        "Baris dilewati",
        "Baris kosong (bukan kasus, tidak dihitung sebagai baris masuk).",
        nullable=False,
    ),
    Column(
        "terlapor_dimuat",
        "bilangan",
        "Terlapor dimuat",
        "Baris `pelanggaran` (terlapor) yang berasal dari berkas ini.",
        nullable=False,
    ),
    Column("kolom_tidak_dikenal", "teks", "Kolom tidak dikenal", "Judul kolom yang tidak dikenali, dipisah `; `."),
    Column(
        "status",
        "teks",
        "Status",
        "ok, sebagian (ada karantina), duplikat (semua baris salinan baris berkas lain), atau tidak_terbaca.",
        nullable=False,
        nilai=STATUS_BERKAS,
    ),
    Column("pesan", "teks", "Pesan", "Alasan berkas tidak terbaca, bila ada."),
    Column("data_sintetis", "boolean", "Data sintetis", "Berkas data sintetis.", nullable=False),
)


ETL_RUN: tuple[Column, ...] = (
    Column("id_run", "teks", "ID run", "Pengenal run ETL (waktu mulai + acak).", nullable=False),
    Column("mulai", "waktu", "Mulai", "Waktu run dimulai (waktu lokal server).", nullable=False),
    Column("selesai", "waktu", "Selesai", "Waktu gudang data selesai ditulis.", nullable=False),
    Column("versi_kode", "teks", "Versi kode", "Hash isi kode ETL dan kosakata yang menghasilkan data ini."),
    Column("berkas", "bilangan", "Berkas", "Jumlah berkas yang diperiksa.", nullable=False),
    Column(
        "berkas_tidak_terbaca",
        "bilangan",
        "Berkas tidak terbaca",
        "Berkas yang tidak dapat dibaca sama sekali.",
        nullable=False,
    ),
    Column("baris_masuk", "bilangan", "Baris masuk", "Total baris data masuk.", nullable=False),
    Column("dimuat", "bilangan", "Dimuat", "Total baris sumber yang dimuat.", nullable=False),
    Column("karantina", "bilangan", "Karantina", "Total baris dikarantina.", nullable=False),
    Column("duplikat", "bilangan", "Duplikat", "Total baris yang digabung sebagai duplikat.", nullable=False),
    Column(
        "tindak_lanjut", "bilangan", "Tindak lanjut", "Total baris lembar tindak lanjut yang digabung.", nullable=False
    ),
    Column(
        "terlapor", "bilangan", "Terlapor", "Baris tabel pelanggaran (satu per terlapor per kasus).", nullable=False
    ),
    Column("data_sintetis", "boolean", "Data sintetis", "TRUE bila gudang memuat baris sintetis.", nullable=False),
    Column(
        "status", "teks", "Status", "ok, atau sebagian bila ada berkas tidak terbaca.", nullable=False, nilai=STATUS_RUN
    ),
)

WILAYAH: tuple[Column, ...] = (
    Column("kode", "teks", "Kode", "Kode Kemendagri: `19` (provinsi) atau `18.72` (kabupaten/kota).", nullable=False),
    Column(
        "nama",
        "teks",
        "Nama",
        "Nama resmi (`Kabupaten Kepahiang`, `Kota Metro`, `Kepulauan Bangka Belitung`).",
        nullable=False,
    ),
    Column(
        "tingkat",
        "teks",
        "Tingkat",
        "provinsi, kabupaten, atau kota.",
        nullable=False,
        nilai=("provinsi", "kabupaten", "kota"),
    ),
    Column("kode_provinsi", "teks", "Kode provinsi", "Kode provinsi induk.", nullable=False),
    Column("nama_provinsi", "teks", "Provinsi", "Nama provinsi induk.", nullable=False),
    Column("lat", "desimal", "Lintang", "Lintang titik tengah (dari sumber batas wilayah)."),
    Column("lng", "desimal", "Bujur", "Bujur titik tengah (dari sumber batas wilayah)."),
)


#: Official figures as reported in the press (data/referensi/statistik_resmi.csv), one row per figure.
ANGKA_RESMI: tuple[Column, ...] = (
    Column("id_angka", "teks", "ID angka", "Pengenal angka di berkas referensi (`S001`…).", nullable=False),
    Column(
        "pemilihan",
        "teks",
        "Pemilihan",
        "Kode pemilihan; kosong untuk Pilkada sebelum 2019 atau angka gabungan beberapa tahun (`other` di berkas).",
        kosakata="pemilihan",
    ),
    Column(
        "penerbit",
        "teks",
        "Penerbit",
        "Instansi yang menyampaikan angka (`referensi/angka_resmi.yml`).",
        nullable=False,
        nilai=tuple(angka_resmi.codes("penerbit")),
    ),
    Column("tanggal_data", "tanggal", "Data per", "Tanggal keadaan data yang disebut sumber (ISO), bila disebut."),
    Column("tanggal_terbit", "tanggal", "Disampaikan", "Tanggal berita/pernyataan (ISO), bila diketahui."),
    Column(
        "tingkat_cakupan",
        "teks",
        "Tingkat cakupan",
        "Cakupan angka: nasional, provinsi, kabupaten/kota, kantor regional BKN, atau instansi pusat.",
        nullable=False,
        nilai=tuple(angka_resmi.codes("cakupan")),
    ),
    Column(
        "cakupan", "teks", "Cakupan", "Nama cakupan seperti di sumber (`Nasional`, `Jawa Tengah`…).", nullable=False
    ),
    Column(
        "kode_wilayah",
        "teks",
        "Kode wilayah",
        "Kode Kemendagri cakupan provinsi (`33`) atau kabupaten/kota (`33.03`); kosong untuk cakupan lain.",
    ),
    Column(
        "dimensi",
        "teks",
        "Dimensi",
        "Rincian yang diberikan penerbit (total, tindak lanjut, kategori jabatan…).",
        nullable=False,
        nilai=tuple(angka_resmi.codes("dimensi")),
    ),
    Column("kategori", "teks", "Kategori", "Apa yang dihitung, seperti ditulis pengode dari sumber.", nullable=False),
    Column(
        "ukuran",
        "teks",
        "Ukuran",
        "Jenis angka: langkah alur (dilaporkan, terbukti, direkomendasikan, ditindaklanjuti, disanksi) atau jumlah, persentase, indeks.",
        nullable=False,
        nilai=tuple(angka_resmi.codes("ukuran")),
    ),
    Column("nilai", "desimal", "Nilai", "Angka seperti disampaikan sumber.", nullable=False),
    Column("satuan", "teks", "Satuan", "Satuan angka.", nullable=False, nilai=tuple(angka_resmi.codes("satuan"))),
    Column("label", "teks", "Label", "Label berbahasa Indonesia dari ukuran, dimensi dan kategori.", nullable=False),
    Column("sumber_url", "teks", "URL sumber", "Tautan berita yang memuat angka (http/https).", nullable=False),
    Column("media_sumber", "teks", "Media sumber", "Media yang memberitakan angka.", nullable=False),
    Column(
        "id_kontradiksi",
        "teks",
        "ID kontradiksi",
        "Sama untuk angka yang berbeda nilainya dengan pemilihan, ukuran, kategori dan cakupan yang sama; kosong bila tidak ada angka lain yang berbeda.",
    ),
    Column("sumber_berkas", "teks", "Berkas sumber", "Berkas referensi asal angka.", nullable=False),
    Column(
        "sumber_baris", "bilangan", "Baris sumber", "Nomor baris di berkas referensi (judul = baris 1).", nullable=False
    ),
)


def public_columns(columns: tuple[Column, ...] = PELANGGARAN) -> list[str]:
    """Column names that may appear in any public artefact."""
    return [c.name for c in columns if not c.pribadi]


def column_names(columns: tuple[Column, ...] = PELANGGARAN) -> list[str]:
    return [c.name for c in columns]


def labels(columns: tuple[Column, ...] = PELANGGARAN) -> dict[str, str]:
    return {c.name: c.label for c in columns}


def duckdb_ddl(table: str, columns: tuple[Column, ...], public: bool = False) -> str:
    cols = [c for c in columns if not (public and c.pribadi)]
    body = ",\n  ".join(f"{c.name} {DUCKDB_TYPES[c.dtype]}{'' if c.nullable else ' NOT NULL'}" for c in cols)
    return f"CREATE TABLE {table} (\n  {body}\n)"


def data_dictionary_markdown() -> str:
    """The data dictionary, generated (``python -m etl kamus`` writes it to docs/)."""
    lines = [
        "# Kamus data Pantau Netralitas",
        "",
        "Dibuat otomatis dari `netralitas/schema.py` (deklarasi yang sama yang dipakai ETL untuk validasi).",
        "Jangan disunting tangan: jalankan `python -m etl kamus`.",
        "",
    ]
    tables = (
        ("pelanggaran", PELANGGARAN),
        ("karantina", KARANTINA),
        ("sumber", SUMBER),
        ("etl_run", ETL_RUN),
        ("wilayah", WILAYAH),
        ("angka_resmi", ANGKA_RESMI),
    )
    for title, cols in tables:
        lines += [
            f"## Tabel `{title}`",
            "",
            "| kolom | tipe | wajib | publik | keterangan | nilai |",
            "|---|---|---|---|---|---|",
        ]
        for c in cols:
            allowed = c.allowed()
            nilai = ", ".join(f"`{v}`" for v in allowed) if allowed else ""
            lines.append(
                f"| `{c.name}` | {c.dtype} | {'ya' if not c.nullable else 'tidak'} | "
                f"{'TIDAK (pribadi)' if c.pribadi else 'ya'} | {c.keterangan} | {nilai} |"
            )
        lines.append("")
    lines += ["## Kode pemilihan", "", "| kode | nama | pemungutan suara |", "|---|---|---|"]
    for e in vocab.elections():
        lines.append(f"| `{e.kode}` | {e.nama} | {e.pemungutan.isoformat()} |")
    lines.append("")
    for name in ("jenis_pelanggaran", "sanksi", "jabatan", "media", "tahap", "sumber"):
        lines += [f"## Kosakata `{name}`", "", "| kode | label |", "|---|---|"]
        lines += [f"| `{t.kode}` | {t.label} |" for t in vocab.taxonomy(name)]
        lines.append("")
    for name in ("penerbit", "ukuran", "dimensi", "satuan", "cakupan"):
        lines += [f"## Kosakata angka resmi `{name}`", "", "| kode | label |", "|---|---|"]
        lines += [f"| `{t.kode}` | {t.label} |" for t in angka_resmi.terms(name)]
        lines.append("")
    return "\n".join(lines)
